"""Find passwords, tokens, API keys, private keys and card numbers written into a page.

Written here rather than taken from detect-secrets: its plugins scan whole files line by line with
entropy heuristics (noisy on prose, slow on thousands of pages) and it would be a dependency of its
own. As in gitleaks, each detector has keywords: its pattern runs only on a text that contains one
(a fast substring search), so a clean page costs a few substring tests. Saying *where* a
credential is kept ("the password is in the 1Password vault") is fine; the report never repeats
the secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sopgen.codeblocks import fenced_ranges

# Detectors grouped under a gate: a substring every match contains (case as written), so a page
# without it costs one C-level search instead of a regex scan. (gate, [(what it is, pattern)])
# A token glued to a word by "_" (DEPLOY_ghp_...) is still a token: the patterns look for no
# letter or digit before them rather than a word boundary. Those in _TOKENS match a token: a run
# of at least TOKEN_RUN letters, digits, "_" and "-". The gates in _CASELESS are looked for in
# the lowercased text: their detectors ignore case ("AWS_SECRET_ACCESS_KEY", "BEARER").
_GATED: list[tuple[str | tuple[str, ...], list[tuple[str, str]]]] = [
    ("gh", [("a GitHub token",
             r"(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})")]),
    ("k_", [("a Stripe key", r"(?<![A-Za-z0-9])[rs]k_(?:live|test)_[A-Za-z0-9]{16,255}")]),
    ("ecret", [("an AWS secret access key",
                r"(?i:aws_?secret_?(?:access_?)?key)[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9/+=]{40}\b")]),
    ("AKIA", [("an AWS access key", r"(?<![A-Za-z0-9])AKIA[0-9A-Z]{16}(?![0-9A-Z])")]),
    ("ASIA", [("an AWS access key", r"(?<![A-Za-z0-9])ASIA[0-9A-Z]{16}(?![0-9A-Z])")]),
    ("glpat-", [("a GitLab token", r"(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,255}")]),
    ("hooks.slack.com", [("a Slack webhook URL",
                          r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9_/-]{20,255}")]),
    ("xox", [("a Slack token", r"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,255}")]),
    ("AIza", [("a Google API key", r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])")]),
    ("sk-", [("an OpenAI API key", r"(?<![A-Za-z0-9])sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,255}")]),
    ("eyJ", [("a JSON web token",  # bounded and possessive: a long run costs linear time
              r"(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]{8,2000}+\.eyJ[A-Za-z0-9_-]{8,2000}+\.[A-Za-z0-9_-]{8,2000}")]),
    ("bearer", [("a bearer token",
                            r"\b[Bb][Ee][Aa][Rr][Ee][Rr][ \t]+[A-Za-z0-9._~+/-]{20,2000}+=*")]),
    ("PRIVATE KEY", [("a private key", r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----")]),
    ("-us", [("a Mailchimp API key", r"(?<![A-Za-z0-9])[0-9a-f]{32}-us[0-9]{1,2}(?![A-Za-z0-9])")]),
    ("SG.", [("a SendGrid API key",
              r"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}(?![A-Za-z0-9_-])")]),
    # Twilio: an API key (SK...) or an account id (AC...), each 32 hex digits; a hex run with
    # capitals mixed in is a hash or an id of something else.
    (("SK", "AC"), [("a Twilio key", r"(?<![A-Za-z0-9])(?:SK|AC)(?:[0-9a-f]{32}|[0-9A-F]{32})"
                                     r"(?![A-Za-z0-9])")]),
    # A Discord bot token has no fixed prefix: as gitleaks does, look only where Discord is named.
    (("iscord", "ISCORD"), [("a Discord bot token",
                             r"(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\."
                             r"[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-])")]),
    # A Telegram bot token: the bot's number, a colon, 35 characters (they start with AA).
    ((":AA", "elegram"), [("a Telegram bot token",
                           r"(?<![A-Za-z0-9])[0-9]{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])")]),
    ("shp", [("a Shopify token", r"(?<![A-Za-z0-9])shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}(?![A-Za-z0-9])")]),
    ("npm_", [("an npm token", r"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])")]),
]
# The detectors whose every match holds a token. Prose has no run that long (its longest words
# are shorter), so for most pages one translate and one search rule all of these out at once,
# instead of a search for each gate: measured, 45 us of a 3.4 KB page's 100 us scan.
TOKEN_RUN = 15
_TOKENS = frozenset(["a GitHub token", "a Stripe key", "an AWS access key", "a GitLab token",
                     "a Slack token", "a Google API key", "an OpenAI API key",
                     "a Mailchimp API key", "a SendGrid API key", "a Twilio key",
                     "a Discord bot token", "a Telegram bot token", "a Shopify token",
                     "an npm token"])
_CASELESS = frozenset(["ecret", "bearer"])
# Each detector has one gate or two (either will do), and needs a token or not.
_DETECTORS = [((gate,) if isinstance(gate, str) else gate,
               all(label in _TOKENS for label, _ in group),
               [(label, re.compile(pattern)) for label, pattern in group])
              for gate, group in _GATED]


def _run_table(chars: str) -> bytes:
    """Return a bytes.translate table mapping `chars` to "x" and every other byte to " "."""
    return bytes(ord("x") if chr(i) in chars else ord(" ") for i in range(256))


_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_TOKEN_TABLE = _run_table(_ALNUM + "_-")
_CARD_RUN = 13  # _DIGIT_RUN's shortest match
_CARD_TABLE = _run_table("0123456789 -")
# A password written into a link: https://user:password@host/ (the user part of the link).
_USERINFO = re.compile(r"[^\s:@/?#<>\[\]]{1,128}:(?P<password>[^\s:@/?#<>\[\]]{1,256})@[^\s/@]")
# A door, alarm or safe code is a secret as much as a password ("the door code is 4821").
_SECRET_WORDS = (r"pass(?:word|wd|code|phrase)?|pwd?|pin|secret|api[_ -]?key|access[_ -]?token"
                 r"|token|(?:door|alarm|gate|safe|lock|entry|key ?pad)[ _-]?(?:code|combination)")
# Where each of _SECRET_WORDS can start: a door, alarm or safe code is found from its "code".
_PASSWORD_KEYWORDS = ("pass", "pw", "pin", "secret", "api", "token")
_CODE_KEYWORDS = ("code", "combination")
# "password: hunter2", "pw=Spring2026!", "api_key = abc123"; or "the password is X". Matched only
# where a keyword starts a word (found with str.find): scanning every position is 17x slower.
# Markdown emphasis may wrap the word or the colon ("**Password:** x", "**Password**: x"), and a
# table may hold the value in the next cell ("| Password | x |").
_PASSWORD = re.compile(
    rf"(?i:{_SECRET_WORDS})[\"'*_]{{0,3}}[ \t]*[:=][*_]{{0,3}}[ \t]*(?P<assigned>[^\s,;|]+)"
    rf"|(?i:{_SECRET_WORDS})[*_]{{0,3}}[ \t]*\|[ \t]*(?P<cell>[^\s|]+)[ \t]*\|"
    rf"|(?i:(?:{_SECRET_WORDS})[ \t]+(?:is|was|will be)[ \t]*:?)[ \t]+(?P<said>[^\s,;]+)")
# A short numeric code right after the word for it, with no "is" or colon: "door code 4821",
# "PIN 4821", "safe combination 0519", "alarm code #4821". Matched (on the lowercased text) only
# where such a word is found by str.find: a regex scan of every position of every page that
# says "code" costs ten times more.
_CODE_AFTER = re.compile(r"(?:code|combination|pin(?:[ _-]?(?:code|number))?)[ \t]*"
                         r"(?:#|no\.?)?[ \t]*(?P<code>[0-9]{4,8})(?![0-9a-z])")
_CODE_PLACE = re.compile(r"(?:door|alarm|gate|safe|lock|entry|key ?pad)[ _-]?$")
# A run of digits, spaces and hyphens (cheap to scan), then checked as a card number.
_DIGIT_RUN = re.compile(r"[0-9][0-9 -]{11,40}[0-9]")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s)\]>\"']+", re.IGNORECASE)
_CARD = re.compile(r"\d(?:[ -]?\d){12,18}")
_PREFIXES = re.compile(r"^(AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-"
                       r"|[rs]k_(?:live|test)_|AIza|sk-(?:proj-|svcacct-)?|eyJ"
                       r"|https://hooks\.slack\.com/|SG\.|shp(?:at|ss|ca|pa)_|npm_)")

# Words that start a sentence about *where* a credential is kept, not the credential itself.
_REFERENCE_WORDS = frozenset([
    "true", "false", "yes", "no", "null", "none", "required", "optional", "enabled", "disabled",
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


@dataclass(frozen=True)
class SecretHit:
    """One secret found: what it is, on which line, and a masked form safe to print."""

    kind: str
    line: int
    masked: str
    value: str = field(repr=False)  # the secret itself: only for masking it elsewhere, never shown


def find_secrets(text: str, first_line: int = 1) -> Iterator[SecretHit]:
    """Yield every secret in `text`; `first_line` is the file line of the text's first line."""
    found: list[tuple[int, int, str, str, str]] = []  # (start, end, kind, masked, value)
    data = text.encode("utf-8", "surrogatepass")  # the tables map every non-ASCII byte to " "
    tokens = data.translate(_TOKEN_TABLE).find(b"x" * TOKEN_RUN) != -1
    lower = _lower(text)
    where = {word: _find_all(lower, word) for word in (*_PASSWORD_KEYWORDS, *_CODE_KEYWORDS)}
    for gates, token, group in _DETECTORS:
        if token and not tokens:
            continue
        if gates[0] in _CASELESS:
            if gates[0] not in lower:
                continue
        elif gates[0] not in text and (len(gates) == 1 or gates[1] not in text):
            continue
        for label, pattern in group:
            for match in pattern.finditer(text):
                prefix = _PREFIXES.match(match.group(0))
                found.append((match.start(), match.end(), label,
                              mask(match.group(0), prefix.group(0) if prefix else ""),
                              match.group(0)))
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)] if "://" in text else []
    if urls and "@" in text:
        for low, high in urls:
            start = text.find("://", low, high) + 3
            credentials = _USERINFO.match(text, start, high)
            if credentials is not None and is_password(credentials.group("password")):
                value = credentials.group("password")
                found.append((credentials.start("password"), credentials.end("password"),
                              "a password in a link", mask(value, ""), value))
    for match in _password_matches(text, lower, where):
        value = match.group("said") or match.group("assigned") or match.group("cell")
        if is_password(value):
            found.append((match.start(), match.end(), "a password", mask(value, ""), value))
    for match in _code_matches(lower, where):
        value = match.group("code")
        found.append((match.start(), match.end(), "a password", mask(value, ""), value))
    cards = data.translate(_CARD_TABLE).find(b"x" * _CARD_RUN) != -1
    for run in (_DIGIT_RUN.finditer(text) if cards else ()):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end():run.end() + 1] or " "
        if before == "-" or after == "-":
            continue  # part of a date range or an id
        if before.isalnum() or before in "_/.=#+" or after.isalnum() or after in "_/":
            continue  # a card stands as a number, not inside a longer id, a path or a decimal
        if any(low <= run.start() < high for low, high in urls):
            continue  # an ISBN or a post's number in a link, not a card
        if "isbn" in lower[max(0, run.start() - 12):run.start()]:
            continue  # "ISBN 978-1-4920-5634-8": a book, whatever Luhn says
        card = _CARD.fullmatch(run.group(0).strip(" -"))
        if card is None:
            continue
        digits = re.sub(r"\D", "", card.group(0))
        if _luhn(digits) and len(set(digits)) >= 3:
            found.append((run.start(), run.end(), "a card number", f"card ending {digits[-4:]}",
                          run.group(0).strip(" -")))
    if not found:
        return
    # "API_KEY=SG.xxx": the provider's own detector says better what it is than "a password".
    named = [(start, end) for start, end, kind, _, _ in found if kind != "a password"]
    if named and len(named) < len(found):
        found = [hit for hit in found if hit[2] != "a password"
                 or not any(hit[0] <= start < hit[1] for start, _ in named)]
    fences = fenced_ranges(text)
    covered = 0
    for start, end, kind, masked, value in sorted(found):
        if start < covered:
            continue  # the same secret, found by a second detector ("token": "ghp_...")
        covered = end
        fenced = any(low <= start < high for low, high in fences)
        if fenced and _FAKE.search(text[start:end]):
            continue  # a documented, obviously fake example
        yield SecretHit(kind, first_line + text.count("\n", 0, start), masked, value)


