"""What a page's `uses:` names: an account of its own client first, then a shared one.

An assistant's wiki holds one Mailchimp per client (`bakery/mailchimp.md`, `dentist/mailchimp.md`):
a bakery procedure's `uses: [mailchimp]` must mean the bakery's, never the dentist's. One index,
built once per run, answers the checks, the box and "used by" alike, so they never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sopgen.config import ALL_CLIENTS
from sopgen.page import Page

if TYPE_CHECKING:
    from sopgen.results import PageState


@dataclass(frozen=True)
class Resolved:
    """What one name in `uses` came to: the account, or why none."""

    name: str
    account: Page | None = None
    ambiguous: tuple[Page, ...] = ()  # two or more candidates in scope
    elsewhere: tuple[Page, ...] = ()  # out-of-scope accounts of that name (another client's)


def _shared(client: str | None) -> bool:
    return not client or client == ALL_CLIENTS


@dataclass
class Accounts:
    """The wiki's account pages, by slug and by path, for resolving `uses`."""

    by_slug: dict[str, list[Page]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, pages: Iterable[Page]) -> Accounts:
        """Index the readable account pages among `pages`."""
        index = cls()
        for page in pages:
            if page.kind == "account" and not page.error:
                index.by_slug[page.slug].append(page)
        return index

    def __contains__(self, slug: str) -> bool:
        return slug in self.by_slug

    def resolve(self, page: Page, name: str) -> Resolved:
        """Resolve one `uses` name for `page`: its client's account, else a shared one.

        A path form (`bakery/mailchimp`, matched against the end of the account's path, or as
        client/slug) picks one among several, but never reaches out of the page's scope.
        """
        name = name.strip().strip("/")
        if name.endswith(".md"):
            name = name[:-3]
        folder, _, slug = name.rpartition("/")
        candidates = self.by_slug.get(slug, [])
        if folder:
            candidates = [c for c in candidates if _path_matches(c, folder)]
        if not candidates:
            return Resolved(name)
        mine = [] if _shared(page.client) else [c for c in candidates if c.client == page.client]
        shared = [c for c in candidates if _shared(c.client)]
        for scope in (mine, shared):
            if len(scope) == 1:
                return Resolved(name, scope[0])
            if len(scope) > 1:
                return Resolved(name, ambiguous=tuple(scope))
        return Resolved(name, elsewhere=tuple(candidates))

    def account_of(self, page: Page, name: str) -> Page | None:
        """Return the one account `name` means on `page`, or None."""
        return self.resolve(page, name).account


def used_by(states: Iterable[PageState], accounts: Accounts) -> dict[str, list[PageState]]:
    """Return, by account path, the pages whose `uses` resolve to that account."""
    # Built once per run: looking them up per page would make a build quadratic.
    users: dict[str, list[PageState]] = {}
    for state in states:
        for name in state.page.uses:
            account = accounts.account_of(state.page, name)
            if account is not None:
                users.setdefault(account.src, []).append(state)
    return users


def _path_matches(account: Page, folder: str) -> bool:
    """Return whether `folder/slug` names this account: by its path's end, or client/slug."""
    path = account.src[:-3] if account.src.endswith(".md") else account.src
    return (path == f"{folder}/{account.slug}" or path.endswith(f"/{folder}/{account.slug}")
            or (account.client is not None and account.client == folder))
