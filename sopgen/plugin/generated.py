"""The pages the plugin generates: the review dashboard, people, clients, accounts and tags.

Plain functions from a check result to each page's data; templates/sopgen/*.html (or a site's
overrides) lay the pages out through `Renderer.markdown`: their headings are Markdown, for the
table of contents, and their tables HTML that skips Markdown (~0.2 ms a row, even as HTML).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sopgen.config import Settings
from sopgen.durations import until, when
from sopgen.page import INDEX_PAGES, Page
from sopgen.plugin.render import Link, Person, Renderer
from sopgen.report import urgency
from sopgen.results import CheckResult, PageState
from sopgen.slug import slugify
from sopgen.writing import yaml_scalar

_DIGITS = re.compile(r"(\d+)")


class _lazy:
    """A property worked out on first use, then kept (functools.cached_property takes a lock)."""

    def __init__(self, func: Callable[[Row], object]) -> None:
        self.func, self.name = func, func.__name__

    def __get__(self, row: Row | None, owner: type) -> object:
        if row is None:
            return self
        value = row.__dict__[self.name] = self.func(row)  # found there from now on
        return value


class Row:
    """A tracked page in a table, as templates get it (`title` and `url`, like a link).

    Worked out on use: a large wiki's tables hold thousands of rows, each showing a few of these.
    """

    def __init__(self, site: GeneratedPages, state: PageState, here: str) -> None:
        self.site, self.state, self.here = site, state, here
        self.page: Page = state.page
        self.title: str = state.page.title
        self.status: str = state.status
        # The next review; None for drafts and retired pages.
        self.review: dt.date | None = None if state.resting else state.next_review

    @property
    def client(self) -> str | None:
        """Return the page's client, by its display name."""
        return self.site.settings.client_name(self.page.client)

    @property
    def last_verified(self) -> dt.date | None:
        """Return the day the page was last verified."""
        return self.page.last_verified

    @_lazy
    def url(self) -> str | None:
        """Return the page's URL from the table's page."""
        return self.site.url(self.page.src, self.here)

    @_lazy
    def review_when(self) -> str | None:
        """Return when the review is: "in 3 days", "yesterday"."""
        return when(self.review, self.site.today) if self.review else None

    @_lazy
    def review_until(self) -> str | None:
        """Return how the review stands: "in 3 days", "1 day overdue"."""
        return until(self.review, self.site.today) if self.review else None

    @_lazy
    def owner(self) -> Person | None:
        """Return the page's owner."""
        return self.site.person(self.page.owner, self.here)

    @_lazy
    def backup(self) -> Person | None:
        """Return the page's backup."""
        return self.site.person(self.page.backup, self.here)

    @_lazy
    def verified_by(self) -> Person | None:
        """Return who last verified the page."""
        return self.site.person(self.page.verified_by, self.here)


@dataclass
class GeneratedPages:
    """What the generated pages are made from."""

    result: CheckResult
    settings: Settings
    today: dt.date
    base: str = "review"  # the folder the generated pages live in
    tags: bool = False  # the site has Material's tags plugin: a tags page
    # The tags page as Material's listing (`<!-- material/tags -->`), for a copy built without
    # sopgen; the plugin writes its own (see tags_page).
    material_tags: bool = False
    renderer: Renderer = field(default_factory=Renderer)
    # url(target source path, from source path) -> relative URL, or None if no such page
    url: Callable[[str, str], str | None] = lambda target, here: None
    blocks: dict[str, dict[str, str]] = field(default_factory=dict)  # src -> stashed HTML
    _people: dict[str, str] | None = field(default=None, repr=False)
    _clients: dict[str, str] | None = field(default=None, repr=False)
    _persons: dict[tuple[str, str], Person] = field(default_factory=dict, repr=False, init=False)

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

    @property
    def tags_src(self) -> str:
        return f"{self.base}/tags.md"

    def person(self, handle: str | None, here: str) -> Person | None:
        """Return a person with the URL of their page from the page `here`."""
        if not handle:
            return None
        person = self._persons.get((handle, here))
        if person is None:  # the same few people fill thousands of rows of a page
            person = self._persons[handle, here] = Person(
                handle, self.settings.person_name(handle), self.url(self.person_src(handle), here))
        return person

    def row(self, state: PageState, here: str) -> Row:
        """Return a tracked page as a table row on the page `here`."""
        return Row(self, state, here)

    def rows(self, states: list[PageState], here: str) -> list[Row]:
        """Return tracked pages as table rows, most urgent first."""
        return [self.row(state, here) for state in sorted(states, key=urgency)]

    def page(self, src: str, title: str, template: str, **context: object) -> str:
        """Return a generated page's Markdown: its front matter, then its template rendered."""
        blocks = self.blocks.setdefault(src, {})
        return (f"---\ntitle: {_yaml_text(title)}\nsearch:\n  exclude: true\n---\n\n"
                + self.renderer.markdown(template, blocks, settings=self.settings,
                                         today=self.today, **context))


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


