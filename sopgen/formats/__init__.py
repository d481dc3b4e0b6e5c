"""Renderers of check results and reports, one module per output format."""

from __future__ import annotations

from sopgen.rules import SEVERITY_ORDER

CHECK_FORMATS = ("text", "json", "junit", "github", "markdown")
REPORT_FORMATS = ("text", "json", "markdown")


def at_or_above(severity: str, level: str) -> bool:
    """Return whether a finding of `severity` counts at the fail level `level`."""
    if level == "never":
        return False
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[level]


def render_check(result, fmt: str, fail_on: str = "error", color: bool = False,
                 settings=None) -> str:
    """Render a CheckResult in one of CHECK_FORMATS."""
    if fmt == "text":
        from sopgen.formats.text import render_check as render
        return render(result, color=color)
    if fmt == "json":
        from sopgen.formats.json import render_check as render
        return render(result)
    if fmt == "junit":
        from sopgen.formats.junit import render_check as render
        return render(result, fail_on)
    if fmt == "github":
        from sopgen.formats.github import render_check as render
        return render(result)
    from sopgen.formats.markdown import render_check as render
    return render(result, settings)
