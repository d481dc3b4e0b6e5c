"""The freshness overview: every tracked page with its status and next review, grouped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sopgen.config import Settings
from sopgen.results import STATUSES, CheckResult, PageState

GROUPINGS = ("owner", "client", "status")
NOBODY = "(no owner)"


@dataclass
class Row:
    """One page in the overview."""

    state: PageState

    @property
    def file(self) -> str:
        return self.state.page.file

    @property
    def title(self) -> str:
        return self.state.page.title

    @property
    def owner(self) -> str:
        return self.state.page.owner or NOBODY

    @property
    def status(self) -> str:
        return self.state.status

    @property
    def next_review(self) -> dt.date | None:
        return self.state.next_review

    @property
    def last_verified(self) -> dt.date | None:
        return self.state.page.last_verified


@dataclass
class Group:
    """Pages sharing an owner, a client or a status."""

    key: str
    label: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Report:
    """The overview: groups of rows, soonest due first."""

    today: dt.date
    by: str
    groups: list[Group]
    summary: dict[str, int]

    @property
    def total(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def urgency(state: PageState) -> tuple[int, dt.date, str]:
    """Sort key: pages needing attention first, then the soonest review date."""
    return (int(state.resting), state.next_review or dt.date.min, state.page.title.casefold())


def build_report(result: CheckResult, settings: Settings, by: str = "owner") -> Report:
    """Group the tracked pages of a check result by owner, client or status."""
    groups: dict[str, Group] = {}
    for state in sorted(result.states, key=urgency):
        page = state.page
        if by == "status":
            key = state.status
            label = {"due": "Due soon"}.get(key, key.capitalize())
        elif by == "client":
            key = page.client or "(no client)"
            name = settings.client_name(page.client) or key
            label = f"{name} ({key})" if name != key else key
        else:
            key = page.owner or NOBODY
            name = settings.person_name(key)
            label = f"{key} ({name})" if name != key else key
        groups.setdefault(key, Group(key, label)).rows.append(Row(state))
    if by == "status":
        ordered = [groups[s] for s in STATUSES if s in groups]
    else:
        ordered = sorted(groups.values(), key=lambda g: (urgency(g.rows[0].state), g.key))
    summary = result.summary()
    summary.pop("errors"), summary.pop("warnings")
    return Report(result.today, by, ordered, summary)