def _lower(text: str) -> str:
    """Return `text` lowercased, each character where it was: the scans match `text` at its indices."""
    lower = text.lower()
    if len(lower) != len(text):  # "İ" lowercases to two characters ("i" and a dot above)
        lower = text.replace("İ", "i").lower()
    if "ſ" in lower:  # a long s: the patterns that ignore case take it for an "s"
        lower = lower.replace("ſ", "s")
    return lower


def _find_all(text: str, word: str) -> list[int]:
    """Return where `word` occurs in `text`."""
    found = []
    index = text.find(word)
    while index != -1:
        found.append(index)
        index = text.find(word, index + 1)
    return found


def _starts_word(lower: str, index: int) -> bool:
    return index == 0 or not lower[index - 1].isalnum()


def _password_matches(text: str, lower: str, where: dict[str, list[int]],
                      ) -> Iterator[re.Match[str]]:
    """Yield password phrases starting where a secret word starts a word."""
    starts = {index for keyword in _PASSWORD_KEYWORDS for index in where[keyword]
              if _starts_word(lower, index)}
    for keyword in _CODE_KEYWORDS:
        for index in where[keyword]:
            place = _CODE_PLACE.search(lower, max(0, index - 10), index)
            if place is not None and _starts_word(lower, place.start()):
                starts.add(place.start())
    for start in sorted(starts):
        match = _PASSWORD.match(text, start)
        if match is not None:
            yield match


