"""Load on the HTTP API: N concurrent clients on loopback for a fixed time, every answer
checked against the answer the same server gave to the same request before the load.

    python benchmarks/http_load.py --index /tmp/cyber-index            # starts `policykb serve` itself
    python benchmarks/http_load.py --url http://127.0.0.1:8000         # or loads a running server

Requests cycle through the questions of ../shared/eval/domain_dev.jsonl (Chinese and
English) plus citation lookups, as GET /search (2 in 3) and POST /search (1 in 3), k=10.
An answer counts as correct when it is 200, its hits are non-empty, every hit has exactly
the fields of Hit.to_dict(), and the (doc_id, article) list equals the reference answer.
Prints the same table every time: requests, errors, wrong answers, throughput, latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from policykb.model import Hit

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYKB_SHARED") or REPO.parent / "shared")
HIT_FIELDS = set(Hit.__dataclass_fields__)
LOOKUPS = ["个保法第38条", "PIPL Art. 13", "《网络安全法》第二十一条", "Article 21 of the DSL", "数据安全法第30条",
           "CSL Art. 23", "个人信息保护法第十三条第一款"]


def questions(limit: int) -> list[str]:
    path = SHARED / "eval" / "domain_dev.jsonl"
    asked = [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return (asked[:limit] + LOOKUPS) if asked else LOOKUPS


def request_for(number: int, query: str) -> tuple[str, dict]:
    if number % 3 == 2:
        return "POST", {"json": {"q": query, "k": 10}}
    return "GET", {"params": {"q": query, "k": 10}}


def answer_key(response: httpx.Response) -> tuple | None:
    """The (doc_id, article) list of a correct answer, or None when it is not shaped right."""
    if response.status_code != 200:
        return None
    hits = response.json().get("hits")
    if not hits or any(set(h) != HIT_FIELDS for h in hits):
        return None
    return tuple((h["doc_id"], h["article"]) for h in hits)


async def load(url: str, queries: list[str], clients: int, seconds: float) -> dict:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        reference = {}
        for query in queries:
            for kind in (0, 2):
                method, options = request_for(kind, query)
                reference[(method, query)] = answer_key(await http.request(method, "/search", **options))
        broken = [q for (m, q), key in reference.items() if key is None]
        if broken:
            raise SystemExit(f"the server gave no usable answer before the load to: {broken[:3]}")
        latencies: list[float] = []
        errors: list[str] = []
        wrong = 0
        deadline = time.perf_counter() + seconds

        async def client(offset: int) -> None:
            nonlocal wrong
            number = offset
            while time.perf_counter() < deadline:
                query = queries[number % len(queries)]
                method, options = request_for(number, query)
                started = time.perf_counter()
                try:
                    response = await http.request(method, "/search", **options)
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                finally:
                    number += clients
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors.append(f"HTTP {response.status_code}")
                elif answer_key(response) != reference[(method, query)]:
                    wrong += 1

        started = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "wrong": wrong, "elapsed": elapsed}


def start_server(index: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "policykb", "serve", "--index", index, "--port", str(port),
                                "--log-level", "warning"])
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.5)
        if process.poll() is not None:
            break
    process.kill()
    raise SystemExit("policykb serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--index", help="Start `policykb serve` on this index (on a free loopback port).")
    source.add_argument("--url", help="Load a server that is already running.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--questions", type=int, default=50, help="How many eval questions to cycle through.")
    args = parser.parse_args()

    process, url = start_server(args.index) if args.index else (None, args.url)
    try:
        queries = questions(args.questions)
        result = asyncio.run(load(url, queries, args.clients, args.seconds))
    finally:
        if process:
            process.terminate()
            process.wait(timeout=30)
    latencies = sorted(result["latencies"])
    count = len(latencies)

    def percentile(share: float) -> float:
        return latencies[min(count - 1, int(share * count))] * 1000
    print(f"server           {url} ({'started here' if process else 'already running'})")
    print(f"load             {args.clients} concurrent clients, {result['elapsed']:.1f} s, "
          f"{len(queries)} distinct queries")
    print(f"requests         {count} answered, {len(result['errors'])} errors, {result['wrong']} wrong answers")
    print(f"throughput       {count / result['elapsed']:.1f} requests/s")
    if count:
        print(f"latency          p50 {percentile(0.50):.0f} ms   p95 {percentile(0.95):.0f} ms   "
              f"p99 {percentile(0.99):.0f} ms   mean {statistics.mean(latencies) * 1000:.0f} ms   "
              f"max {latencies[-1] * 1000:.0f} ms")
    if result["errors"]:
        print("first errors     " + "; ".join(result["errors"][:3]))
    sys.exit(1 if result["errors"] or result["wrong"] else 0)


if __name__ == "__main__":
    main()
