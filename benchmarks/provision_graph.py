#!/usr/bin/env python3
"""The provision graph on a corpus tier: how long it takes to build, how its references resolve,
and penalty-link precision and recall against the hand-made gold set.

    python benchmarks/provision_graph.py ../shared/corpus/cyber
    python benchmarks/provision_graph.py ../shared/corpus/national --no-gold
    python benchmarks/provision_graph.py ../shared/corpus/cyber --sample 30   # references to check by hand
    python benchmarks/provision_graph.py ../shared/corpus/cyber --no-gold --index /tmp/idx-cyber \
        --queries ../shared/eval/domain_dev.jsonl      # search with and without the graph, in turn
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from policykb.citations.graph import build_links, reference_counts
from policykb.corpus import load_corpus

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "penalty_gold.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--no-gold", action="store_true", help="skip the penalty gold set (it covers the cyber tier)")
    parser.add_argument("--sample", type=int, default=0, help="print this many references, drawn at random")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--index", type=Path, help="an index of the corpus, to time search with and without links")
    parser.add_argument("--queries", type=Path, help="JSONL of {'query': ...} for --index")
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
    if args.index and args.queries:
        result["search"] = search_cost(args.index, args.queries)
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


def search_cost(index: Path, queries: Path, rounds: int = 3) -> dict:
    """Search p50 with the graph and with an empty one, run in turn in one process (so that the
    machine's load is the same for both), and the cost of turning the hits into JSON."""
    from policykb import Retriever
    from policykb.citations.graph import Links

    retriever = Retriever.load(index)
    texts = [json.loads(line)["query"] for line in queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    graphs = {"with": retriever.links, "without": Links([])}
    search: dict[str, list[float]] = {"with": [], "without": []}
    to_json: dict[str, list[float]] = {"with": [], "without": []}
    for text in texts:
        retriever.search(text, k=10)  # warm up
    for round_number in range(rounds):
        for position, text in enumerate(texts):
            order = list(graphs.items())
            for name, graph in order if (round_number + position) % 2 else order[::-1]:  # neither always first
                retriever.links = graph
                begin = time.perf_counter()
                hits = retriever.search(text, k=10)
                search[name].append((time.perf_counter() - begin) * 1000)
                begin = time.perf_counter()
                json.dumps([h.to_dict() for h in hits], ensure_ascii=False)
                to_json[name].append((time.perf_counter() - begin) * 1000)
    return {"searches": len(search["with"]),
            **{f"search_p50_ms_{n}_links": round(statistics.median(v), 2) for n, v in search.items()},
            "paired_difference_p50_ms": round(statistics.median(a - b for a, b in zip(search["with"],
                                                                                        search["without"],
                                                                                        strict=True)), 2),
            **{f"to_json_p50_ms_{n}_links": round(statistics.median(v), 2) for n, v in to_json.items()}}


if __name__ == "__main__":
    sys.exit(main())
