"""`sopgen export`: a pre-rendered copy of the wiki, for engines without plugins (Zensical).

The copy holds what the plugin adds at build time, made by the same renderer (box.py,
generated.py and the templates): the box inside each page, section listings, the generated
pages as real Markdown files, the calendars, the stylesheet (through extra_css), and a config
file without the sopgen plugin. Links are written per engine: MkDocs and ProperDocs leave
relative links in raw HTML alone, so they must be URL-relative; Zensical rewrites them as
source-relative, so they point at `.md` files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sopgen.checks import paused_gc, read_and_scan, run_checks, scan_assets, settings_findings
from sopgen.errors import ConfigError, SopgenError, UsageError
from sopgen.events import review_events
from sopgen.formats.ics import render_calendar
from sopgen.plugin.meta import safe_site_name, sanitize_meta
from sopgen.plugin.render import unstash
from sopgen.results import CheckResult, PageState
from sopgen.uses import Accounts, used_by
from sopgen.wiki import Wiki, display_path

LINK_STYLES = ("mkdocs", "zensical")  # URL-relative, or .md source-relative
CSS = "assets/stylesheets/sopgen.css"
MARKER = ".sopgen-export"  # says a folder is an export sopgen may replace


class SecretsFound(SopgenError):
    """A secret in the docs: no copy, no site."""

    exit_code = 1


@dataclass
class Export:
    """What an export wrote: where, the check result, how many files changed."""

    folder: Path
    config_file: Path
    result: CheckResult
    changed: int


def page_url(src: str, directory_urls: bool = True) -> str:
    """Return the site URL of a docs file, as MkDocs makes it ("a/b.md" -> "a/b/")."""
    if not src.endswith(".md"):
        return src
    parent, _, name = src[:-3].rpartition("/")
    prefix = f"{parent}/" if parent else ""
    if name in ("index", "README", "readme"):
        return prefix if directory_urls else f"{prefix}index.html"
    return f"{prefix}{name}/" if directory_urls else f"{prefix}{name}.html"


def relative_link(target: str, here: str, style: str, directory_urls: bool = True) -> str:
    """Return the link from the page `here` to `target` (both docs paths) in the engine's style."""
    if style == "zensical":
        return posixpath.relpath(target, posixpath.dirname(here) or ".")
    from mkdocs.utils import get_relative_url

    return get_relative_url(page_url(target, directory_urls), page_url(here, directory_urls))


def export_wiki(wiki: Wiki, out: Path, style: str, today: dt.date) -> Export:
    """Write the pre-rendered copy of the wiki into `out` (docs/ and mkdocs.yml); return it."""
    from sopgen.plugin import generated
    from sopgen.plugin.render import Renderer

    if style not in LINK_STYLES:
        raise UsageError(f"--engine {style}: an export is for mkdocs or zensical")
    _check_target(wiki, out)
    raw = _load_as_mkdocs(wiki.config_file)
    result, pages = _checked(wiki, today)
    directory_urls = raw.get("use_directory_urls", True) is not False
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    renderer = Renderer([str(wiki.root / custom)] if isinstance(custom, str) else [])
    settings = wiki.settings
    tags = any(name in ("tags", "material/tags") for name in _plugin_names(raw))
    # The copy's tags page is Material's listing: without sopgen, nothing else links the tags.
    site = generated.GeneratedPages(result, settings, today, settings.generated_dir, tags=tags,
                                    material_tags=True, renderer=renderer)
    docs = out / "docs"
    files: dict[str, str | Path] = {}  # docs path -> text to write, or a file to copy
    states = {s.page.src: s for s in result.states}
    by_src = {p.src: p for p in pages}
    for path, src, _ in wiki.page_jobs(wiki.asset_files(), wiki.root):
        files[src] = path
    existing = set(by_src) | set(files)
    for src in sorted(existing):
        if "<" in src or ">" in src:
            # Without the plugin, engines print folder and file names raw, as navigation titles.
            shown = display_path(wiki.docs_dir / src, wiki.root)
            raise UsageError(f"{shown}: a name with < or > would be live markup in the copy's "
                             "navigation (no engine without the plugin escapes it): rename it")

    # Generated pages and calendars first, so links know every page there will be.
    generated_pages = generated.generated_sources(site) if settings.dashboard else {}
    people = generated.everyone(result, settings)
    calendars = ([f"{site.base}/reviews.ics",
                  *(site.person_src(h)[:-3] + ".ics" for h in people)]
                 if settings.dashboard else [])
    listings = _listings(result, by_src, raw) if settings.listings else {}
    made = set(generated_pages) | set(calendars) | {src for src in listings if src not in by_src}
    for src in sorted(made & existing):
        raise UsageError(f"sopgen generates {src}, but the docs folder already has it: rename "
                         "yours, or set `generated_dir` in the sopgen settings")
    known = existing | made | {CSS}

    def url(target: str, here: str) -> str | None:
        if target not in known:
            return None
        return relative_link(target, here, style, directory_urls)

    site.url = url
    for src, write in generated_pages.items():
        files[src] = unstash(_escaped_front(write()), site.blocks.pop(src, {}))
    urls = {s.page.src: page_url(s.page.src, directory_urls) for s in result.states}
    site_url = str(raw.get("site_url") or "")
    site_name = str(raw.get("site_name") or wiki.site_name)
    for handle, src in zip([None, *people], calendars, strict=False):
        events = review_events(result, settings, site_url, urls, handle)
        name = site_name + (f": {settings.person_name(handle)}" if handle else "")
        files[src] = render_calendar(events, f"{name} reviews")
    # Resolved as the plugin does: a page's own client's account, else a shared one.
    accounts = Accounts.of(s.page for s in result.states)
    users = used_by(result.states, accounts)
    for page in pages:
        files[page.src] = _page_text(page, states.get(page.src), listings.get(page.src), site,
                                     raw, url, accounts, users)
    for src in sorted(set(listings) - set(by_src)):
        title = generated.section_title(src.rpartition("/")[0])
        blocks: dict[str, str] = {}
        listing = generated.section_listing(dataclasses.replace(site, url=url), src,
                                            listings[src], blocks)
        from sopgen.plugin.render import md

        files[src] = unstash(f"# {md(title)}\n\n{listing}", blocks)
    files[CSS] = (Path(__file__).parent / "plugin" / "assets" / "sopgen.css").read_text("utf-8")
    changed = _write_tree(docs, files)
    config_text = _config_text(raw, wiki)
    changed += _write_if_changed(out / "mkdocs.yml", config_text)
    (out / MARKER).touch()
    return Export(out, out / "mkdocs.yml", result, changed)


