"""The rule ids of `sopgen check`, their default severities and what each means (the contract)."""

from __future__ import annotations

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
    "not-business-owned": ("error", "an account registered to someone other than the business"),
    "single-admin": ("warning", "an account only one person can get into"),
    "external-only-admin": ("error", "an account whose admins are all external"),
    "renewal-due": ("warning", "an account's renewal inside due_soon (an error once past)"),
    "name-collision": ("error", "two spellings of a person or client that share one page "
                                "of the site (Ana and ana)"),
}

SEVERITY_ORDER = {"error": 2, "warning": 1, "off": 0}


def severity_of(rule: str, overrides: dict[str, str], default: str | None = None) -> str:
    """Return a rule's severity: the wiki's override, else the given or contract default."""
    return overrides.get(rule) or default or RULES[rule][0]
