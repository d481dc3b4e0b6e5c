"""`sopgen handover`: everything that depends on one person, and moving it to another.

What would stop if this person vanished: the procedures they own (those with no backup first),
the ones they back up, and the accounts where they are the only admin, an admin, or the
registrant. `plan_handover` turns that into the minimal front-matter edits that move ownership.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sopgen.config import Settings
from sopgen.edit import Edit
from sopgen.errors import UsageError
from sopgen.report import urgency
from sopgen.results import CheckResult, PageState


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

    def empty(self) -> bool:
        """Return whether nothing depends on the person."""
        return not any((self.owns, self.backs_up, self.only_admin, self.admin, self.registrant,
                        self.owns_accounts))


@dataclass
class PlannedEdit:
    """The edits to one page, and what they say in words."""

    state: PageState
    edits: list[Edit]
    said: list[str]


def holdings(result: CheckResult, settings: Settings, person: str) -> Holdings:
    """Return everything in the wiki that depends on `person`."""
    held = Holdings(person, settings.person_name(person))
    names = {person.casefold(), held.name.casefold()}
    for state in sorted(result.states, key=urgency):
        page = state.page
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
    return list(plans.values())
