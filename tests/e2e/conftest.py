"""Real-browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), never a
downloaded browser. On failure a screenshot and the page HTML go to test-artifacts/e2e/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        pages = [(name, item.funcargs.get(name)) for name in ("page", "nojs_page")]
        maker = item.funcargs.get("new_page")
        pages += [(f"new_page{index}", made) for index, made in enumerate(getattr(maker, "pages", []))]
        for name, page in pages:
            if page is None:
                continue
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:] + f"-{name}"
            try:
                page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
                (ARTIFACTS / f"{stem}.html").write_text(page.content(), encoding="utf-8")
            except Exception:  # noqa: BLE001 - best effort only, the test already failed
                pass


def _new_page(browser, *, javascript: bool, width: int = 1280):
    # bypass_csp: our strict CSP (no inline scripts) would otherwise block injecting axe-core.
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900},
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, javascript=True)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    context, page = _new_page(browser, javascript=False)
    yield page
    context.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(*, javascript: bool = True, width: int = 1280):
        context, page = _new_page(browser, javascript=javascript, width=width)
        contexts.append(context)
        make.pages.append(page)  # for the screenshots of a failed test
        return page

    make.pages = []
    yield make
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (pinned, from the npm registry) in the page; return serious/critical violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]
