"""The box at the top of each procedure and account page: who owns it, can it be trusted.

This module gathers what the box says as plain data; templates/sopgen/box.html (or a site's
override of it) lays it out.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Callable

from sopgen.config import Settings
from sopgen.durations import band, until, when
from sopgen.page import Page
from sopgen.plugin.render import Link, Person, Renderer
from sopgen.results import PageState
from sopgen.uses import Accounts

_RENEWAL = {"past": "stale", "due": "due", "ahead": "fresh"}  # a renewal's band as a status
# A page's own title: the box goes under it; the pack, which prints the title, drops it.
FIRST_HEADING = re.compile(r"\A\s*#[ \t]+[^\n]*\n")
# A task-list item (`- [ ] Step`), as pymdownx.tasklist reads one.
_TASK = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\][ \t]", re.MULTILINE)


def box_context(state: PageState, settings: Settings, today: dt.date,
                person_url: Callable[[str], str | None], uses: list[Link],
                used_by: list[Link] | None = None,
                edit_url: str | None = None) -> dict[str, object]:
    """Return what box.html (and search.html, follow.html) are given for one tracked page."""
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
        # Only where there is a checklist to follow: a few hundred bytes less on other pages.
        "follow": (_follow(page, edit_url)
                   if page.kind == "procedure" and _TASK.search(page.body) else None),
    }


def _follow(page: Page, edit_url: str | None) -> dict[str, object]:
    """Return what following the page in the browser needs: its key, the verify command."""
    # The command as typed from the wiki's root (pages are named from there on the site).
    by = shlex.quote(page.owner) if page.owner else "NAME"
    return {"key": str(page.last_verified or "never"),
            "command": f"sopgen verify {shlex.quote(page.file)} --by {by}",
            "edit_url": edit_url}


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


def uses_links(page: Page, accounts: Accounts, url: Callable[[str], str | None]) -> list[Link]:
    """Return the box's links to the accounts a page uses: its client's, else a shared one."""
    links = []
    for name in page.uses:
        account = accounts.account_of(page, name)
        links.append(Link(account.title, url(account.src)) if account else Link(name))
    return links


def under_title(markdown: str, box: str) -> str:
    """Return the page's Markdown with the box under its own title (at the top without one)."""
    heading = FIRST_HEADING.match(markdown)
    if heading:
        return markdown[:heading.end()] + "\n" + box + "\n\n" + markdown[heading.end():]
    return box + "\n\n" + markdown


def put_under_title(content: str, box: str) -> str:
    """Return a page's HTML with the box after the title heading it starts with, else first
    (where the theme puts the title of a page without one)."""
    if not content.lstrip().startswith("<h1"):
        return box + "\n" + content
    end = content.find("</h1>")
    if end < 0:
        return box + "\n" + content
    end += len("</h1>")
    return content[:end] + "\n" + box + content[end:]


def render_box(renderer: Renderer, context: dict[str, object]) -> str:
    """Return the box's HTML for one tracked page."""
    return renderer.html("sopgen/box.html", **context)


def render_follow(renderer: Renderer, context: dict[str, object]) -> str:
    """Return the panel for following a procedure on the page (empty but for procedures)."""
    return renderer.html("sopgen/follow.html", **context) if context.get("follow") else ""


def render_search_names(renderer: Renderer, context: dict[str, object]) -> str:
    """Return the hidden names that let search find a page by its people and client."""
    return renderer.html("sopgen/search.html", **context)
