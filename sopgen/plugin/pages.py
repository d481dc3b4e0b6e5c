"""The pages the plugin generates: the review dashboard, people, clients and the accounts index.

Plain functions from a check result to Markdown. Tables are not Markdown: a large wiki's
generated pages hold thousands of rows, and Markdown tables cost ~0.5 ms a row to convert, so
each table is rendered here as HTML, kept in `Site.blocks`, and stands in the Markdown as an HTML
comment the plugin replaces after conversion.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sopgen.durations import when
from sopgen.plugin.box import badge
from sopgen.report import urgency
from sopgen.results import STATUS_LABELS, CheckResult, PageState
from sopgen.slug import slugify
from sopgen.wiki import Settings

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: object) -> str:
    """Escape text for Markdown (and HTML) so front-matter values render as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


@dataclass
class Site:
    """What the generated pages are made from."""

    result: CheckResult
    settings: Settings
    today: dt.date
    base: str = "review"  # the folder the generated pages live in
    tags: bool = False
    # url(target source path, from source path) -> relative URL, or None if no such page
    url: Callable[[str, str], str | None] = lambda target, here: None
    blocks: dict[str, str] = field(default_factory=dict)  # placeholder -> table HTML
    _people: dict[str, str] | None = field(default=None, repr=False)
    _clients: dict[str, str] | None = field(default=None, repr=False)

    def block(self, html_text: str) -> str:
        """Keep a rendered table; return the placeholder that stands for it in the Markdown."""
        marker = f"<!-- sopgen-block-{len(self.blocks)} -->"
        self.blocks[marker] = html_text
        return marker

    def person_src(self, handle: str) -> str:
        """Return the source path of a person's page (unique, though two spellings share a slug)."""
        if self._people is None:
            self._people = unique_slugs(everyone(self.result, self.settings), "someone")
        return f"{self.base}/people/{self._people.get(handle) or slugify(handle) or 'someone'}.md"

    def client_src(self, client: str) -> str:
        """Return the source path of a client's page."""
        if self._clients is None:
            self._clients = unique_slugs(sorted({s.page.client for s in self.result.states
                                                 if s.page.client}, key=str.casefold), "client")
        return f"{self.base}/clients/{self._clients.get(client) or slugify(client) or 'client'}.md"

    @property
    def accounts_src(self) -> str:
        return f"{self.base}/accounts.md"

    @property
    def dashboard_src(self) -> str:
        return f"{self.base}/index.md"


def unique_slugs(names: list[str], fallback: str) -> dict[str, str]:
    """Return a slug for each name; names sharing one ("Ana", "ana") get "-2", "-3" (checks say so)."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = slugify(name) or fallback
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs[name] = slug
    return slugs


def everyone(result: CheckResult, settings: Settings) -> list[str]:
    """Return every person the wiki names: the team, owners, backups, verifiers and admins."""
    people = set(settings.team)
    for state in result.states:
        page = state.page
        people.update(p for p in (page.owner, page.backup, page.verified_by, *page.admins) if p)
    return sorted(people, key=str.casefold)


def generated_sources(site: Site) -> dict[str, Callable[[], str]]:
    """Return each generated page's source path with the function that writes it."""
    pages: dict[str, Callable[[], str]] = {site.dashboard_src: lambda: dashboard(site)}
    for handle in everyone(site.result, site.settings):
        pages[site.person_src(handle)] = lambda h=handle: person_page(site, h)
    clients = sorted({s.page.client for s in site.result.states if s.page.client},
                     key=str.casefold)
    for client in clients:
        pages[site.client_src(client)] = lambda c=client: client_page(site, c)
    if any(s.page.kind == "account" for s in site.result.states):
        pages[site.accounts_src] = lambda: accounts_page(site)
    if site.tags:
        pages[f"{site.base}/tags.md"] = lambda: ("---\ntitle: Tags\n---\n\n# Tags\n\n"
                                                 "Procedures by tag.\n\n<!-- material/tags -->\n")
    return pages


def generate(site: Site) -> dict[str, str]:
    """Return the generated pages as {source path: Markdown}."""
    return {src: write() for src, write in generated_sources(site).items()}


def relative(target: str, from_src: str) -> str:
    """Return the path of `target` relative to the folder of `from_src` (both docs paths).

    Plain string work: posixpath.relpath looks up the current directory on every call, which
    adds up over the thousands of links of a large wiki's generated pages.
    """
    here = from_src.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def _a(site: Site, from_src: str, target_src: str, text: str) -> str:
    url = site.url(target_src, from_src)
    label = html.escape(text)
    return f'<a href="{html.escape(url)}">{label}</a>' if url else label


