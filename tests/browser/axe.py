"""Accessibility checks with the vendored axe-core, limited to the WCAG 2.2 A and AA rules.

Our pages forbid inline and injected scripts (script-src 'self'), so axe is not added as a
<script> element: its source is evaluated through the DevTools protocol, which the Content
Security Policy does not govern.
"""

from functools import cache
from pathlib import Path
from typing import Any

AXE_SOURCE = (
    Path(__file__).resolve().parents[2]
    / "samenhier"
    / "static"
    / "vendor"
    / "axe-core"
    / "axe.min.js"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(' '),
      html: n.html,
      summary: n.failureSummary || '',
    })),
  }));
}"""


@cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe on the page's current document; the WCAG 2.2 A/AA violations it finds."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate(_RUN, WCAG_TAGS)


def format_violations(violations: list[dict[str, Any]], *, nodes_shown: int = 3) -> str:
    """A readable report: rule, impact, help, and the first few offending elements."""
    lines = []
    for violation in violations:
        count = len(violation["nodes"])
        lines.append(
            f"- {violation['id']} ({violation['impact']}, {count} element"
            f"{'' if count == 1 else 's'}): {violation['help']}"
        )
        for node in violation["nodes"][:nodes_shown]:
            html = " ".join(node["html"].split())
            if len(html) > 160:
                html = html[:157] + "..."
            lines.append(f"    at {node['target']}: {html}")
            detail = " ".join(node["summary"].split())
            if detail:
                lines.append(f"      {detail[:240]}")
        if count > nodes_shown:
            lines.append(f"    ... and {count - nodes_shown} more")
    return "\n".join(lines)


def assert_no_violations(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe found violations on {page.url}:\n" + format_violations(violations)
