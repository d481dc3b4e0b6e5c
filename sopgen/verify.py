"""`sopgen verify`: stamp pages as followed and confirmed, changing only those two values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sopgen.edit import Change, Edit, edit_page
from sopgen.errors import UsageError
from sopgen.page import read_page
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
    the wiki has one; `date` cannot be after `today`.
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
        edits = _stamp(path, shown, date, person)
        edit_page(path, shown, edits, write=False)
        planned.append((path, shown, edits))
    for path, shown, edits in planned:
        yield Verified(shown, edit_page(path, shown, edits))


def _stamp(path: Path, shown: str, date: dt.date, person: str | None) -> list[Edit]:
    """Return the edits that stamp one page: its tech-docs `last_reviewed_on` if that is its name."""
    page = read_page(path, path.name, shown)
    key = page.aliased.get("last_verified", "last_verified")
    edits = [Edit(key, date.isoformat(), literal=True)]
    if person is not None:
        edits.append(Edit("verified_by", person, insert_after=key))
    return edits
