"""Markdown to HTML that needs nothing from the network: for the pack a client keeps offline.

Pages are converted with the site's own Markdown extensions; then local images are embedded
(data: URIs), links between packed pages become in-file anchors, and anything that would be
fetched when the file is opened (remote images, scripts, frames, stylesheets) is taken out.
"""

from __future__ import annotations

import base64
import mimetypes
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from sopgen.errors import ConfigError

# What a browser would fetch on opening the file: dropped from the pages' own HTML.
_FETCHING_BLOCKS = re.compile(r"<(script|iframe|object|video|audio|frameset)\b.*?</\1\s*>",
                              re.IGNORECASE | re.DOTALL)
_FETCHING_TAGS = re.compile(r"<(?:script|link|iframe|embed|object|base|meta|source|track|"
                            r"video|audio|frame|portal)\b[^>]*>", re.IGNORECASE)
_FETCHING_ATTRS = re.compile(
    r"""\s(?:src|srcset|poster|background|data|lowsrc|dynsrc|ping|formaction)\s*=\s*"""
    r"""(?:"(?!data:)[^"]*"|'(?!data:)[^']*'|(?![\"']|data:)[^\s>]+)""", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(?![\"']?data:)[^)]*\)|@import", re.IGNORECASE)
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)


class _Rewriter(Treeprocessor):
    """Embed local images, point links between packed pages at their anchors."""

    def __init__(self, md: markdown.Markdown, converter: OfflineMarkdown) -> None:
        super().__init__(md)
        self.converter = converter

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "img":
                    self._image(parent, index, element)
                elif element.tag == "a":
                    self._link(element)

    def _image(self, parent: etree.Element, index: int, element: etree.Element) -> None:
        src = element.get("src", "")
        data = None if _REMOTE.match(src) else self.converter.embed(src)
        if data is not None:
            element.set("src", data)
            return
        # A remote image would be a request; a missing one a broken picture: keep its words.
        words = etree.Element("span", {"class": "sopgen-image"})
        words.text = f"[image: {element.get('alt') or posixpath.basename(src) or 'picture'}]"
        words.tail = element.tail
        parent.remove(element)
        parent.insert(index, words)

    def _link(self, element: etree.Element) -> None:
        href = element.get("href", "")
        if not href or href.startswith("#") or _REMOTE.match(href):
            return  # a link is only followed when clicked: no request on opening
        anchor = self.converter.anchor_of(href)
        if anchor is not None:
            element.set("href", f"#{anchor}")
        else:  # a file of the wiki that the pack does not hold: keep the words only
            del element.attrib["href"]


class _Unfetch(Postprocessor):
    """Take out of raw HTML whatever a browser would fetch: scripts, frames, remote sources."""

    def run(self, text: str) -> str:
        text = _FETCHING_BLOCKS.sub("", text)
        text = _FETCHING_TAGS.sub("", text)
        text = _FETCHING_ATTRS.sub("", text)
        return _CSS_URL.sub("none", text)


class _Offline(Extension):
    def __init__(self, converter: OfflineMarkdown) -> None:
        super().__init__()
        self.converter = converter

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # Markdown names it
        md.treeprocessors.register(_Rewriter(md, self.converter), "sopgen-offline", 1)
        md.postprocessors.register(_Unfetch(md), "sopgen-unfetch", 0)


class OfflineMarkdown:
    """Convert pages with the site's extensions into HTML that makes no request."""

    def __init__(self, docs_dir: Path, extensions: list[Any], configs: dict[str, Any],
                 anchors: dict[str, str], may_embed: Callable[[str], bool]) -> None:
        self.docs_dir = docs_dir
        self.anchors = anchors  # page src -> its anchor in the pack
        self.may_embed = may_embed  # whether a docs file may be put in the pack
        self.here = ""
        try:
            self.md = markdown.Markdown(extensions=[*extensions, _Offline(self)],
                                        extension_configs=configs)
        except Exception as exc:  # an extension the site names but cannot load
            raise ConfigError(f"markdown_extensions: {exc}") from None

    def convert(self, src: str, text: str) -> str:
        """Return the HTML of one page's Markdown (its links resolved from `src`)."""
        self.here = src
        self.md.reset()
        return self.md.convert(text)

    def _target(self, ref: str) -> str | None:
        path = ref.split("#", 1)[0].split("?", 1)[0]
        if not path:
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.here), path))
        return None if joined.startswith("..") else joined

    def anchor_of(self, href: str) -> str | None:
        """Return the pack anchor of a linked page (`mailchimp.md`, `../x/`), if packed."""
        target = self._target(href)
        if target is None:
            return None
        for candidate in (target, f"{target}.md", f"{target}/index.md",
                          target.removesuffix("/index.html") + ".md"):
            if candidate in self.anchors:
                return self.anchors[candidate]
        return None

    def embed(self, src: str) -> str | None:
        """Return a local image as a data: URI, or None when it is absent or not the client's."""
        target = self._target(src)
        if target is None or not self.may_embed(target):
            return None
        path = self.docs_dir / target
        try:
            # A symlink out of the docs folder would carry a file of this machine into the pack.
            if not path.resolve().is_relative_to(self.docs_dir.resolve()):
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(raw).decode('ascii')}"
