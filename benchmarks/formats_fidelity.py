"""Do PDF, DOCX, HTML and GB18030 renderings of a law load to the same articles as its
Markdown twin?

For every file in ../shared/corpus/formats/ (catalog.json names each file's twin in cyber/)
this loads the file the way a build does and compares article labels and article texts
with the twin's, character for character. For PDFs it also checks that each article's
recorded page is the page whose text layer holds its heading.

A second table strips the indentation from the PDFs' text before cleanup, so only line
widths and punctuation can tell a wrapped line from a new paragraph: a harder case than the
samples, as some PDFs give no indentation.

    python benchmarks/formats_fidelity.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from policykb.corpus import LOADERS, load_corpus
from policykb.corpus.cleanup import clean_pages
from policykb.corpus.infer import infer_metadata
from policykb.corpus.structure import parse

REPO = Path(__file__).resolve().parents[1]
#: Fields that inference from the text alone should recover (compared with catalog.json).
INFERRED_FIELDS = ("title", "level", "issuer", "promulgated", "effective")


def _articles(units) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {u.label: (u.text, u.chapter_path) for u in units if u.kind in ("article", "item")}


def _compare(got: dict, want: dict) -> tuple[int, int, int, list[str]]:
    """(labels matched, identical texts, identical chapter paths, first differences)."""
    matched = [label for label in want if label in got]
    same_text = [label for label in matched if got[label][0] == want[label][0]]
    same_path = [label for label in matched if got[label][1] == want[label][1]]
    diffs = [f"{label}: missing" for label in want if label not in got]
    diffs += [f"{label}: extra" for label in got if label not in want]
    for label in matched:
        if got[label][0] != want[label][0]:
            a, b = got[label][0], want[label][0]
            at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            around = slice(max(0, at - 15), at + 15)
            diffs.append(f"{label}: text differs at {at}: {a[around]!r} vs {b[around]!r}")
    return len(matched), len(same_text), len(same_path), diffs


def _page_check(path: Path, units) -> tuple[int, int]:
    """Articles whose recorded page holds their heading in the PDF's own text layer."""
    from pypdf import PdfReader

    pages = ["".join(p.extract_text().split()) for p in PdfReader(path).pages]
    articles = [u for u in units if u.kind == "article"]
    right = sum(1 for u in articles if u.page and u.label in pages[u.page - 1]
                and not any(u.label + (u.paragraphs[0][:6] if u.paragraphs else "") in p for p in pages[:u.page - 1]))
    return right, len(articles)


def _inference_check(path: Path, entry: dict) -> int:
    """How many of INFERRED_FIELDS the text alone gives correctly (no sidecar, no catalogue)."""
    meta = infer_metadata(LOADERS[path.suffix.lower()](path).text)
    return sum(1 for key in INFERRED_FIELDS if key in meta and str(meta[key]) == str(entry.get(key)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("POLICYKB_SHARED") or REPO.parent / "shared"))
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    catalog = json.loads((corpus / "formats" / "catalog.json").read_text(encoding="utf-8"))

    print("## Loaded like a build (loader + cleanup + parser) vs the Markdown twin\n")
    header = (f"{'file':<48} {'format':<6} {'articles':>9} {'texts':>9} {'chapters':>9} {'pages':>7} "
              f"{'inferred':>8} {'ms':>5}")
    print(header)
    print("-" * len(header))
    failures = 0
    totals = [0, 0, 0]
    details: list[str] = []
    for entry in catalog:
        path = corpus / entry["path"]
        twin = load_corpus([corpus / entry["derived_from"]]).documents[0]
        started = time.perf_counter()
        report = load_corpus([path])
        ms = (time.perf_counter() - started) * 1000
        if not report.documents:
            print(f"{entry['path']:<48} {entry['format']:<6} not loaded: {report.skipped}")
            failures += 1
            continue
        document = report.documents[0]
        want = _articles(twin.parsed.units)
        matched, same, same_path, diffs = _compare(_articles(document.parsed.units), want)
        pages = "-"
        if entry["format"] == "pdf":
            right, total = _page_check(path, document.parsed.units)
            pages = f"{right}/{total}"
            failures += right != total
        inferred = _inference_check(path, entry)
        failures += inferred != len(INFERRED_FIELDS)
        print(f"{entry['path']:<48} {entry['format']:<6} {f'{matched}/{len(want)}':>9} {f'{same}/{len(want)}':>9} "
              f"{f'{same_path}/{len(want)}':>9} {pages:>7} {f'{inferred}/{len(INFERRED_FIELDS)}':>8} {ms:>5.0f}")
        totals[0] += matched
        totals[1] += same
        totals[2] += len(want)
        failures += bool(diffs)
        details += [f"  {entry['path']}: {d}" for d in diffs[:5]]
    print("-" * len(header))
    print(f"{'all files':<55} {f'{totals[0]}/{totals[2]}':>9} {f'{totals[1]}/{totals[2]}':>9}")
    if details:
        print("\nDifferences:\n" + "\n".join(details))

    print("\n## PDFs with indentation stripped before cleanup (line widths and punctuation only)\n")
    from pypdf import PdfReader

    print(f"{'file':<48} {'articles':>9} {'texts':>9}")
    for entry in catalog:
        if entry["format"] != "pdf":
            continue
        pages = ["\n".join(line.lstrip() for line in page.extract_text().split("\n"))
                 for page in PdfReader(corpus / entry["path"]).pages]
        twin = load_corpus([corpus / entry["derived_from"]]).documents[0]
        want = _articles(twin.parsed.units)
        matched, same, _, _ = _compare(_articles(parse(clean_pages(pages)).units), want)
        print(f"{entry['path']:<48} {f'{matched}/{len(want)}':>9} {f'{same}/{len(want)}':>9}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
