"""Find passwords, tokens, API keys, private keys and card numbers written into a page.

Written here rather than taken from detect-secrets: its plugins scan whole files line by line with
entropy heuristics (noisy on prose, slow on thousands of pages) and it would be a dependency of its
own. One compiled alternation scans a page in a single pass. Saying *where* a credential is kept
("the password is in the 1Password vault") is fine; the report never repeats the secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# (name, what to call it, the pattern, the prefix safe to show)
_PROVIDERS: list[tuple[str, str, str]] = [
    ("aws", "an AWS access key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    ("aws_secret", "an AWS secret access key",
     r"(?i:aws_?secret_?(?:access_?)?key)[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9/+=]{40}\b"),
    ("github", "a GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})"),
    ("gitlab", "a GitLab token", r"\bglpat-[A-Za-z0-9_-]{20,}"),
    ("slack_webhook", "a Slack webhook URL",
     r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9_/-]{20,}"),
    ("slack", "a Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ("stripe", "a Stripe key", r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}"),
    ("google", "a Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
    ("openai", "an OpenAI API key", r"\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}"),
    ("jwt", "a JSON web token", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    ("bearer", "a bearer token", r"(?i:\bbearer)\s+[A-Za-z0-9._~+/-]{20,}=*"),
    ("private_key", "a private key",
     r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----"),
]
_SECRET_WORDS = r"pass(?:word|wd|code|phrase)?|pwd?|pin|secret|api[_ -]?key|access[_ -]?token|token"
# "password: hunter2", "pw=Spring2026!", "api_key = abc123"
_ASSIGNED = rf"(?i:\b(?:{_SECRET_WORDS}))[\"']?[ \t]*[:=][ \t]*(?P<assigned>[^\s,;]+)"
# "the password is X"
_SAID = rf"(?i:\b(?:{_SECRET_WORDS})[ \t]+(?:is|was|will be)[ \t]*:?)[ \t]+(?P<said>[^\s,;]+)"
_CARD = r"(?<![\d-])(?P<card>\d(?:[ -]?\d){12,18})(?![\d-])"

_SCANNER = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, _label, pattern in _PROVIDERS)
    + f"|{_ASSIGNED}|{_SAID}|{_CARD}"
)
_LABELS = {name: label for name, label, _pattern in _PROVIDERS}
_PREFIXES = re.compile(r"^(AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-"
                       r"|[rs]k_(?:live|test)_|AIza|sk-(?:proj-|svcacct-)?|eyJ"
                       r"|https://hooks\.slack\.com/)")

# Words that start a sentence about *where* a credential is kept, not the credential itself.
_REFERENCE_WORDS = frozenset([
    "in", "inside", "into", "on", "at", "under", "within", "from", "kept", "stored", "saved",
    "held", "located", "available", "managed", "shared", "listed", "found", "written", "see",
    "ask", "the", "a", "an", "our", "your", "their", "its", "this", "that", "same", "not",
    "never", "none", "n/a", "na", "only", "just", "usually", "always", "changed", "rotated",
    "reset", "set", "required", "needed", "sent", "emailed", "given", "known", "provided",
    "generated", "handled", "protected", "secured", "encrypted", "there", "here", "via", "by",
    "with", "using", "per"
])
_FAKE = re.compile(
    r"(?i)example|sample|dummy|fake|placeholder|redacted|xxxx|your[-_]|<|\{|\*\*\*|\.\.\.")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


@dataclass(frozen=True)
class SecretHit:
    """One secret found: what it is, on which line, and a masked form safe to print."""

    kind: str
    line: int
    masked: str


def find_secrets(text: str, first_line: int = 1) -> Iterator[SecretHit]:
    """Yield every secret in `text`; `first_line` is the file line of the text's first line."""
    in_fence: str | None = None
    for offset, line in enumerate(text.split("\n")):
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)[0] * 3
            in_fence = None if in_fence and marker == in_fence else (in_fence or marker)
            continue
        for match in _SCANNER.finditer(line):
            hit = _judge(match, in_fence is not None)
            if hit is not None:
                yield SecretHit(hit[0], first_line + offset, hit[1])


def _judge(match: re.Match[str], in_fence: bool) -> tuple[str, str] | None:
    name = match.lastgroup
    value = match.group(name or 0)
    if in_fence and _FAKE.search(value):
        return None  # a documented, obviously fake example
    if name in ("assigned", "said"):
        return _judge_password(value, spoken=name == "said")
    if name == "card":
        digits = re.sub(r"\D", "", value)
        if not _luhn(digits) or len(set(digits)) < 3:
            return None
        return "a card number", f"card ending {digits[-4:]}"
    prefix = _PREFIXES.match(value)
    return _LABELS[name or ""], mask(value, prefix.group(0) if prefix else "")


def _judge_password(value: str, spoken: bool) -> tuple[str, str] | None:
    word = value.strip("\"'`.:").lower()
    if len(word) < 4 or word in _REFERENCE_WORDS or _FAKE.search(value):
        return None
    if value.startswith(("http", "$", "%", "[", "(", "!ENV", "op://", "vault:")):
        return None  # a link, a variable or a secret manager reference
    quoted = value[:1] in "\"'`"
    if spoken and not quoted and not re.search(r"[\d\W_]", value.strip(".")):
        return None  # "the password is strong": prose, not a password
    return "a password", mask(value, "")


def mask(value: str, keep: str) -> str:
    """Return a form of the secret safe to print: its public prefix, then its length."""
    return f"{keep}****, {len(value)} characters"


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0
