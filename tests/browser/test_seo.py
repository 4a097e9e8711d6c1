"""Lighthouse's SEO audits on an article (unconverted and in a variant), the home page and a category: none flagged.

Runs npm's ``lighthouse`` (``npm install -g lighthouse``; never fetched here: ``npx --no-install``) with Debian's
Chromium against the live server, as
``CHROME_PATH=/usr/bin/chromium lighthouse URL --only-categories=seo --output=json``; skips, saying so, without it.
Each report is kept in ``test-artifacts/lighthouse-<name>.json``.
"""

import json
import os
import shutil
import subprocess
from urllib.parse import quote

import pytest

from .conftest import ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.browser

PAGES = {
    "article": f"/wiki/{quote('西伯利亞滯留者')}",
    "article-zh-tw": f"/zh-tw/{quote('西伯利亞滯留者')}",
    "home": "/",
    "category": f"/wiki/Category:{quote('日蘇關係')}",
}
# What an audit that has nothing to judge reports: no score to fall short.
UNSCORED = {"notApplicable", "manual", "informative"}


def lighthouse_command() -> list[str] | None:
    """How to run Lighthouse here, or None when it is not installed."""
    if shutil.which("lighthouse"):
        return ["lighthouse"]
    if shutil.which("npx"):
        found = subprocess.run(
            ["npx", "--no-install", "lighthouse", "--version"], capture_output=True, text=True, timeout=120
        )
        if found.returncode == 0:
            return ["npx", "--no-install", "lighthouse"]
    return None


@pytest.fixture(scope="module")
def lighthouse():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    command = lighthouse_command()
    if command is None:
        pytest.skip("Lighthouse is not installed (npm install -g lighthouse): its SEO audits were not run")
    return command


def audit(command, url: str, name: str) -> dict:
    """Lighthouse's SEO report on ``url`` (its JSON), kept in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    report = ARTIFACTS / f"lighthouse-{name}.json"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
    subprocess.run(
        [*command, url, "--only-categories=seo", "--output=json", f"--output-path={report}", "--quiet"]
        + [f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
        timeout=240,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def flagged(report: dict) -> dict[str, str]:
    """{audit id: its title and what it found} for every SEO audit that did not pass."""
    found = {}
    for reference in report["categories"]["seo"]["auditRefs"]:
        result = report["audits"][reference["id"]]
        if result["scoreDisplayMode"] not in UNSCORED and result["score"] != 1:
            found[reference["id"]] = f"{result['title']}: {result.get('explanation') or result.get('details')}"
    return found


@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_seo_flags_nothing(lighthouse, site, name):
    report = audit(lighthouse, site + PAGES[name], name)
    assert report.get("runtimeError") is None, report["runtimeError"]
    assert flagged(report) == {}
    assert report["categories"]["seo"]["score"] == 1
