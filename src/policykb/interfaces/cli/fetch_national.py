"""The output of `policykb fetch --collection national` (and `--check`): one line per
instrument that needs a word (unchanged ones are counted, not listed), then a summary."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ...sources.flk import DEFAULT_KINDS, FlkClient, FlkError
from ...sources.flk import base_url as flk_base
from ...sources.national import NationalOutcome, focus_versions, run_national
from .support import fail

_LABELS = {"fetched": "fetched", "updated": "updated", "refreshed": "refreshed", "unchanged": "unchanged",
           "failed": "FAILED", "vanished": "VANISHED", "new": "NEW", "changed": "CHANGED",
           "status_changed": "STATUS", "covered": "covered"}


def fetch_national(target: Path, kinds: tuple[str, ...], *, check: bool, timeout: float, retries: int, delay: float,
                   backoff: float, page_size: int, as_json: bool) -> None:
    """Run the national collection into `target`; exit 1 when something failed (or, with
    check, when anything is new, changed or gone)."""
    try:
        client = FlkClient(flk_base(), delay=delay, timeout=timeout, retries=retries, backoff=backoff)
    except ValueError as exc:
        fail(str(exc))
        return
    chosen = list(dict.fromkeys(kinds or DEFAULT_KINDS))

    def show(outcome: NationalOutcome) -> None:
        if as_json or outcome.state == "unchanged":
            return
        line = f"{_LABELS[outcome.state]:<10} {outcome.id:<37} {outcome.title}"
        if outcome.message:
            line += f"  ({outcome.message})"
        click.echo(line, err=outcome.state in ("failed", "vanished"))

    if not as_json:
        action = "checking" if check else "fetching"
        click.echo(f"{action} {', '.join(chosen)} from {client.base} into {target}", err=True)
    try:
        report = run_national(target, client, chosen, page_size=page_size, check=check, progress=not as_json,
                              covered=focus_versions([target, target.parent]), on_outcome=show)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        fail(f"cannot write to {target}: {exc}")
        return
    except FlkError as exc:  # the listing itself failed
        fail(f"the database could not be listed: {exc}. Nothing was changed; a re-run resumes where this one "
             "stopped. To use texts you already have: POLICYKB_CORPUS=/path/to/folder make run")
        return
    if as_json:
        click.echo(json.dumps({"corpus": str(target), "base": client.base, **report.to_dict()},
                              ensure_ascii=False, indent=1))
    else:
        counts = report.counts()
        parts = [f"{n} {s.replace('_', ' ')}" for s, n in counts.items()]
        click.echo(f"{report.listed} listed; " + (", ".join(parts) or "nothing to do")
                   + f"; {report.requests} requests", err=True)
    if not report.ok:
        sys.exit(1)
