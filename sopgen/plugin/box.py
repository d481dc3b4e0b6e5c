"""The box at the top of each procedure and account page: who owns it, can it be trusted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from sopgen.durations import band, until, when
from sopgen.results import STATUS_LABELS, PageState
from sopgen.wiki import Settings


def badge(status: str) -> str:
    """Return the HTML of a status badge."""
    return (f'<span class="sopgen-badge sopgen-{status}" title="Status: '
            f'{STATUS_LABELS[status]}">{STATUS_LABELS[status]}</span>')


def person(handle: str | None, settings: Settings, link: Callable[[str], str | None]) -> str:
    """Return a person's name (linked to their page when there is one), escaped."""
    if not handle:
        return '<span class="sopgen-missing">nobody</span>'
    name = settings.person_name(handle)
    text = escape(name if name == handle else f"{name} ({handle})")
    url = link(handle)
    return f'<a href="{escape(url)}">{text}</a>' if url else text


def render_box(state: PageState, settings: Settings, today: dt.date,
               person_url: Callable[[str], str | None],
               account_links: list[tuple[str, str | None]],
               used_by: list[tuple[str, str]] | None = None) -> str:
    """Return the box's HTML for one tracked page (every front-matter value escaped)."""
    page = state.page
    rows: list[tuple[str, str]] = [("Owner", person(page.owner, settings, person_url))]
    if page.kind == "procedure":
        backup = (person(page.backup, settings, person_url) if page.backup
                  else '<span class="sopgen-missing">none: only the owner knows this</span>')
        rows.append(("Backup", backup))
    if page.last_verified:
        age = when(page.last_verified, today)
        verified = f"{page.last_verified.isoformat()} ({escape(age)})"
        if page.verified_by:
            verified += " by " + person(page.verified_by, settings, person_url)
    else:
        verified = '<span class="sopgen-missing">never</span>'
    rows.append(("Last verified", verified))
    if state.next_review and state.status not in ("draft", "retired"):
        rows.append(("Next review", f"{state.next_review.isoformat()} "
                                    f"({until(state.next_review, today)})"))
    if page.client:
        rows.append(("Client", escape(page.client)))
    if page.kind == "account":
        rows += _account_rows(page, settings, person_url, today)
    if account_links:
        rows.append(("Uses", ", ".join(_link(title, url) for title, url in account_links)))
    if used_by:
        rows.append(("Used by", ", ".join(_link(title, url) for title, url in used_by)))
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (f'<div class="sopgen-box sopgen-{state.status}" data-status="{state.status}">'
            f"{badge(state.status)}<dl>{items}</dl></div>")


def _account_rows(page, settings: Settings, person_url, today: dt.date) -> list[tuple[str, str]]:
    values = page.values
    rows = [("Registered to", escape(values["registered_to"]) if values.get("registered_to")
             else '<span class="sopgen-missing">nobody on record</span>')]
    admins = page.admins
    rows.append(("Admins", ", ".join(person(a, settings, person_url) for a in admins)
                 if admins else '<span class="sopgen-missing">none listed</span>'))
    if values.get("login_email"):
        rows.append(("Login email", escape(values["login_email"])))
    if values.get("credentials"):
        rows.append(("Credentials", "kept in " + escape(values["credentials"])))
    if values.get("recovery"):
        rows.append(("Recovery", escape(values["recovery"])))
    renews = values.get("renews")
    if renews:
        status = {"past": "stale", "due": "due", "ahead": "fresh"}[
            band(renews, today, settings.due_soon)]
        label = {"stale": "Renewal passed", "due": "Renews soon", "fresh": "Scheduled"}[status]
        rows.append(("Renews", f'{renews.isoformat()} <span class="sopgen-badge '
                               f'sopgen-{status}">{label}</span>'))
    return rows


def _link(title: str, url: str | None) -> str:
    return f'<a href="{escape(url)}">{escape(title)}</a>' if url else escape(title)
