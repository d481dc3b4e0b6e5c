"""`sopgen remind`: one digest per person of what they must review or renew, as data and text.

Statuses come from the check (PageState and its findings), never worked out again here, so a
digest says what `sopgen check` says. notify.py delivers the digests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sopgen.config import Settings
from sopgen.durations import band, until, when
from sopgen.errors import UsageError
from sopgen.events import page_link, review_events
from sopgen.formats.ics import render_calendar
from sopgen.notify import Attachment
from sopgen.results import STATUS_LABELS, CheckResult, PageState
from sopgen.wiki import Wiki, display_path, load_mkdocs_yml

NEEDS_REVIEW = ("stale", "due", "unverified")


@dataclass(frozen=True)
class Item:
    """One thing a person must do: review a page, or confirm an account's renewal."""

    kind: str  # review | renewal
    role: str  # owner | backup
    title: str
    status: str  # Stale, Due soon, Renewal passed, Renews soon
    day: dt.date
    when: str  # "3 days overdue", "in 5 days"
    link: str  # the page's full address, or its path on the site without site_url
    file: str  # from the wiki's root
    command: str  # the exact `sopgen verify` line
    owner: str  # the owner's name (for a backup's item)

    def lines(self) -> list[str]:
        """Return the item as lines of plain text."""
        role = f" (you back it up; owner: {self.owner})" if self.role == "backup" else ""
        what = "review due" if self.kind == "review" else "renews"
        first = f"{self.title}{role}: {self.status}, {what} {self.day} ({self.when})"
        if self.kind == "renewal":
            todo = (f"Confirm it renewed in the business's name, set the next renews: date in "
                    f"{self.file}, then run: {self.command}")
        else:
            todo = f"Follow the steps, then run: {self.command}"
        return [first, f"   {self.link}", f"   {todo}"]


@dataclass
class Digest:
    """What one person must do, and where to send it."""

    handle: str
    name: str
    items: list[Item]
    addresses: list[str] = field(default_factory=list)
    calendar: Attachment | None = None

    @property
    def label(self) -> str:
        return self.handle if self.name == self.handle else f"{self.name} ({self.handle})"

    def title(self, site: str) -> str:
        """Return the message's subject line."""
        n = len(self.items)
        return f"{site}: {n} thing{'s' if n != 1 else ''} to review or renew"

    def body(self, site: str, today: dt.date) -> str:
        """Return the message as plain text (Apprise turns it into HTML where a service wants it)."""
        n = len(self.items)
        lines = [f"Hello {self.name},", "",
                 f"{n} thing{'s' if n != 1 else ''} in {site} need{'s' if n == 1 else ''} you "
                 f"(as of {today}):", ""]
        for number, item in enumerate(self.items, 1):
            first, *rest = item.lines()
            lines += [f"{number}. {first}", *rest, ""]
        if self.calendar is not None:
            lines += [f"Your review and renewal dates are attached ({self.calendar.name}): open it "
                      "to add them, with reminders, to your calendar.", ""]
        return "\n".join(lines) + "-- \nsopgen remind\n"


@dataclass
class Reminders:
    """Every person's digest, and the summary for the wiki-wide addresses."""

    site: str
    today: dt.date
    digests: list[Digest]
    addresses: list[str]  # the wiki-wide `notify:`
    calendar: Attachment | None = None
    scope: str = ""  # "client acme", "ana": what --client / --person narrowed it to

    def summary_title(self) -> str:
        """Return the summary's subject line."""
        n = sum(len(d.items) for d in self.digests)
        people = len(self.digests)
        scope = f" ({self.scope})" if self.scope else ""
        return (f"{self.site}{scope}: {n} thing{'s' if n != 1 else ''} to review or renew, "
                f"for {people} {'person' if people == 1 else 'people'}")

    def summary_body(self) -> str:
        """Return the summary of everyone's digests as plain text."""
        lines = [f"What each person must review or renew in {self.site} (as of {self.today}):", ""]
        for digest in self.digests:
            reach = "" if digest.addresses else " (no address of their own: tell them)"
            lines.append(f"{digest.label}: {len(digest.items)}{reach}")
            for item in digest.items:
                first, *rest = item.lines()
                lines += [f" - {first}", *rest]
            lines.append("")
        return "\n".join(lines) + "-- \nsopgen remind\n"


def site_addresses(wiki: Wiki) -> tuple[str, dict[str, str]]:
    """Return the wiki's site_url and each page's address inside the site, as MkDocs makes it."""
    from mkdocs.structure.files import File

    raw = load_mkdocs_yml(wiki.config_file)
    site_url = str(raw.get("site_url") or "")
    directory_urls = raw.get("use_directory_urls", True) is not False
    urls = {}
    for path in wiki.page_files():
        src = display_path(path, wiki.docs_dir)
        urls[src] = File(src, str(wiki.docs_dir), "", directory_urls).url
    return site_url, urls


def people_of(result: CheckResult, settings: Settings) -> set[str]:
    """Return everyone the wiki knows: the team and clients' people, else its pages' people."""
    listed = {*settings.team, *(h for c in settings.clients.values() for h in c["people"])}
    if listed:
        return listed
    return {h for s in result.states for h in (s.page.owner, s.page.backup) if h}


def check_client(result: CheckResult, settings: Settings, client: str, config_name: str) -> None:
    """Fail (UsageError) for a client the wiki does not know: declared, else named on a page."""
    if settings.clients:
        settings.require_client(client, "--client", config_name)
        return
    found = {s.page.client for s in result.states if s.page.client}
    if client not in found:
        raise UsageError(f"--client {client}: no such client (known: "
                         f"{', '.join(sorted(found)) or 'none'})")


