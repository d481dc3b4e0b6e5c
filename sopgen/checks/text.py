"""Text rules: secrets and template placeholders, found by scanning a page's whole text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sopgen.checks.suppress import markers, suppressed_by
from sopgen.codeblocks import outside_code
from sopgen.page import Page
from sopgen.results import Finding, finding
from sopgen.secrets import SecretHit, find_secrets, looks_like_password, mask, secret_message

_PLACEHOLDER_MARKERS = ("TODO", "TBD", "FIXME", "XXX", "<!--", "{")
_PLACEHOLDER_WORDS = re.compile(r"\b(?P<word>TODO|TBD|FIXME|XXX)\b|(?P<fill><!--\s*fill\b)")
_PLACEHOLDER = re.compile(
    r"\b(?P<word>TODO|TBD|FIXME|XXX)\b|(?P<fill><!--\s*fill\b)"
    r"|(?P<jinja>\{\{[^{}\n]{0,200}\}\}|\{%[^%\n]{0,200}%\})")


# What a file name must hold to be worth a secret scan: a token's prefix or separator, a run
# of digits, a password word. Most names are words and hyphens ("send-the-newsletter.md").
_NAME_SUSPECT = re.compile(r"(?i)_|\d{4}|pass|pw|pin|secret|api|token|key|akia|asia|aiza|eyj|"
                           r"xox|sk-|glpat|bearer")


def text_findings(page: Page, macros: bool = False) -> Iterator[Finding]:
    """Yield secrets and placeholders; the secrets found are added to `page.secrets`.

    With `macros`, `{{ ... }}` and `{% ... %}` are mkdocs-macros' to render, not leftovers.
    """
    # One scan of the whole file: front matter from line 2, its closing line, then the body.
    text = f"{page.front}---\n{page.body}" if page.front else page.body
    marks = markers(page) if "sopgen:" in text else {}
    for hit in find_secrets(text, 2 if page.front else page.body_line):
        # A reviewed false alarm ("not a secret") is published as written: never masked.
        if not suppressed_by(page, "secret", hit.line, marks):
            page.secrets.append(hit.value)
        yield _secret_finding(page, hit)
    if "\\" in page.front:
        # YAML escapes ("gh\x70_...") hide a secret from the text; the values show it.
        for key, value in page.meta.items():
            if not isinstance(value, str) or value in text:
                continue
            for hit in find_secrets(f"{key}: {value}"):
                if not suppressed_by(page, "secret", page.line_of(key), marks):
                    page.secrets.append(hit.value)
                yield finding(page, "secret", secret_message(hit), page.line_of(key))
    for hit in (find_secrets(page.src) if _NAME_SUSPECT.search(page.src) else ()):
        if not suppressed_by(page, "secret", None, marks):
            page.secrets.append(hit.value)
        yield finding(page, "secret", secret_message(hit, "the file's name"))
    if page.kind == "account":
        for name in ("credentials", "recovery"):
            value = page.values.get(name)
            if (isinstance(value, str) and value not in page.secrets
                    and looks_like_password(value)):
                if not suppressed_by(page, "secret", page.line_of(name), marks):
                    page.secrets.append(value)
                yield finding(page, "secret",
                              f"{name} holds what looks like a password ({mask(value, '')}), "
                              "not where it is kept: remove it, rotate it, and name the place "
                              "(e.g. the password manager's vault and item)", page.line_of(name))
    if not any(marker in page.body for marker in _PLACEHOLDER_MARKERS):
        return
    pattern = _PLACEHOLDER_WORDS if macros else _PLACEHOLDER
    for offset, line in enumerate(outside_code(page.body)):
        match = next((m for m in pattern.finditer(line) if _placeholder(line, m)), None)
        if match:
            what = match.group("word") or ("a fill-in comment" if match.group("fill")
                                           else "unrendered template code")
            yield finding(page, "unfilled-template",
                          f"template placeholder left in the page ({what}): write the real text",
                          page.body_line + offset)


# What may stand before a placeholder word that starts a line: list, quote, heading and
# checkbox marks ("1. TODO write the steps", "- [ ] TBD").
_LINE_START = re.compile(r"[ \t]*(?:(?:[-*+>#]+|\d+[.)])[ \t]*)*(?:\[[ xX]\][ \t]*)?")


_QUOTES = ("\"", "'", "“", "‘", "«")


def _placeholder(line: str, match: re.Match[str]) -> bool:
    """Return whether a match is a placeholder, not prose that names one ("prefix with TODO")."""
    if not match.group("word"):
        return True  # a fill-in comment or template code is never prose
    before, after = line[:match.start()], line[match.end():]
    if line.lstrip(" \t").startswith(">") or before.endswith(_QUOTES):
        return False  # quoted, in a blockquote or quotation marks: an example of a note
    return (_LINE_START.fullmatch(before) is not None or after.startswith(":")
            or before.endswith(("(", "[", "<")))


def _secret_finding(page: Page, hit: SecretHit) -> Finding:
    return finding(page, "secret", secret_message(hit), hit.line)
