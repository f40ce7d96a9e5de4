#!/usr/bin/env python3
"""One command, the same table every time: for each corpus tier, full build time and peak
memory, no-change rebuild time, index load time, query latency and retrieval quality.

    python benchmarks/run_all.py                       # cyber tier (a few minutes)
    python benchmarks/run_all.py --tiers cyber national   # national: ~25-60 min to embed on 2 cores
    python benchmarks/run_all.py --reuse               # keep existing indexes (skip the full builds)

Indexes go to benchmarks/results/index-<tier>/ (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import os
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiers", nargs="+", choices=sorted(TIERS), default=["cyber"])
    parser.add_argument("--reuse", action="store_true", help="reuse existing indexes instead of a full build")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    rows = []
    for tier in args.tiers:
        corpus, queries = TIERS[tier]
        index = args.results / f"index-{tier}"
        build_cmd = policykb("build", "--corpus", str(corpus), "--index", str(index), "--quiet", "--json")
        row: dict = {"tier": tier}
        if args.reuse and (index / "CURRENT").exists():
            row["full_build_s"] = row["build_peak_mb"] = float("nan")
        else:
            seconds, peak, out = timed([*build_cmd, "--full"])
            summary = json.loads(out)
            row.update(full_build_s=seconds, build_peak_mb=peak, chunks=summary["chunks"],
                       chunks_per_s=summary["chunks"] / seconds)
        seconds, _, out = timed(build_cmd)
        row["nochange_s"] = seconds
        row.setdefault("chunks", json.loads(out)["chunks"])
        _, peak, out = timed([sys.executable, str(HERE / "latency.py"), "--index", str(index), "--json", str(queries)])
        latency = json.loads(out)
        row.update(load_s=latency["load_s"], p50_ms=latency["p50_ms"], p95_ms=latency["p95_ms"],
                   embed_ms=latency["embed_p50_ms"], serve_peak_mb=latency["peak_rss_mb"])
        _, _, out = timed([sys.executable, str(HERE / "eval_quality.py"), "--index", str(index), "--json",
                           str(queries)])
        quality = json.loads(out)
        row["quality"] = quality
        rows.append(row)

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
        for group, values in sorted(row["quality"].items(), key=lambda g: (g[0] != "all", g[0])):
            if group == "all" or group.startswith("lang="):
                print(f"{row['tier']:<10}{group:<24}{values['n']:>5}{values['recall@10']:>11.3f}"
                      f"{values['mrr@10']:>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
