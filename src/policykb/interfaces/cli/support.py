"""What every policykb command shares: the --index and filter options, error output,
loading the retriever, and the readable form of a hit."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import click

from ... import config
from ...search.filters import Filters
from ...search.limits import check_k

STATUS_LABELS = {"in_force": "in force", "amended": "amended", "repealed": "repealed",
                 "not_yet_in_force": "not yet in force"}


def default_corpus() -> list[str]:
    """Corpus folders when no --corpus is given: $POLICYKB_CORPUS, the config file, or corpus/."""
    return config.corpus_folders()


def index_option(func: Callable) -> Callable:
    return click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=lambda: str(config.index_dir()),
                        show_default="$POLICYKB_INDEX or index/", help="Index folder.")(func)


def filter_options(func: Callable) -> Callable:
    options = [
        click.option("--instrument", multiple=True, help="Only this instrument (id, title or alias); repeatable."),
        click.option("--level", multiple=True, help="Only this level (law, administrative_regulation, …); repeatable."),
        click.option("--issuer", multiple=True, help="Only instruments whose issuer contains this text; repeatable."),
        click.option("--status", multiple=True,
                     help="Only this status on the day: in_force, amended, repealed, not_yet_in_force."),
        click.option("--in-force-only", is_flag=True, help="Only what is in force on the day."),
        click.option("--include-superseded", is_flag=True, help="Also search versions replaced by a newer one."),
        click.option("--as-of", default=None, help="The day whose versions count (YYYY-MM-DD; default today)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def read_text(source: str | Path, what: str = "file") -> str:
    """The text of a file or of stdin (-): UTF-8 with or without a BOM, or GB18030.

    Anything else (a folder, a missing file, binary data, UTF-16) ends the command with one
    clear error line instead of a traceback.
    """
    if str(source) == "-":
        data, name = sys.stdin.buffer.read(), "standard input"
    else:
        path = Path(source)
        if path.is_dir():
            fail(f"{source} is a directory, not a {what}")
        try:
            data = path.read_bytes()  # also a pipe: --queries <(make_queries)
        except FileNotFoundError:
            fail(f"no such {what}: {source}")
        except OSError as exc:
            fail(f"cannot read {source}: {exc.strerror or exc}")
        name = str(source)
    if b"\x00" not in data:  # NUL bytes: binary data or UTF-16, which GB18030 would accept
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    fail(f"{name} is not UTF-8 or GB18030 text")
    return ""  # pragma: no cover - fail exits


def validate_search_options(retriever, k: int, filters: Filters) -> None:
    """Check -k and the filters once, before any query runs (QueryError or UnknownInstrument)."""
    check_k(k)
    filters.allowed(retriever.catalog)


def load_retriever(index_dir: Path):
    from ...search.retriever import Retriever

    return Retriever.load(index_dir)


def format_hit(rank: int, hit) -> str:
    status = STATUS_LABELS.get(hit.status or "", hit.status or "")
    head = f"{rank}. {hit.citation}"
    if hit.citation_en:
        head += f"  ·  {hit.citation_en}"
    head += f"  [{status}]" if status else ""
    lines = [click.style(head, bold=True)]
    if hit.chapter_path:
        lines.append("   " + " / ".join(hit.chapter_path))
    body = hit.text if len(hit.text) <= 600 else hit.text[:600] + "…"
    for paragraph in body.split("\n"):
        if paragraph.strip():
            lines.extend(textwrap.wrap(paragraph, width=76, initial_indent="   ", subsequent_indent="   "))
    return "\n".join(lines)


def search_filters(instrument, level, issuer, status, in_force_only, include_superseded, as_of) -> Filters:
    """The Filters of the filter options (QueryError for a bad level, status or date)."""
    return Filters.of(instrument=list(instrument) or None, level=list(level) or None, issuer=list(issuer) or None,
                      status=list(status) or None, in_force_only=in_force_only,
                      include_superseded=include_superseded, as_of=as_of)
