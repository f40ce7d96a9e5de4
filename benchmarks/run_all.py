#!/usr/bin/env python3
"""One command, the same table every time: for each corpus tier, full build time and peak
memory, no-change rebuild time, index load time, query latency and retrieval quality.

    python benchmarks/run_all.py                       # cyber tier (a few minutes)
    python benchmarks/run_all.py --tiers cyber national   # national: ~25-60 min to embed on 2 cores
    python benchmarks/run_all.py --reuse               # keep existing indexes (skip the full builds)
    python benchmarks/run_all.py --check               # retrieval quality only, against the committed results

Each run writes benchmarks/results/<tier>.json and <tier>.md (committed: docs/benchmarks.md and
docs/reproduce.md are generated from them by scripts/gen_docs.py). `--check` builds (or, with
--reuse, reuses) the index, scores the eval set and compares every Recall@10 and MRR@10 with the
committed figures: exit status 1 when one differs by more than --tolerance; it writes nothing.
Indexes go to benchmarks/results/index-<tier>/ (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("POLICYKB_SHARED") or HERE.parents[1] / "shared")
TIERS = {
    "cyber": (SHARED / "corpus" / "cyber", SHARED / "eval" / "domain_dev.jsonl"),
    "national": (SHARED / "corpus" / "national", SHARED / "eval" / "stard_dev.jsonl"),
}
#: Query sets scored besides a tier's eval set, reported by split (tuning / held-out) and by set:
#: see eval_quality.py and docs/generalising.md. The held-out sets are never tuned on.
GENERALISATION_SETS = {
    "cyber": [SHARED / "eval" / "domain_dev.jsonl", HERE / "tuning" / "questions_en.jsonl",
              HERE / "tuning" / "questions_more.jsonl", HERE / "heldout" / "questions_en.jsonl",
              HERE / "heldout" / "lookups.jsonl"],
}
#: How far a score may move before --check fails: the same corpus builds the same index, but
#: another CPU or BLAS can reorder near-ties in the last decimal of a cosine.
TOLERANCE = 0.01
#: The scores --check compares, for the groups "all" and lang=*.
CHECKED = ("recall@10", "mrr@10")


def timed(command: list[str]) -> tuple[float, float, str]:
    """Run a command; return (seconds, its peak RSS in MB, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is a running maximum; report it only if this child raised it.
    return seconds, (peak / 1024 if peak > before else float("nan")), result.stdout


def policykb(*args: str) -> list[str]:
    return [sys.executable, "-m", "policykb", *args]


def measure(tier: str, results: Path, reuse: bool, quality_only: bool) -> dict:
    """Build (unless reused) and measure one tier; the row of figures run_all prints and saves."""
    corpus, queries = TIERS[tier]
    index = results / f"index-{tier}"
    build_cmd = policykb("build", "--corpus", str(corpus), "--index", str(index), "--quiet", "--json")
    row: dict = {"tier": tier, "eval_set": queries.name}
    if reuse and (index / "CURRENT").exists():
        row["full_build_s"] = row["build_peak_mb"] = float("nan")
    else:
        seconds, peak, out = timed([*build_cmd, "--full"])
        summary = json.loads(out)
        row.update(full_build_s=seconds, build_peak_mb=peak, chunks=summary["chunks"],
                   chunks_per_s=summary["chunks"] / seconds)
    seconds, _, out = timed(build_cmd)
    row["nochange_s"] = seconds
    row.setdefault("chunks", json.loads(out)["chunks"])
    if not quality_only:
        _, peak, out = timed([sys.executable, str(HERE / "latency.py"), "--index", str(index), "--json",
                              str(queries)])
        latency = json.loads(out)
        row.update(load_s=latency["load_s"], p50_ms=latency["p50_ms"], p95_ms=latency["p95_ms"],
                   embed_ms=latency["embed_p50_ms"], serve_peak_mb=latency["peak_rss_mb"])
    _, _, out = timed([sys.executable, str(HERE / "eval_quality.py"), "--index", str(index), "--json",
                       str(queries)])
    row["quality"] = json.loads(out)
    if tier in GENERALISATION_SETS:
        _, _, out = timed([sys.executable, str(HERE / "eval_quality.py"), "--index", str(index), "--json",
                           *map(str, GENERALISATION_SETS[tier])])
        row["generalisation"] = {group: values for group, values in json.loads(out).items()
                                 if group.startswith(("split=", "set="))}
    return row


def quality_lines(row: dict) -> list[tuple[str, dict]]:
    """The groups every table shows: all, then per language, then per query type."""
    return sorted(row["quality"].items(), key=lambda g: (g[0] != "all", not g[0].startswith("lang="), g[0]))


def markdown(row: dict) -> str:
    """The tier's tables as committed in results/<tier>.md and shown in docs/benchmarks.md."""
    def number(key: str, digits: int, unit: str = "") -> str:
        value = row.get(key)
        return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}{unit}"

    # other programs on the machine stretch every wall time: say how busy it was
    busy = f" (load average {row['load_average']} at the end)" if row.get("load_average") is not None else ""
    lines = [f"**{row['tier']}** — {row['chunks']:,} chunks, eval set `{row['eval_set']}`; "
             f"measured {row['date']} on {row['machine']}{busy}.", "",
             "| full build | chunks/s | build peak RSS | no-change rebuild | load | search p50 / p95 "
             "| query embedding p50 | served peak RSS |",
             "|---|---|---|---|---|---|---|---|",
             f"| {number('full_build_s', 0, ' s')} | {number('chunks_per_s', 1)} | {number('build_peak_mb', 0, ' MB')} "
             f"| {number('nochange_s', 1, ' s')} | {number('load_s', 2, ' s')} "
             f"| {number('p50_ms', 0)} / {number('p95_ms', 0)} ms | {number('embed_ms', 0, ' ms')} "
             f"| {number('serve_peak_mb', 0, ' MB')} |", "",
             "| group | queries | Recall@10 | Hit@10 | MRR@10 |", "|---|---|---|---|---|"]
    for group, values in quality_lines(row):
        lines.append(f"| {group} | {values['n']} | {values['recall@10']:.3f} | {values['hit@10']:.3f} "
                     f"| {values['mrr@10']:.3f} |")
    if row.get("generalisation"):
        lines += ["", "Tuning and held-out splits (docs/generalising.md):", "",
                  "| split / set | queries | Recall@10 | MRR@10 | Hit@1 |", "|---|---|---|---|---|"]
        for group, values in sorted(row["generalisation"].items()):
            lines.append(f"| {group} | {values['n']} | {values['recall@10']:.3f} | {values['mrr@10']:.3f} "
                         f"| {values['hit@1']:.3f} |")
    return "\n".join(lines) + "\n"


