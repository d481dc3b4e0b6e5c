"""Where Markdown code is: fenced blocks and inline code, found one way for every scanner.

Secrets skip obviously fake examples inside fences; placeholders skip code entirely. Both ask
this module, so they can never disagree about where a fence opens or closes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)
_INLINE = re.compile(r"`[^`\n]*`")


def fenced_ranges(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of fenced code blocks; an unclosed one runs to the end."""
    ranges: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for match in _FENCE.finditer(text):
        marker = match.group(1)[0]
        if opened is None:
            opened = (match.start(), marker)
        elif marker == opened[1]:
            ranges.append((opened[0], match.end()))
            opened = None
    if opened is not None:
        ranges.append((opened[0], len(text)))
    return ranges


def outside_code(text: str) -> Iterator[str]:
    """Yield the text's lines with fenced blocks (fence lines too) and inline code blanked."""
    fences = fenced_ranges(text)
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if any(low <= start < high for low, high in fences):
            yield ""
        else:
            yield _INLINE.sub("", line)