def _check_target(wiki: Wiki, out: Path) -> None:
    """Refuse a folder that holds anything the user wrote: the wiki, or a folder not ours."""
    real, docs, root = (os.path.realpath(p) for p in (out, wiki.docs_dir, wiki.root))
    if real in (root, docs) or real.startswith(docs + os.sep) or docs.startswith(real + os.sep):
        raise UsageError(f"{out}: the export must go outside the wiki's docs folder and root")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise UsageError(f"{out}: already exists and is not an export of sopgen's: choose a new "
                         "or empty folder")


def _checked(wiki: Wiki, today: dt.date) -> tuple[CheckResult, list]:
    """Check the wiki as the plugin does; refuse (no copy at all) when a secret is found."""
    pages, scanned = read_and_scan(wiki, wiki.page_files(), base=wiki.root)
    assets = [*scan_assets(wiki.page_jobs(wiki.asset_files(), wiki.root)),
              *settings_findings(wiki.settings, wiki.config_file.name)]
    with paused_gc():
        result = run_checks(pages, wiki.settings, today, pages, scanned, assets)
    refusal = result.secrets_refusal("nothing was written")
    if refusal:
        raise SecretsFound(refusal)
    return result, pages


def _plugin_names(raw: dict[str, Any]) -> list[str]:
    from sopgen.wiki import _plugins

    return [str(name) for name, _ in _plugins(raw)]


def _listings(result: CheckResult, by_src: dict, raw: dict[str, Any]) -> dict[str, list[PageState]]:
    """Return each section's index page (existing, or one to make) with its tracked pages."""
    from sopgen.plugin.generated import section_indexes

    blogs = tuple(f"{str((options or {}).get('blog_dir', 'blog')).strip('/')}/"
                  for name, options in _plugin_items(raw) if name in ("blog", "material/blog"))
    return section_indexes(result.states, by_src.__contains__, blogs)


def _plugin_items(raw: dict[str, Any]) -> list[tuple[str, Any]]:
    from sopgen.wiki import _plugins

    return [(str(n), o if isinstance(o, dict) else {}) for n, o in _plugins(raw)]


def _page_text(page, state: PageState | None, listing: list[PageState] | None, site,
               raw: dict[str, Any], url, accounts: Accounts,
               account_users: dict[str, list[PageState]]) -> str | Path:
    """Return a page's Markdown with what the plugin adds: its box, its section's listing."""
    from sopgen.plugin import generated
    from sopgen.plugin.box import (
        box_context,
        render_box,
        render_search_names,
        under_title,
        uses_links,
    )
    from sopgen.plugin.render import Link

    if page.error:
        return page.path  # published as it is, as MkDocs publishes it
    body = page.body
    blocks: dict[str, str] = {}
    renderer = site.renderer
    if listing is not None:
        listed = generated.section_listing(site, page.src, listing, blocks)
        body = body.rstrip("\n") + "\n\n" + listed
    names = ""
    if state is not None and site.settings.box:
        uses = uses_links(page, accounts, lambda src: url(src, page.src))
        users = None
        if page.kind == "account":
            users = [Link(s.page.title, url(s.page.src, page.src))
                     for s in account_users.get(page.src, [])]

        def person_url(handle: str) -> str | None:
            return url(site.person_src(handle), page.src) if site.settings.dashboard else None

        context = box_context(state, site.settings, site.today, person_url, uses, users)
        box = render_box(renderer, context)
        names = render_search_names(renderer, context)
        body = under_title(body, box)
    body = unstash(body, blocks)
    if names:
        body = body.rstrip("\n") + "\n\n" + names + "\n"
    return f"---\n{_front(page)}---\n\n{body.lstrip(chr(10))}"