def build_reminders(wiki: Wiki, result: CheckResult, person: str | None = None,
                    client: str | None = None, calendars: bool = True) -> Reminders:
    """Gather one digest per person with something to do (only `person`'s, or `client`'s pages)."""
    settings = wiki.settings
    if person is not None and person not in people_of(result, settings):
        known = ", ".join(sorted(people_of(result, settings))) or "nobody yet"
        raise UsageError(f"--person {person}: not a person of this wiki (known: {known})")
    if client is not None:
        check_client(result, settings, client, wiki.config_file.name)
    site_url, urls = site_addresses(wiki)
    states = [s for s in result.states if client is None or s.page.client == client]
    todo: dict[str, list[Item]] = {}
    for state in states:
        for role, handle in (("owner", state.page.owner), ("backup", state.page.backup)):
            if not handle or person not in (None, handle):
                continue
            if role == "backup" and handle == state.page.owner:
                continue  # one person both: their digest lists it once, as the owner's
            todo.setdefault(handle, []).extend(
                _items(state, role, handle, wiki, settings, site_url, urls, result.today))
    scoped = CheckResult(result.today, states, [], [])
    digests = []
    for handle in sorted(todo):
        items = sorted(todo[handle], key=lambda i: (i.day, i.title.casefold()))
        if not items:
            continue  # people with nothing to do get nothing
        details = settings.person(handle)
        calendar = None
        if calendars:
            events = review_events(scoped, settings, site_url, urls, handle)
            calendar = Attachment(f"reviews-{handle}.ics", render_calendar(
                events, f"{wiki.site_name or 'Procedures'}: {settings.person_name(handle)} reviews"))
        digests.append(Digest(handle, settings.person_name(handle), items,
                              list(details.get("notify") or []), calendar))
    everyone = None
    if calendars and digests:
        everyone = Attachment("reviews.ics", render_calendar(
            review_events(scoped, settings, site_url, urls),
            f"{wiki.site_name or 'Procedures'} reviews"))
    scope = " ".join(x for x in (f"client {client}" if client else "",
                                 person or "") if x)
    return Reminders(wiki.site_name or "the procedures", result.today, digests,
                     [] if person else list(settings.notify), everyone, scope)


def _items(state: PageState, role: str, handle: str, wiki: Wiki, settings: Settings,
           site_url: str, urls: dict[str, str], today: dt.date) -> list[Item]:
    page = state.page
    file = display_path(page.path, wiki.root)
    page_url = urls.get(page.src, page.src)
    link = page_link(site_url, page_url) or (
        f"{page_url or '(the home page)'} on the site (set site_url in mkdocs.yml for links)")
    owner = settings.person_name(page.owner) if page.owner else "nobody"
    command = f"sopgen verify {_quoted(file)} --by {handle}"
    common: dict[str, Any] = {"role": role, "title": page.title, "link": link, "file": file,
                              "command": command, "owner": owner}
    items = []
    # By the review date itself: an account whose renewal passed is stale, but that is the
    # renewal's item; an adopted page is listed as its first-review deadline nears.
    if (state.status in NEEDS_REVIEW and state.next_review is not None
            and band(state.next_review, today, settings.due_soon) != "ahead"):
        items.append(Item("review", status=STATUS_LABELS[state.status], day=state.next_review,
                          when=until(state.next_review, today), **common))
    renews = page.values.get("renews")
    if renews is not None and any(f.rule == "renewal-due" for f in state.findings):
        passed = renews < today
        items.append(Item("renewal", status="Renewal passed" if passed else "Renews soon",
                          day=renews, when=when(renews, today), **common))
    return items


@dataclass(frozen=True)
class Outcome:
    """What became of one message: to whom, where (masked), and whether it arrived."""

    what: str  # "ana's digest (2 items)", "the summary"
    address: str  # masked; empty when there was none to send to
    ok: bool
    reason: str = ""


def deliver(reminders: Reminders) -> list[Outcome]:
    """Send each digest to its person's addresses and the summary to the wiki-wide ones.

    A failing address fails only its own message. A person with no address of their own is
    named in the summary; without a wiki-wide address either, nobody was told: a failure.
    """
    from sopgen.notify import send

    outcomes = []
    for digest in reminders.digests:
        n = len(digest.items)
        what = f"{digest.handle}'s digest ({n} item{'s' if n != 1 else ''})"
        if not digest.addresses:
            told = bool(reminders.addresses)
            reason = (f"no address of their own (team.{digest.handle}.notify in mkdocs.yml)"
                      + ("; named in the summary" if told else "; no wiki-wide notify: either"))
            outcomes.append(Outcome(what, "", told, reason))
            continue
        files = [digest.calendar] if digest.calendar else []
        for done in send(digest.addresses, digest.title(reminders.site),
                         digest.body(reminders.site, reminders.today), files):
            outcomes.append(Outcome(what, done.address, done.ok, done.reason))
    if reminders.digests and reminders.addresses:
        files = [reminders.calendar] if reminders.calendar else []
        for done in send(reminders.addresses, reminders.summary_title(),
                         reminders.summary_body(), files):
            outcomes.append(Outcome("the summary", done.address, done.ok, done.reason))
    return outcomes


def _quoted(path: str) -> str:
    """Quote a path for a shell when it needs it, so the command can be pasted as it is."""
    import shlex

    return shlex.quote(path)
