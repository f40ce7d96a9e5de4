"""`python -m policykb.interfaces.cli` runs the command line."""

from .main import main

main(prog_name="policykb")
