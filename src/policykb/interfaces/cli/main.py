"""The `policykb` command line. Thin: every command calls the library and formats its result.

Every command takes --index DIR (default $POLICYKB_INDEX or index/). Errors go to stderr
as one line starting with "error:" and exit with status 1; usage errors exit with 2.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from ... import __version__
from ...errors import PolicyKBError, QueryError
from ...search.filters import Filters
from .check import check
from .commands import mcp, serve, verify
from .diff import diff
from .fetch import fetch
from .links import link_lines
from .support import (
    default_corpus,
    fail,
    filter_options,
    format_hit,
    index_option,
    load_retriever,
    read_text,
    search_filters,
    validate_search_options,
)


class _Group(click.Group):
    """Turns policykb's own errors into one readable line instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PolicyKBError as exc:
            fail(str(exc))
        except FileNotFoundError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("interrupted; the index being served is unchanged", err=True)
            sys.exit(130)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="policykb")
def main() -> None:
    """policykb: search Chinese cyberspace laws and AI rules, with cited clauses."""


@main.command()
@click.option("--corpus", "corpus", multiple=True, type=click.Path(path_type=Path),
              help="Corpus folder (repeatable). Default: $POLICYKB_CORPUS or corpus/.")
@index_option
@click.option("--full", is_flag=True, help="Re-embed everything, ignoring the vector cache.")
@click.option("--embedder", default=None, help="e5-small (default) or sentence-transformers:<model or path>.")
@click.option("--dense", type=click.Choice(["flat", "hnsw"]), default="flat", show_default=True,
              help="Exact (flat) or approximate (hnsw) vector index.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print the build summary as JSON.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) before building if any file is skipped or has warnings.")
def build(corpus: tuple[Path, ...], index_dir: Path, full: bool, embedder: str | None, dense: str,
          quiet: bool, as_json: bool, strict: bool) -> None:
    """Build or refresh the index from corpus folders."""
    from ...index.build import build_index
    from .check import report_lines, strict_gate

    roots = [Path(c) for c in corpus] or [Path(c) for c in default_corpus()]
    for root in roots:
        if not root.exists():
            fail(f"corpus folder not found: {root} (set --corpus or POLICYKB_CORPUS)")
    if strict:
        strict_gate(roots)
    result = build_index(roots, index_dir, embedder=embedder, full=full, dense=dense,
                         progress=not quiet and not as_json)
    report = result.report
    summary = {
        "index": str(index_dir), "build": result.build_dir.name, "up_to_date": result.up_to_date,
        "documents": len(report.documents), "articles": report.article_count,
        "chunks": result.manifest["counts"]["chunks"], "embedded": result.embedded,
        "seconds": round(result.seconds, 2),
        "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
        "warnings": [{"path": p, "message": m} for p, m in report.warnings],
        "notes": [{"path": p, "message": m} for p, m in report.notes],
    }
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    for line in report_lines(report):
        click.echo(line, err=True)
    state = "already up to date" if result.up_to_date else f"built {result.build_dir.name}"
    click.echo(f"{state}: {summary['documents']} documents, {summary['articles']} articles, "
               f"{summary['chunks']} chunks ({result.embedded} embedded now), "
               f"{len(report.skipped)} files skipped, {result.seconds:.1f} s → {index_dir}")


@main.command()
@click.argument("query", required=False)
@click.option("-k", "k", type=int, default=10, show_default=True, help="Number of articles (1-100).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.option("--queries", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help='Batch: a JSONL file (or - for stdin) of {"qid": …, "query": …} lines '
                   '(UTF-8, with or without BOM, or GB18030).')
@filter_options
@index_option
def search(query: str | None, k: int, as_json: bool, queries, index_dir: Path, **filters) -> None:
    """Search for the articles that answer QUERY."""
    if (query is None) == (queries is None):
        raise click.UsageError("give a QUERY or --queries FILE, not both or neither")
    chosen = search_filters(**filters)
    retriever = load_retriever(index_dir)
    if queries is not None:
        # Bad -k or filters fail once, here, not once per line.
        validate_search_options(retriever, k, chosen)
        _batch_search(retriever, read_text(queries, "queries file"), k, as_json, chosen)
        return
    result = retriever.query(query, k, chosen)
    hits, notes = result.hits, result.notes
    if as_json:
        click.echo(json.dumps({"query": query, **result.to_dict()}, ensure_ascii=False))
        return
    for note in notes:  # on stderr, so that stdout stays the hits
        click.echo(f"note: {note.message}", err=True)
    if not hits:
        click.echo("no matching articles")
    for rank, hit in enumerate(hits, 1):
        click.echo(format_hit(rank, hit) + "\n")


