"""Slugs: the file-name-safe form of a title, a person or a client, made in one place."""

from __future__ import annotations

from slugify import slugify as _ascii_slug


def slugify(text: str, limit: int = 80) -> str:
    """Return an ASCII slug: lowercase words joined by "-" ("Straße" -> strasse, "Łódź" -> lodz)."""
    # python-slugify transliterates through text-unidecode (every script to ASCII), so a slug
    # is the same on every file system and in every URL; `word_boundary` keeps whole words.
    return _ascii_slug(str(text), max_length=limit, word_boundary=True, save_order=True)