def save(row: dict, results: Path) -> None:
    results.mkdir(parents=True, exist_ok=True)
    clean = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
    clean = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in clean.items()}
    for table in ("quality", "generalisation"):
        if table in row:
            clean[table] = {group: {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()}
                            for group, values in row[table].items()}
    (results / f"{row['tier']}.json").write_text(json.dumps(clean, indent=1, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
    (results / f"{row['tier']}.md").write_text(markdown(clean), encoding="utf-8")


def check(row: dict, results: Path, tolerance: float) -> bool:
    """Compare the scores just measured with the committed ones; print one line per score."""
    committed_file = results / f"{row['tier']}.json"
    if not committed_file.exists():
        print(f"{row['tier']}: no committed results in {committed_file}; run without --check first")
        return False
    committed = json.loads(committed_file.read_text(encoding="utf-8"))["quality"]
    ok = True
    for group, expected in sorted(committed.items()):
        if group != "all" and not group.startswith("lang="):
            continue
        for score in CHECKED:
            got = row["quality"].get(group, {}).get(score, float("nan"))
            good = abs(got - expected[score]) <= tolerance
            ok &= good
            print(f"{'ok  ' if good else 'FAIL'} {row['tier']:<9}{group:<10}{score:<10}{got:.3f}"
                  f"  (committed {expected[score]:.3f} ± {tolerance})")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiers", nargs="+", choices=sorted(TIERS), default=["cyber"])
    parser.add_argument("--reuse", action="store_true", help="reuse existing indexes instead of a full build")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--check", action="store_true",
                        help="score retrieval quality only and compare it with the committed results")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE,
                        help=f"largest difference --check accepts (default {TOLERANCE})")
    args = parser.parse_args(argv)
    rows = []
    for tier in args.tiers:
        row = measure(tier, args.results, args.reuse, quality_only=args.check)
        row.update(date=dt.date.today().isoformat(), load_average=round(os.getloadavg()[0], 1),
                   machine=f"{os.cpu_count()} CPU cores, {platform.system()} {platform.machine()}")
        rows.append(row)
    if args.check:
        passed = [check(row, args.results, args.tolerance) for row in rows]
        return 0 if all(passed) else 1

    print(f"{'tier':<10}{'chunks':>8}{'full build':>12}{'chunks/s':>10}{'build MB':>10}{'no-change':>11}"
          f"{'load':>7}{'p50 ms':>8}{'p95 ms':>8}{'embed ms':>10}{'serve MB':>10}")
    for row in rows:
        print(f"{row['tier']:<10}{row['chunks']:>8}{row.get('full_build_s', float('nan')):>11.1f}s"
              f"{row.get('chunks_per_s', float('nan')):>10.1f}{row.get('build_peak_mb', float('nan')):>10.0f}"
              f"{row['nochange_s']:>10.1f}s{row['load_s']:>6.2f}s{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}"
              f"{row['embed_ms']:>10.1f}{row['serve_peak_mb']:>10.0f}")
    print()
    print(f"{'tier':<10}{'group':<24}{'n':>5}{'Recall@10':>11}{'MRR@10':>9}")
    for row in rows:
        for group, values in quality_lines(row):
            if group == "all" or group.startswith("lang="):
                print(f"{row['tier']:<10}{group:<24}{values['n']:>5}{values['recall@10']:>11.3f}"
                      f"{values['mrr@10']:>9.3f}")
        for group, values in sorted(row.get("generalisation", {}).items()):
            print(f"{row['tier']:<10}{group:<36}{values['n']:>5}{values['recall@10']:>11.3f}"
                  f"{values['mrr@10']:>9.3f}  Hit@1 {values['hit@1']:.3f}")
        save(row, args.results)
    saved = ", ".join(f"{row['tier']}.json/.md" for row in rows)
    print(f"\nsaved {saved} in {args.results}; "
          "regenerate the docs with: python scripts/gen_docs.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