def _front(page) -> str:
    """Return the page's front matter as the theme may print it: every text escaped.

    No engine without the plugin escapes page meta (Material prints titles, descriptions and
    tags as they are; so does Zensical), so the copy carries the values the plugin would hand
    the theme: escaped, without a legacy lifecycle `status:`, and with the page's title written
    out (from its heading or file name), so that no engine takes a raw heading for it.
    """
    meta = {} if page.error else dict(page.meta)
    if not page.error or page.no_front_matter:
        meta.setdefault("title", page.title)
    clean = sanitize_meta(meta)
    if not clean:
        return ""
    return yaml.safe_dump(clean, sort_keys=False, allow_unicode=True, width=10_000)


def _escaped_front(text: str) -> str:
    """Return a generated page with its front matter escaped, as `_front` does a wiki page's.

    Its title is a person's name or a client's, from the settings: raw, the engine would print
    it as markup in the navigation.
    """
    if not text.startswith("---\n"):
        return text
    end = text.index("\n---\n", 4)
    meta = yaml.safe_load(text[4:end]) or {}
    front = yaml.safe_dump(sanitize_meta(meta), sort_keys=False, allow_unicode=True,
                           width=10_000)
    return f"---\n{front}---\n{text[end + 5:]}"


def _write_tree(docs: Path, files: dict[str, str | Path]) -> int:
    """Write every file that changed, and remove what the wiki no longer has; return the count."""
    changed = 0
    for src, content in files.items():
        target = docs / src
        if isinstance(content, Path):
            changed += _copy_if_changed(content, target)
        else:
            changed += _write_if_changed(target, content)
    wanted = {str(docs / src) for src in files}
    if docs.is_dir():
        for folder, _dirs, names in os.walk(docs, topdown=False):
            for name in names:
                path = os.path.join(folder, name)
                if path not in wanted:
                    os.unlink(path)
                    changed += 1
            if folder != str(docs) and not os.listdir(folder):
                os.rmdir(folder)
    return changed


def _write_if_changed(target: Path, text: str) -> int:
    data = text.encode("utf-8")
    try:
        if target.read_bytes() == data:
            return 0  # untouched: a watching server rebuilds only what changed
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return 1


def _copy_if_changed(source: Path, target: Path) -> int:
    try:
        here, there = source.stat(), target.stat()
        if here.st_size == there.st_size and here.st_mtime_ns == there.st_mtime_ns:
            return 0
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return 1


def _load_as_mkdocs(config_file: Path) -> dict[str, Any]:
    """Read mkdocs.yml with MkDocs' own loader: the copy's config must keep real Python tags.

    (`sopgen check` reads it without MkDocs, `!!python/name` values as their text; a copy
    written from those would hand Markdown extensions strings where they need functions.)
    """
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader()
    # !relative needs a loaded MkDocs config; its value is a path the copy keeps as written.
    loader.add_constructor("!relative", lambda _loader, node: getattr(node, "value", ""))
    try:
        with open(config_file, encoding="utf-8-sig") as fd:
            raw = yaml_load(fd, loader=loader)
    except ConfigurationError as exc:
        raise ConfigError(f"{config_file}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_file}: cannot read it: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{config_file}: must be a mapping of settings")
    return raw


class _Dumper(yaml.Dumper):
    """PyYAML's full dumper (!!python/name for Markdown extensions' functions), no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _config_text(raw: dict[str, Any], wiki: Wiki) -> str:
    """Return the copy's config: the wiki's (INHERIT and !ENV resolved), without sopgen."""
    config = dict(raw)
    config.pop("INHERIT", None)
    config["docs_dir"] = "docs"
    if isinstance(config.get("site_name"), str):
        config["site_name"] = safe_site_name(config["site_name"])
    config["site_dir"] = "site"
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        config["plugins"] = {k: v for k, v in plugins.items() if k != "sopgen"}
    else:
        config["plugins"] = [p for p in plugins
                             if p != "sopgen" and not (isinstance(p, dict) and "sopgen" in p)]
    config["extra_css"] = [*(raw.get("extra_css") or []), CSS]
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        config["theme"] = {**theme, "custom_dir": str(wiki.root / theme["custom_dir"])}
    head = ("# Written by `sopgen export` from the wiki's config: edit that, not this copy.\n")
    return head + yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
