"""Slugs: the file-name-safe form of a title, a person or a client, made in one place."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, limit: int = 80) -> str:
    """Return a file-name-safe slug: lowercase words joined by "-", accents dropped."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^\w]+|_+", "-", plain).strip("-")
    return slug[:limit].rstrip("-")
