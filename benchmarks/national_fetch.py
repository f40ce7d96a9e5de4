"""The national collection against a replay of the National Laws and Regulations Database on
127.0.0.1 (tests/flk_replay.py), serving the 331 laws of ../shared/corpus/national as DOCX:

1. a fetch of all of them with no politeness delay: the client's own cost per instrument;
2. a re-run: what checking for changes costs (the listing only);
3. a small corpus (--build-laws, default 20) fetched and built with the real model, then three
   of its laws amended upstream (a new version each, one article changed; the old versions
   become `amended`), fetched again and rebuilt: how much the rebuild re-embeds.

A live fetch adds the pause between requests (--delay, 1 s by default) and the site's own
latency, which a replay cannot show: the estimate printed adds the pauses only.

    .venv/bin/python benchmarks/national_fetch.py [--laws 331] [--build-laws 20]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests")]

from flk_replay import FlkReplay, docx_from_markdown, record  # noqa: E402

from policykb.index.build import build_index  # noqa: E402
from policykb.sources.flk import FlkClient  # noqa: E402
from policykb.sources.national import run_national  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus" / "national"


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))


def _law(path: Path, bbbs: str | None = None, body: bytes | None = None, sxx: int = 3, lsyg=None, date=None):
    meta = _front(path)
    date = date or str(meta.get("version") or meta.get("promulgated") or "2000-01-01")
    return record(bbbs or hashlib.md5(meta["id"].encode()).hexdigest(), meta["title"], "法律",
                  meta.get("issuer") or "全国人民代表大会常务委员会", date, str(meta.get("effective") or date), sxx,
                  120, {"docx": body if body is not None else docx_from_markdown(path)}, lsyg)


def _amended(path: Path) -> bytes:
    """The law's DOCX with one article changed, as an amendment would."""
    text = path.read_text(encoding="utf-8")
    marker = "\n第二条 "
    changed = text.replace(marker, marker + "（经修改）", 1)
    with tempfile.NamedTemporaryFile("w", suffix=".md", encoding="utf-8", delete=False) as handle:
        handle.write(changed)
    try:
        return docx_from_markdown(Path(handle.name))
    finally:
        Path(handle.name).unlink()


def _fetch(folder: Path, base: str, delay: float = 0.0):
    client = FlkClient(base, delay=delay, retries=2, backoff=0)
    started = time.perf_counter()
    report = run_national(folder, client, ["法律"], page_size=100, progress=False)
    return report, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laws", type=int, default=331)
    parser.add_argument("--build-laws", type=int, default=20)
    parser.add_argument("--delay", type=float, default=1.0, help="live pause between requests, for the estimate")
    args = parser.parse_args()
    paths = sorted(SHARED.glob("*.md"))[: args.laws]
    results: dict = {}
    replay = FlkReplay()
    try:
        started = time.perf_counter()
        replay.add(*(_law(p) for p in paths))
        results["docx_bodies_built_s"] = round(time.perf_counter() - started, 1)
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "national"
            report, seconds = _fetch(folder, replay.base)
            assert report.ok and report.counts() == {"fetched": len(paths)}, report.counts()
            results["fetch"] = {"instruments": len(paths), "seconds": round(seconds, 1),
                                "ms_per_instrument": round(1000 * seconds / len(paths), 1),
                                "requests": report.requests}
            report, seconds = _fetch(folder, replay.base)
            results["rerun"] = {"seconds": round(seconds, 2), "requests": report.requests,
                                "counts": report.counts()}
        per_instrument = results["fetch"]["requests"] / len(paths)
        results["live_estimate_min_per_1500"] = round(1500 * (2 * args.delay + results["fetch"]["ms_per_instrument"]
                                                              / 1000) / 60, 1)
        results["requests_per_instrument"] = round(per_instrument, 2)
    finally:
        replay.close()

    replay = FlkReplay()
    try:
        small = paths[: args.build_laws]
        replay.add(*(_law(p) for p in small))
        with tempfile.TemporaryDirectory() as scratch:
            folder, index = Path(scratch) / "national", Path(scratch) / "index"
            _fetch(folder, replay.base)
            started = time.perf_counter()
            first = build_index([folder], index, progress=False)
            results["build"] = {"laws": len(small), "chunks": first.manifest["counts"]["chunks"],
                                "embedded": first.embedded, "seconds": round(time.perf_counter() - started, 1)}
            for path in small[:3]:  # amend three laws upstream
                old = _law(path)
                new_id = hashlib.md5(("amended " + path.name).encode()).hexdigest()
                versions = [(old.bbbs, old.details["gbrq"]), (new_id, "2027-01-01")]
                replay.add(_law(path, sxx=2, lsyg=versions, body=old.files["docx"]),
                           _law(path, bbbs=new_id, body=_amended(path), lsyg=versions, date="2027-01-01"))
            report, _ = _fetch(folder, replay.base)
            started = time.perf_counter()
            second = build_index([folder], index, progress=False)
            results["after_three_amendments"] = {
                "fetch": report.counts(), "downloads": replay.count("/oss/") - len(small),
                "rebuild_embedded_chunks": second.embedded, "chunks": second.manifest["counts"]["chunks"],
                "rebuild_seconds": round(time.perf_counter() - started, 1)}
    finally:
        replay.close()
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