def generated_sources(site: GeneratedPages) -> dict[str, Callable[[], str]]:
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
        pages[site.tags_src] = lambda: tags_page(site)
    return pages


def generate(site: GeneratedPages) -> dict[str, str]:
    """Return the generated pages as {source path: Markdown}."""
    return {src: write() for src, write in generated_sources(site).items()}


def dashboard(site: GeneratedPages) -> str:
    """Return the review dashboard: stale first, then due soon, by owner, with counts."""
    src, result = site.dashboard_src, site.result
    people = everyone(result, site.settings)
    groups: dict[str, list[dict[str, object]]] = {}
    for status in ("stale", "due", "unverified", "invalid"):
        by_owner: dict[str, list[PageState]] = defaultdict(list)
        for state in sorted((s for s in result.states if s.status == status), key=urgency):
            by_owner[state.page.owner or ""].append(state)
        groups[status] = [{"owner": site.person(owner, src),
                           "rows": [site.row(s, src) for s in by_owner[owner]]}
                          for owner in sorted(by_owner, key=lambda o: (o == "", o.casefold()))]
    owned: dict[str, list[PageState]] = defaultdict(list)
    backed: dict[str, int] = defaultdict(int)
    for state in result.states:
        owned[state.page.owner or ""].append(state)
        if state.page.backup:
            backed[state.page.backup] += 1
    counts = [{"person": site.person(h, src), "owns": len(owned[h]), "backs_up": backed[h],
               "stale": sum(s.status == "stale" for s in owned[h]),
               "due": sum(s.status == "due" for s in owned[h])} for h in people]
    # HTML links skip MkDocs' rewriting of Markdown links: each is the URL from this page.
    calendars = [Link(site.settings.person_name(h), site.url(site.person_src(h)[:-3] + ".ics", src))
                 for h in people]
    return site.page(src, "Review dashboard", "sopgen/dashboard.html",
                     summary=result.summary(), due_soon=site.settings.due_soon.describe(),
                     calendar=site.url(f"{site.base}/reviews.ics", src), calendars=calendars,
                     groups=groups, everyone=counts)


def person_page(site: GeneratedPages, handle: str) -> str:
    """Return one person's page: what they own, back up and administer."""
    src, states = site.person_src(handle), site.result.states
    settings = site.settings
    # A client's own person: their role is the client's, and they are not "unlisted".
    client = next((c for c in settings.clients.values() if handle in c["people"]), None)
    details = settings.team.get(handle) or (client["people"][handle] if client else {})
    if client and handle not in settings.team:
        details = {**details, "role": ", ".join(
            x for x in (details.get("role"), f"at {client['name']}") if x)}
    owned = [s for s in states if s.page.owner == handle and s.page.kind == "procedure"]
    backed = [s for s in states if s.page.backup == handle]
    admin = [s for s in states if s.page.kind == "account" and handle in s.page.admins]
    return site.page(
        src, site.settings.person_name(handle), "sopgen/person.html",
        person=Person(handle, site.settings.person_name(handle)),
        role=details.get("role"), external=bool(details.get("external")),
        unlisted=bool(settings.team) and handle not in settings.team and client is None,
        calendar=site.url(src[:-3] + ".ics", src),
        owns=site.rows(owned, src), backs_up=site.rows(backed, src),
        lonely=sum(1 for s in owned if not s.page.backup or s.page.backup == handle),
        admin=site.rows(admin, src) if admin or any(s.page.kind == "account" for s in states)
        else None)


def client_page(site: GeneratedPages, client: str) -> str:
    """Return one client's page: every procedure and account for them."""
    src = site.client_src(client)
    states = [s for s in site.result.states if s.page.client == client]
    name = site.settings.client_name(client) or client
    declared = site.settings.client(client)
    return site.page(src, f"Client: {name}", "sopgen/client.html", client=name, slug=client,
                     legal_name=declared["legal_name"] if declared else None,
                     people=[site.person(h, src) for h in declared["people"]] if declared else [],
                     rows=site.rows(states, src))


def accounts_page(site: GeneratedPages) -> str:
    """Return the accounts index: who each account is registered to, who can get in."""
    src = site.accounts_src
    accounts = sorted((s for s in site.result.states if s.page.kind == "account"),
                      key=lambda s: s.page.title.casefold())
    rows = []
    for state in accounts:
        values = state.page.values
        renews = values.get("renews")
        rows.append({"row": site.row(state, src), "registered_to": values.get("registered_to"),
                     "credentials": values.get("credentials"),
                     "admins": [site.person(a, src) for a in state.page.admins],
                     "renews": renews, "renews_when": when(renews, site.today) if renews else None})
    return site.page(src, "Accounts index", "sopgen/accounts.html", rows=rows)


