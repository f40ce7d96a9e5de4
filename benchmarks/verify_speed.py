"""How long citation verification takes on a long text: 1,000 citations in Chinese and
English, a mix of found, unknown, missing and superseded, checked by one CitationVerifier.

    python benchmarks/verify_speed.py --index /tmp/cyber-index [--citations 1000] [--repeat 5]

Prints the same table every time: citations found, statuses, cold time (first call, which
also aligns versions) and warm time (median of the repeats). Target: under 1 s for 1,000.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter

from policykb import Retriever
from policykb.citations.verify import CitationVerifier
from policykb.lang.numerals import int_to_cn

FILLER = "网络运营者应当按照上述规定履行安全保护义务，并在合同中约定各方责任。The controller shall document it. "


def citations_for(retriever: Retriever, count: int, seed: int = 7) -> list[str]:
    """Citations of real articles in several forms, plus some that must fail."""
    rng = random.Random(seed)
    real = []
    for instrument in retriever.instruments():
        for hit in retriever.articles_of(instrument.id):
            if hit.kind == "article" and hit.article_number:
                real.append((instrument, hit.article_number))
    forms = []
    while len(forms) < count:
        instrument, number = rng.choice(real)
        name = instrument.aliases[0] if instrument.aliases else instrument.short_title
        english = instrument.abbreviation
        roll = rng.random()
        if roll < 0.70 and english and roll >= 0.55:
            forms.append(f"{english} Art. {number}" if roll < 0.65 else f"Article {number} of the {english}")
        elif roll < 0.45:
            forms.append(f"《{instrument.short_title}》第{int_to_cn(number)}条")
        elif roll < 0.70:
            forms.append(f"{name}第{number}条第一款")
        elif roll < 0.82:
            forms.append(f"《网络安全法》（2016年）第{int_to_cn(rng.randint(1, 79))}条")
        elif roll < 0.91:
            forms.append(f"{name}第{number + 400}条")
        else:
            forms.append(f"《不存在的管理办法》第{int_to_cn(rng.randint(1, 30))}条")
    return forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--citations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    retriever = Retriever.load(args.index)
    text = "".join(f"依据{c}，{FILLER}" for c in citations_for(retriever, args.citations))
    verifier = CitationVerifier(retriever)
    started = time.perf_counter()
    checks = verifier.verify(text)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        verifier.verify(text)
        warm.append(time.perf_counter() - started)
    started = time.perf_counter()
    mentions = retriever.citations.find(text)
    parse = time.perf_counter() - started
    statuses = Counter(c.status for c in checks)
    print(f"index            {args.index} ({len(retriever.instruments())} instruments)")
    print(f"text             {len(text):,} characters, {args.citations} citations written")
    print(f"citations found  {len(checks)} ({len(mentions)} by the parser alone)")
    print("statuses         " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    print(f"cold (1st call)  {cold * 1000:8.1f} ms")
    print(f"warm median      {statistics.median(warm) * 1000:8.1f} ms   (max {max(warm) * 1000:.1f} ms)")
    print(f"parse only       {parse * 1000:8.1f} ms")
    print(f"target           < 1000 ms for 1,000 citations: {'met' if max(cold, *warm) < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
