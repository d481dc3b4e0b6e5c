"""Calendar events: each active page's next review and each account's renewal, as plain data.

formats/ics.py renders them; the plugin publishes them as feeds beside the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sopgen.config import Settings
from sopgen.results import CheckResult


@dataclass(frozen=True)
class Event:
    """One all-day event: a page's review (or an account's renewal) date."""

    key: str  # stable identity: the page's path and what the event is for
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""
    stamp: dt.date | None = None  # when the event last changed (last verified): reproducible

    @property
    def uid(self) -> str:
        """Return a UID that stays the same across builds while the page and purpose do."""
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:24] + "@sopgen"


def review_events(result: CheckResult, settings: Settings, site_url: str = "",
                  urls: dict[str, str] | None = None, person: str | None = None) -> list[Event]:
    """Return calendar events: each active page's next review and each account's renewal.

    With `person`, only the pages they own or back up, and accounts they administer.
    """
    urls = urls or {}
    events = []
    for state in result.states:
        page = state.page
        if person and person not in (page.owner, page.backup, *page.admins):
            continue
        link = site_url.rstrip("/") + "/" + urls[page.src] if site_url and page.src in urls else ""
        owner = settings.person_name(page.owner) if page.owner else "nobody"
        if state.next_review and not page.resting:
            events.append(Event(
                f"{page.src}#review", state.next_review, f"Review: {page.title}",
                f"Owner: {owner}. Follow the steps, then run: sopgen verify {page.file}",
                link, page.last_verified))
        renews = page.values.get("renews")
        if page.kind == "account" and renews and page.status != "retired":
            events.append(Event(f"{page.src}#renewal", renews, f"Renews: {page.title}",
                                f"Owner: {owner}. Check it renews in the business's name.",
                                link, page.last_verified))
    return events
