"""One client's share of the wiki: which pages, files, findings and people its site or pack holds.

A client's private site (`build --client`), its pack and `--client` on check, report and
handover all scope through here, so they can never disagree about what belongs to a client:
its own pages and those marked `client: all`, never another client's nor the business's own
client-less pages.
"""

from __future__ import annotations

import copy
import os
import posixpath
import re
from collections.abc import Callable, Iterable

from sopgen.config import ALL_CLIENTS, Settings
from sopgen.errors import UsageError
from sopgen.folders import FolderDefaults
from sopgen.page import Page
from sopgen.results import CheckResult

ALL = ALL_CLIENTS  # `client: all`: a page for every client


def declared_clients(settings: Settings) -> list[str]:
    """Return the clients declared under `clients:` in the settings, sorted."""
    return sorted(settings.clients)


def client_choices(settings: Settings, pages: Iterable[Page]) -> list[str]:
    """Return the clients `--client` may name: the declared ones, else those pages name."""
    declared = declared_clients(settings)
    if declared:
        return declared
    return sorted({p.client for p in pages if p.client and p.client != ALL}, key=str.casefold)


def require_client(slug: str, choices: list[str], config_name: str) -> str:
    """Return `slug` when it is one of `choices`; else fail naming them (exit 2)."""
    if slug in choices:
        return slug
    if not choices:
        raise UsageError(f"--client {slug}: {config_name} declares no clients (add them under "
                         "`clients:` in the sopgen settings)")
    raise UsageError(f"--client {slug}: no such client in {config_name} "
                     f"(clients: {', '.join(choices)})")


_FOLDER_NAME = re.compile(r"\w[\w.-]*")


def site_folder(slug: str, option: str = "--client") -> str:
    """Return the folder name a client's site gets; fail (exit 2) when the name cannot be one.

    A wiki that declares no clients takes them from its pages' `client:` text, which a page's
    author writes: `../../home` must not make a site (and clean a folder) outside site/.
    """
    if _FOLDER_NAME.fullmatch(slug) and slug not in (".", ".."):
        return slug
    return _refuse_folder(slug, option)


def _refuse_folder(slug: str, option: str) -> str:
    raise UsageError(f"{option}: client {slug!r} cannot name the site's folder (pages' `client:` "
                     "text): declare the clients under `clients:` in the sopgen settings, "
                     "each a slug of lowercase letters, digits and hyphens")


def in_scope(page: Page, client: str) -> bool:
    """Return whether a page belongs on the client's site: its own, or one for every client."""
    # A page whose front matter cannot be read has no client: it stays out.
    return page.client in (client, ALL)


def scope_result(result: CheckResult, client: str,
                 folder_client: Callable[[str], object] | None = None) -> CheckResult:
    """Return the check result with only the client's pages, their states and findings.

    A finding on no page is kept when it is the settings' (src empty) or a copied file's that
    the client's site would hold too (see `kept_asset`; `folder_client` as there).
    """
    pages = [p for p in result.pages if in_scope(p, client)]
    kept = {p.src for p in pages}
    everything = {p.src for p in result.pages}
    folders, referenced = folders_in_scope(result.pages, client), referenced_files(pages)
    others = others_folders(result.pages, client)
    findings = [f for f in result.findings
                if f.src in kept or not f.src
                or (f.src not in everything and kept_asset(f.src, folders, referenced, others,
                                                             folder_client, client))]
    return CheckResult(result.today, [s for s in result.states if in_scope(s.page, client)],
                       findings, pages)


def people_in(result: CheckResult) -> set[str]:
    """Return every person the pages of a result name: owners, backups, verifiers, admins."""
    people: set[str] = set()
    for page in result.pages:
        people.update(p for p in (page.owner, page.backup, page.verified_by, *page.admins) if p)
    return people


def scoped_settings(settings: Settings, client: str, people: set[str]) -> Settings:
    """Return a copy of the settings that knows only this client and the people it shows.

    The generated pages list the whole team; a client's site lists only those who own, back
    up, verify or administer its pages, and the client's own people.
    """
    scoped = copy.copy(settings)
    scoped["team"] = {h: d for h, d in settings.team.items() if h in people}
    scoped["clients"] = {client: settings.clients[client]} if client in settings.clients else {}
    return scoped


_LINK = re.compile(r"""(?:\]\(\s*<?|\b(?:src|href)\s*=\s*["']?)([^)\s"'<>#?]+)""")


def referenced_files(pages: Iterable[Page]) -> set[str]:
    """Return the docs-folder paths the pages link to or embed (images, downloads)."""
    found: set[str] = set()
    for page in pages:
        folder = posixpath.dirname(page.src)
        for match in _LINK.finditer(page.body):
            target = match.group(1)
            if "://" in target or target.startswith(("/", "mailto:", "data:")):
                continue
            found.add(posixpath.normpath(posixpath.join(folder, target)))
    return found


def kept_asset(src: str, in_folders: dict[str, bool], referenced: set[str],
               others: frozenset[str] | set[str] = frozenset(),
               folder_client: Callable[[str], object] | None = None, client: str = "") -> bool:
    """Return whether a non-page file of the docs folder belongs on the client's site.

    Kept when the nearest folder above it that holds pages holds only the client's pages
    (`procedures/bakery/logo.png`), or when an in-scope page links to it, unless that folder
    holds only other clients' pages (`others`) or its folder defaults (`folder_client(src)`:
    the `client` a `.meta.yml` gives it) name another client: a link cannot carry another
    client's file out. `in_folders` maps each folder holding pages to whether all are in scope.
    """
    if folder_client is not None:
        named = folder_client(src)
        if named and named not in (client, ALL):
            return False
    folder: str | None = posixpath.dirname(src)
    while folder not in in_folders:
        folder = posixpath.dirname(folder) if folder else None
        if folder is None:
            break
    if folder is not None and in_folders[folder]:
        return True
    return src in referenced and folder not in others


def defaults_client(defaults: FolderDefaults) -> Callable[[str], object]:
    """Return what gives a docs file's folder its client: the `client` of its `.meta.yml`s."""
    def client_of(src: str) -> object:
        return defaults.for_page(os.path.join(defaults.docs, src)).values.get("client")

    return client_of


def folders_in_scope(pages: Iterable[Page], client: str) -> dict[str, bool]:
    """Return each folder holding pages, with whether every page directly in it is in scope."""
    folders: dict[str, bool] = {}
    for page in pages:
        folder = posixpath.dirname(page.src)
        folders[folder] = folders.get(folder, True) and in_scope(page, client)
    return folders


def others_folders(pages: Iterable[Page], client: str) -> set[str]:
    """Return the folders whose pages all belong to clients other than this one."""
    mine: dict[str, bool] = {}
    for page in pages:
        folder = posixpath.dirname(page.src)
        theirs = bool(page.client) and not in_scope(page, client)
        mine[folder] = mine.get(folder, True) and theirs
    return {folder for folder, theirs in mine.items() if theirs}
