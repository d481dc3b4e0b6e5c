"""Renderers of check results, reports and handovers: one module per output format."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sopgen.config import Settings
    from sopgen.handover import Holdings
    from sopgen.report import Report
    from sopgen.results import CheckResult

# Each renderer is imported when used: the CLI reads the format names at start-up, and a check
# should not pay for the JSON, JUnit and Markdown modules (and what they import) it never uses.

CHECK_FORMATS = ("text", "json", "junit", "github", "markdown")
REPORT_FORMATS = ("text", "json", "markdown")


def render_check(result: CheckResult, fmt: str, fail_on: str = "error", color: bool = False,
                 settings: Settings | None = None, indent: int | None = None) -> str:
    """Render a CheckResult in one of CHECK_FORMATS."""
    module = _renderer(fmt)
    if fmt == "text":
        return module.render_check(result, color=color)
    if fmt == "json":
        return module.render_check(result, indent)
    if fmt == "junit":
        return module.render_check(result, fail_on)
    if fmt == "github":
        return module.render_check(result)
    return module.render_check(result, settings)


def render_report(report: Report, fmt: str, color: bool = False, indent: int | None = None) -> str:
    """Render the freshness overview in one of REPORT_FORMATS."""
    module = _renderer(fmt)
    if fmt == "json":
        return module.render_report(report, indent)
    if fmt == "markdown":
        return module.render_report(report)
    return module.render_report(report, color=color)


def render_handover(held: Holdings, fmt: str, indent: int | None = None) -> str:
    """Render what depends on a person in one of REPORT_FORMATS."""
    module = _renderer(fmt)
    if fmt == "json":
        return module.render_handover(held, indent)
    return module.render_handover(held)


def _renderer(fmt: str) -> ModuleType:
    return importlib.import_module(f"sopgen.formats.{fmt if fmt in CHECK_FORMATS else 'text'}")
