"""`sopgen pack`: one self-contained HTML file a client keeps offline and can print to PDF.

A cover (who, when, counts by status), the account register, then every procedure and account
in full with its box, from the autoescaped templates `sopgen/pack.html` and `sopgen/pack.css`
(a site overrides them from its theme's custom_dir, as it does the box). Pages are converted
with the site's own Markdown extensions (offline.py keeps the result free of any request).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sopgen.errors import ConfigError, SopgenError, UsageError
from sopgen.page import Page
from sopgen.results import STATUSES, CheckResult, PageState
from sopgen.wiki import Wiki


class PackRefused(SopgenError):
    """The wiki holds a secret: no pack is written (as no site is built)."""

    exit_code = 1


@dataclass
class Packed:
    """One page of the pack: its state, anchor, box and body HTML."""

    state: PageState
    anchor: str
    box: Markup
    body: Markup

    @property
    def title(self) -> str:
        return self.state.page.title


def make_pack(wiki: Wiki, result: CheckResult, client: str | None, today: dt.date,
              everyone: list[Page] | None = None) -> str:
    """Return the pack's HTML: the check result's pages (already scoped to `client`).

    `everyone` is the whole wiki's pages, which tell whose folder a file is in (default: the
    result's). Only files the site would publish (and the check scanned) are embedded.
    """
    from mkdocs.exceptions import PluginError

    from sopgen import scope
    from sopgen.offline import OfflineMarkdown
    from sopgen.plugin.box import box_context, render_box, uses_links
    from sopgen.plugin.render import Link, Renderer
    from sopgen.slug import slugify
    from sopgen.uses import Accounts, used_by

    refuse_secrets(result)
    everyone = result.pages if everyone is None else everyone
    # What the site copies, and the check scanned for secrets: never a file from elsewhere on
    # the machine (`![x](/etc/passwd)`, a symlink out), a dotfile or an excluded one.
    published = {src for _, src, _ in wiki.page_jobs(wiki.asset_files(), wiki.root)}
    settings = wiki.settings
    config = _mkdocs_config(wiki.config_file)
    states = sorted(result.states, key=lambda s: (s.page.kind != "procedure", s.page.src))
    anchors = {s.page.src: f"p{n}-{slugify(s.page.slug) or 'page'}"
               for n, s in enumerate(states, 1)}
    if client is not None:
        folders = scope.folders_in_scope(everyone, client)
        referenced = scope.referenced_files(result.pages)
        others = scope.others_folders(everyone, client)
        folder_client = scope.defaults_client(wiki.folder_defaults)

        def may_embed(src: str) -> bool:
            return src in published and scope.kept_asset(src, folders, referenced, others,
                                                          folder_client, client)
    else:
        def may_embed(src: str) -> bool:
            return src in published
    converter = OfflineMarkdown(wiki.docs_dir, config.markdown_extensions, config.mdx_configs,
                                anchors, may_embed)
    renderer = Renderer(config.theme.dirs)
    # As the site resolves them: the page's own client's account, else a shared one.
    accounts = Accounts.of(s.page for s in states)
    users = used_by(states, accounts)

    def link(page: Page) -> Link:
        return Link(page.title, f"#{anchors[page.src]}")

    packed: list[Packed] = []
    try:
        for state in states:
            page = state.page
            uses = uses_links(page, accounts, lambda src: f"#{anchors[src]}")
            context = box_context(state, settings, today, lambda handle: None, uses,
                                  [link(s.page) for s in users.get(page.src, [])])
            packed.append(Packed(state, anchors[page.src], Markup(render_box(renderer, context)),
                                 Markup(converter.convert(page.src, _without_title(page)))))
        summary = result.summary()
        name = settings.client_name(client) if client else (settings.business
                                                           or wiki.site_name or "Procedures")
        return renderer.html(
            "sopgen/pack.html", today=today, settings=settings, who=name,
            legal_name=settings.owner_of_record(client),
            client=client, counts=[(s, summary[s]) for s in STATUSES if summary[s]],
            total=summary["pages"], procedures=[p for p in packed if p.state.page.kind != "account"],
            accounts=[p for p in packed if p.state.page.kind == "account"],
            register=[_register_row(p, settings, today) for p in packed
                      if p.state.page.kind == "account"])
    except PluginError as exc:  # a site's override of a template that fails
        raise ConfigError(str(exc).removeprefix("sopgen: ")) from None


def check_output(path: Path) -> None:
    """Fail (exit 2) when `--output` names an existing file that is not an earlier pack.

    Writing a pack over requirements.txt or a CI workflow would lose what the user wrote; an
    HTML file (an earlier pack, most likely) may be replaced, as any report may.
    """
    try:
        with open(path, "rb") as existing:
            start = existing.read(64).lstrip().lower()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError):
        return  # absent, or a problem the writing itself reports
    if not path.is_file():
        return  # a device or a FIFO: written in place, as reports are
    if not start.startswith((b"<!doctype html", b"<html")):
        raise UsageError(f"--output {path}: refusing to overwrite a file that is not an HTML "
                         "pack: choose another name, or remove it first")


def refuse_secrets(result: CheckResult) -> None:
    """Fail, naming each, when any secret is written in the wiki (as `build` refuses to)."""
    refusal = result.secrets_refusal("no pack was written")
    if refusal:
        raise PackRefused(refusal)


def _register_row(packed: Packed, settings: Any, today: dt.date) -> dict[str, object]:
    from sopgen.durations import until

    page = packed.state.page
    values = page.values
    renews = values.get("renews")
    return {"anchor": packed.anchor, "service": page.title,
            "registered_to": values.get("registered_to"),
            "admins": [settings.person_name(a, page.client) for a in page.admins],
            "login_email": values.get("login_email"), "credentials": values.get("credentials"),
            "recovery": values.get("recovery"), "renews": renews,
            "renews_until": until(renews, today) if renews else None}


def _without_title(page: Page) -> str:
    """Return the page's Markdown without its first heading: the pack prints the title."""
    from sopgen.plugin.box import FIRST_HEADING

    return FIRST_HEADING.sub("", page.body, count=1)


def _mkdocs_config(config_file: Path) -> Any:
    """Return the wiki's MkDocs config (its Markdown extensions, its theme's folders)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        return load_config(config_file=str(config_file))
    except (ConfigurationError, Abort) as exc:
        raise ConfigError(f"{config_file}: {str(exc).strip()}") from None