def _link(site: Site, from_src: str, state: PageState) -> str:
    return _a(site, from_src, state.page.src, state.page.title)


def _person_link(site: Site, from_src: str, handle: str | None) -> str:
    if not handle:
        return "nobody"
    return _a(site, from_src, site.person_src(handle), site.settings.person_name(handle))


def _html_table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _when(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "-"
    return f"{day} ({when(day, today)})"


def _verified(state: PageState) -> str:
    page = state.page
    if page.last_verified is None:
        return "never"
    return f"{page.last_verified}" + (f" by {html.escape(page.verified_by)}"
                                      if page.verified_by else "")


def dashboard(site: Site) -> str:
    """Return the review dashboard: stale first, then due soon, by owner, with counts."""
    src, result, today = site.dashboard_src, site.result, site.today
    summary = result.summary()
    counts = " ".join(f'<span class="sopgen-{s}{" sopgen-zero" if not summary[s] else ""}">'
                      f'<span class="sopgen-badge">{summary[s]} {STATUS_LABELS[s]}</span></span>'
                      for s in ("stale", "due", "invalid", "fresh", "draft", "retired"))
    lines = ["---", "title: Review dashboard", "search:", "  exclude: true", "---", "",
             "# Review dashboard", "", f'<div class="sopgen-counts">{counts}</div>', "",
             f"As of {today}, {summary['pages']} procedures and accounts. A procedure is "
             f"*due soon* {site.settings.due_soon.describe()} before its review date and "
             "*stale* after it.", "",
             "Add the review dates to your calendar: [all of them](reviews.ics)"
             + "".join(f", [{md(site.settings.person_name(h))}]"
                       f"({relative(site.person_src(h)[:-3] + '.ics', src)})"
                       for h in everyone(result, site.settings)) + ".", ""]
    for status, heading, advice in (
            ("stale", "Stale: review now", "Past their review date: the owner follows the steps "
             "and runs `sopgen verify`, or hands them to the backup."),
            ("due", "Due soon", "Coming up for review."),
            ("invalid", "Cannot be trusted", "These pages lack an owner or a valid date, or "
             "their front matter is broken: fix the page.")):
        states = sorted((s for s in result.states if s.status == status), key=urgency)
        lines += [f"## {heading} ({len(states)})", ""]
        if not states:
            lines += ["None.", ""]
            continue
        lines += [advice, ""]
        by_owner: dict[str, list[PageState]] = defaultdict(list)
        for state in states:
            by_owner[state.page.owner or ""].append(state)
        for owner in sorted(by_owner, key=lambda o: (o == "", o.casefold())):
            group = by_owner[owner]
            name = site.settings.person_name(owner) if owner else "No owner"
            rows = [[_link(site, src, s), _when(s.next_review, today), _verified(s),
                     _person_link(site, src, s.page.backup)] for s in group]
            lines += [f"### {md(name)} ({len(group)})", "",
                      site.block(_html_table(["Page", "Review date", "Last verified", "Backup"],
                                             rows)), ""]
    owned: dict[str, list[PageState]] = defaultdict(list)
    backed: dict[str, int] = defaultdict(int)
    for state in result.states:
        owned[state.page.owner or ""].append(state)
        if state.page.backup:
            backed[state.page.backup] += 1
    rows = [[_person_link(site, src, h), str(len(owned[h])), str(backed[h]),
             str(sum(s.status == "stale" for s in owned[h])),
             str(sum(s.status == "due" for s in owned[h]))]
            for h in everyone(result, site.settings)]
    lines += ["## Everyone", "",
              site.block(_html_table(["Person", "Owns", "Backs up", "Stale", "Due soon"], rows)),
              ""]
    return "\n".join(lines) + "\n"


def _table(site: Site, src: str, states: list[PageState], columns: tuple[str, ...]) -> list[str]:
    cells = {
        "page": lambda s: _link(site, src, s),
        "status": lambda s: badge(s.status),
        "review": lambda s: _when(s.next_review, site.today) if s.status not in
        ("draft", "retired") else "-",
        "owner": lambda s: _person_link(site, src, s.page.owner),
        "backup": lambda s: _person_link(site, src, s.page.backup),
        "client": lambda s: html.escape(s.page.client or "-"),
    }
    titles = {"page": "Page", "status": "Status", "review": "Next review", "owner": "Owner",
              "backup": "Backup", "client": "Client"}
    rows = [[cells[c](state) for c in columns] for state in sorted(states, key=urgency)]
    return [site.block(_html_table([titles[c] for c in columns], rows)), ""]


def person_page(site: Site, handle: str) -> str:
    """Return one person's page: what they own, back up and administer."""
    src, states = site.person_src(handle), site.result.states
    details = site.settings.team.get(handle, {})
    name = site.settings.person_name(handle)
    lines = ["---", f"title: {_yaml_text(name)}", "search:", "  exclude: true", "---", "",
             f"# {md(name)}", ""]
    facts = [f"Handle `{handle}`" if "`" not in handle else md(handle)]
    if details.get("role"):
        facts.append(md(details["role"]))
    if details.get("external"):
        facts.append("external to the business")
    if site.settings.team and handle not in site.settings.team:
        facts.append("**not in the team list**")
    calendar = src.rsplit("/", 1)[-1][:-3] + ".ics"
    lines += ["; ".join(facts) + ".", "",
              f"[Add {md(name)}'s review dates to a calendar]({calendar}).", ""]
    owned = [s for s in states if s.page.owner == handle and s.page.kind == "procedure"]
    backed = [s for s in states if s.page.backup == handle]
    admin = [s for s in states if s.page.kind == "account" and handle in s.page.admins]
    lonely = [s for s in owned if not s.page.backup or s.page.backup == handle]
    lines += [f"## Owns ({len(owned)})", ""]
    if lonely:
        lines += [f"{len(lonely)} of these {'has' if len(lonely) == 1 else 'have'} no backup: "
                  f"only {md(name)} knows how {'it is' if len(lonely) == 1 else 'they are'} done.",
                  ""]
    lines += _table(site, src, owned, ("page", "status", "review", "backup")) if owned else \
        ["Nothing.", ""]
    lines += [f"## Backs up ({len(backed)})", ""]
    lines += _table(site, src, backed, ("page", "status", "review", "owner")) if backed else \
        ["Nothing.", ""]
    if admin or any(s.page.kind == "account" for s in states):
        lines += [f"## Account admin ({len(admin)})", ""]
        lines += _table(site, src, admin, ("page", "status", "owner")) if admin else \
            ["No accounts.", ""]
    return "\n".join(lines)


def client_page(site: Site, client: str) -> str:
    """Return one client's page: every procedure and account for them."""
    src = site.client_src(client)
    states = [s for s in site.result.states if s.page.client == client]
    return "\n".join(["---", f"title: {_yaml_text('Client: ' + client)}", "search:",
                      "  exclude: true", "---", "",
                      f"# Client: {md(client)}", "",
                      f"{len(states)} procedures and accounts, soonest review first.", "",
                      *_table(site, src, states, ("page", "status", "review", "owner", "backup"))])


def accounts_page(site: Site) -> str:
    """Return the accounts index: who each account is registered to, who can get in."""
    src = site.accounts_src
    accounts = sorted((s for s in site.result.states if s.page.kind == "account"),
                      key=lambda s: s.page.title.casefold())
    lines = ["---", "title: Accounts index", "search:", "  exclude: true", "---", "",
             "# Accounts index", "",
             "Every account the work depends on. Credentials are never written here: the last "
             "column says where they are kept.", ""]
    rows = []
    for state in accounts:
        values = state.page.values
        admins = ", ".join(_person_link(site, src, a) for a in state.page.admins) or "none"
        renews = values.get("renews")
        rows.append([_link(site, src, state), html.escape(values.get("registered_to") or "nobody"),
                     admins, html.escape(values.get("credentials") or "-"),
                     _when(renews, site.today) if renews else "-", badge(state.status)])
    lines += [site.block(_html_table(["Account", "Registered to", "Admins",
                                      "Credentials kept in", "Renews", "Status"], rows)), ""]
    return "\n".join(lines)


def _yaml_text(text: str) -> str:
    from sopgen.writing import yaml_scalar

    return yaml_scalar(text)


def section_title(folder: str) -> str:
    """Return a section's title from its folder name: "client-acme" -> "Client acme"."""
    name = folder.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else "Procedures"


def section_listing(site: Site, index_src: str, states: list[PageState]) -> str:
    """Return the HTML table of a section's procedures and accounts, by title."""
    rows = [[_link(site, index_src, s), badge(s.status),
             _when(s.next_review, site.today) if s.status not in ("draft", "retired") else "-",
             _person_link(site, index_src, s.page.owner)]
            for s in sorted(states, key=lambda s: s.page.title.casefold())]
    return _html_table(["Page", "Status", "Next review", "Owner"], rows)
