"""The box at the top of each procedure and account page: who owns it, can it be trusted.

This module gathers what the box says as plain data; templates/sopgen/box.html (or a site's
override of it) lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sopgen.config import Settings
from sopgen.durations import band, until, when
from sopgen.page import Page
from sopgen.plugin.render import Link, Person, Renderer
from sopgen.results import PageState

_RENEWAL = {"past": "stale", "due": "due", "ahead": "fresh"}  # a renewal's band as a status


def box_context(state: PageState, settings: Settings, today: dt.date,
                person_url: Callable[[str], str | None], uses: list[Link],
                used_by: list[Link] | None = None) -> dict[str, object]:
    """Return what box.html (and search.html) are given for one tracked page."""
    page = state.page

    def who(handle: str | None) -> Person | None:
        return (Person(handle, settings.person_name(handle, page.client), person_url(handle))
                if handle else None)

    next_review = state.next_review if not state.resting else None
    return {
        "state": state, "page": page, "settings": settings, "status": state.status,
        "owner": who(page.owner),
        "backup": who(page.backup) if page.kind == "procedure" else None,
        "verified_by": who(page.verified_by),
        "last_verified": page.last_verified,
        "verified_when": when(page.last_verified, today) if page.last_verified else None,
        "next_review": next_review,
        "next_review_until": until(next_review, today) if next_review else None,
        "client": settings.client_name(page.client),  # its display name
        "client_slug": page.client,
        "account": _account(page, settings, today, who) if page.kind == "account" else None,
        "uses": uses, "used_by": used_by or [],
    }


def _account(page: Page, settings: Settings, today: dt.date,
             who: Callable[[str], Person | None]) -> dict[str, object]:
    values = page.values
    renews = values.get("renews")
    return {
        "registered_to": values.get("registered_to"),
        "admins": [who(handle) for handle in page.admins],
        "login_email": values.get("login_email"),
        "credentials": values.get("credentials"),
        "recovery": values.get("recovery"),
        "renews": renews,
        "renews_until": until(renews, today) if renews else None,
        "renews_status": _RENEWAL[band(renews, today, settings.due_soon)] if renews else None,
    }


def render_box(renderer: Renderer, context: dict[str, object]) -> str:
    """Return the box's HTML for one tracked page."""
    return renderer.html("sopgen/box.html", **context)


def render_search_names(renderer: Renderer, context: dict[str, object]) -> str:
    """Return the hidden names that let search find a page by its people and client."""
    return renderer.html("sopgen/search.html", **context)
