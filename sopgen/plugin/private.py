"""A client's private site: the plugin's files, results and navigation narrowed to one client.

Out-of-scope pages and files leave `files` before MkDocs renders anything, so nothing of them
can reach the HTML, the search index, the sitemap, the tags, the calendars or the 404 page;
the generated pages are made from the narrowed check result and settings only.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage

from sopgen.config import Settings
from sopgen.plugin.render import md
from sopgen.results import CheckResult
from sopgen.scope import (
    client_name,
    declared_clients,
    folders_in_scope,
    kept_asset,
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


def site_name(settings: Settings, client: str) -> str:
    """Return the private site's name: the client's display name."""
    return client_name(settings, client)


def narrow(files: Files, config: MkDocsConfig, result: CheckResult, settings: Settings,
           client: str) -> tuple[CheckResult, Settings]:
    """Drop every other client's (and the business's own) pages and files; return what stays."""
    scoped = scope_result(result, client)
    pages = {p.src for p in scoped.pages}
    folders = folders_in_scope(result.pages, client)
    referenced = referenced_files(scoped.pages)
    # The site's own stylesheets and scripts are the business's look, not anyone's content.
    styling = {str(path) for path in [*config.extra_css, *config.extra_javascript]}
    docs = os.path.abspath(config.docs_dir) + os.sep
    for file in list(files):
        if file.generated_by or not file.abs_src_path \
                or not os.path.abspath(file.abs_src_path).startswith(docs):
            continue  # the theme's files, and pages other plugins make
        if file.is_documentation_page():
            if file.src_uri not in pages:
                files.remove(file)
        elif file.src_uri not in styling and not kept_asset(file.src_uri, folders, referenced):
            files.remove(file)
    return scoped, scoped_settings(settings, client, people_in(scoped))


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
