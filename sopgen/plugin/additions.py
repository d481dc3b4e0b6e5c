"""What sopgen adds to a built site, rendered from the check result and the site's files.

Each page's box (with its follow panel) and search names, the generated pages and the review
calendars: plain work over the check result, the files' addresses and the templates, which the
plugin has done ahead in a second process (ahead.py) while MkDocs builds the pages, or in its own.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

from sopgen.events import review_events
from sopgen.formats.ics import render_calendar
from sopgen.plugin import generated
from sopgen.plugin.box import box_context, render_box, render_follow, render_search_names, uses_links
from sopgen.plugin.meta import safe_address
from sopgen.plugin.render import Link
from sopgen.results import PageState
from sopgen.uses import Accounts


@dataclasses.dataclass(slots=True)
class Box:
    """A page's box (with its follow panel) and search names, and the edit link they show."""

    html: str
    names: str
    edit_url: str | None


@dataclasses.dataclass
class Rendered:
    """What sopgen adds to the site: boxes, generated pages (and their HTML), calendars."""

    boxes: dict[str, Box] = dataclasses.field(default_factory=dict)  # page -> its box
    pages: dict[str, str] = dataclasses.field(default_factory=dict)  # generated page -> Markdown
    blocks: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)  # their HTML
    calendars: dict[str, str] = dataclasses.field(default_factory=dict)  # feed -> its text
    errors: dict[str, str] = dataclasses.field(default_factory=dict)  # part -> why it failed

    def part(self, name: str) -> Any:
        """Return one part (boxes, pages, calendars), or raise the error it failed with."""
        if name in self.errors:
            raise PluginError(self.errors[name])
        return getattr(self, name)


@dataclasses.dataclass
class Additions:
    """Renders what sopgen adds to one build of the site."""

    site: generated.GeneratedPages  # the check result, settings, today, templates
    states: dict[str, PageState]  # tracked page -> its state
    accounts: Accounts
    used_by: dict[str, list[PageState]]  # account -> the pages that use it
    files: Files
    config: MkDocsConfig
    boxes: bool = True  # the plugin's `box` setting
    people_pages: bool = True  # the plugin's `dashboard` setting: people have pages
    pages: set[str] = dataclasses.field(default_factory=set)  # the generated pages to write
    calendars: dict[str, str | None] = dataclasses.field(default_factory=dict)  # feed -> person
    pid: int = dataclasses.field(default_factory=os.getpid)  # the build's own process

    def render(self) -> Rendered:
        """Render it all; a part that fails (a site's template override, say) keeps its error."""
        out = Rendered()
        parts: dict[str, Callable[[], None]] = {
            "boxes": lambda: out.boxes.update(self._boxes()),
            "pages": lambda: out.pages.update(self._pages()),
            "calendars": lambda: out.calendars.update(self._calendars())}
        for name, work in parts.items():
            try:
                work()
            except PluginError as exc:
                out.errors[name] = str(exc)
        out.blocks = self.site.blocks
        return out

    def box(self, state: PageState, page: MkDocsPage, edit_url: str | None) -> Box:
        """Return the box (with the follow panel) and the search names of one page."""
        renderer = self.site.renderer
        context = self._box_context(state, page, edit_url)
        return Box(render_box(renderer, context) + render_follow(renderer, context),
                   render_search_names(renderer, context), edit_url)

    def _boxes(self) -> dict[str, Box]:
        boxes: dict[str, Box] = {}
        if not self.boxes:
            return boxes
        for src, state in self.states.items():
            file = file_at(self.files, src)
            if file is None or not file.is_documentation_page():
                continue
            page = file.page
            if page is None and os.getpid() != self.pid:
                # MkDocs makes a page left out of the navigation when it reads it; made in the
                # second process, it exists there only. In the build's, the box waits for it.
                page = MkDocsPage(None, file, self.config)
            if page is not None:
                boxes[src] = self.box(state, page, safe_address(page.edit_url))
        return boxes

    def _pages(self) -> dict[str, str]:
        return {src: write() for src, write in generated.generated_sources(self.site).items()
                if src in self.pages}

    def _calendars(self) -> dict[str, str]:
        urls = {}
        for src in self.states:
            file = file_at(self.files, src)
            if file is not None:
                urls[src] = file.url
        result, settings = self.site.result, self.site.settings
        calendars = {}
        for feed, handle in self.calendars.items():
            events = review_events(result, settings, self.config.site_url or "", urls, handle)
            name = self.config.site_name + (f": {settings.person_name(handle)}" if handle else "")
            calendars[feed] = render_calendar(events, f"{name} reviews")
        return calendars

    def _box_context(self, state: PageState, page: MkDocsPage, edit_url: str | None,
                     ) -> dict[str, object]:
        def url_of(src: str) -> str | None:
            file = file_at(self.files, src)
            return get_relative_url(file.url, page.file.url) if file is not None else None

        def person_url(handle: str) -> str | None:
            return url_of(self.site.person_src(handle)) if self.people_pages else None

        uses = uses_links(state.page, self.accounts, url_of)
        used_by = None
        if state.page.kind == "account":
            used_by = [Link(s.page.title, url_of(s.page.src))
                       for s in self.used_by.get(state.page.src, [])]
        return box_context(state, self.site.settings, self.site.today, person_url, uses, used_by,
                           edit_url)


def file_at(files: Files, src: str) -> File | None:
    """Return the file at `src`: a look-up, normalising the path (as MkDocs does) only on a miss."""
    # Thousands of look-ups a build: get_file_from_path makes a PurePath of each.
    return files.src_uris.get(src) or files.get_file_from_path(src)

