"""Reviewed false alarms: a line's `<!-- sopgen: allow RULE -->` marker and a page's `allow:`.

A marker covers its own line and the next (as gitleaks' `gitleaks:allow`), for the rules it
names; `allow: [rule, ...]` in the front matter covers the whole page (from a folder's
`.meta.yml`, every rule but `secret`, which only the page itself can allow). Suppressed findings are
not counted, do not fail a check or a build, and are listed apart (JSON's `suppressed`). A
suppressed secret is taken at its word, "this is not a secret": it is published as written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from sopgen.page import Page
from sopgen.results import RULES, Finding, finding

_MARKER = re.compile(r"<!--[ \t]*sopgen:[ \t]*allow[ \t]+(?P<rules>[A-Za-z0-9_, \t-]+?)[ \t]*-->")

Marks = dict[int, frozenset[str]]


def markers(page: Page) -> Marks:
    """Return the file lines that markers cover (each its own and the next), with their rules."""
    text = f"{page.front}---\n{page.body}" if page.front else page.body
    if "sopgen:" not in text:
        return {}
    first = 2 if page.front else page.body_line
    marks: dict[int, frozenset[str]] = {}
    for match in _MARKER.finditer(text):
        line = first + text.count("\n", 0, match.start())
        rules = frozenset(r for r in re.split(r"[\s,]+", match.group("rules").lower()) if r)
        for covered in (line, line + 1):
            marks[covered] = marks.get(covered, frozenset()) | rules
    return marks


def suppressed_by(page: Page, rule: str, line: int | None, marks: Marks) -> str:
    """Return "allow" or "marker" when a finding of `rule` on `line` is a reviewed false alarm."""
    allowed = page.values.get("allow")
    # A folder's .meta.yml reviewed no page, least of all ones not yet written: its `allow:`
    # never passes a secret, which the site would then publish as written.
    if allowed and rule in allowed and not (rule == "secret" and "allow" in page.inherited):
        return "allow"
    if line is not None and rule in marks.get(line, ()):
        return "marker"
    return ""


def split(page: Page, found: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Return the findings kept and those suppressed (each marked with what suppressed it)."""
    if not found or (not page.values.get("allow") and "sopgen:" not in page.body
                     and "sopgen:" not in page.front):
        return found, []
    marks = markers(page)
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for item in found:
        by = suppressed_by(page, item.rule, item.line, marks)
        if by:
            suppressed.append(dataclasses.replace(item, suppressed=by))
        else:
            kept.append(item)
    return kept, suppressed


def allow_findings(page: Page) -> Iterator[Finding]:
    """Yield a finding for each rule id in `allow:` that sopgen does not know (a typo allows nothing)."""
    for rule in page.values.get("allow") or ():
        if rule not in RULES:
            yield finding(page, "field-invalid",
                          f"allow: {rule!r} is not a rule id of sopgen check (such as secret, "
                          "unfilled-template, backup-missing)", page.line_of("allow"))
