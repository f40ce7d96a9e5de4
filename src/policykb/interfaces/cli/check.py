"""`policykb check`: validate corpus folders without building an index, and the corpus
report that `check` and `build` both print.

The report names each file once: skipped files with the reason, files with warnings with
all their warnings on one line, and notes (such as two versions of one instrument). With
--strict any skipped file or warning makes the exit status 1, for use in pipelines.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .support import default_corpus, fail

if TYPE_CHECKING:
    from ...corpus import CorpusReport


def report_lines(report: CorpusReport) -> list[str]:
    """One line per file and kind: skipped, warning (all of a file's warnings), note."""
    lines = [f"skipped {path}: {reason}" for path, reason in report.skipped]
    for kind, entries in (("warning", report.warnings), ("note", report.notes)):
        grouped: dict[str, list[str]] = {}
        for path, message in entries:
            grouped.setdefault(path, []).append(message)
        lines += [f"{kind} {path}: {' · '.join(messages)}" for path, messages in grouped.items()]
    return lines


def report_summary(report: CorpusReport) -> dict:
    """Counts and per-file facts, as printed by `check --json`."""
    from ...index.chunking import chunk_document

    chunks = sum(len(chunk_document(d.instrument, d.parsed.units)) for d in report.documents)
    return {
        "documents": len(report.documents), "articles": report.article_count, "chunks": chunks,
        "files": [{"path": str(d.path), "id": d.instrument.id, "title": d.instrument.title,
                   "format": d.instrument.format, "structure": d.parsed.structure,
                   "articles": len(d.parsed.articles), "pages": d.pages, "encoding": d.encoding,
                   "inferred": list(d.instrument.inferred)} for d in report.documents],
        "skipped": [{"path": p, "reason": r} for p, r in report.skipped],
        "warnings": [{"path": p, "message": m} for p, m in report.warnings],
        "notes": [{"path": p, "message": m} for p, m in report.notes],
        "clean": report.clean,
    }


def _counts_line(summary: dict) -> str:
    files_warned = len({w["path"] for w in summary["warnings"]})
    return (f"{summary['documents']} documents, {summary['articles']} articles, {summary['chunks']} chunks; "
            f"{len(summary['skipped'])} files skipped, {files_warned} with warnings, {len(summary['notes'])} notes")


def _roots(corpus: tuple[Path, ...]) -> list[Path]:
    roots = [Path(c) for c in corpus] or [Path(c) for c in default_corpus()]
    for root in roots:
        if not root.exists():
            fail(f"corpus folder not found: {root} (set --corpus or POLICYKB_CORPUS)")
    return roots


def strict_gate(roots: list[Path]) -> None:
    """For `build --strict`: stop before building, exit status 1, if the corpus is not clean."""
    from ...corpus import load_corpus

    report = load_corpus(roots)
    if report.clean:
        return
    for line in report_lines(report):
        click.echo(line, err=True)
    fail(f"--strict: {len(report.skipped)} files skipped and {len(report.warnings)} warnings; nothing was built")


@click.command()
@click.option("--corpus", "corpus", multiple=True, type=click.Path(path_type=Path),
              help="Corpus folder or file (repeatable). Default: $POLICYKB_CORPUS or corpus/.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any file is skipped or has warnings.")
def check(corpus: tuple[Path, ...], as_json: bool, strict: bool) -> None:
    """Check a corpus without building: what loads, what is skipped and why, warnings."""
    from ...corpus import load_corpus

    report = load_corpus(_roots(corpus))
    summary = report_summary(report)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        for line in report_lines(report):
            click.echo(line)
        click.echo(("ok: " if report.clean else "checked: ") + _counts_line(summary))
    if not report.documents:
        fail("no documents could be loaded")
    if strict and not report.clean:
        if not as_json:
            click.echo(f"error: --strict: {len(report.skipped)} files skipped and {len(report.warnings)} warnings",
                       err=True)
        sys.exit(1)
