"""Plain text for people at a terminal: findings grouped by page, then a summary line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sopgen.results import STATUS_LABELS, STATUSES, CheckResult

if TYPE_CHECKING:  # only named in annotations: a check never loads handover and its editor
    from sopgen.handover import Holdings
    from sopgen.report import Report

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "stale": "\x1b[31m", "due": "\x1b[33m",
           "fresh": "\x1b[32m", "invalid": "\x1b[31m", "unverified": "\x1b[33m", "bold": "\x1b[1m"}
_RESET = "\x1b[0m"


def _painter(color: bool) -> Callable[[str, str], str]:
    def paint(text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if color and style in _COLORS else text
    return paint


def plural(count: int, word: str, words: str | None = None) -> str:
    """Return "1 error", "2 errors"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def status_counts(summary: dict[str, int]) -> str:
    """Return "10 fresh, 1 due soon, 1 stale" for the statuses present."""
    parts = [f"{summary[s]} {STATUS_LABELS[s].lower()}" for s in STATUSES if summary.get(s)]
    return ", ".join(parts) or "no procedures"


def render_check(result: CheckResult, color: bool = False) -> str:
    """Render findings grouped by page, with a closing summary line."""
    paint = _painter(color)
    lines: list[str] = []
    by_file = result.findings_by_file()
    for file, findings in by_file.items():
        lines.append(paint(file, "bold"))
        rule_width = max(len(f.rule) for f in findings)
        for item in findings:
            where = str(item.line) if item.line else "-"
            severity = paint(item.severity.ljust(7), item.severity)
            lines.append(f"  {where.rjust(4)}  {severity}  {item.rule.ljust(rule_width)}  "
                         f"{item.message}")
        lines.append("")
    summary = result.summary()
    pages = len(result.pages)
    if result.findings:
        problems = f"{plural(summary['errors'], 'error')}, {plural(summary['warnings'], 'warning')}"
        names = {page.file for page in result.pages}
        in_pages = sum(1 for file in by_file if file in names)
        head = f"{problems} in {plural(in_pages, 'page')} of {pages}"
        if len(by_file) > in_pages:  # a text file under docs, or the settings, held a secret
            head += f" and {plural(len(by_file) - in_pages, 'other file')}"
    else:
        head = f"No problems in {plural(pages, 'page')}"
    if result.suppressed:
        secrets = sum(1 for item in result.suppressed if item.rule == "secret")
        # A suppressed secret is published as written: say so, not only in the JSON.
        said = f", {secrets} of them {'a secret' if secrets == 1 else 'secrets'} published " \
               "as written" if secrets else ""
        head += f" ({len(result.suppressed)} suppressed as reviewed false alarms{said})"
    lines.append(f"{head}; procedures: {status_counts(summary)}.")
    return "\n".join(lines) + "\n"


def render_report(report: Report, color: bool = False) -> str:
    """Render the freshness overview: groups, then each page soonest due first."""
    paint = _painter(color)
    lines: list[str] = []
    for group in report.groups:
        lines.append(paint(f"{group.label} ({plural(len(group.rows), 'page')})", "bold"))
        for row in group.rows:
            status = paint(STATUS_LABELS[row.status].ljust(8), row.status)
            review = str(row.next_review) if row.next_review else "-".ljust(10)
            lines.append(f"  {status}  {review}  {row.title}  ({row.file}; owner {row.owner}, "
                         f"last verified {row.last_verified or 'never'})")
        lines.append("")
    lines.append(f"{plural(report.total, 'page')}: {status_counts(report.summary)}.")
    return "\n".join(lines) + "\n"


def render_handover(held: Holdings) -> str:
    """Render the holdings for a person at a terminal."""
    who = held.name if held.name == held.person else f"{held.name} ({held.person})"
    lines = [f"What depends on {who}:", ""]
    for _key, title, states in held.sections():
        lines.append(f"{title} ({len(states)}):")
        for state in states:
            lines.append(f"  {STATUS_LABELS[state.status]:<8}  {state.page.title}  "
                         f"({state.page.file}; {held.note(state)})")
        lines.append("")
    lines.append(f"To move it all: sopgen handover {held.person} --to OTHER --dry-run")
    return "\n".join(lines) + "\n"
