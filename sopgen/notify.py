"""Delivery through Apprise: check addresses, mask them in every message, send, say what failed.

Apprise URLs (mailto://, slack://, msteams://, json://, ...) carry passwords and tokens, so
nothing here ever shows one: addresses are named by `mask_url`, and Apprise's own log lines are
caught and masked instead of reaching the terminal. Apprise is imported only when an address
is checked or used.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

MASK = "****"
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://([^?#]*)([?#].*)?$", re.DOTALL)
# A host name shown in messages: a name with dots, an IP address or localhost. Anything else in
# the host's place (slack://TOKEN/..., discord://ID/...) may be a credential.
_HOSTNAME = re.compile(
    r"^(localhost|\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|([A-Za-z0-9-]+\.)+[A-Za-z][A-Za-z0-9-]*)$")
_SPLIT_QUERY = re.compile(r"[?&#;=]")
_ANY_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")


@dataclass(frozen=True)
class _Parts:
    scheme: str
    userinfo: str
    host: str
    port: str
    path: str
    query: str


def _parts(url: str) -> _Parts | None:
    match = _URL.match(url.strip())
    if not match:
        return None
    scheme, rest, query = match.group(1), match.group(2), match.group(3) or ""
    authority, slash, path = rest.partition("/")
    userinfo, at, hostport = authority.rpartition("@")
    if not at:
        userinfo, hostport = "", authority
    host, colon, port = hostport.rpartition(":")
    if not colon or not port.isdigit():
        host, port = hostport, ""
    return _Parts(scheme.lower(), userinfo, host, port, path if slash else "", query)


def mask_url(url: str) -> str:
    """Name an address without its secrets: scheme, a real host name and port; the rest masked."""
    parts = _parts(url)
    if parts is None:
        return f"{MASK} (not a URL)"
    shown = f"{parts.scheme}://"
    if parts.userinfo:
        shown += f"{MASK}@"
    if parts.host:
        shown += parts.host if _HOSTNAME.match(parts.host) else MASK
    if parts.port:
        shown += f":{parts.port}"
    if parts.path.strip("/"):
        shown += f"/{MASK}"
    return shown


def secret_parts(url: str) -> list[str]:
    """Return every piece of an address that may be a credential, longest first, for masking."""
    parts = _parts(url)
    if parts is None:
        pieces = [url]
    else:
        pieces = [url, *re.split(r"[:]", parts.userinfo), *parts.path.split("/"),
                  *_SPLIT_QUERY.split(parts.query)]
        if not _HOSTNAME.match(parts.host):
            pieces.append(parts.host)
    found: set[str] = set()
    for piece in pieces:
        piece = piece.strip()
        if len(piece) >= 4:
            found.update({piece, unquote(piece), quote(piece, safe="")})
    return sorted(found, key=len, reverse=True)


def mask_text(text: str, urls: Iterable[str]) -> str:
    """Replace every secret piece of the given addresses in `text` with the mask."""
    for url in urls:
        for piece in secret_parts(url):
            text = text.replace(piece, MASK)
    return text


def check_address(url: object) -> str:
    """Return the address if Apprise can use it; else raise ValueError naming it masked."""
    if not isinstance(url, str) or not url.strip():
        raise ValueError(f"an address must be an Apprise URL such as mailto://... or "
                         f"json://..., not {type(url).__name__}")
    apprise = _apprise()
    with _apprise_quiet([url]) as caught:
        plugin = apprise.Apprise.instantiate(url.strip(), asset=_asset(apprise))
    if plugin is None:
        reason = f": {caught[-1]}" if caught else ""
        raise ValueError(f"{mask_url(url)} is not an address Apprise can send to{reason}")
    return url.strip()


def addresses(value: object, where: str) -> list[str]:
    """Return a `notify:` value as a list of checked addresses; ValueError naming `where` if bad.

    An entry left empty (an `!ENV` variable that is not set, as in a build job without the
    secrets) is skipped: the site builds, and `remind` says who has no address.
    """
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError(f"{where} must be a list of Apprise URLs")
    checked = []
    for index, item in enumerate(items, 1):
        if item is None or (isinstance(item, str) and not item.strip()):
            continue
        try:
            checked.append(check_address(item))
        except ValueError as exc:
            raise ValueError(f"{where}[{index}]: {exc}") from None
    return checked


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (a person's calendar)."""

    name: str
    content: str
    mimetype: str = "text/calendar"


@dataclass(frozen=True)
class Delivery:
    """What became of one message to one address."""

    address: str  # masked
    ok: bool
    reason: str = ""


def send(urls: list[str], title: str, body: str,
         attachments: Iterable[Attachment] = ()) -> list[Delivery]:
    """Send a plain-text message to each address in turn; one failing never stops the others."""
    apprise = _apprise()
    from apprise.attachment.memory import AttachMemory

    files = list(attachments)
    results = []
    for url in urls:
        with _apprise_quiet(urls) as caught:
            sender = apprise.Apprise(asset=_asset(apprise))
            ok = bool(sender.add(url))
            if ok:
                attach = apprise.AppriseAttachment()
                for item in files:
                    attach.add(AttachMemory(content=item.content, name=item.name,
                                            mimetype=item.mimetype))
                try:
                    ok = bool(sender.notify(body=body, title=title,
                                            body_format=apprise.NotifyFormat.TEXT,
                                            attach=attach if files else None))
                except Exception as exc:  # a plugin's own bug must not stop the others
                    caught.append(mask_text(f"{type(exc).__name__}: {exc}", urls))
                    ok = False
        reason = "" if ok else (caught[-1] if caught else "Apprise could not deliver it")
        results.append(Delivery(mask_url(url), ok, _one_line(reason)))
    return results


def _apprise() -> Any:
    """Import Apprise, without the DeprecationWarning its imghdr import shows in MkDocs' log."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise
    return apprise


def _asset(apprise: Any) -> Any:
    # No cache files written beside the wiki, and one message at a time.
    return apprise.AppriseAsset(storage_mode="memory", async_mode=False)


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 200 else line[:199] + "…"


class _Catch(logging.Handler):
    def __init__(self, urls: list[str], into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.urls, self.into = urls, into

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call inside Apprise
            message = str(record.msg)
        # Apprise's own "private" form of a URL keeps a token's first and last characters.
        message = _ANY_URL.sub("the address", mask_text(message, self.urls))
        self.into.append(_one_line(message))


@contextmanager
def _apprise_quiet(urls: list[str]) -> Iterator[list[str]]:
    """Catch Apprise's log lines (they can hold a URL's tokens), masked, instead of printing them.

    Its plugins' late imports (imghdr, for email) warn of deprecations: not the user's concern.
    """
    logger = logging.getLogger("apprise")
    caught: list[str] = []
    handler = _Catch(urls, caught)
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers = [handler]
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            yield caught
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
