"""The `verify`, `serve` and `mcp` commands: policykb for drafts, HTTP clients and AI assistants."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ...citations.verify import FOUND, NO_SUCH_ARTICLE, SUPERSEDED, UNKNOWN_INSTRUMENT, CitationCheck, CitationVerifier
from ..views import with_penalties as penalties_of_checks
from .links import link_label
from .support import STATUS_LABELS, index_option, load_retriever, read_text

_MARKS = {FOUND: ("found", "green"), SUPERSEDED: ("superseded", "yellow"),
          NO_SUCH_ARTICLE: ("no such article", "red"), UNKNOWN_INSTRUMENT: ("unknown instrument", "red")}


def _format_check(check: CitationCheck) -> str:
    label, colour = _MARKS[check.status]
    lines = [click.style(f"{label:<18}", fg=colour, bold=True) + check.citation]
    if check.reference:
        status = STATUS_LABELS.get(check.instrument_status or "", check.instrument_status or "")
        lines.append(f"{'':18}→ {check.reference}" + (f"  [{status}]" if status else ""))
    if check.current:
        lines.append(f"{'':18}now {check.current.citation} ({check.current.match.replace('_', ' ')})")
    lines.append(f"{'':18}{check.note}")
    if check.penalties is not None:
        penalties = "; ".join(link_label(p) for p in check.penalties) or "none found in the index"
        lines.append(f"{'':18}penalty: {penalties}")
    excerpt = check.passage or check.text
    if excerpt:
        excerpt = excerpt.replace("\n\n", " ")
        lines.append(f"{'':18}“{excerpt[:160]}{'…' if len(excerpt) > 160 else ''}”")
    return "\n".join(lines)


@click.command()
@click.argument("source", metavar="FILE|-")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per citation.")
@click.option("--as-of", default=None, help="The day that counts (YYYY-MM-DD; default today).")
@click.option("--with-penalties", is_flag=True, help="Also give each cited article's penalty articles.")
@index_option
def verify(source: str, as_json: bool, as_of: str | None, with_penalties: bool, index_dir: Path) -> None:
    """Check every citation in FILE (or stdin): found, unknown instrument, no such article,
    or superseded (with the current version's matching article).

    Exit status: 0 when every citation is found, 1 when any is not (or on error)."""
    text = read_text(source)
    retriever = load_retriever(index_dir)
    checks = CitationVerifier(retriever).verify(text, as_of=as_of)
    if with_penalties:
        checks = penalties_of_checks(retriever, checks)
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in checks], ensure_ascii=False, indent=1))
    else:
        for check in checks:
            click.echo(_format_check(check) + "\n")
        counts = {s: sum(1 for c in checks if c.status == s) for s in _MARKS}
        summary = ", ".join(f"{n} {_MARKS[s][0]}" for s, n in counts.items() if n)
        click.echo(f"{len(checks)} citations" + (f": {summary}" if summary else ""))
    if any(c.status != FOUND for c in checks):
        sys.exit(1)


@click.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the index to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True)
def serve(index_dir: Path, host: str, port: int, log_level: str) -> None:
    """Serve the HTTP API (search, articles, instruments, verify, health; OpenAPI at /docs)."""
    from ..http_api import serve as run

    run(index_dir, host=host, port=port, log_level=log_level)


@click.command()
@index_option
def mcp(index_dir: Path) -> None:
    """Run the MCP server on stdio for AI assistants (tools: search_regulations, get_article,
    list_instruments, verify_citations, diff_versions)."""
    from ..mcp_server import run

    run(index_dir)
