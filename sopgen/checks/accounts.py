"""Account pages (kind: account): the rules that keep the business in control of its accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sopgen.checks.logins import personal_login
from sopgen.config import Settings
from sopgen.durations import band, when
from sopgen.page import Page
from sopgen.results import Finding, finding


def account_findings(page: Page, settings: Settings, today: dt.date) -> Iterator[Finding]:
    """Yield the account rules' findings for one account page.

    A client's account is held to the client (its legal name, its own people); a client-less
    one (or one for `all`) to the business.
    """
    client = settings.client(page.client)
    registered = page.values.get("registered_to")
    line = page.line_of("registered_to") or 2
    if client is not None:
        owner = client["legal_name"]
        whose = f"the client {client['name']} ({page.client})"
        if not registered:
            yield finding(page, "not-business-owned",
                          f"registered to nobody: add `registered_to: {owner}`, the legal name "
                          f"of {whose}", line)
        elif not _same(registered, owner):
            yield finding(page, "not-business-owned",
                          f"registered to {registered!r}, not {whose}, whose legal name is "
                          f"{owner}: transfer it into the client's name", line)
    elif not registered:
        yield finding(page, "not-business-owned",
                      "registered to nobody: add `registered_to:` with the business's legal name"
                      + (f" ({settings.business})" if settings.business else ""), line)
    elif settings.business and not _same(registered, settings.business):
        yield finding(page, "not-business-owned",
                      f"registered to {registered!r}, not the business ({settings.business}): "
                      "transfer it into the business's name", line)
    admins = page.admins
    line = page.line_of("admins") or page.line_of("owner") or 2
    if not admins:
        yield finding(page, "single-admin",
                      "no admins listed: nobody on record can get into this account; "
                      "add `admins:` with at least two people", line)
    elif len(set(admins)) == 1:
        yield finding(page, "single-admin",
                      f"only {admins[0]} can get into this account: add a second admin", line)
    if client is not None:
        if admins and not any(a in client["people"] for a in admins):
            inside = ", ".join(sorted(client["people"])) or "none declared yet"
            yield finding(page, "external-only-admin",
                          f"no admin ({', '.join(admins)}) is one of the client {client['name']}'s "
                          f"own people ({inside}): make someone inside the client an admin",
                          line)
    elif admins and settings.team and all(settings.is_external(a) for a in admins):
        yield finding(page, "external-only-admin",
                      f"every admin ({', '.join(admins)}) is external to the business: "
                      "make someone inside the business an admin", line)
    if settings.team:
        for admin in admins:
            if not settings.is_known_person(admin, page.client):
                where = (f" nor among the people of client {page.client}"
                         if settings.client(page.client) else "")
                yield finding(page, "unknown-person",
                              f"admin {admin!r} is not in the team list of mkdocs.yml{where}", line)
    yield from personal_login(page, settings)
    yield from _renewal(page, settings, today)


def _renewal(page: Page, settings: Settings, today: dt.date) -> Iterator[Finding]:
    renews = page.values.get("renews")
    if renews is None or page.status == "retired":
        return
    line = page.line_of("renews")
    where = band(renews, today, settings.due_soon)
    if where == "past":
        yield finding(page, "renewal-due",
                      f"renewal date {renews} passed {when(renews, today)}: "
                      "confirm it renewed, then set the next `renews:` date", line, "error")
    elif where == "due":
        yield finding(page, "renewal-due",
                      f"renews on {renews} ({when(renews, today)}): check the "
                      "payment card and that it renews in the business's name", line, "warning")


def _same(name: str, business: str) -> bool:
    return " ".join(name.casefold().split()) == " ".join(business.casefold().split())
