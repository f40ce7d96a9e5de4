"""`policykb fetch`: get the official texts named in sources.toml into the corpus folder,
or (--check) report which texts changed or vanished upstream and which facts look stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ...sources.flk import KINDS
from ...sources.freshness import DEFAULT_MAX_AGE_DAYS
from .support import default_corpus, fail

_SHIPPED_SOURCES = Path(__file__).resolve().parents[4] / "corpus" / "sources.toml"
_LABELS = {"fetched": "fetched", "updated": "updated", "present": "present", "unchanged": "unchanged",
           "changed": "CHANGED", "modified": "MODIFIED", "missing": "missing", "vanished": "VANISHED",
           "failed": "FAILED", "no_source": "no source"}
_OFFLINE_HINT = ("to use texts you already have, point policykb at a local folder instead: "
                 "POLICYKB_CORPUS=/path/to/folder make run (this works without internet)")


def resolve_sources(given: Path | None, corpus_dir: Path) -> Path:
    """--sources, else sources.toml in the corpus folder, else the one in this checkout."""
    if given is not None:
        return given
    for candidate in (corpus_dir / "sources.toml", _SHIPPED_SOURCES):
        if candidate.is_file():
            return candidate
    fail(f"no sources file: none in {corpus_dir} and none at {_SHIPPED_SOURCES}; pass --sources FILE")
    raise AssertionError("unreachable")


def count_documents(folders: list[Path]) -> int:
    """Files in the folders that `policykb build` could load."""
    from ...corpus import LOADERS, iter_corpus_files
    from ...sources.catalogue import FORMATS

    suffixes = set(LOADERS) | set(FORMATS.values())
    existing = [f for f in folders if f.exists()]
    return sum(1 for p in iter_corpus_files(existing) if p.suffix.lower() in suffixes)


@click.command()
@click.option("--only", multiple=True, metavar="ID", help="Only this instrument (repeatable).")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The catalogue to fetch from. Default: sources.toml in the corpus folder, else corpus/sources.toml.")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write to. Default: the first folder in $POLICYKB_CORPUS, else corpus/.")
@click.option("--check", is_flag=True,
              help="Re-download and report changed, vanished and stale entries; replace nothing.")
@click.option("--update", is_flag=True, help="With --check: replace copies that changed upstream, fetch missing ones.")
@click.option("--if-empty", is_flag=True,
              help="Do nothing if the corpus folder(s) already hold documents; succeed if at least one was fetched.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for a server to answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries of a failed download, with exponential backoff.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to the same host.")
@click.option("--collection", type=click.Choice(["focus", "national"]), default="focus", show_default=True,
              help="focus: the instruments of sources.toml from their official sources; national: every instrument "
                   "of the chosen kinds from the National Laws and Regulations Database ($POLICYKB_FLK_BASE).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(KINDS)), metavar="KIND",
              help="With --collection national: 法律, 行政法规, 司法解释 (default: these three), 监察法规, 地方性法规.")
@click.option("--page-size", type=click.IntRange(1, 100), default=100, show_default=True,
              help="With --collection national: rows per page of the database's search list.")
@click.option("--backoff", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="With --collection national: seconds to wait after a refused request, doubled each retry.")
@click.option("--max-age", type=click.IntRange(min=1), default=DEFAULT_MAX_AGE_DAYS, show_default=True,
              help="With --check: days after which an entry's `checked` date counts as stale.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def fetch(only: tuple[str, ...], sources_file: Path | None, corpus_dir: Path | None, check: bool, update: bool,
          if_empty: bool, timeout: float, retries: int, delay: float, collection: str, kinds: tuple[str, ...],
          page_size: int, backoff: float, max_age: int, as_json: bool) -> None:
    """Download official texts into the corpus folder, with provenance sidecars.

    Exit status: 0 when everything asked for succeeded (with --check: nothing changed,
    vanished or looks stale; for the national collection also nothing new), 1 otherwise.
    """
    from ...sources.download import Downloader
    from ...sources.fetch import fetch_corpus

    if update and not check:
        raise click.UsageError("--update only makes sense with --check")
    folders = [corpus_dir] if corpus_dir else [Path(p) for p in default_corpus()]
    target = folders[0]
    if collection == "national":
        from .fetch_national import fetch_national

        if update or only or if_empty:
            raise click.UsageError("--update, --only and --if-empty are for the focus collection; with --collection "
                                   "national a plain fetch applies what changed and --check only reports")

        fetch_national(target, kinds, check=check, timeout=timeout, retries=retries, delay=delay, backoff=backoff,
                       page_size=page_size, as_json=as_json)
        return
    if kinds:
        raise click.UsageError("--kind only makes sense with --collection national")
    if if_empty:
        present = count_documents(folders)
        if present:
            click.echo(f"corpus already holds {present} documents ({', '.join(map(str, folders))}); nothing fetched",
                       err=as_json)
            return
    sources = resolve_sources(sources_file, target)
    from ...sources.catalogue import load_sources

    entries = load_sources(sources)
    downloader = Downloader(timeout=timeout, retries=retries, delay=delay)

    def show(outcome) -> None:
        if as_json:
            return
        detail = outcome.path if outcome.state in ("fetched", "updated", "present") else outcome.url
        line = f"{_LABELS[outcome.state]:<10} {outcome.id:<44} {detail or ''}"
        if outcome.message:
            line += f"  ({outcome.message})"
        click.echo(line, err=outcome.state in ("failed", "vanished"))

    if not as_json:
        action = "checking" if check else "fetching"
        click.echo(f"{action} {len(only) or len(entries)} instruments from {sources} into {target}", err=True)
    try:
        report = fetch_corpus(entries, target, downloader, only=only, check=check, update=update,
                              max_age_days=max_age, on_outcome=show)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps({"sources": str(sources), "corpus": str(target), **report.to_dict()},
                              ensure_ascii=False, indent=1, default=str))
    else:
        _summary(report)
    if if_empty:
        if count_documents([target]) == 0:
            fail(f"could not fetch any texts into {target}; {_OFFLINE_HINT}")
        return
    if not report.ok:
        sys.exit(1)


def _summary(report) -> None:
    for stale in report.stale:
        click.echo(f"STALE      {stale.id:<44} {stale.reason}")
    if report.never_checked:
        click.echo(f"note: {len(report.never_checked)} entries have no `checked` date (facts never compared with "
                   f"the official page): {', '.join(report.never_checked)}", err=True)
    counts: dict[str, int] = {}
    for outcome in report.outcomes:
        counts[outcome.state] = counts.get(outcome.state, 0) + 1
    parts = [f"{n} {_LABELS[s].lower()}" for s, n in counts.items()]
    if report.checked_upstream:
        parts.append(f"{len(report.stale)} stale")
    click.echo(", ".join(parts) or "nothing to do", err=True)
    failed = report.with_state("failed", "vanished")
    if failed:
        click.echo(f"{len(failed)} failed: " + "; ".join(f"{o.id} ({o.url})" for o in failed), err=True)
        if not report.checked_upstream and not report.with_state("fetched", "present"):
            click.echo(f"hint: {_OFFLINE_HINT}", err=True)
