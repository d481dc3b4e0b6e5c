"""A client's private site: the plugin's files, results and navigation narrowed to one client.

Out-of-scope pages and files leave `files` before MkDocs renders anything, so nothing of them
can reach the HTML, the search index, the sitemap, the tags, the calendars or the 404 page;
the generated pages are made from the narrowed check result and settings only.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage

from sopgen.config import Settings
from sopgen.folders import FolderDefaults
from sopgen.plugin.render import md
from sopgen.results import CheckResult
from sopgen.scope import (
    declared_clients,
    defaults_client,
    folders_in_scope,
    kept_asset,
    others_folders,
    people_in,
    referenced_files,
    scope_result,
    scoped_settings,
)

HOME = "index.md"


def check_client(settings: Settings, client: str, config_name: str) -> None:
    """Fail the build when clients are declared and `site_client` names none of them."""
    declared = declared_clients(settings)
    if declared and client not in declared:
        raise PluginError(f"sopgen: site_client {client}: no such client in {config_name} "
                          f"(clients: {', '.join(declared)})")


def narrow(files: Files, config: MkDocsConfig, result: CheckResult, settings: Settings,
           client: str, defaults: FolderDefaults | None = None,
           ) -> tuple[CheckResult, Settings, set[str]]:
    """Drop every other client's (and the business's own) pages and files.

    Return what stays (check result, settings) and the docs paths of what was dropped.
    """
    folder_client = defaults_client(defaults) if defaults is not None else None
    scoped = scope_result(result, client, folder_client)
    pages = {p.src for p in scoped.pages}
    folders = folders_in_scope(result.pages, client)
    referenced = referenced_files(scoped.pages)
    others = others_folders(result.pages, client)
    # The site's own stylesheets and scripts are the business's look, not anyone's content.
    styling = {str(path) for path in [*config.extra_css, *config.extra_javascript]}
    docs = os.path.abspath(config.docs_dir) + os.sep
    removed: set[str] = set()
    for file in list(files):
        if file.generated_by or not file.abs_src_path \
                or not os.path.abspath(file.abs_src_path).startswith(docs):
            continue  # the theme's files, and pages other plugins make
        if file.is_documentation_page():
            if file.src_uri not in pages:
                files.remove(file)
                removed.add(file.src_uri)
        elif file.src_uri not in styling and not kept_asset(
                file.src_uri, folders, referenced, others, folder_client, client):
            files.remove(file)
            removed.add(file.src_uri)
    return scoped, scoped_settings(settings, client, people_in(scoped)), removed


_ADDRESS = re.compile(r"""(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def unlink_removed(content: str, src: str, removed: set[str]) -> str:
    """Take out of a page's HTML each address of a file the site left out.

    MkDocs keeps a link it cannot resolve as written (`../dentist/recall-letters.md`): on a
    client's site that would show another client's file names. The words of the link stay.
    """
    if not removed:
        return content
    folder = posixpath.dirname(src)

    def keep(match: re.Match[str]) -> str:
        address = match.group(2) if match.group(2) is not None else match.group(3)
        path = unquote(html.unescape(address).split("#", 1)[0].split("?", 1)[0])
        if not path or "://" in path or path.startswith(("/", "mailto:", "data:")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, path))
        return "" if target in removed else match.group(0)

    return _ADDRESS.sub(keep, content)


def add_home(files: Files, config: MkDocsConfig, name: str) -> str | None:
    """Give the site a home page named after the client when the client has none of its own."""
    if files.get_file_from_path(HOME) is not None:
        return None
    files.append(File.generated(config, HOME, content=f"# {md(name)}\n"))
    return HOME


def prune_nav(nav: Navigation, files: Files) -> Navigation:
    """Drop navigation entries that are not the site's pages: a nav of mkdocs.yml names others."""
    nav.items = _pruned(nav.items)
    nav.pages = [p for p in nav.pages if files.get_file_from_path(p.file.src_uri) is not None]
    return nav


def _pruned(items: list) -> list:
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _pruned(item.children)
            if item.children:
                kept.append(item)
        elif isinstance(item, MkDocsPage):
            kept.append(item)
        # A Link is a title and an address written in mkdocs.yml, perhaps another client's.
    return kept
