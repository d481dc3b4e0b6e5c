"""The stable machine interface: JSON, version 1 (compact, one line, unless indented)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sopgen.results import CheckResult, PageState

if TYPE_CHECKING:  # a check's JSON needs neither, and handover imports ruamel (~50 ms)
    from sopgen.handover import Holdings
    from sopgen.report import Report

VERSION = 1


def page_record(state: PageState) -> dict[str, Any]:
    """Return the JSON record of one tracked page."""
    page = state.page
    return {
        "path": page.file,
        "title": page.title,
        "kind": page.kind,
        "owner": page.owner,
        "backup": page.backup,
        "client": page.client,
        "status": state.status,
        "last_verified": page.last_verified.isoformat() if page.last_verified else None,
        "verified_by": page.verified_by,
        "next_review": state.next_review.isoformat() if state.next_review else None,
    }


def render_check(result: CheckResult, indent: int | None = None) -> str:
    """Render every tracked page and every finding as JSON, version 1."""
    document = {
        "version": VERSION,
        "today": result.today.isoformat(),
        "summary": result.summary(),
        "pages": [page_record(state) for state in result.states],
        "findings": [
            {"path": f.file, "line": f.line, "rule": f.rule, "severity": f.severity,
             "message": f.message}
            for findings in result.findings_by_file().values() for f in findings
        ],
        # Reviewed false alarms (a `<!-- sopgen: allow RULE -->` marker or the page's `allow:`):
        # not counted in the summary; `by` says which silenced each.
        "suppressed": [
            {"path": f.file, "line": f.line, "rule": f.rule, "severity": f.severity,
             "message": f.message, "by": f.suppressed}
            for f in result.suppressed
        ],
    }
    return dump(document, indent)


def render_report(report: Report, indent: int | None = None) -> str:
    """Render the freshness overview as JSON, version 1."""
    document = {
        "version": VERSION,
        "today": report.today.isoformat(),
        "by": report.by,
        "summary": report.summary,
        "groups": [
            {"name": group.key, "label": group.label,
             "pages": [page_record(row.state) for row in group.rows]}
            for group in report.groups
        ],
    }
    return dump(document, indent)


def render_handover(held: Holdings, indent: int | None = None) -> str:
    """Render the holdings as JSON, version 1."""
    from sopgen.handover import SECTIONS

    document: dict = {"version": VERSION, "person": held.person, "name": held.name}
    for key, _title in SECTIONS:
        document[key] = [page_record(state) for state in getattr(held, key)]
    return dump(document, indent)


def dump(document: Any, indent: int | None = None) -> str:
    """Return a document as JSON text ending in a newline: one line, or indented by `indent`."""
    if indent is None:
        # Compact uses json's C encoder; any indent falls back to its pure-Python one.
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(document, indent=indent, ensure_ascii=False) + "\n"
