"""Slugs: the file-name-safe form of a title, a person or a client, made in one place."""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d)")  # "10,000" -> 10000, as python-slugify does


def slugify(text: str, limit: int = 80) -> str:
    """Return an ASCII slug: lowercase words joined by "-" ("Straße" -> strasse, "Łódź" -> lodz)."""
    text = str(text)
    if not text.isascii() or "&" in text:  # "&amp;" and "&#233;" are decoded there too
        # python-slugify transliterates through text-unidecode (every script to ASCII), so a
        # slug is the same on every file system and in every URL. Imported here: it costs
        # ~50 ms to load, and most names are plain ASCII, which the lines below slug the same
        # (tests/test_boundaries.py compares the two).
        from slugify import slugify as ascii_slug

        return ascii_slug(text, max_length=limit, word_boundary=True, save_order=True)
    slug = _NOT_WORD.sub("-", _THOUSANDS.sub("", text.lower())).strip("-")
    if len(slug) <= limit:
        return slug
    # Cut at the last whole word that fits, as python-slugify's word_boundary does.
    cut = slug[:limit + 1].rfind("-")
    return slug[:cut] if cut > 0 else slug[:limit]