def _batch_search(retriever, text: str, k: int, as_json: bool, filters: Filters) -> None:
    failures = 0
    # Lines end at \n, \r\n or \r only: a query may hold U+2028 and other separators.
    for line_number, line in enumerate(re.split(r"\r\n?|\n", text), 1):
        if not line.strip():
            continue
        qid = line_number  # a line without a qid (or that is not an object) is named by its number
        try:
            record = json.loads(line)
            if isinstance(record, dict):
                qid = record.get("qid", line_number)
            if not isinstance(record, dict) or not isinstance(record.get("query"), str):
                raise ValueError('each line must be an object with a "query" string')
            result = retriever.query(record["query"], k, filters)
        except (ValueError, QueryError) as exc:
            failures += 1
            click.echo(f"error: line {line_number}: {exc}", err=True)
            if as_json:
                click.echo(json.dumps({"qid": qid, "error": str(exc), "hits": []}, ensure_ascii=False))
            continue
        if as_json:
            click.echo(json.dumps({"qid": qid, **result.to_dict()}, ensure_ascii=False))
        else:
            click.echo(f"## {qid}: {record['query']}")
            for note in result.notes:
                click.echo(f"note: {note.message}")
            for rank, hit in enumerate(result.hits, 1):
                click.echo(format_hit(rank, hit) + "\n")
    if failures:
        sys.exit(1)


@main.command()
@click.argument("instrument")
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.option("--as-of", default=None, help="The day whose version counts (YYYY-MM-DD; default today).")
@index_option
def show(instrument: str, article: str, as_json: bool, as_of: str | None, index_dir: Path) -> None:
    """Show one article: INSTRUMENT by id, title or alias; ARTICLE as 17, 第十七条 or Art. 17."""
    hit = load_retriever(index_dir).article(instrument, article, as_of=as_of)
    if as_json:
        click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
    else:
        click.echo(format_hit(1, hit).split(" ", 1)[1])
        for line in link_lines(hit):
            click.echo(line)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@index_option
def info(as_json: bool, index_dir: Path) -> None:
    """What the index holds: instruments, counts, embedder, build time."""
    from ..views import article_counts, instrument_entries

    retriever = load_retriever(index_dir)
    data = retriever.info()
    # The instrument JSON of HTTP and MCP (status on today), plus the file each came from.
    paths = {i.id: i.path for i in retriever.instruments()}
    data["instruments"] = [entry | {"path": paths[entry["id"]]}
                           for entry in instrument_entries(retriever, article_counts(retriever))]
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    counts = data["counts"]
    click.echo(f"index      {data['index_dir']}")
    click.echo(f"built      {data['built_at']} with policykb {data['policykb_version']}")
    click.echo(f"embedder   {data['embedder']['spec']} ({data['embedder'].get('model')}, dim {data['dim']})")
    click.echo(f"contents   {counts['instruments']} instruments, {counts['articles']} articles, "
               f"{counts['chunks']} chunks")
    click.echo(f"corpus     {', '.join(data.get('corpus_roots', []))}")
    for item in data["instruments"]:
        click.echo(f"  {item['id']:<40} {item['title']}  [{item['status'] or '?'}]")
        if item["source_url"] or item["retrieved_at"]:
            click.echo(f"  {'':<40} source {item['source_url'] or '(not recorded)'}"
                       + (f", retrieved {item['retrieved_at']}" if item["retrieved_at"] else ""))


# Commands that live beside their features register here, one line each.
main.add_command(check)
main.add_command(fetch)
main.add_command(verify)
main.add_command(serve)
main.add_command(mcp)
main.add_command(diff)


if __name__ == "__main__":  # pragma: no cover
    main()
