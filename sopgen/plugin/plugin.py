"""The sopgen MkDocs plugin's event handlers (only); the work is done by plain modules.

It reads and checks the pages with the same model and checks as `sopgen check`, so the site and
CI never disagree about a page. Check errors are logged as MkDocs warnings, so `mkdocs build
--strict` fails on them; check warnings are logged as information. The log counts findings by
rule; each finding gets its own line with --verbose, and each error in a strict build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

from sopgen.ahead import Ahead
from sopgen.checks import paused_gc, read_and_scan, run_checks, scan_assets, settings_findings
from sopgen.checks.reading import reuse_or_scan
from sopgen.config import Settings
from sopgen.errors import SopgenError
from sopgen.folders import FolderDefaults
from sopgen.page import Page, is_utf8, printable
from sopgen.plugin import generated, private
from sopgen.plugin.additions import Additions, Box, Rendered, file_at
from sopgen.plugin.box import put_under_title
from sopgen.plugin.meta import safe_address, safe_site_name, safe_title, sanitize_meta
from sopgen.plugin.render import Renderer, md, unstash
from sopgen.results import Finding, PageState
from sopgen.uses import Accounts, used_by
from sopgen.wiki import Wiki, display_path

log = get_plugin_logger(__name__)
CSS = "assets/stylesheets/sopgen.css"
JS = "assets/javascripts/sopgen.js"  # ticking a procedure's checklist (nothing loaded from afar)
# From this many pages, work is done in a second process while MkDocs builds (see ahead.py):
# below, starting it and sending its result back (tens of milliseconds) is not worth it.
AHEAD_FROM = 200


def build_date() -> dt.date:
    """Return today, or the day of SOURCE_DATE_EPOCH for reproducible builds (as MkDocs does)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise PluginError(f"SOURCE_DATE_EPOCH={epoch} is not a time sopgen can use") from None
    return dt.date.today()


