"""Make page metadata safe for the theme: MkDocs themes print page.meta and titles unescaped.

MkDocs' Jinja environment has no autoescape, and Material prints `page.meta.title`,
`description`, `subtitle`, `status`, `tags` and nav titles as they are. So every text value a page
or a folder name hands to the theme is HTML-escaped here, once, before any theme or plugin reads
it; an icon is kept only when it is an icon's name.

`status:` is Material's page status: any text passes through (escaped; Material shows an icon for
`new`, `deprecated` and the keys of `extra.status`, nothing for others), except a legacy sopgen
lifecycle (`status: draft` on a page without `lifecycle:`), which is sopgen's, not Material's.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from sopgen.page import legacy_lifecycle

_ICON = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
# Front matter is small: more nodes than this means YAML aliases multiplied a value (a "bomb").
_BUDGET = 5_000


class _TooLarge(Exception):
    pass


def sanitize_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Return page meta with every text escaped, a bad icon and a lifecycle `status:` dropped."""
    budget = [_BUDGET]
    try:
        clean = {str(key): _escape(value, budget) for key, value in meta.items()}
    except (_TooLarge, RecursionError):  # an alias bomb, or lists nested hundreds deep
        return {}
    status = meta.get("status")
    # Material makes a CSS class of the status: only text or a number can be one.
    if (isinstance(status, bool) or not isinstance(status, str | int | float)
            or legacy_lifecycle(meta) or not str(status).strip()):
        clean.pop("status", None)
    icon = meta.get("icon")
    if icon is not None and not (isinstance(icon, str) and _ICON.match(icon)):
        clean.pop("icon", None)
    return clean


def _escape(value: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        # Keys too: a theme that prints a mapping prints its keys.
        return {_escape(key, budget): _escape(item, budget) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_escape(item, budget) for item in value]
    if value is None or isinstance(value, bool | int | float | dt.date):
        return value
    return html.escape(str(value))  # bytes (!!binary) and anything else: as escaped text


def safe_site_name(name: str) -> str:
    """Return the site name as themes may print it raw (<title>, header, nav).

    `&` stays: raw, it is harmless, and "Crumb & Co" must not show as "Crumb &amp; Co" where
    Material does escape it.
    """
    return name.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def safe_title(title: str, is_html: bool) -> str:
    """Return a title as escaped text: markup in a heading's title is reduced to its words."""
    plain = Markup(title).striptags() if is_html else title
    return html.escape(plain)


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_address(url: str | None) -> str | None:
    """Return a web address as themes may print it raw in href="...": else None.

    A `javascript:` (or any scheme but http and https) address is dropped: an edit link is
    clicked by people who trust the site. Quotes and brackets, which would end the attribute,
    are percent-encoded, as a browser would send them anyway.
    """
    if not url:
        return None
    # Browsers ignore tabs and newlines inside a scheme ("java\tscript:"): so must this test.
    scheme = _SCHEME.match(_CONTROL.sub("", url))
    if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
        return None
    return quote(url.strip(), safe="/:?#[]@!$&()*+,;=%~-._")
