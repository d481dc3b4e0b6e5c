"""Markdown for a CI step summary or a pull-request comment."""

from __future__ import annotations

from sopgen.config import Settings
from sopgen.durations import when
from sopgen.formats.text import plural, status_counts
from sopgen.handover import Holdings
from sopgen.report import Report, Row, build_report
from sopgen.results import STATUS_LABELS, CheckResult


def cell(text: object) -> str:
    """Escape text for a Markdown table cell: no cell break, no HTML tag, no link of its own."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]"))


def code(text: object) -> str:
    """Return text as a code span for a table cell (literal, so only | and ` need care)."""
    return "`" + str(text).replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def _age(row: Row, today) -> str:
    if row.next_review is None:
        return "-"
    return f"{row.next_review} ({when(row.next_review, today)})"


def _table(rows: list[Row], today) -> list[str]:
    lines = ["| Procedure | Status | Review date | Last verified |", "| --- | --- | --- | --- |"]
    for row in rows:
        verified = str(row.last_verified) if row.last_verified else "never"
        if row.state.page.verified_by:
            verified += f" by {row.state.page.verified_by}"
        lines.append(f"| {cell(row.title)} ({code(row.file)}) | {STATUS_LABELS[row.status]} | "
                     f"{_age(row, today)} | {cell(verified)} |")
    return lines


def render_check(result: CheckResult, settings: Settings | None = None) -> str:
    """Render the stale and due pages by owner, then every other error and warning."""
    settings = settings or Settings.of()
    summary = result.summary()
    lines = ["## Procedures: review status", ""]
    lines.append(f"Checked {plural(len(result.pages), 'page')} on {result.today}: "
                 f"{plural(summary['errors'], 'error')}, {plural(summary['warnings'], 'warning')}; "
                 f"procedures: {status_counts(summary)}.")
    lines.append("")
    report = build_report(result, settings, "owner")
    attention = [(g, [r for r in g.rows if r.status in ("stale", "due")]) for g in report.groups]
    attention = [(g, rows) for g, rows in attention if rows]
    if attention:
        lines += ["### Stale and due for review, by owner", ""]
        for group, rows in attention:
            lines += [f"#### {cell(group.label)}", "", *_table(rows, result.today), ""]
    else:
        lines += ["No procedure is stale or due for review.", ""]
    shown = {"stale", "due-soon"}
    others = [f for fs in result.findings_by_file().values() for f in fs if f.rule not in shown]
    if others:
        lines += ["### Other findings", "", "| Page | Line | Severity | Rule | Message |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [f"| {code(f.file)} | {f.line or ''} | {f.severity} | {f.rule} | "
                  f"{cell(f.message)} |" for f in others]
        lines.append("")
    return "\n".join(lines)


def render_report(report: Report) -> str:
    """Render the freshness overview as one table per group."""
    lines = [f"## Procedures by {report.by}", "",
             f"{plural(report.total, 'page')} on {report.today}: {status_counts(report.summary)}.",
             ""]
    for group in report.groups:
        lines += [f"### {cell(group.label)}", "", *_table(group.rows, report.today), ""]
    return "\n".join(lines)


def render_handover(held: Holdings) -> str:
    """Render the holdings as Markdown tables."""
    lines = [f"## What depends on {cell(held.name)}", ""]
    for _key, title, states in held.sections():
        lines += [f"### {title} ({len(states)})", "", "| Page | Status | Note |",
                  "| --- | --- | --- |"]
        lines += [f"| {cell(s.page.title)} ({code(s.page.file)}) | {STATUS_LABELS[s.status]} | "
                  f"{cell(held.note(s))} |" for s in states]
        lines.append("")
    return "\n".join(lines)