class SopgenPlugin(BasePlugin):
    """Show each procedure's owner and freshness, and generate the review pages."""

    config: Settings  # type: ignore[assignment]
    # Set by `sopgen build --verbose` (site.py): MkDocs makes the instance, so no argument can.
    verbose = False

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None,
                    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """Validate the plugin's options with sopgen's settings schema, as `sopgen check` does."""
        # Settings is declared with schema.py's restatement of MkDocs' config classes, not a
        # subclass of MkDocs' own: MkDocs would hand it over as a plain option list otherwise.
        self.config = Settings(config_file_path=config_file_path)
        self.config.load_dict(options)
        return self.config.validate()

    def __init__(self) -> None:
        self.command = "build"
        self.states: dict[str, PageState] = {}
        self.accounts = Accounts()
        self.used_by: dict[str, list[PageState]] = {}
        self.listings: dict[str, list[PageState]] = {}
        self.blocks: dict[str, dict[str, str]] = {}  # page -> HTML kept out of its Markdown
        self.late: dict[str, dict[str, str]] = {}  # page -> HTML put in after search
        self.ahead: Ahead[Rendered] | None = None
        self.wiki: Wiki | None = None
        self.reading: Ahead[tuple[list[Page], dict[str, list[Finding]]]] | None = None
        self.ahead_taken = False
        self.boxed: dict[str, PageState] = {}  # page -> its state, for the box to go on it
        self.generated: dict[str, File] = {}  # generated page -> its file
        self.calendars: dict[str, tuple[File, str | None]] = {}  # feed -> its file, its person
        self.folder_defaults: FolderDefaults | None = None
        self.removed: set[str] = set()  # on a client's site: the docs files left out
        self.tag_urls: dict[str, str] = {}  # tag (as Material names it) -> its place on the tags page
        self.tags_variable: str | None = None  # see _tags_variable

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = self.config
        self.today = build_date()
        self.client = self.config.site_client
        if self.client:  # a client's private site is named after the client
            private.check_client(self.settings, self.client, Path(config.config_file_path
                                                                  or "mkdocs.yml").name)
            config.site_name = self.settings.client_name(self.client)
        if config.site_name:
            config.site_name = safe_site_name(config.site_name)
        if config.repo_url:  # Material prints it raw into href="..."
            config.repo_url = safe_address(config.repo_url)
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if self.config.box and JS not in config.extra_javascript:
            config.extra_javascript.append(JS)
        return config

    @event_priority(-100)  # once every plugin has set the config
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Start reading and scanning the pages while MkDocs cleans the site folder and lists
        the files (seconds, for thousands of pages); on_files takes what it read."""
        self.wiki = wiki = self._wiki(config)
        self.reading = None
        # Not for a live-reloading server: it runs threads (ahead.may_fork refuses those).
        # One process reads, not a pool: MkDocs works on the other core meanwhile, and a third
        # process slowed it more than reading in parallel saved (measured at 5,000 pages).
        if self.command != "serve" and len(wiki.page_files()) >= AHEAD_FROM:
            self.reading = Ahead(lambda: read_and_scan(wiki, wiki.page_files(), parallel=False,
                                                       base=wiki.root), fork=True)

    def _wiki(self, config: MkDocsConfig) -> Wiki:
        return Wiki(Path(config.config_file_path or "mkdocs.yml"), Path(config.docs_dir),
                    self.settings, config.site_name, macros="macros" in config.plugins)

    def _check_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Check every page the docs folder has, before other plugins pick a subset."""
        for file in files:
            if not is_utf8(file.src_uri):  # MkDocs itself would stop with a traceback
                shown = file.src_uri.encode("utf-8", "replace").decode("utf-8")
                raise PluginError(f"sopgen: {shown}: the file's name is not UTF-8 text: rename "
                                  "it; no site was written")
        wiki = self.wiki or self._wiki(config)
        sources = [Path(f.abs_src_path) for f in files.documentation_pages()
                   if f.abs_src_path and not f.generated_by]
        try:
            # Files are named from the wiki's root, so the site is the same from any folder.
            if self.reading is not None:
                pages, scanned = reuse_or_scan(self.reading.get(), wiki, sources, wiki.root)
                self.reading = None
            else:
                pages, scanned = read_and_scan(wiki, sources, parallel=self.command == "build",
                                               base=wiki.root)
        except SopgenError as exc:
            raise PluginError(str(exc)) from None
        docs = os.path.abspath(config.docs_dir) + os.sep
        copied = [Path(f.abs_src_path) for f in files if not f.is_documentation_page()
                  if f.abs_src_path and not f.generated_by
                  and os.path.abspath(f.abs_src_path).startswith(docs)]
        assets = [*scan_assets(wiki.page_jobs(copied, wiki.root)),
                  *settings_findings(self.settings, wiki.config_file.name),
                  *wiki.folder_defaults.findings(lambda path: display_path(path, wiki.root))]
        self.folder_defaults = wiki.folder_defaults
        with paused_gc():
            self.result = run_checks(pages, self.settings, self.today, pages, scanned, assets)
        refusal = self.result.secrets_refusal("no site was written")
        if refusal:
            # The site is shared with the whole team (and often hosted): never publish a secret.
            raise PluginError(f"sopgen: {refusal}")
        if self.client:
            self.result, self.settings, self.removed = private.narrow(
                files, config, self.result, self.settings, self.client, self.folder_defaults)
        self.states = {state.page.src: state for state in self.result.states}
        # Built once here: looking them up per page would make the build quadratic.
        self.accounts = Accounts.of(s.page for s in self.result.states)
        self.used_by = used_by(self.result.states, self.accounts)  # account src -> its users
        self._log_findings(bool(config.strict))
        return files

    @event_priority(-110)
    def _add_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the stylesheet and generated pages once other plugins have arranged the files.

        After mkdocs-static-i18n (priority -100), which reads every file's source path and has
        none to read in a generated file, and which keeps one language's files per build.
        """
        files.append(File.generated(config, CSS, content=_asset("sopgen.css")))
        home = private.add_home(files, config, config.site_name) if self.client else None
        if self.config.box:
            files.append(File.generated(config, JS, content=_asset("sopgen.js")))
        for state in self._out_of_nav():
            file = file_at(files, state.page.src)
            if file is not None and file.inclusion.is_in_nav():
                file.inclusion = InclusionLevel.NOT_IN_NAV  # listed by its section instead
        # Made per build, so that `mkdocs serve` picks up an edited override.
        self.renderer = Renderer(config.theme.dirs)
        self.tags_variable = _tags_variable(config)
        self.tag_urls = {}
        self.site = generated.GeneratedPages(self.result, self.settings, self.today,
                                             self.config.generated_dir,
                                             tags=self.tags_variable is not None,
                                             renderer=self.renderer)
        self.blocks, self.late = {}, {}
        self.boxed = {}
        self.generated, self.calendars = {}, {}
        self.listings: dict[str, list[PageState]] = {}
        if self.config.listings:
            self._sections(files, config)
        if home is not None:  # the client's home lists every page of the site
            self.listings[home] = list(self.result.states)
        if self.config.dashboard:
            self._generate(files, config)
        return files

    on_files = CombinedEvent(_check_files, _add_files)

    def _log_findings(self, strict: bool) -> None:
        """Log a line per rule, or per finding with --verbose (and per error when strict)."""
        # `mkdocs build --verbose` asks for detail too: it is the only switch plain MkDocs has.
        verbose = self.verbose or log.isEnabledFor(logging.DEBUG)
        errors = [f for f in self.result.findings if f.severity == "error"]
        warnings = [f for f in self.result.findings if f.severity != "error"]
        # Every error is a MkDocs warning (so --strict fails), every other finding information.
        if verbose or strict:
            for item in errors:
                log.warning(_finding_line(item))
        else:
            _log_counts(log.warning, errors, "error", self._see())
        if verbose:
            for item in warnings:
                log.info(_finding_line(item))
        else:
            _log_counts(log.info, warnings, "warning", self._see())

    def _see(self) -> str:
        where = f"see {self.config.generated_dir}/ (the review dashboard), or " \
            if self.config.dashboard else ""
        return f"{where}build with --verbose for each finding"

    def _out_of_nav(self) -> list[PageState]:
        """Return the tracked pages the navigation leaves to their section's index page."""
        mode = self.config.procedures_in_nav
        if mode is False:
            return list(self.result.states)
        if mode is True or not self.config.listings:
            return []  # without listings a page out of the nav could be reached by search only
        by_folder: dict[str, list[PageState]] = {}
        for state in self.result.states:
            by_folder.setdefault(state.page.src.rpartition("/")[0], []).append(state)
        limit = self.config.nav_section_limit
        return [s for states in by_folder.values() if len(states) > limit for s in states]

    def _sections(self, files: Files, config: MkDocsConfig) -> None:
        """Find (or make) each section's index page, to list the section's pages on it."""
        blogs = tuple(f"{plugin.config['blog_dir'].strip('/')}/" for plugin in config.plugins.values()
                      if "blog_dir" in getattr(plugin, "config", {}))

        def exists(src: str) -> bool:
            return file_at(files, src) is not None

        for src, states in generated.section_indexes(self.result.states, exists, blogs).items():
            if not exists(src):
                title = generated.section_title(src.rpartition("/")[0])
                files.append(File.generated(config, src, content=f"# {md(title)}\n"))
            self.listings[src] = states

    def _generate(self, files: Files, config: MkDocsConfig) -> None:
        """Add the generated pages and calendars; their content is rendered ahead (on_nav)."""
        site = self.site
        sources = generated.generated_sources(site)
        people = generated.everyone(self.result, self.settings)
        calendars = {f"{site.base}/reviews.ics": None,
                     **{site.person_src(h)[:-3] + ".ics": h for h in people}}
        made: dict[str, File] = {}
        by_url = {f.url: f for f in files.documentation_pages()}
        for src in [*sources, *calendars]:  # every file first, so links can find their URLs
            made[src] = File.generated(config, src, content="")
            if file_at(files, src) is not None:
                raise PluginError(f"sopgen generates {src}, but the docs folder already has it: "
                                  "rename yours, or set `generated_dir` in the sopgen settings")
            clash = by_url.get(made[src].url)
            if clash is not None:
                raise PluginError(f"sopgen generates {src}, but {clash.src_uri} in the docs folder "
                                  f"has the same address ({made[src].url or '/'}): rename yours, "
                                  "or set `generated_dir` in the sopgen settings")
            files.append(made[src])

        def url(target: str, here: str) -> str | None:
            target_file, here_file = file_at(files, target), made.get(here)
            if target_file is None or here_file is None:
                return None
            return get_relative_url(target_file.url, here_file.url)

        site.url = url
        self.generated = {src: made[src] for src in sources}
        self.calendars = {src: (made[src], handle) for src, handle in calendars.items()}

    def _start_ahead(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Start rendering the boxes, generated pages and calendars, now the files are settled."""
        if self.ahead is not None:
            self.ahead.close()
        # Not for a live-reloading server: it runs threads (ahead.may_fork refuses those).
        fork = self.command != "serve" and len(self.states) >= AHEAD_FROM
        self.additions = Additions(
            self.site, self.states, self.accounts, self.used_by, files, config,
            boxes=self.config.box, people_pages=self.config.dashboard,
            pages=set(self.generated), calendars={f: h for f, (_, h) in self.calendars.items()})
        self.ahead = Ahead(self.additions.render, fork)
        self.ahead_taken = False
        return nav

    def _escape_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # Section titles are folder names, which themes print as they are.
        for item in _walk(nav.items):
            if isinstance(item, Section) and item.title:
                item.title = safe_title(item.title, is_html=False)
        return private.prune_nav(nav, files) if self.client else nav

    # The rendering starts once every other plugin has arranged the files and the navigation.
    on_nav = CombinedEvent(_escape_nav, event_priority(-100)(_start_ahead))

    def on_page_read_source(self, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        if page.file.src_uri not in self.generated or self.ahead is None:
            return None
        return self._rendered().part("pages")[page.file.src_uri]

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.ahead is not None:  # before MkDocs writes anything: fail with no site
            self._rendered().part("boxes")
            for src, (file, _handle) in self.calendars.items():
                file.content_string = self._rendered().part("calendars")[src]
        return env

    def _rendered(self) -> Rendered:
        assert self.ahead is not None
        first = not self.ahead_taken
        rendered = self.ahead.get()
        if first:
            self.ahead_taken = True
            for src, blocks in rendered.blocks.items():
                self.blocks.setdefault(src, {}).update(blocks)
        return rendered

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.ahead is not None:
            self.ahead.close()

    def on_build_error(self, *, error: Exception) -> None:
        for work in (self.ahead, self.reading):
            if work is not None:
                work.close()

    def on_page_content(self, content: str, *, page: MkDocsPage, config: MkDocsConfig,
                        files: Files) -> str:
        if "title" not in page.meta and page.title:
            # A title from the first heading or the file name. Themes print page.title raw (the
            # nav) or through `striptags`, which un-escapes it (Material's <title>): set it as an
            # escaped meta title, which both print as it is.
            safe = safe_title(page.title, is_html=bool(getattr(page, "_title_from_render", None)))
            if page.is_homepage:
                page.title = safe  # the home page's <title> is the site name; only the nav
            else:
                page.meta["title"] = safe
        src = page.file.src_uri
        if src in self.generated:
            self._rendered()  # its tables, rendered ahead
            if src == self.site.tags_src:
                self._tag_anchors(page, content, config)
        blocks = self.blocks.pop(src, None)
        if blocks:
            # A generated page's tables, kept out of Markdown (see render.py), go in with the
            # listings once search has read the page (_put_in_place): search skips the page,
            # but still combed its megabytes of HTML at 5,000 pages.
            self.late.setdefault(src, {}).update(blocks)
        if self.client:
            content = private.unlink_removed(content, src, self.removed)
        return content

    def _tag_anchors(self, page: MkDocsPage, content: str, config: MkDocsConfig) -> None:
        """Note where each tag's heading is on the tags page, for the pages' tags to link to."""
        tags = generated.tag_names(self.result)
        # The ids of the page's "##" headings, from its HTML: the table of contents lists none
        # with `toc_depth: 1`, and the toc extension's `baselevel` moves them down. The tables
        # are still stashed: these are the template's Markdown headings alone.
        base = (config.mdx_configs.get("toc") or {}).get("baselevel", 1)
        level = str(min(6, 1 + (int(base) if str(base).isdigit() else 1)))
        headings = [html.unescape(anchor) for at, anchor in _HEADING_ID.findall(content)
                    if at == level]
        # One heading per tag, in order (tags.html): where a site's own template has others,
        # the tags link to the page itself.
        if len(headings) != len(tags):
            headings = [""] * len(tags)
        self.tag_urls = {tag: page.url + (f"#{_fragment(anchor)}" if anchor else "")
                         for tag, anchor in zip(tags, headings, strict=True)}

    def _link_tags(self, context: dict[str, Any], *, page: MkDocsPage, config: MkDocsConfig,
                   nav: Navigation) -> dict[str, Any]:
        """Link each tag Material shows on a page to its heading on sopgen's tags page.

        sopgen writes the tags page itself (rendered ahead, with each page's status), so that
        Material's listing, which cost every page's build ~50 us, is not used; Material still
        reads the tags and lays them out. A tag a site links elsewhere keeps its link.
        """
        tags = context.get(self.tags_variable) if self.tag_urls and self.tags_variable else None
        for tag in tags or ():
            links = getattr(tag, "links", None)
            name = getattr(tag, "name", None)
            # Material names a tag as the page's meta has it, escaped (sanitize_meta); sopgen
            # reads it as a field: control characters made spaces, the ends trimmed.
            url = self.tag_urls.get(printable(html.unescape(name)).strip()) \
                if isinstance(name, str) else None
            if url is not None and isinstance(links, list) and not links:
                links.append(Link("Tags", url))
        return context

    def _search_names(self, context: dict[str, Any], *, page: MkDocsPage, config: MkDocsConfig,
                      nav: Navigation) -> dict[str, Any]:
        box = self._box_of(page)
        if box is not None and box.names:
            # At the end of the content, so that a search result's preview starts with the page.
            page.content = f"{page.content}\n{box.names}"
        return context

    def _put_in_place(self, context: dict[str, Any], *, page: MkDocsPage, config: MkDocsConfig,
                      nav: Navigation) -> dict[str, Any]:
        """Put the box, a section's listing and a generated page's tables in place, now the search
        plugin has read the page.

        None says anything search should find on this page (the box's names reach the index
        through the search names; each listed page is found on its own), and parsing their
        markup for nothing was the largest part of sopgen's cost to a build. Into the content,
        before the theme renders it: not into the whole page afterwards, which is seven times
        longer to search for the markers.
        """
        src = page.file.src_uri
        late = self.late.pop(src, None)
        box = self._box_of(page)
        if box is not None:
            self.boxed.pop(src)
        if page.content is None or (box is None and not late):
            return context
        content = page.content
        if late:
            if self.client:
                late = {marker: private.unlink_removed(block, src, self.removed)
                        for marker, block in late.items()}
            content = unstash(content, late)
        if box is not None:
            content = put_under_title(content, private.unlink_removed(box.html, src, self.removed)
                                      if self.client else box.html)
        page.content = content
        return context

    # Search names before the search plugin (priority 0) reads the content, the rest after it;
    # tags once Material's tags plugin (priority 0) has put them in the context.
    on_page_context = CombinedEvent(event_priority(50)(_search_names),
                                    event_priority(-50)(_link_tags),
                                    event_priority(-100)(_put_in_place))

    @event_priority(100)  # before any theme plugin (tags, blog) reads the page's meta
    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig,
                         files: Files) -> str:
        state = self.states.get(page.file.src_uri)
        if state is not None and state.page.error:
            page.meta = {}  # unusable front matter (an alias bomb among them): hand over nothing
        elif page.file.abs_src_path and self.folder_defaults is not None:
            # Folder defaults (.meta.yml), as the checks saw them: tags and the theme follow.
            inherited = self.folder_defaults.for_page(page.file.abs_src_path)
            if inherited:
                page.meta = {**{k: inherited.values[k] for k in inherited.sources_for(page.meta)},
                             **page.meta}
        page.meta = sanitize_meta(page.meta)
        # From repo_url, edit_uri and the file's path: the theme's edit button prints it raw,
        # and the follow panel links to it.
        page.edit_url = safe_address(page.edit_url)
        src = page.file.src_uri
        states = self.listings.get(src)
        if states is not None:
            def url(target: str, here: str) -> str | None:
                file = file_at(files, target)
                return get_relative_url(file.url, page.file.url) if file is not None else None

            site = dataclasses.replace(self.site, url=url)
            # Put in after the search plugin has read the page, as the box is.
            listing = generated.section_listing(site, src, states, self.late.setdefault(src, {}))
            markdown = markdown.rstrip("\n") + "\n\n" + listing
        if state is None or not self.config.box:
            return markdown
        # The box is rendered ahead (see ahead.py) and put under the title once the page is
        # HTML (a marker in the Markdown cost Markdown's and search's work on every page).
        self.boxed[src] = state
        return markdown

    def _box_of(self, page: MkDocsPage) -> Box | None:
        """Return the page's box and search names: as rendered ahead, or rendered now."""
        state = self.boxed.get(page.file.src_uri)
        if state is None or self.ahead is None:
            return None
        boxes = self._rendered().part("boxes")
        box = boxes.get(state.page.src)
        # Not rendered ahead (its page was not made yet), or another plugin moved the page's
        # edit link since (a translation's, say): the follow panel links to the page's own.
        if box is None or box.edit_url != page.edit_url:
            box = boxes[state.page.src] = self.additions.box(state, page, page.edit_url)
        return box


def _walk(items: list) -> Iterator:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def _tags_variable(config: MkDocsConfig) -> str | None:
    """Return the template variable Material's tags plugin gives a page's tags in; None without
    the plugin, or with it off (`enabled: false`: it shows no tags, so no tags page)."""
    plugin = config.plugins.get("material/tags") or config.plugins.get("tags")
    options = getattr(plugin, "config", None)
    if plugin is None or not getattr(options, "enabled", True):
        return None
    return getattr(options, "tags_name_variable", "tags")


_HEADING_ID = re.compile(r"<h([1-6])\b[^>]*?\sid=\"([^\"]*)\"")
# Characters of a heading id that a custom slugify may keep, and that may not stand in a
# quoted attribute as they are (themes print a tag's address raw).
_UNSAFE_IN_HREF = re.compile(r"[\s\"'<>`&%]")


def _fragment(anchor: str) -> str:
    return _UNSAFE_IN_HREF.sub(lambda m: quote(m.group(0)), anchor)


def _finding_line(item: Finding) -> str:
    return f"{item.where}: [{item.rule}] {item.message}"


def _log_counts(say: Callable[[str], None], findings: list[Finding], noun: str, see: str) -> None:
    if not findings:
        return
    counts = Counter(f.rule for f in findings)
    rules = ", ".join(f"{n:,} [{rule}]" for rule, n in sorted(counts.items(),
                                                              key=lambda c: (-c[1], c[0])))
    plural = "" if len(findings) == 1 else "s"
    say(f"{len(findings):,} check {noun}{plural} ({rules}): {see}")


def _asset(name: str) -> str:
    return (Path(__file__).parent / "assets" / name).read_text(encoding="utf-8")