def _code_matches(lower: str, where: dict[str, list[int]]) -> Iterator[re.Match[str]]:
    """Yield numeric codes right after "door code", "safe combination", "PIN" and the like."""
    for keyword in ("code", "combination", "pin"):
        for index in where[keyword]:
            match = _CODE_AFTER.match(lower, index)
            if match is not None and (
                    (keyword == "pin" and _starts_word(lower, index))
                    or _CODE_PLACE.search(lower, max(0, index - 10), index)):
                yield match


def is_password(value: str) -> bool:
    """Return whether a value written after "password:" or "the password is" is a password."""
    word = value.strip("\"'`.:").lower()
    if len(word) < 4 or word in _REFERENCE_WORDS or _FAKE.search(value):
        return False
    if value.startswith(("http", "$", "%", "[", "(", "!ENV", "op://", "vault:")):
        return False  # a link, a variable or a secret manager reference
    quoted = value[:1] in "\"'`"
    # "the password is strong", "Password: Enter yours", "pin: true": a word is prose, never a
    # password; quoted, it is one ("the wifi password is 'croissant'").
    return quoted or bool(re.search(r"[\d\W_]", value.strip(".:")))


def mask(value: str, keep: str) -> str:
    """Return a form of the secret safe to print: its public prefix, then its length."""
    return f"{keep}****, {len(value)} characters"


