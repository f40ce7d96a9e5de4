#!/usr/bin/env python3
"""Retrieval quality on a query set with gold citations: Recall@k, Hit@k and MRR@k,
overall and per language / query type.

    python benchmarks/eval_quality.py --index /tmp/idx-cyber ../shared/eval/domain_dev.jsonl
    python benchmarks/eval_quality.py --index /tmp/idx-national ../shared/eval/stard_dev.jsonl
    python benchmarks/eval_quality.py --index /tmp/idx-national ../shared/eval/stard_dev.jsonl --ablation
    python benchmarks/eval_quality.py --index /tmp/idx-cyber ../shared/eval/domain_dev.jsonl \
        benchmarks/heldout/questions_en.jsonl benchmarks/heldout/lookups.jsonl

Every query belongs to a split, reported apart so that a change which only helps the questions
it was tuned on shows: `tuning` or `heldout`, from the entry's own "split" field (the sets under
benchmarks/heldout/ were written before the method they measure and are never tuned on), else
from a hash of its qid, half and half, the same in every run. Several query files may be given;
each is also reported as its own group (set=<file>).

`--ablation` runs the set again with each fused signal alone and with each left out, through
the real Retriever, to show what every signal adds.

Gold entries name an article by doc_id + article label, or by title + article label.
Recall@k is the share of a query's gold articles found in the top k, averaged over queries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from dataclasses import fields, replace
from pathlib import Path

from policykb import Retriever
from policykb.search.fusion import FusionWeights


def gold_keys(entry: dict) -> set[tuple[str, str]]:
    keys = set()
    for gold in entry["gold"]:
        if gold.get("doc_id"):
            keys.add(("id", gold["doc_id"], gold["article"]))
        else:
            keys.add(("title", gold["title"], gold["article"]))
    return keys


def split_of(entry: dict) -> str:
    """tuning or heldout: the entry's own split, else half the qids by a stable hash."""
    if entry.get("split"):
        return entry["split"]
    digest = hashlib.sha256(str(entry["qid"]).encode("utf-8")).digest()
    return "tuning" if digest[0] % 2 == 0 else "heldout"


def hit_keys(hit) -> set[tuple[str, str, str]]:
    return {("id", hit.doc_id, hit.article), ("title", hit.title, hit.article)}


def evaluate(retriever: Retriever, queries: list[dict], k: int) -> tuple[dict, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    rows = []
    for entry in queries:
        started = time.perf_counter()
        hits = retriever.search(entry["query"], k=k)
        elapsed = time.perf_counter() - started
        gold = gold_keys(entry)
        ranks = [rank for rank, hit in enumerate(hits, 1) if hit_keys(hit) & gold]
        found = {g for g in gold if any(g in hit_keys(h) for h in hits)}
        row = {"qid": entry["qid"], "recall": len(found) / len(gold), "hit": 1.0 if ranks else 0.0,
               "top1": 1.0 if ranks and ranks[0] == 1 else 0.0,
               "rr": 1.0 / ranks[0] if ranks else 0.0, "ms": elapsed * 1000,
               "top": [f"{h.doc_id}:{h.article}" for h in hits[:3]]}
        rows.append(row)
        groups["all"].append(row)
        if entry.get("lang"):
            groups[f"lang={entry['lang']}"].append(row)
        if entry.get("type"):
            groups[f"type={entry['type']}"].append(row)
        groups[f"split={split_of(entry)}"].append(row)
        if entry.get("lang"):
            groups[f"split={split_of(entry)},lang={entry['lang']}"].append(row)
        if entry.get("set"):
            groups[f"set={entry['set']}"].append(row)
            groups[f"set={entry['set']},split={split_of(entry)}"].append(row)
    summary = {}
    for name, members in groups.items():
        n = len(members)
        summary[name] = {"n": n, f"recall@{k}": sum(r["recall"] for r in members) / n,
                         f"hit@{k}": sum(r["hit"] for r in members) / n,
                         "hit@1": sum(r["top1"] for r in members) / n,
                         f"mrr@{k}": sum(r["rr"] for r in members) / n}
    return summary, rows


def read_queries(paths: list[Path]) -> list[dict]:
    """The entries of every file, each tagged with its file's name when there are several."""
    queries = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                queries.append(entry | {"set": f"{path.parent.name}/{path.stem}"} if len(paths) > 1 else entry)
    return queries


def ablations(base: FusionWeights) -> dict[str, FusionWeights]:
    """The fused ranking, each score alone (the named-instrument bonus kept), each one left out."""
    scores = [f.name for f in fields(FusionWeights) if f.name != "named"]
    variants = {"all signals": base}
    for name in scores:
        variants[f"{name} alone"] = replace(base, **{other: 0.0 for other in scores if other != name})
    for name in [*scores, "named"]:
        variants[f"without {name}"] = replace(base, **{name: 0.0})
    return variants


def print_ablation(retriever: Retriever, queries: list[dict], k: int) -> None:
    base = retriever.weights
    print(f"{'variant':<24}{f'Recall@{k}':>12}{f'Hit@{k}':>9}{f'MRR@{k}':>9}")
    try:
        for name, weights in ablations(base).items():
            retriever.weights = weights
            values = evaluate(retriever, queries, k)[0]["all"]
            print(f"{name:<24}{values[f'recall@{k}']:>12.3f}{values[f'hit@{k}']:>9.3f}{values[f'mrr@{k}']:>9.3f}")
    finally:
        retriever.weights = base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("queries", type=Path, nargs="+", help="JSONL query sets with gold citations")
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--misses", action="store_true", help="list queries whose gold is not in the top k")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--ablation", action="store_true",
                        help="also score each fused signal alone and each one left out")
    args = parser.parse_args(argv)
    queries = read_queries(args.queries)
    names = ", ".join(p.name for p in args.queries)
    retriever = Retriever.load(args.index)
    if args.ablation:
        print(f"{names} on {args.index} ({len(queries)} queries), fusion {retriever.weights}")
        print_ablation(retriever, queries, args.k)
        return 0
    summary, rows = evaluate(retriever, queries, args.k)
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    k = args.k
    print(f"{names} on {args.index} ({len(queries)} queries)")
    print(f"{'group':<32}{'n':>5}{f'Recall@{k}':>12}{f'Hit@{k}':>9}{f'MRR@{k}':>9}{'Hit@1':>8}")
    for name in sorted(summary, key=lambda s: (s != "all", s)):
        values = summary[name]
        print(f"{name:<32}{values['n']:>5}{values[f'recall@{k}']:>12.3f}{values[f'hit@{k}']:>9.3f}"
              f"{values[f'mrr@{k}']:>9.3f}{values['hit@1']:>8.3f}")
    if args.misses:
        for row, entry in zip(rows, queries, strict=True):
            if row["recall"] < 1:
                print(f"- {row['qid']} recall={row['recall']:.2f} rr={row['rr']:.2f} {entry['query'][:60]}"
                      f" | gold {[g['article'] for g in entry['gold']]} | top {row['top']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
