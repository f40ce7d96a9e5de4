"""`python -m policykb` runs the command line."""

from .interfaces.cli import main

main(prog_name="policykb")
