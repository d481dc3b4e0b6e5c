"""Links between pages: `uses` naming an account page, and titles used twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from sopgen.page import Page
from sopgen.results import Finding, finding
from sopgen.uses import Accounts

Titles = dict[tuple[str, str], list[Page]]


def titles_of(pages: Iterable[Page]) -> Titles:
    """Return tracked pages by (client, title folded): the pages that share a title."""
    titles: Titles = defaultdict(list)
    for page in pages:
        if page.tracked and not page.error:
            titles[(page.client or "", page.title.casefold())].append(page)
    return titles


def _path_form(account: Page) -> str:
    path = account.src[:-3] if account.src.endswith(".md") else account.src
    return "/".join(path.split("/")[-2:])


def link_findings(page: Page, accounts: Accounts, titles: Titles) -> Iterator[Finding]:
    """Yield unknown-account and duplicate-title findings for a tracked page."""
    for name in page.uses:
        found = accounts.resolve(page, name)
        if found.account is not None:
            continue
        line = page.line_of("uses")
        if found.ambiguous:
            both = " and ".join(p.file for p in found.ambiguous)
            yield finding(page, "unknown-account",
                          f"uses names {name!r}, which could be {both}: write the path "
                          f"instead (e.g. {_path_form(found.ambiguous[0])})", line)
        elif found.elsewhere:
            near = found.elsewhere[0]
            owner = f"client {near.client}" if near.client else "no client (shared)"
            scope = f"client {page.client}" if page.client else "the business (no client)"
            yield finding(page, "unknown-account",
                          f"uses names {name!r}: {near.file} belongs to {owner}, and a page "
                          f"of {scope} can use only its own client's accounts or shared ones",
                          line)
        else:
            slug = name.rpartition("/")[2]
            yield finding(page, "unknown-account",
                          f"uses names {name!r}, but there is no account page {slug}.md "
                          "(kind: account)", line)
    same = titles.get((page.client or "", page.title.casefold()), [])
    if len(same) > 1:
        others = ", ".join(p.file for p in same if p is not page)
        yield finding(page, "duplicate-title", f"the title {page.title!r} is also used by {others}",
                      page.line_of("title"))
