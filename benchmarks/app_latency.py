#!/usr/bin/env python3
"""How long the app takes to answer: from submitting a question to the results rendered,
after the first load (index and model already in memory).

    python benchmarks/app_latency.py --index /tmp/idx-cyber                  # AppTest + browser
    python benchmarks/app_latency.py --index /tmp/idx-cyber --mode apptest   # no browser needed

Three measurements over the same questions (default: ../shared/eval/domain_dev.jsonl):
- search:  Retriever.search alone, the share of the time that is retrieval;
- apptest: Streamlit's AppTest, one full script rerun per question (server-side rendering);
- browser: `streamlit run app.py` in headless Chromium (/usr/bin/chromium): type the question,
  press Enter, wait until Streamlit reports the run finished and the cards are painted.
Prints the same table every time: first load, p50, p95, max and mean wall time per mode, and
the median CPU time of this process per question (search, apptest), which other work on a
shared machine disturbs much less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
DEFAULT_QUERIES = REPO.parent / "shared" / "eval" / "domain_dev.jsonl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


#: (first load in s, wall time per question, CPU time of this process per question or None)
Measured = tuple[float, list[float], list[float] | None]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[position]


def read_queries(path: Path, limit: int | None) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        queries = [json.loads(line)["query"] for line in handle if line.strip()]
    return queries[:limit] if limit else queries


def measure_search(index: Path, queries: list[str], rounds: int) -> Measured:
    from policykb import Retriever

    start = time.perf_counter()
    retriever = Retriever.load(index)
    retriever.search(queries[0], k=10)
    load = time.perf_counter() - start
    times, cpu = [], []
    for _ in range(rounds):
        for query in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            retriever.search(query, k=10)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return load, times, cpu


def measure_apptest(index: Path, queries: list[str], rounds: int) -> Measured:
    from streamlit.testing.v1 import AppTest

    os.environ["POLICYKB_INDEX"] = str(index)
    app = AppTest.from_file(str(APP), default_timeout=600)
    start = time.perf_counter()
    app.run()
    app.text_input(key="q").input("warm-up 个人信息").run()  # the first question initialises jieba
    load = time.perf_counter() - start
    times, cpu = [], []
    for _ in range(rounds):
        for query in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            app.text_input(key="q").input(query).run()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if app.exception or not any("pkb-card" in h.value for h in app.html):
                raise SystemExit(f"no results rendered for {query!r}: {app.exception}")
    return load, times, cpu


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: Counts finished script runs: Streamlit marks the app root data-test-script-state="notRunning".
_WATCH_RUNS = """() => {
  window.__pkbRuns = 0;
  const root = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    if (root.getAttribute('data-test-script-state') === 'notRunning') { window.__pkbRuns += 1; }
  }).observe(root, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def measure_browser(index: Path, queries: list[str], rounds: int) -> Measured:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium chromium-driver), or use --mode apptest")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w", prefix="policykb-app-", suffix=".log", delete=False) as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port), "--server.address",
             "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=dict(os.environ, POLICYKB_INDEX=str(index)), stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_healthy(server, url, log.name)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            start = time.perf_counter()
            page.goto(url)
            box = page.locator(".st-key-q input")
            box.wait_for(timeout=600_000)
            page.evaluate(_WATCH_RUNS)
            _ask(page, box, "warm-up 个人信息")
            load = time.perf_counter() - start
            times = []
            for _ in range(rounds):
                for query in queries:
                    start = time.perf_counter()
                    _ask(page, box, query)
                    times.append(time.perf_counter() - start)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return load, times, None


def _wait_until_healthy(server: subprocess.Popen, url: str, log: str) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"streamlit exited; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"streamlit did not start; see {log}")


def _ask(page, box, query: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    runs = page.evaluate("() => window.__pkbRuns")
    box.fill(query)
    box.press("Enter")
    try:
        page.wait_for_function(f"() => window.__pkbRuns > {runs} && document.querySelector("
                               "'[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'",
                               timeout=120_000)
        page.locator(".pkb-card").first.wait_for(timeout=120_000)
    except PlaywrightTimeout:
        state = page.evaluate("() => [window.__pkbRuns, document.querySelector('[data-testid=\"stApp\"]')"
                              "?.getAttribute('data-test-script-state'), document.querySelector('.st-key-q input')"
                              "?.value]")
        raise SystemExit(f"no results for {query!r} (runs before: {runs}; runs, state, box: {state})") from None
    page.evaluate(_PAINTED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=Path(os.environ.get("POLICYKB_INDEX") or "index"))
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N questions.")
    parser.add_argument("--mode", choices=("all", "search", "apptest", "browser"), default="all")
    parser.add_argument("--rounds", type=int, default=1, help="Ask every question this many times.")
    args = parser.parse_args()
    queries = read_queries(args.queries, args.limit)
    modes = ("search", "apptest", "browser") if args.mode == "all" else (args.mode,)
    measure = {"search": measure_search, "apptest": measure_apptest, "browser": measure_browser}
    from policykb import Retriever
    info = Retriever.load(args.index).info()
    counts = info.get("counts", {})
    print(f"app latency: index {args.index} ({counts.get('instruments')} instruments, "
          f"{counts.get('articles'):,} articles), {len(queries)} questions from {args.queries.name}, "
          f"x{args.rounds}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'mode':<9}{'first load':>12}{'p50':>10}{'p95':>10}{'max':>10}{'mean':>10}{'cpu p50':>10}")
    for mode in modes:
        load, times, cpu = measure[mode](args.index, queries, args.rounds)
        cpu_p50 = f"{percentile(cpu, .5) * 1000:>8.0f}ms" if cpu else f"{'-':>10}"
        print(f"{mode:<9}{load:>11.2f}s{percentile(times, .5) * 1000:>8.0f}ms{percentile(times, .95) * 1000:>8.0f}ms"
              f"{max(times) * 1000:>8.0f}ms{statistics.mean(times) * 1000:>8.0f}ms{cpu_p50}", flush=True)


if __name__ == "__main__":
    main()
