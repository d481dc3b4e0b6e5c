"""Calendar events: each active page's next review and each account's renewal, as plain data.

formats/ics.py renders them; the plugin publishes them as feeds beside the site, and `sopgen
remind` attaches a person's to their digest. An overdue review (or a renewal date that passed)
is placed on today, so that it shows on today's calendar and moves with each build until it is
done; its UID stays the same, so a calendar moves the event instead of adding another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sopgen.config import Settings
from sopgen.results import CheckResult

# Alarms, as RFC 5545 triggers relative to an all-day event's start (midnight, local time).
ON_THE_DAY = "PT9H"  # 09:00 on the day
A_WEEK_AHEAD = "-P7D"


@dataclass(frozen=True)
class Event:
    """One all-day event: a page's review (or an account's renewal) date."""

    key: str  # stable identity: the page's path and what the event is for
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""  # absolute (from site_url), or empty when the wiki sets none
    stamp: dt.date | None = None  # when the event last changed: reproducible
    alarms: tuple[str, ...] = (ON_THE_DAY,)

    @property
    def uid(self) -> str:
        """Return a UID that stays the same across builds while the page and purpose do."""
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:24] + "@sopgen"


def page_link(site_url: str, page_url: str) -> str:
    """Return a page's absolute address from the site's `site_url`, or "" without one."""
    return site_url.rstrip("/") + "/" + page_url if site_url else ""


def review_events(result: CheckResult, settings: Settings, site_url: str = "",
                  urls: dict[str, str] | None = None, person: str | None = None) -> list[Event]:
    """Return calendar events: each active page's next review and each account's renewal.

    `urls` maps a page's source path to its address inside the site. With `person`, only the
    pages they own or back up and the accounts they administer, with their name in each command.
    """
    urls = urls or {}
    today = result.today
    events = []
    for state in result.states:
        page = state.page
        if person and person not in (page.owner, page.backup, *page.admins):
            continue
        page_url = urls.get(page.src, "")
        link = page_link(site_url, page_url) if page_url else ""
        where = link or (f"{page_url or page.src} on the site (set site_url in mkdocs.yml for a "
                         "full link)")
        owner = settings.person_name(page.owner) if page.owner else "nobody"
        by = person or page.owner or "NAME"
        if state.next_review and not page.resting:
            # By its own date: an account is stale once its renewal passes, but that is the
            # renewal's event, not an overdue review.
            overdue = state.next_review < today
            summary = f"{'Overdue review' if overdue else 'Review'}: {page.title}"
            said = (f"Overdue since {state.next_review}" if overdue
                    else f"Review due {state.next_review}")
            events.append(_event(
                f"{page.src}#review", today if overdue else state.next_review, summary,
                f"{said}. Owner: {owner}. Follow the steps, then run: sopgen verify "
                f"{page.file} --by {by}\nPage: {where}", link,
                today if overdue else page.last_verified, today))
        renews = page.values.get("renews")
        if page.kind == "account" and renews and page.lifecycle != "retired":
            passed = renews < today
            summary = f"{'Renewal passed' if passed else 'Renews'}: {page.title}"
            said = f"Renewal date {renews} passed" if passed else f"Renews {renews}"
            events.append(_event(
                f"{page.src}#renewal", today if passed else renews, summary,
                f"{said}. Owner: {owner}. Check it renews in the business's name, then set the "
                f"next renews: date.\nPage: {where}", link,
                today if passed else page.last_verified, today))
    return events


def _event(key: str, day: dt.date, summary: str, description: str, url: str,
           stamp: dt.date | None, today: dt.date) -> Event:
    # A week's warning for what lies ahead; everything rings on its day.
    alarms = (A_WEEK_AHEAD, ON_THE_DAY) if (day - today).days > 7 else (ON_THE_DAY,)
    return Event(key, day, summary, description, url, stamp, alarms)
