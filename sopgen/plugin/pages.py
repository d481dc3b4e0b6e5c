"""The pages the plugin generates: the review dashboard, people, clients and the accounts index.

Plain functions from a check result to Markdown. Links point at the pages' source files, so
MkDocs turns them into URLs (and checks them) as it does for any page.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sopgen.checks import STATUS_LABELS, CheckResult, PageState
from sopgen.plugin.box import badge
from sopgen.report import urgency
from sopgen.scaffold import slugify
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
    people: dict[str, list[PageState]] = field(default_factory=dict)

    def person_src(self, handle: str) -> str:
        return f"{self.base}/people/{slugify(handle) or 'someone'}.md"

    def client_src(self, client: str) -> str:
        return f"{self.base}/clients/{slugify(client) or 'client'}.md"

    @property
    def accounts_src(self) -> str:
        return f"{self.base}/accounts.md"

    @property
    def dashboard_src(self) -> str:
        return f"{self.base}/index.md"


def everyone(result: CheckResult, settings: Settings) -> list[str]:
    """Return every person the wiki names: the team, owners, backups, verifiers and admins."""
    people = set(settings.team)
    for state in result.states:
        page = state.page
        people.update(p for p in (page.owner, page.backup, page.verified_by, *page.admins) if p)
    return sorted(people, key=str.casefold)


def generate(site: Site) -> dict[str, str]:
    """Return the generated pages as {source path: Markdown}."""
    pages = {site.dashboard_src: dashboard(site)}
    for handle in everyone(site.result, site.settings):
        pages[site.person_src(handle)] = person_page(site, handle)
    clients = sorted({s.page.client for s in site.result.states if s.page.client},
                     key=str.casefold)
    for client in clients:
        pages[site.client_src(client)] = client_page(site, client)
    if any(s.page.kind == "account" for s in site.result.states):
        pages[site.accounts_src] = accounts_page(site)
    if site.tags:
        pages[f"{site.base}/tags.md"] = ("---\ntitle: Tags\n---\n\n# Tags\n\n"
                                         "Procedures by tag.\n\n<!-- material/tags -->\n")
    return pages


def _link(site: Site, from_src: str, state: PageState) -> str:
    target = posixpath.relpath(state.page.src, posixpath.dirname(from_src) or ".")
    return f"[{md(state.page.title)}]({target})"


def _person_link(site: Site, from_src: str, handle: str | None) -> str:
    if not handle:
        return "nobody"
    name = site.settings.person_name(handle)
    target = posixpath.relpath(site.person_src(handle), posixpath.dirname(from_src) or ".")
    return f"[{md(name)}]({target})"


def _when(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "-"
    days = (day - today).days
    return f"{day} ({'today' if days == 0 else f'in {days} days' if days > 0 else f'{-days} days ago'})"


def _verified(state: PageState) -> str:
    page = state.page
    if page.last_verified is None:
        return "never"
    return f"{page.last_verified}" + (f" by {md(page.verified_by)}" if page.verified_by else "")


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
                       f"({posixpath.relpath(site.person_src(h)[:-3] + '.ics', site.base)})"
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
            lines += [f"### {_person_link(site, src, owner) if owner else 'No owner'} "
                      f"({len(group)})", "",
                      "| Page | Review date | Last verified | Backup |", "| --- | --- | --- | --- |"]
            for state in group:
                lines.append(f"| {_link(site, src, state)} | {_when(state.next_review, today)} | "
                             f"{_verified(state)} | {_person_link(site, src, state.page.backup)} |")
            lines.append("")
    lines += ["## Everyone", "", "| Person | Owns | Backs up | Stale | Due soon |",
              "| --- | --- | --- | --- | --- |"]
    for handle in everyone(result, site.settings):
        owned = [s for s in result.states if s.page.owner == handle]
        backed = [s for s in result.states if s.page.backup == handle]
        lines.append(f"| {_person_link(site, src, handle)} | {len(owned)} | {len(backed)} | "
                     f"{sum(s.status == 'stale' for s in owned)} | "
                     f"{sum(s.status == 'due' for s in owned)} |")
    return "\n".join(lines) + "\n"


def _table(site: Site, src: str, states: list[PageState], columns: tuple[str, ...]) -> list[str]:
    cells = {
        "page": lambda s: _link(site, src, s),
        "status": lambda s: badge(s.status),
        "review": lambda s: _when(s.next_review, site.today) if s.status not in
        ("draft", "retired") else "-",
        "owner": lambda s: _person_link(site, src, s.page.owner),
        "backup": lambda s: _person_link(site, src, s.page.backup),
        "client": lambda s: md(s.page.client or "-"),
    }
    titles = {"page": "Page", "status": "Status", "review": "Next review", "owner": "Owner",
              "backup": "Backup", "client": "Client"}
    lines = ["| " + " | ".join(titles[c] for c in columns) + " |",
             "| " + " | ".join("---" for _ in columns) + " |"]
    for state in sorted(states, key=urgency):
        lines.append("| " + " | ".join(cells[c](state) for c in columns) + " |")
    return [*lines, ""]


def person_page(site: Site, handle: str) -> str:
    """Return one person's page: what they own, back up and administer."""
    src, states = site.person_src(handle), site.result.states
    details = site.settings.team.get(handle, {})
    name = site.settings.person_name(handle)
    lines = ["---", f"title: {_yaml_text(name)}", "---", "", f"# {md(name)}", ""]
    facts = [f"Handle `{handle}`" if "`" not in handle else md(handle)]
    if details.get("role"):
        facts.append(md(details["role"]))
    if details.get("external"):
        facts.append("external to the business")
    if site.settings.team and handle not in site.settings.team:
        facts.append("**not in the team list**")
    calendar = posixpath.basename(src)[:-3] + ".ics"
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
    return "\n".join(["---", f"title: {_yaml_text('Client: ' + client)}", "---", "",
                      f"# Client: {md(client)}", "",
                      f"{len(states)} procedures and accounts, soonest review first.", "",
                      *_table(site, src, states, ("page", "status", "review", "owner", "backup"))])


def accounts_page(site: Site) -> str:
    """Return the accounts index: who each account is registered to, who can get in."""
    src = site.accounts_src
    accounts = sorted((s for s in site.result.states if s.page.kind == "account"),
                      key=lambda s: s.page.title.casefold())
    lines = ["---", "title: Accounts index", "---", "", "# Accounts index", "",
             "Every account the work depends on. Credentials are never written here: the last "
             "column says where they are kept.", "",
             "| Account | Registered to | Admins | Credentials kept in | Renews | Status |",
             "| --- | --- | --- | --- | --- | --- |"]
    for state in accounts:
        values = state.page.values
        admins = ", ".join(_person_link(site, src, a) for a in state.page.admins) or "none"
        renews = values.get("renews")
        lines.append(f"| {_link(site, src, state)} | {md(values.get('registered_to') or 'nobody')}"
                     f" | {admins} | {md(values.get('credentials') or '-')} | "
                     f"{_when(renews, site.today) if renews else '-'} | {badge(state.status)} |")
    return "\n".join(lines) + "\n"


def _yaml_text(text: str) -> str:
    from sopgen.scaffold import yaml_scalar

    return yaml_scalar(text)
