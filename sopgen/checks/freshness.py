"""Freshness: when a page is due for review, its status, and the stale and due-soon rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import EllipsisType

from sopgen.config import Settings
from sopgen.durations import band, until
from sopgen.page import Page
from sopgen.results import Finding, finding

# Rules that leave a page without a trustworthy owner or date.
STRUCTURAL = frozenset(
    {"front-matter", "owner-missing", "last-verified-missing", "last-verified-invalid",
     "field-invalid"})


def next_review(page: Page, settings: Settings) -> dt.date | None:
    """Return the date a page is due for review: last verified plus its review interval.

    A page adopted but never verified is due by its `first_review` deadline.
    """
    if page.last_verified is None:
        return None if page.given("last_verified") else page.values.get("first_review")
    return (page.review_every or settings.review_every).after(page.last_verified)


_BANDS = {"past": "stale", "due": "due", "ahead": "fresh"}
_WORST = ("stale", "due", "fresh")


def never_verified(page: Page) -> bool:
    """Return whether a page was adopted and not verified since: a first_review, no last_verified."""
    return "first_review" in page.values and not page.given("last_verified")


def status_of(page: Page, settings: Settings, today: dt.date, structural_error: bool,
              review: dt.date | EllipsisType | None = ...) -> str:
    """Return fresh, due, stale, draft, retired or invalid for a tracked page.

    An account's renewal counts as a deadline, as the `renewal-due` rule has it: one that has
    passed makes the page stale, one inside due_soon makes it due, whatever its review date.
    `review` is the page's next_review, when known already.
    """
    if page.error or structural_error:
        return "invalid"
    renewal = renewal_band(page, settings, today)
    if page.resting:
        # A draft account whose renewal passed is still an account whose renewal passed.
        return _BANDS[renewal] if renewal == "past" and page.lifecycle == "draft" else page.lifecycle
    if never_verified(page):
        # An adopted account whose renewal passed is still an account whose renewal passed.
        return _BANDS[renewal] if renewal == "past" else "unverified"
    if review is ...:
        review = next_review(page, settings)
    if review is None or page.last_verified is None or page.last_verified > today:
        return "invalid"
    status = _BANDS[band(review, today, settings.due_soon)]
    if renewal is not None:
        status = min(status, _BANDS[renewal], key=_WORST.index)
    return status


def renewal_band(page: Page, settings: Settings, today: dt.date) -> str | None:
    """Return past, due or ahead for an account's renewal date (none without one, or retired)."""
    renews = page.values.get("renews")
    if page.kind != "account" or renews is None or page.lifecycle == "retired":
        return None
    return band(renews, today, settings.due_soon)


def freshness_findings(page: Page, settings: Settings, today: dt.date) -> Iterator[Finding]:
    """Yield last-verified, stale and due-soon findings for a tracked page."""
    # Line numbers are looked up only when reporting: finding them costs a scan of the front matter.
    if page.given("last_verified"):
        if page.last_verified is None:
            return  # already reported as unparsable
        if page.last_verified > today:
            yield finding(page, "last-verified-invalid",
                          f"last_verified {page.last_verified} is in the future "
                          f"(today is {today})", page.line_of("last_verified"))
            return
    elif never_verified(page):
        yield _unverified(page, today)
        return
    else:
        if page.lifecycle == "draft":
            return  # a draft has not been followed yet: the first `verify` makes it active
        yield finding(page, "last-verified-missing",
                      "no last_verified: follow the steps, then run "
                      f"`sopgen verify {page.file} --by NAME`", page.line_of("last_verified") or 2)
        return
    if page.resting:
        return  # drafts and retired pages are never stale
    review = next_review(page, settings)
    assert review is not None
    who = page.owner or "the owner"
    where = band(review, today, settings.due_soon)
    if where == "past":
        yield finding(page, "stale",
                      f"stale since {review} ({until(review, today)}): "
                      f"last verified {page.last_verified}"
                      f"{' by ' + page.verified_by if page.verified_by else ''}; {who} must "
                      f"follow the steps and run `sopgen verify {page.file}`",
                      page.line_of("last_verified"))
    elif where == "due":
        yield finding(page, "due-soon",
                      f"due for review on {review} ({until(review, today)}): "
                      f"{who} should follow the steps and run `sopgen verify {page.file}`",
                      page.line_of("last_verified"))


def _unverified(page: Page, today: dt.date) -> Finding:
    """Return the one finding on an adopted page not yet verified: an error once its deadline passed."""
    deadline = page.values["first_review"]
    late = today > deadline
    who = page.owner or "the owner"
    return finding(page, "unverified",
                   f"never verified: {'its first review was due' if late else 'first review due'} "
                   f"by {deadline} ({until(deadline, today)}); {who} must follow the steps and run "
                   f"`sopgen verify {page.file} --by NAME`", page.line_of("first_review"),
                   "error" if late else "")
