#!/usr/bin/env python3
"""The provision graph on a corpus tier: how long it takes to build, how its references resolve,
and penalty-link precision and recall against the hand-made gold set.

    python benchmarks/provision_graph.py ../shared/corpus/cyber
    python benchmarks/provision_graph.py ../shared/corpus/national --no-gold
    python benchmarks/provision_graph.py ../shared/corpus/cyber --sample 30   # references to check by hand
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from policykb.corpus import load_corpus
from policykb.provisions import build_links, reference_counts

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "penalty_gold.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--no-gold", action="store_true", help="skip the penalty gold set (it covers the cyber tier)")
    parser.add_argument("--sample", type=int, default=0, help="print this many references, drawn at random")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    report = load_corpus([args.corpus])
    units = [u for d in report.documents for u in d.parsed.units]
    started = time.perf_counter()
    rows = build_links([d.instrument for d in report.documents], units)
    seconds = time.perf_counter() - started
    result = {"corpus": str(args.corpus), "instruments": len(report.documents),
              "articles": sum(1 for u in units if u.kind in ("article", "item")), "graph_s": round(seconds, 2),
              "references": reference_counts(rows),
              "penalty_links": sum(len(r["penalties"]) for r in rows)}
    if not args.no_gold:
        gold = {(g["doc_id"], g["article"], g["penalty"]) for g in map(json.loads, GOLD.read_text().splitlines())}
        covered = {doc for doc, _, _ in gold}
        found = {(r["doc_id"], int(r["key"]), p["article_number"]) for r in rows if r["doc_id"] in covered
                 for p in r["penalties"]}
        right = len(gold & found)
        result["gold"] = {"pairs": len(gold), "instruments": len(covered), "found": len(found),
                          "precision": round(right / (len(found) or 1), 3), "recall": round(right / len(gold), 3),
                          "missed": sorted(gold - found), "extra": sorted(found - gold)}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.sample:
        texts = {(u.doc_id, u.key): u.text.replace("\n\n", " ") for u in units}
        refs = [(r["doc_id"], r["key"], ref) for r in rows for ref in r["refers_to"]]
        for doc_id, key, ref in random.Random(args.seed).sample(refs, min(args.sample, len(refs))):
            text = texts[(doc_id, key)]
            at = max(text.find(ref["text"]), 0)
            target = f"{ref['doc_id']}#{ref['article_key'] or ''}" if ref["doc_id"] else "—"
            print(f"{doc_id}#{key}\t{ref['status']}\t{target}\t{ref['text']}\t…{text[max(0, at - 20):at + 40]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
