"""End to end: `streamlit run app.py` on a loopback port, driven by a real headless Chromium
(Debian's /usr/bin/chromium through Playwright; no browser is downloaded)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(server: subprocess.Popen, url: str, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer on {url} within {timeout} s:\n{log.read_text(errors='replace')}")


@pytest.fixture
def app_url(built_index, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium and chromium-driver (.ci/run does)")
    port = free_port()
    log = tmp_path / "streamlit.log"
    env = dict(os.environ, POLICYKB_INDEX=str(built_index))
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(server, url, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_question_in_a_real_browser_shows_the_cited_article(app_url, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
            page = context.new_page()
            page.goto(app_url)
            question = page.locator(".st-key-q input")
            question.wait_for(timeout=180_000)
            question.fill("向境外提供个人信息需要取得个人的单独同意吗")
            question.press("Enter")
            card = page.locator('.pkb-card[data-doc="pipl"][data-article="第三十九条"]')
            card.wait_for(timeout=120_000)
            text = card.inner_text()
            assert "《个人信息保护法》第三十九条" in text and "PIPL Art. 39" in text
            assert card.locator("mark").count() > 0  # the question's words are highlighted
            assert page.locator(".pkb-inst .pkb-status-in_force").first.is_visible()
            page.wait_for_timeout(500)  # let the last cards paint before the picture
            page.screenshot(path=str(tmp_path / "results.png"))

            copy = card.locator("button.pkb-copy")
            copy.click()
            page.wait_for_function("b => b.classList.contains('pkb-done')", arg=copy.element_handle(),
                                   timeout=10_000)
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied.startswith("《个人信息保护法》第三十九条 (PIPL Art. 39)\n")
            assert "单独同意" in copied
        finally:
            browser.close()
    screenshot = tmp_path / "results.png"
    assert screenshot.stat().st_size > 20_000
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
