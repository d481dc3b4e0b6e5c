"""What a check run finds: findings, each tracked page's state, the statuses and their labels.

Plain data, shared by the checks that make it and every format, report and site page that
shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sopgen.page import Page
from sopgen.rules import RULES

STATUSES = ("stale", "due", "invalid", "fresh", "draft", "retired")
STATUS_LABELS = {
    "fresh": "Fresh", "due": "Due soon", "stale": "Stale", "draft": "Draft",
    "retired": "Retired", "invalid": "Invalid",
}


@dataclass(frozen=True)
class Finding:
    """One problem on one page: the rule, its severity, where, and what to do."""

    file: str
    line: int | None
    rule: str
    severity: str
    message: str
    src: str = ""


@dataclass
class PageState:
    """A tracked page with its freshness: status, next review date, and its findings."""

    page: Page
    status: str
    next_review: dt.date | None
    findings: list[Finding] = field(default_factory=list)

    def days_to_review(self, today: dt.date) -> int | None:
        """Return days until the next review (negative once past)."""
        return None if self.next_review is None else (self.next_review - today).days


@dataclass
class CheckResult:
    """What a check run found: every tracked page's state and every finding."""

    today: dt.date
    states: list[PageState]
    findings: list[Finding]
    pages: list[Page] = field(default_factory=list)  # every page read, tracked or not

    def findings_by_file(self) -> dict[str, list[Finding]]:
        """Return the findings grouped by file, in page order, each sorted by line."""
        grouped: dict[str, list[Finding]] = {page.file: [] for page in self.pages}
        for item in self.findings:
            grouped.setdefault(item.file, []).append(item)
        return {file: sorted(items, key=lambda f: (f.line or 0, f.rule))
                for file, items in grouped.items() if items}

    def count(self, severity: str) -> int:
        """Return how many findings have this severity."""
        return sum(1 for finding in self.findings if finding.severity == severity)

    def summary(self) -> dict[str, int]:
        """Return counts of pages, findings by severity and pages by status."""
        counts = {"pages": len(self.states), "errors": self.count("error"),
                  "warnings": self.count("warning")}
        for status in STATUSES:
            counts[status] = sum(1 for state in self.states if state.status == status)
        return counts


def finding(page: Page, rule: str, message: str, line: int | None = None,
            severity: str = "") -> Finding:
    """Make a finding on a page (severity empty: the rule's default)."""
    return Finding(page.file, line, rule, severity or RULES[rule][0], message, page.src)
