#!/usr/bin/env python3
"""Query latency through Retriever.search, warm, one query at a time: p50/p95/max in ms,
plus index load time and the process's peak memory.

    python benchmarks/latency.py --index /tmp/idx-national ../shared/eval/stard_dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from policykb import Retriever


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("queries", type=Path, nargs="+", help="JSONL files with a 'query' field")
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries (the first warms up)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    queries = [json.loads(line)["query"] for path in args.queries
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    retriever = Retriever.load(args.index)
    load_s = time.perf_counter() - started
    retriever.search("warm up", k=args.k)
    timings: list[float] = []
    for round_number in range(args.rounds):
        for query in queries:
            begin = time.perf_counter()
            retriever.search(query, k=args.k)
            if round_number:  # the first pass only warms caches
                timings.append((time.perf_counter() - begin) * 1000)
    embed: list[float] = []
    for query in queries[:100]:
        begin = time.perf_counter()
        retriever.embedder.embed_query(query)
        embed.append((time.perf_counter() - begin) * 1000)
    result = {
        "index": str(args.index), "chunks": retriever.manifest["counts"]["chunks"], "queries": len(timings),
        "load_s": round(load_s, 2), "p50_ms": round(percentile(timings, 0.5), 1),
        "p95_ms": round(percentile(timings, 0.95), 1), "max_ms": round(max(timings), 1),
        "mean_ms": round(statistics.fmean(timings), 1), "embed_p50_ms": round(percentile(embed, 0.5), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['index']}: {result['chunks']} chunks, {result['queries']} timed queries")
        print(f"load {result['load_s']} s · search p50 {result['p50_ms']} ms · p95 {result['p95_ms']} ms · "
              f"max {result['max_ms']} ms · query embedding p50 {result['embed_p50_ms']} ms · "
              f"peak RSS {result['peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
