"""Links between pages: `uses` naming an account page, and titles used twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from sopgen.page import Page
from sopgen.results import Finding, finding

Titles = dict[tuple[str, str], list[Page]]


def titles_of(pages: Iterable[Page]) -> Titles:
    """Return tracked pages by (client, title folded): the pages that share a title."""
    titles: Titles = defaultdict(list)
    for page in pages:
        if page.tracked and not page.error:
            titles[(page.client or "", page.title.casefold())].append(page)
    return titles


def link_findings(page: Page, accounts: set[str], titles: Titles) -> Iterator[Finding]:
    """Yield unknown-account and duplicate-title findings for a tracked page."""
    for slug in page.uses:
        if slug not in accounts:
            yield finding(page, "unknown-account",
                          f"uses names {slug!r}, but there is no account page {slug}.md "
                          "(kind: account)", page.line_of("uses"))
    same = titles.get((page.client or "", page.title.casefold()), [])
    if len(same) > 1:
        others = ", ".join(p.file for p in same if p is not page)
        yield finding(page, "duplicate-title", f"the title {page.title!r} is also used by {others}",
                      page.line_of("title"))