def tag_names(result: CheckResult) -> list[str]:
    """Return the tags the site's pages have, as people read them (the tags page's order)."""
    pages = [*(s.page for s in result.states), *_untracked_tagged(result)]
    # A tag of spaces alone is read as "": it has no name to head a list with.
    names = {str(tag) for page in pages for tag in page.tags if tag}
    # Ties ("Email", "email") by the text itself: a set's order changes from run to run.
    return sorted(names, key=lambda tag: (title_order(tag), tag))


def _untracked_tagged(result: CheckResult) -> list[Page]:
    """Return the pages with tags that sopgen does not track (`kind: page`, blog posts) and whose
    front matter could be read: Material shows their tags too."""
    return [p for p in result.pages if not p.tracked and not p.error and p.tags]


def tagged(result: CheckResult) -> dict[str, tuple[list[PageState], list[Page]]]:
    """Return each tag with the tracked pages that have it and the other pages that do; tags in
    order, pages by title."""
    states: dict[str, list[PageState]] = defaultdict(list)
    others: dict[str, list[Page]] = defaultdict(list)
    for state in result.states:
        for tag in dict.fromkeys(state.page.tags):  # a tag written twice lists the page once
            states[str(tag)].append(state)
    for page in _untracked_tagged(result):
        for tag in dict.fromkeys(page.tags):
            others[str(tag)].append(page)
    return {tag: (sorted(states[tag], key=lambda s: title_order(s.page.title)),
                  sorted(others[tag], key=lambda p: title_order(p.title)))
            for tag in tag_names(result)}


def tags_page(site: GeneratedPages) -> str:
    """Return the tags page: under each tag (a heading), its procedures and accounts, then the
    other pages that have it."""
    src = site.tags_src
    if site.material_tags:
        # Out of search, as every generated page: its listing repeats each tagged page's title.
        return ("---\ntitle: Tags\nsearch:\n  exclude: true\n---\n\n# Tags\n\n"
                "Procedures by tag.\n\n<!-- material/tags -->\n")
    tags = [{"name": tag, "rows": [site.row(s, src) for s in states],
             "pages": [Link(p.title, site.url(p.src, src)) for p in others]}
            for tag, (states, others) in tagged(site.result).items()]
    return site.page(src, "Tags", "sopgen/tags.html", tags=tags)


def _yaml_text(text: str) -> str:
    return yaml_scalar(text)


def section_indexes(states: list[PageState], exists: Callable[[str], bool],
                    blogs: tuple[str, ...]) -> dict[str, list[PageState]]:
    """Return each section's index page (its own, else index.md to make) with its tracked pages."""
    folders: dict[str, list[PageState]] = {}
    for state in states:
        folders.setdefault(state.page.src.rpartition("/")[0], []).append(state)
    found: dict[str, list[PageState]] = {}
    for folder, listed in folders.items():
        prefix = f"{folder}/" if folder else ""
        index = next((prefix + name for name in INDEX_PAGES if exists(prefix + name)), None)
        # Material's blog plugin reads every page under its folder as a post, and a page sopgen
        # generates there has no source file: list such a folder only on an index of its own.
        if index is None and prefix.startswith(blogs):
            continue
        found[index or prefix + "index.md"] = listed
    return found


def title_order(title: str) -> tuple[tuple[int, int, str], ...]:
    """Return a sort key for titles as people read them: "Step 2" before "Step 10"."""
    parts = _DIGITS.split(title.casefold())  # odd places: the runs of digits
    return tuple((0, *_number(part)) if i % 2 else (1, 0, part)
                 for i, part in enumerate(parts) if part)


def _number(digits: str) -> tuple[int, str]:
    # By length, then digit by digit, not int(): Python refuses int() on over 4,300 digits.
    plain = "".join(str(unicodedata.digit(d)) for d in digits).lstrip("0") or "0"  # "٣" -> "3"
    return len(plain), plain


def section_title(folder: str) -> str:
    """Return a section's title from its folder name: "client-acme" -> "Client acme"."""
    name = folder.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else "Procedures"


def section_listing(site: GeneratedPages, index_src: str, states: list[PageState],
                    blocks: dict[str, str]) -> str:
    """Return the Markdown listing a section's procedures and accounts, by title."""
    rows = [site.row(s, index_src) for s in sorted(states, key=lambda s: title_order(s.page.title))]
    return site.renderer.markdown("sopgen/listing.html", blocks, settings=site.settings,
                                  today=site.today, rows=rows)
