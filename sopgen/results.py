"""What a check run finds: the rule ids, findings, each tracked page's state and its status.

Plain data, shared by the checks that make it and every format, report and site page that
shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sopgen.page import RESTING, Page

# The rule ids of `sopgen check` (part of the contract), their default severities and meaning.
RULES: dict[str, tuple[str, str]] = {
    "front-matter": ("error", "front matter missing, unparsable, not a mapping, or file unreadable"),
    "owner-missing": ("error", "no owner"),
    "last-verified-missing": ("error", "no last_verified"),
    "last-verified-invalid": ("error", "last_verified is not a real date, or is in the future"),
    "stale": ("error", "past its review date"),
    "due-soon": ("warning", "inside the due_soon window before its review date"),
    "backup-missing": ("warning", "no backup: one person holds the only copy of how it is done"),
    "unknown-person": ("error", "owner, backup, verified_by or admin not in the team list"),
    "unknown-account": ("error", "uses names no account page"),
    "unfilled-template": ("error", "template placeholder text left in the page"),
    "secret": ("error", "a password, token, API key or private key written into the page"),
    "duplicate-title": ("warning", "two pages with one title"),
    "field-invalid": ("error", "a known field with a wrong type or value"),
    "not-business-owned": ("error", "an account registered to someone other than the business "
                                    "(for a client's account: the client's legal name)"),
    "single-admin": ("warning", "an account only one person can get into"),
    "external-only-admin": ("error", "an account whose admins are all external (for a client's "
                                     "account: none of them among the client's own people)"),
    "personal-login": ("warning", "an account's login email at a consumer mail domain, not the "
                                  "business's or client's own"),
    "unknown-client": ("error", "client names no client declared in the settings"),
    "renewal-due": ("warning", "an account's renewal inside due_soon (an error once past)"),
    "unverified": ("warning", "an adopted page nobody has verified yet (an error once past its "
                              "first_review date)"),
    "name-collision": ("error", "two spellings of a person or client that share one page "
                                "of the site (Ana and ana)"),
}

SEVERITY_ORDER = {"error": 2, "warning": 1, "off": 0}


def severity_of(rule: str, overrides: dict[str, str], default: str | None = None) -> str:
    """Return a rule's severity: the wiki's override, else the given or contract default."""
    return overrides.get(rule) or default or RULES[rule][0]


def at_or_above(severity: str, level: str) -> bool:
    """Return whether a finding of `severity` counts at the fail level `level` (or "never")."""
    if level == "never":
        return False
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[level]


STATUSES = ("stale", "due", "unverified", "invalid", "fresh", "draft", "retired")
STATUS_LABELS = {
    "fresh": "Fresh", "due": "Due soon", "stale": "Stale", "draft": "Draft",
    "retired": "Retired", "invalid": "Invalid", "unverified": "Never verified",
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
    suppressed: str = ""  # "marker" or "allow" when a reviewed false alarm (checks/suppress.py)

    @property
    def where(self) -> str:
        """Return where it is, as messages name it: `file:line`, or the file alone."""
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class PageState:
    """A tracked page with its freshness: status, next review date, and its findings."""

    page: Page
    status: str
    next_review: dt.date | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def resting(self) -> bool:
        """Return whether the page rests (draft or retired): no review date applies."""
        return self.status in RESTING

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
    suppressed: list[Finding] = field(default_factory=list)  # reviewed false alarms, not counted

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

    def secrets_refusal(self, nothing: str) -> str | None:
        """Return why nothing may be published (a site, a copy, a pack) while a secret is
        written in the wiki, naming each (masked); None when there is none.

        `nothing` says what was not written: "no site was written".
        """
        secrets = [f for f in self.findings if f.rule == "secret"]
        if not secrets:
            return None
        listed = "\n".join(f"  {f.where}: {f.message}"
                           for f in secrets)
        return (f"{len(secrets)} secret{'s' if len(secrets) != 1 else ''} in the docs; "
                f"{nothing}:\n{listed}")

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
