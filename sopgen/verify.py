"""`sopgen verify`: stamp pages as followed and confirmed, changing only those values.

A draft (`lifecycle: draft`, or a legacy `status: draft`) becomes active at its first verify.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sopgen.edit import Change, Edit, add_front_matter, edit_page
from sopgen.errors import UsageError
from sopgen.page import lifecycle_key, read_page
from sopgen.wiki import Wiki, display_path


@dataclass(frozen=True)
class Verified:
    """One page stamped: how it is named, and what changed in it."""

    shown: str
    changes: list[Change]

    def said(self) -> str:
        """Return the changes in words: "last_verified 2026-01-02 -> 2026-11-20, ..."."""
        return ", ".join(f"{c.key} {c.old if c.old is not None else '(none)'} -> {c.new}"
                         for c in self.changes)


def verify_pages(wiki: Wiki, pages: list[Path], person: str | None, date: dt.date,
                 today: dt.date, cwd: Path) -> Iterator[Verified]:
    """Stamp each page's last_verified (and verified_by, with a person), yielding each as written.

    Every page must be editable before any is written; `person` must be in the team list when
    the wiki has one; `date` cannot be after `today`. A draft is made active.
    """
    if date > today:
        raise UsageError(f"--date {date} is in the future: verify after following the steps")
    if person is not None:
        person = person.strip()
        if not person:
            raise UsageError("--by must name a person")
        wiki.settings.require_member(person, "--by", wiki.config_file.name)
    files = [(path, display_path(path, cwd)) for path in pages]
    planned = []
    for path, shown in files:
        if path.is_dir():
            raise UsageError(f"{shown}: is a folder; name the pages to verify")
        if not path.is_file():
            raise UsageError(f"{shown}: no such page")
        edits, bare = _edits(path, shown, date, person, wiki)
        # A page whose folder's .meta.yml stands in for its front matter gets one of its own.
        apply = add_front_matter if bare else edit_page
        apply(path, shown, edits, write=False)
        planned.append((apply, path, shown, edits))
    for apply, path, shown, edits in planned:
        yield Verified(shown, apply(path, shown, edits))


def _edits(path: Path, shown: str, date: dt.date, person: str | None, wiki: Wiki,
           ) -> tuple[list[Edit], bool]:
    """Return the edits that stamp one page: the date (under its tech-docs name,
    `last_reviewed_on`, where the page uses that), the person, and a draft made active; and
    whether the page has none yet, its folder's .meta.yml standing in for it."""
    page = read_page(path, path.name, shown, wiki.folder_defaults.for_page(path))
    meta = page.own_meta()  # what the file itself says, not its folder's .meta.yml
    key = page.aliased.get("last_verified", "last_verified")
    # A page new from `sopgen new` has no last_verified yet: it goes after the people.
    after = next((name for name in ("verified_by", "backup", "owner") if name in meta), None)
    edits = [Edit(key, date.isoformat(), insert_after=after, literal=True)]
    if person is not None:
        edits.append(Edit("verified_by", person, insert_after=key))
    lifecycle = lifecycle_key(meta)
    if lifecycle is not None and meta.get(lifecycle) == "draft":
        edits.append(Edit(lifecycle, "active"))
    return edits, page.no_front_matter and not page.error
