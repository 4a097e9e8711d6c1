"""axe-core in a Playwright page: the rules it breaks, and an assertion that lists them.

axe-core comes as a file, never from a CDN: the `axe-playwright-python` package (requirements-dev.txt)
ships `axe.min.js`, which is all of it we use. It is evaluated through the DevTools protocol
(`page.evaluate`), which the page's Content-Security-Policy does not govern, so the strict CSP stays
as it is served. Without the package the calling test is skipped, naming it.
"""

from functools import cache
from importlib import resources

import pytest

# Standards axe checks by default plus best practices: "0 violations" means all of them, every impact.
DEFAULT_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def axe_source() -> str:
    try:
        return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("axe-core is not installed (pip install -r requirements-dev.txt: axe-playwright-python)")


def axe_violations(page, *, rules=None, tags=None) -> list[dict]:
    """axe-core's violations on the page as it is now: its own dicts (id, impact, help, helpUrl, nodes).

    `rules` limits the run to those rule ids; otherwise every rule tagged `tags` (DEFAULT_TAGS) runs.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    if rules:
        options = {"runOnly": {"type": "rule", "values": list(rules)}}
    else:
        options = {"runOnly": {"type": "tag", "values": list(tags or DEFAULT_TAGS)}}
    # axe-core adds a <style> of its own while it runs, which the strict CSP refuses (and it copes
    # without): that report is axe's doing, not the page's, so the CSP watcher (conftest.py) forgets it.
    result = page.evaluate(
        """async (options) => {
          const seen = (window.__cspViolations || []).length;
          const result = await axe.run(document, options);
          if (window.__cspViolations) {
            const during = window.__cspViolations.splice(seen);
            window.__cspViolations.push(...during.filter((v) => v !== "style-src-elem inline"));
          }
          return result;
        }""",
        options,
    )
    return result["violations"]


def describe(violations) -> str:
    """One line a rule, then one a node: rule id, impact, help, its URL; each node's target selectors."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = " ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page, *, rules=None, tags=None) -> None:
    violations = axe_violations(page, rules=rules, tags=tags)
    count = sum(len(violation["nodes"]) for violation in violations)
    assert not violations, f"{count} axe-core violation(s) on {page.url}:\n{describe(violations)}"
