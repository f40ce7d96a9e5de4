"""`policykb diff`: what changed between two versions of an instrument, article by article."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ...citations.diff import ADDED, CHANGED, REMOVED, changed_words, diff_versions, resolve_versions
from .support import index_option, load_retriever

_COLOURS = {ADDED: "green", REMOVED: "red", CHANGED: "yellow"}


@click.command()
@click.argument("versions", nargs=-1, required=True, metavar="OLD NEW | NAME DATE DATE")
@click.option("--json", "as_json", is_flag=True, help="JSON: {old, new, counts, articles: [...]}.")
@click.option("--all", "show_all", is_flag=True, help="Also list unchanged articles (text output).")
@index_option
def diff(versions: tuple[str, ...], as_json: bool, show_all: bool, index_dir: Path) -> None:
    """Compare two versions article by article: added, removed, renumbered and changed articles
    (changed words marked [-old-]{+new+}). Give two version ids (csl-2016 csl-2025), or an
    instrument's name and two dates (网络安全法 2025-06-01 2026-06-01: the versions in force then)."""
    if len(versions) not in (2, 3):
        raise click.UsageError("give OLD NEW (two versions) or NAME DATE DATE")
    retriever = load_retriever(index_dir)
    old, new = resolve_versions(retriever, *versions)
    result = diff_versions(retriever, old, new)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    counts = result.counts
    click.echo(f"{result.old} → {result.new}: {counts['changed']} changed, {counts['added']} added, "
               f"{counts['removed']} removed, {counts['renumbered']} renumbered, {counts['unchanged']} unchanged")
    for row in result.articles:
        if row.change == "unchanged" and not (show_all or row.renumbered):
            continue
        where = f"{row.old or '—'} → {row.new or '—'}"
        label = row.change + (" (typography only)" if row.typographic else "")
        click.echo(click.style(f"{where:<12}{label}", fg=_COLOURS.get(row.change), bold=True))
        if row.change == CHANGED:
            click.echo(f"{'':12}{changed_words(row)}")
        elif row.change in (ADDED, REMOVED):
            text = (row.new_text or row.old_text or "").replace("\n\n", " ")
            click.echo(f"{'':12}{text[:160]}{'…' if len(text) > 160 else ''}")
