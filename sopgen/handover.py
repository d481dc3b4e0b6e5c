"""`sopgen handover`: everything that depends on one person, and moving it to another.

What would stop if this person vanished: the procedures they own (those with no backup first),
the ones they back up, and the accounts where they are the only admin, an admin, or the
registrant. `plan_handover` turns that into the minimal front-matter edits that move ownership.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sopgen.config import Settings
from sopgen.edit import Edit, edit_page
from sopgen.errors import UsageError
from sopgen.report import urgency
from sopgen.results import CheckResult, PageState

SECTIONS = (
    ("owns", "Procedures they own (no backup first)"),
    ("backs_up", "Procedures they back up"),
    ("only_admin", "Accounts where they are the only admin"),
    ("admin", "Accounts they can administer, with others"),
    ("registrant", "Accounts registered to them: transfer these to the business"),
    ("owns_accounts", "Account pages they own"),
    ("mentioned", "Pages whose steps still name them: edit these by hand"),
)


@dataclass
class Holdings:
    """What depends on one person."""

    person: str
    name: str
    owns: list[PageState] = field(default_factory=list)  # procedures; no backup first
    backs_up: list[PageState] = field(default_factory=list)
    only_admin: list[PageState] = field(default_factory=list)
    admin: list[PageState] = field(default_factory=list)  # accounts with other admins too
    registrant: list[PageState] = field(default_factory=list)
    owns_accounts: list[PageState] = field(default_factory=list)
    mentioned: list[PageState] = field(default_factory=list)  # named in the body text

    def sections(self) -> Iterator[tuple[str, str, list[PageState]]]:
        """Yield each non-empty section: its key, its heading and its pages."""
        for key, title in SECTIONS:
            states = getattr(self, key)
            if states:
                yield key, title, states

    def note(self, state: PageState) -> str:
        """Return what else stands behind a page: its owner, its backup, other admins."""
        page = state.page
        if page.kind == "procedure":
            if page.owner != self.person:
                return f"owner {page.owner or 'nobody'}"
            return f"backup {page.backup}" if page.backup and page.backup != self.person \
                else "no backup"
        others = [a for a in page.admins if a != self.person]
        return f"other admins: {', '.join(others)}" if others else "nobody else can get in"

    def empty(self) -> bool:
        """Return whether nothing depends on the person."""
        return not any((self.owns, self.backs_up, self.only_admin, self.admin, self.registrant,
                        self.owns_accounts, self.mentioned))


@dataclass
class PlannedEdit:
    """The edits to one page, and what they say in words."""

    state: PageState
    edits: list[Edit]
    said: list[str]
    folder: list[str] = field(default_factory=list)  # fields set by a .meta.yml: not edited


def holdings(result: CheckResult, settings: Settings, person: str) -> Holdings:
    """Return everything in the wiki that depends on `person`."""
    held = Holdings(person, settings.person_name(person))
    names = {person.casefold(), held.name.casefold()}
    named = _naming(person, held.name)
    for state in sorted(result.states, key=urgency):
        page = state.page
        if named.search(page.body):
            held.mentioned.append(state)
        if page.kind == "account":
            if page.owner == person:
                held.owns_accounts.append(state)
            if person in page.admins:
                others = [a for a in page.admins if a != person]
                (held.admin if others else held.only_admin).append(state)
            registered = str(page.values.get("registered_to") or "")
            if registered.casefold() in names:
                held.registrant.append(state)
            continue
        if page.owner == person:
            held.owns.append(state)
        if page.backup == person and page.owner != person:
            held.backs_up.append(state)
    held.owns.sort(key=lambda s: (bool(s.page.backup and s.page.backup != person),
                                  *urgency(s)))
    return held


def _naming(person: str, name: str) -> re.Pattern[str]:
    """Return a pattern finding the person in prose: their handle or full name, as whole words."""
    spellings = sorted({person, name}, key=len, reverse=True)
    words = "|".join(r"\s+".join(map(re.escape, s.split())) for s in spellings if s.strip())
    return re.compile(rf"(?<![\w@.-])@?(?:{words})(?![\w@]|-\w)", re.IGNORECASE)


def plan_handover(held: Holdings, other: str) -> list[PlannedEdit]:
    """Return the edits that move owner, backup and admin entries from the person to `other`.

    A page never ends with its owner as its own backup: if `other` was the backup and becomes
    the owner, the backup is cleared (and `sopgen check` then asks for a new one).
    """
    person = held.person
    if other == person:
        raise UsageError(f"--to {other}: that is the person handing over")
    plans: dict[str, PlannedEdit] = {}

    def plan(state: PageState) -> PlannedEdit:
        return plans.setdefault(state.page.file, PlannedEdit(state, [], []))

    for state in held.owns + held.owns_accounts:
        page, entry = state.page, plan(state)
        entry.edits.append(Edit("owner", other))
        entry.said.append(f"owner {person} -> {other}")
        if page.kind == "procedure" and page.backup == other:
            entry.edits.append(Edit("backup", ""))
            entry.said.append(f"backup {other} -> (none: {other} is now the owner; "
                              "name a new backup)")
    for state in held.backs_up:
        page, entry = state.page, plan(state)
        if page.owner == other:
            entry.edits.append(Edit("backup", ""))
            entry.said.append(f"backup {person} -> (none: {other} owns it; name a new backup)")
        else:
            entry.edits.append(Edit("backup", other))
            entry.said.append(f"backup {person} -> {other}")
    for state in held.only_admin + held.admin:
        admins, entry = list(state.page.admins), plan(state)
        for index in sorted((i for i, a in enumerate(admins) if a == person), reverse=True):
            if other in admins:
                entry.edits.append(Edit("admins", "", index, remove=True))
                entry.said.append(f"admins: {person} removed ({other} is already an admin)")
            else:
                entry.edits.append(Edit("admins", other, index))
                entry.said.append(f"admins: {person} -> {other}")
                admins[index] = other
    for entry in plans.values():
        # A field the page inherits from its folder's .meta.yml is not in the page to edit:
        # changing it there would change every page of the folder, so it is the user's call.
        inherited = entry.state.page.inherited
        kept = [(e, said) for e, said in zip(entry.edits, entry.said, strict=True)
                if e.key not in inherited]
        entry.folder = sorted({f"{e.key} is set for the folder by {inherited[e.key]}"
                               for e in entry.edits if e.key in inherited})
        entry.edits, entry.said = [e for e, _ in kept], [said for _, said in kept]
    return list(plans.values())


def successor(settings: Settings, other: str, config_name: str = "mkdocs.yml") -> str:
    """Return the person taking over, checked: named, and in the team list when there is one."""
    other = other.strip()
    if not other:
        raise UsageError("--to must name a person")
    settings.require_member(other, "--to", config_name)
    return other


def holdings_of(result: CheckResult, settings: Settings, person: str) -> Holdings:
    """Return what depends on `person`; fail when nothing does (most likely a misspelt name)."""
    held = holdings(result, settings, person)
    if held.empty():
        team = settings.team
        hint = f" (the team list has: {', '.join(sorted(team))})" if team else ""
        raise UsageError(f"{person} holds nothing: no page names them as owner, backup, admin "
                         f"or registrant{hint}")
    return held


def move(held: Holdings, other: str, dry_run: bool = False) -> Iterator[PlannedEdit]:
    """Apply (or with `dry_run` only check) the handover's edits, yielding each page's plan.

    Every page must be editable before any is written. The edits were planned from the pages
    as checked: a page written since then (a list item's index may point at someone else now)
    is refused rather than edited blind.
    """
    plans = plan_handover(held, other)
    for plan in plans:
        page = plan.state.page
        if plan.edits:
            edit_page(page.path, page.file, plan.edits, write=False, planned_on=page.own_meta())
    for plan in plans:
        if not dry_run and plan.edits:
            page = plan.state.page
            edit_page(page.path, page.file, plan.edits, planned_on=page.own_meta())
        yield plan
