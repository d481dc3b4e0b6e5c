"""The plugin's HTML, from Jinja templates a site can override from its theme's custom_dir.

One environment per build, autoescaping every value. Its loader looks in the theme's folders
first (MkDocs puts `custom_dir` before the theme), then in sopgen's own templates, so a site
replaces the box by writing `sopgen/box.html` in its `custom_dir`.

Generated pages and section listings are Markdown pages, for their headings to reach the table
of contents; everything else in them is HTML that skips Markdown (see `Renderer.markdown`).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, TemplateError
from mkdocs.exceptions import PluginError

from sopgen.results import STATUS_LABELS

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$", re.MULTILINE)
_BLOCK = re.compile(r"<!-- sopgen-block-\d+ -->")  # a marker `Renderer.stash` leaves


@dataclass(frozen=True, slots=True)
class Person:
    """A person as templates get them: handle, name from the team list, URL of their page."""

    handle: str
    name: str
    url: str | None = None

    @property
    def label(self) -> str:
        """Return "Name (handle)", or the handle alone when it is the name."""
        return self.name if self.name == self.handle else f"{self.name} ({self.handle})"


@dataclass(frozen=True, slots=True)
class Link:
    """A page as templates get them: its title and its URL (None when it has no page)."""

    title: str
    url: str | None = None


def md(text: object) -> str:
    """Escape text for Markdown (and HTML) so it renders as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


class Renderer:
    """Render sopgen's templates, each compiled once per build."""

    def __init__(self, theme_dirs: Iterable[str] = ()) -> None:
        self.env = Environment(
            loader=FileSystemLoader([*theme_dirs, str(TEMPLATES)]),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            # An override's misspelt variable fails the build instead of printing nothing.
            undefined=StrictUndefined, auto_reload=False)
        self.env.globals["labels"] = STATUS_LABELS
        self._templates: dict[str, Template] = {}
        self._markers = itertools.count()

    def template(self, name: str) -> Template:
        """Return a template, compiled on first use."""
        template = self._templates.get(name)
        if template is None:
            try:
                template = self._templates[name] = self.env.get_template(name)
            except TemplateError as exc:
                raise PluginError(f"sopgen: template {name}: {exc}") from None
        return template

    def html(self, name: str, **context: object) -> str:
        """Render a template to HTML."""
        try:
            return self.template(name).render(context)
        except TemplateError as exc:
            raise PluginError(f"sopgen: template {name}: {exc}") from None

    def stash(self, blocks: dict[str, str], html_text: str) -> str:
        """Keep HTML out of Markdown: return the comment that stands for it until after conversion."""
        marker = f"<!-- sopgen-block-{next(self._markers)} -->"
        blocks[marker] = html_text
        return marker

    def markdown(self, name: str, blocks: dict[str, str], **context: object) -> str:
        """Render a template to Markdown: its `#` lines are headings, all else is HTML, stashed.

        Converting a large HTML table costs Python-Markdown ~0.2 ms a row, so the HTML between
        headings never reaches it; a heading is text (its Markdown characters escaped) so that
        the table of contents lists it, with the site's own `toc` settings.
        """
        parts = _HEADING.split(self.html(name, **context))
        out: list[str] = []
        for i in range(0, len(parts), 3):
            chunk = parts[i].strip("\n")
            if chunk.strip():
                out.append(self.stash(blocks, chunk))
            if i + 2 < len(parts):
                out.append(f"{parts[i + 1]} {md(html.unescape(parts[i + 2]))}")
        return "\n\n".join(out) + "\n"


def unstash(text: str, blocks: dict[str, str]) -> str:
    """Put each stashed block of HTML back in place of its marker."""
    return _BLOCK.sub(lambda m: blocks.get(m.group(0), m.group(0)), text) if blocks else text
