"""A small link checker over a built site: every relative link and asset must resolve to a file."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.links.append(value)


def links_of(html: str) -> list[str]:
    """Return every href/src of the page's links, stylesheets, images and scripts."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def resolve(site: Path, page: str, link: str) -> str | None:
    """Return the site file a relative link from `page` names (site-relative), None if external."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "/")) or not parts.path:
        return None
    folder = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if target == "." or link.endswith("/") or (site / target).is_dir():
        target = posixpath.join("" if target == "." else target, "index.html")
    return target


def broken_links(site: Path) -> list[str]:
    """Return "page -> link" for each relative link of the site's HTML that names no file."""
    broken = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        for link in links_of(path.read_text(encoding="utf-8")):
            target = resolve(site, page, link)
            if target is None:
                continue
            if target.startswith("../") or not (site / target).is_file():
                broken.append(f"{page} -> {link}")
    return broken
