"""Renderers of check results, reports and handovers: one module per output format."""

from __future__ import annotations

from sopgen.config import Settings
from sopgen.formats import github, json, junit, markdown, text
from sopgen.handover import Holdings
from sopgen.report import Report
from sopgen.results import CheckResult

CHECK_FORMATS = ("text", "json", "junit", "github", "markdown")
REPORT_FORMATS = ("text", "json", "markdown")


def render_check(result: CheckResult, fmt: str, fail_on: str = "error", color: bool = False,
                 settings: Settings | None = None, indent: int | None = None) -> str:
    """Render a CheckResult in one of CHECK_FORMATS."""
    if fmt == "text":
        return text.render_check(result, color=color)
    if fmt == "json":
        return json.render_check(result, indent)
    if fmt == "junit":
        return junit.render_check(result, fail_on)
    if fmt == "github":
        return github.render_check(result)
    return markdown.render_check(result, settings)


def render_report(report: Report, fmt: str, color: bool = False, indent: int | None = None) -> str:
    """Render the freshness overview in one of REPORT_FORMATS."""
    if fmt == "json":
        return json.render_report(report, indent)
    if fmt == "markdown":
        return markdown.render_report(report)
    return text.render_report(report, color=color)


def render_handover(held: Holdings, fmt: str, indent: int | None = None) -> str:
    """Render what depends on a person in one of REPORT_FORMATS."""
    if fmt == "json":
        return json.render_handover(held, indent)
    module = {"json": json, "markdown": markdown}.get(fmt, text)
    return module.render_handover(held)
