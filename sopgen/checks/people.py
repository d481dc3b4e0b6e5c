"""People and clients: owners, backups, the team list, and spellings that would share a page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sopgen.config import ALL_CLIENTS, Settings
from sopgen.page import Page
from sopgen.results import Finding, finding
from sopgen.slug import slugify


def people_findings(page: Page, settings: Settings) -> Iterator[Finding]:
    """Yield owner, backup and team-list findings for a tracked page."""
    if not page.owner:
        yield finding(page, "owner-missing",
                      "no owner: add `owner:` with the person accountable for this page",
                      page.line_of("owner") or 2)
    if page.kind == "procedure" and page.lifecycle == "active":
        if not page.backup:
            who = f"{page.owner} is" if page.owner else "one person is"
            yield finding(page, "backup-missing",
                          f"no backup: {who} the only one who knows how this is done; "
                          "add `backup:` with a second person", page.line_of("owner"))
        elif page.backup == page.owner:
            yield finding(page, "backup-missing",
                          f"the backup is the owner ({page.owner}): name a second person",
                          page.line_of("backup"))
    if settings.team:
        for name in ("owner", "backup", "verified_by"):
            person = page.values.get(name)
            # "#channel" (GOV.UK's owner_slack) names a team's channel, not a person.
            if (person and not person.startswith("#")
                    and not settings.is_known_person(person, page.client)):
                where = (f" nor among the people of client {page.client}"
                         if settings.client(page.client) else "")
                yield finding(page, "unknown-person",
                              f"{name} {person!r} is not in the team list of mkdocs.yml{where} "
                              f"(known: {', '.join(settings.known_people(page.client))})"
                              f"{_from_folder(page, name)}", page.line_of(name))


def client_findings(page: Page, settings: Settings) -> Iterator[Finding]:
    """Yield `unknown-client` when clients are declared and the page names none of them."""
    client = page.client
    if not client or not settings.clients or client == ALL_CLIENTS or client in settings.clients:
        return
    yield finding(page, "unknown-client",
                  f"client {client!r} is not declared under `clients:` in mkdocs.yml "
                  f"(clients: {', '.join(sorted(settings.clients))}, or `all`)"
                  f"{_from_folder(page, 'client')}", page.line_of("client"))


def _from_folder(page: Page, name: str) -> str:
    """Say which .meta.yml set a field the page does not set itself."""
    source = page.inherited.get(name)
    return f" (set for the folder by {source})" if source else ""


def name_collisions(universe: list[Page], checked: list[Page],
                     settings: Settings) -> Iterator[Finding]:
    """Yield a finding where two spellings of a person or client share a slug (Ana, ana).

    Each person and client gets a page of the site named by slug: two spellings would have to
    share it, and one of them is surely a typo.
    """
    wanted = {id(page) for page in checked}
    slugs: dict[str, str] = {}  # a few people own thousands of pages: slug each name once

    def slug(name: str) -> str:
        if name not in slugs:
            slugs[name] = slugify(name)
        return slugs[name]

    for what, fields in (("people", ("owner", "backup", "verified_by", "admins")),
                         ("clients", ("client",))):
        spellings: dict[str, dict[str, tuple[Page, str] | None]] = defaultdict(dict)
        if what == "people":
            for handle in settings.team:
                spellings[slug(handle)].setdefault(handle, None)
        seen: set[str] = set()  # a spelling is placed once, where it first appears
        for page in universe:
            if page.error or not page.tracked:
                continue
            for name in fields:
                value = page.values.get(name)
                for spelling in (value if isinstance(value, tuple) else (value,)):
                    if spelling and spelling not in seen:
                        seen.add(spelling)
                        spellings[slug(spelling)].setdefault(spelling, (page, name))
        for names in spellings.values():
            if len(names) < 2:
                continue
            listed = " and ".join(repr(n) for n in names)
            for spelling, where in names.items():
                if where is None or id(where[0]) not in wanted:
                    continue
                page, name = where
                yield finding(page, "name-collision",
                              f"{name} {spelling!r}: the {what} {listed} would share one page "
                              "of the site; write one spelling", page.line_of(name))
