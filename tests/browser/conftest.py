"""Headless Chromium through Playwright's sync API, against pytest-django's live server.

One browser per module; a fresh context (cookies, viewport) and page per test. Every page a test
opens is watched: a console error, an uncaught exception or a Content-Security-Policy violation
fails the test that caused it.
"""

import io
import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright cannot download its own here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # git-ignored
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

# Reported by every page, before any script of ours runs: the CSP violations the document sees.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    # Playwright's sync API keeps an event loop in this thread; Django refuses ORM calls from a thread
    # running one (fixtures load data and flush the database here) unless told it is safe, as it is.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(browser, live_server, transactional_db):
    """The seed article (from its fixture) and its neighbours (imported), committed for the live server."""
    from django.core.management import call_command

    from tests.conftest import NEIGHBOURS

    call_command("loaddata", "siberia", verbosity=0)
    call_command("import_articles", str(NEIGHBOURS), "--workers", "1", stdout=io.StringIO(), stderr=io.StringIO())
    return live_server.url


class Reader:
    """Opens pages like a person would, in a context of its own; remembers what went wrong on them."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.problems = []
        self.contexts = []

    def open(self, path, viewport=DESKTOP, **context_options):
        context = self.browser.new_context(viewport=viewport, locale="zh", **context_options)
        context.set_default_timeout(5000)
        self.contexts.append(context)
        page = context.new_page()
        page.add_init_script(WATCH_CSP)
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))
        page.goto(self.base_url + path)
        return page

    def _console(self, page, message):
        text = message.text
        if message.type == "error" or re.search("Content.Security.Policy", text, re.I):
            self.problems.append(f"{page.url}: console {message.type}: {text}")

    def csp_violations(self):
        found = []
        for context in self.contexts:
            for page in context.pages:
                if not page.is_closed():
                    found += page.evaluate("window.__cspViolations || []")
        return found

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def reader(browser, site):
    reader = Reader(browser, site)
    yield reader
    violations = reader.csp_violations()
    reader.close()
    assert not violations, f"CSP violations: {violations}"
    assert not reader.problems, "\n".join(reader.problems)