def short_mask(value: str) -> str:
    """Return what stands in for a secret inside other text: its public prefix and ****."""
    prefix = _PREFIXES.match(value)
    return f"{prefix.group(0) if prefix else ''}****"


def mask_all(text: str, secrets: Iterable[str]) -> str:
    """Return `text` with every occurrence of each secret replaced by its short mask."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, short_mask(secret))
    return text


def mask_values(value: Any, secrets: list[str]) -> Any:
    """Return `value` with every secret masked in each text inside it (dicts, lists, tuples)."""
    if isinstance(value, str):
        return mask_all(value, secrets)
    if isinstance(value, dict):
        return {key: mask_values(item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(mask_values(item, secrets) for item in value)
    return value


# A value of `credentials:` says where a secret is kept, in words ("1Password vault Marketing",
# "the office safe"). One word mixing letters with digits or symbols is the secret itself.
_PLACE_WORDS = re.compile(r"(?i)1password|bitwarden|lastpass|keepass|dashlane|keeper|vault|"
                          r"manager|safe|drawer|envelope|op://|vault:|\$\{|!ENV")


def looks_like_password(value: str) -> bool:
    """Return whether a value that should name a place (credentials:) is a password instead."""
    word = value.strip().strip("\"'`")
    if not word or any(c.isspace() for c in word) or _PLACE_WORDS.search(word):
        return False
    if word.startswith(("http://", "https://")) or len(word) < 6:
        return False
    classes = sum((any(c.islower() for c in word), any(c.isupper() for c in word),
                   any(c.isdigit() for c in word), any(not c.isalnum() for c in word)))
    return classes >= 3 or (len(word) >= 16 and classes >= 2)


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def secret_message(hit: SecretHit, where: str = "the file") -> str:
    """Say what secret was found where, masked, and what to do about it."""
    return (f"{hit.kind} written into {where} ({hit.masked}): remove it, rotate it, and "
            "say where it is kept instead (e.g. the password manager's vault and item)")
