"""WCAG 2.1 A/AA checks with axe-core in the browser tests.

``assert_accessible(page)`` injects the vendored axe-core (tests/browser/vendor/axe-core, from
npm) into a Playwright page and fails with a readable list of every violation. The ``page``
fixture bypasses the Content-Security-Policy, so the script tag is allowed there.
"""

from __future__ import annotations

from pathlib import Path

AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """async ([tags, exclude]) => {
  const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const result = await axe.run(context, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""


def violations(page, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(_RUN, [WCAG_21_AA, list(exclude)])


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = " ".join(node["summary"].split())[:300]
            lines.append(f"    {node['target']}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … и ещё {len(violation['nodes']) - 8}")
    return "\n".join(lines)


def assert_accessible(page, *, exclude: tuple[str, ...] = ()) -> None:
    """Fail listing every WCAG 2.1 A/AA violation axe-core finds on the page."""
    found = violations(page, exclude=exclude)
    assert not found, f"axe-core на {page.url}:\n{describe(found)}"
