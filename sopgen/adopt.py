"""`sopgen adopt`: bring existing pages under sopgen without claiming anything untrue.

Adopting fills in who is accountable (owner, backup, client, review_every) where a page says
nothing, and gives it a first-review deadline (`first_review`): never a `last_verified`, since
nobody has followed the steps yet. Values a page already has are never changed. Pages with
front matter are edited through edit.py (only the added lines change); a page with none gets
one, its text kept byte for byte after it. Home, section index, about and glossary pages are
marked `kind: page` instead. `--folder-defaults` writes the same values once into a folder's
`.meta.yml` instead of into every page.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sopgen.durations import parse_date, parse_duration
from sopgen.edit import Edit, add_front_matter, edit_page
from sopgen.errors import PageError, UsageError
from sopgen.page import INDEX_NAMES, PROCEDURE_FIELDS, Page, printable, read_page
from sopgen.wiki import Wiki, display_path
from sopgen.writing import FileChanged, atomic_write

# Reference pages by name: published, not held to owners and dates (besides index pages).
REFERENCE_NAMES = frozenset({"about", "glossary"})
FOLDER_DEFAULTS = ".meta.yml"  # Material's meta plugin's name for a folder's defaults


@dataclass(frozen=True)
class Adoption:
    """What adopting writes: the values for pages that lack them, and which pages are reference."""

    owner: str
    backup: str | None = None
    client: str | None = None
    review_every: str | None = None
    first_review: dt.date | None = None
    reference: tuple[str, ...] = ()  # globs of pages to mark `kind: page`

    def values(self) -> list[tuple[str, str, bool]]:
        """Return (key, YAML value, literal) in the order they are written."""
        items = [("owner", self.owner, False), ("backup", self.backup, False),
                 ("client", self.client, False), ("review_every", self.review_every, True)]
        if self.first_review is not None:
            items.append(("first_review", self.first_review.isoformat(), True))
        return [(key, value, literal) for key, value, literal in items if value]


@dataclass
class Outcome:
    """One page (or .meta.yml) adopted, marked, left as it was, or skipped."""

    shown: str
    action: str  # adopted | created | reference | unchanged | skipped | defaults
    values: list[tuple[str, str]] = field(default_factory=list)  # (key, value) written
    reason: str = ""  # why it was skipped, or left as it was

    def said(self) -> str:
        """Return the values as written: "owner: ana, first_review: 2026-12-25"."""
        return ", ".join(f"{key}: {value}" for key, value in self.values)


def adoption(wiki: Wiki, owner: str, backup: str | None, client: str | None,
             review_every: str | None, first_review: str, today: dt.date,
             reference: tuple[str, ...] = ()) -> Adoption:
    """Check the options against the wiki and return what adopting writes (UsageError if bad)."""
    config = wiki.config_file.name
    if client is not None:
        client = printable(client).strip()
        if not client:
            raise UsageError("--client must name a client")
        wiki.settings.require_client(client, "--client", config)
    people = {}
    for option, value in (("--owner", owner), ("--backup", backup)):
        if value is None:
            continue
        value = printable(value).strip()
        if not value:
            raise UsageError(f"{option} must name a person")
        # A client's own people may own its pages (checked as `check` will check them).
        wiki.settings.require_member(value, option, config, client)
        people[option] = value
    if people.get("--backup") is not None and people["--backup"] == people.get("--owner"):
        raise UsageError(f"--backup {people['--backup']} is the --owner: name a second person "
                         "who can do it")
    if review_every is not None:
        try:
            review_every = str(parse_duration(review_every))
        except ValueError as exc:
            raise UsageError(f"--review-every: {exc}") from None
    return Adoption(people["--owner"], people.get("--backup"), client, review_every,
                    first_review_date(first_review, today), reference)


def first_review_date(value: str, today: dt.date) -> dt.date:
    """Return the first-review deadline from a duration after today ("30d") or a date."""
    try:
        day = parse_date(value)
    except ValueError:
        try:
            return parse_duration(value).after(today)
        except ValueError:
            raise UsageError(f"--first-review {value}: expected a duration like 30d or 6 weeks, "
                             "or a date as YYYY-MM-DD") from None
    if day < today:
        raise UsageError(f"--first-review {day} is in the past: every adopted page would be "
                         "overdue at once")
    return day


def require_in_docs(wiki: Wiki, paths: list[Path], folders: bool) -> None:
    """Refuse (UsageError) a PATH that is not a page (or, with `folders`, a folder) of the wiki.

    Adopting writes: a file outside the docs folder (a README, mkdocs.yml itself) is not a
    page, and front matter added to it would break it.
    """
    docs = wiki.docs_dir
    for path in paths:
        if folders and not path.is_dir():
            raise UsageError(f"{path}: --folder-defaults takes folders")
        if not (_in_folder(path, docs) or (path.is_dir() and _same(path, docs))):
            link = _inside(os.path.abspath(path), os.path.abspath(docs))
            raise UsageError(f"{path}: {'a link leading outside' if link else 'not inside'} "
                             f"the docs folder {docs.name}/; adopt only the wiki's pages")
        if path.is_file() and path.suffix.lower() not in (".md", ".markdown"):
            raise UsageError(f"{path}: not a Markdown page; adopt writes front matter only "
                             "into .md pages")


def _in_folder(path: Path, folder: Path) -> bool:
    """Return whether `path`, as spelled and with its links followed, is inside `folder`."""
    return all(_inside(os.path.abspath(p), os.path.abspath(f))
               for p, f in ((path, folder),
                            (os.path.realpath(path), os.path.realpath(folder))))


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _same(path: Path, folder: Path) -> bool:
    return os.path.realpath(path) == os.path.realpath(folder)


def adopt_pages(wiki: Wiki, files: list[Path], plan: Adoption, dry_run: bool,
                cwd: Path) -> Iterator[Outcome]:
    """Adopt each page, yielding what was (or, with `dry_run`, would be) written to it."""
    defaults = wiki.folder_defaults
    for path, src, shown in wiki.page_jobs(files, cwd):
        if not _in_folder(path, wiki.docs_dir):
            # A link (to a page or a folder) leading out of the docs folder: adopting must
            # never write outside the wiki.
            yield Outcome(shown, "skipped", reason="a link to a file outside the docs folder; "
                          "nothing was written")
            continue
        if not os.stat(path).st_mode & 0o222:
            # Replacing the file would get past its read-only mode (even as root, for whom
            # os.access says yes): someone set it on purpose.
            yield Outcome(shown, "skipped", reason="read-only; nothing was written")
            continue
        # A value a folder's .meta.yml gives the page counts as the page's: not written again.
        page = read_page(path, src, shown, defaults.for_page(path))
        yield _adopt_one(page, plan, dry_run)


def _adopt_one(page: Page, plan: Adoption, dry_run: bool) -> Outcome:
    if page.error and not page.no_front_matter:
        where = f":{page.error_line}" if page.error_line else ""
        return Outcome(f"{page.file}{where}", "skipped",
                       reason=f"{page.error}; fix it, then adopt it again")
    if _is_reference(page, plan.reference):
        if page.kind == "page":
            return Outcome(page.file, "unchanged", reason="a reference page already")
        edits = [Edit("kind", "page")]
        action = "reference"
    else:
        if page.kind == "page":
            return Outcome(page.file, "unchanged", reason="kind: page")
        edits = [Edit(key, value, literal=literal) for key, value, literal in plan.values()
                 if not _has(page, key)]
        if page.kind == "account" or page.owner == plan.backup:
            # An account has admins, not a backup; and the owner cannot be their own backup.
            edits = [edit for edit in edits if edit.key != "backup"]
        if not edits:
            return Outcome(page.file, "unchanged", reason="has every value already")
        action = "adopted"
    values = [(edit.key, edit.value) for edit in edits]
    try:
        if page.no_front_matter:
            add_front_matter(page.path, page.file, edits, write=not dry_run)
            return Outcome(page.file, "created" if action == "adopted" else action, values)
        edit_page(page.path, page.file, edits, write=not dry_run, planned_on=page.own_meta())
    except (PageError, FileChanged) as exc:
        return _skipped(page.file, exc)
    return Outcome(page.file, action, values)


def _skipped(shown: str, exc: Exception) -> Outcome:
    """Return a skipped outcome from an error that names the file (and maybe a line) first."""
    message = str(exc)
    where = re.match(rf"{re.escape(shown)}(:\d+)?: ", message)
    if where is None:
        return Outcome(shown, "skipped", reason=message)
    return Outcome(shown + (where.group(1) or ""), "skipped", reason=message[where.end():])


def _has(page: Page, key: str) -> bool:
    """Return whether the page sets a field (a tech-docs alias counts; first_review waits on
    last_verified: a page verified once needs no first review)."""
    if key == "first_review":
        return page.given("last_verified") or page.given("first_review")
    return page.given(key)


def _is_reference(page: Page, globs: tuple[str, ...]) -> bool:
    """Return whether a page is a home, section index, about or glossary page, or named by a glob.

    An index page that already names an owner or a date was made a procedure on purpose: it
    stays one, unless a glob names it.
    """
    name = Path(page.src).name
    if any(fnmatch.fnmatch(page.src, glob) or fnmatch.fnmatch(name, glob) for glob in globs):
        return True
    return ((name in INDEX_NAMES or Path(name).stem.lower() in REFERENCE_NAMES)
            and not PROCEDURE_FIELDS & page.meta.keys())


def folder_defaults(folders: list[Path], plan: Adoption, dry_run: bool,
                    cwd: Path) -> Iterator[Outcome]:
    """Write the values into each folder's .meta.yml, keeping its other keys and comments."""
    for folder in folders:
        target = folder / FOLDER_DEFAULTS
        shown = display_path(target, cwd)
        if target.is_symlink():
            yield Outcome(shown, "skipped", reason="a link; nothing was written, edit the "
                          "file it leads to by hand")
            continue
        try:
            yield _write_defaults(target, shown, plan, dry_run)
        except PageError as exc:
            yield _skipped(shown, exc)


def _write_defaults(target: Path, shown: str, plan: Adoption, dry_run: bool) -> Outcome:
    from io import StringIO

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    yaml_rt = YAML(typ="rt")
    yaml_rt.preserve_quotes = True
    raw = target.read_bytes() if target.is_file() else None
    text = raw.decode("utf-8-sig", errors="strict") if raw is not None else ""
    try:
        data = yaml_rt.load(text) if text.strip() else CommentedMap()
    except (YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise PageError(f"{shown}{where}: not valid YAML, fix it before adopting") from None
    if not isinstance(data, dict):
        raise PageError(f"{shown}: must be a mapping of front-matter keys")
    added = [(key, value) for key, value, _ in plan.values() if data.get(key) in (None, "")]
    if not added:
        return Outcome(shown, "unchanged", reason="has every value already")
    for key, value in added:
        data[key] = Edit(key, value, literal=key in ("review_every", "first_review")).parsed()
    out = StringIO()
    yaml_rt.dump(data, out)
    new = out.getvalue()
    if text and not new.startswith(text.rstrip("\n")) and raw is not None:
        # ruamel keeps comments and order; this confirms no existing line moved or changed.
        raise PageError(f"{shown}: cannot add to it without rewriting its lines; add "
                        f"{', '.join(key for key, _ in added)} by hand")
    if not dry_run:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            atomic_write(target, new, expected=raw)
        except FileChanged:
            raise PageError(f"{shown}: changed while sopgen was writing it; nothing was "
                            "written, run the command again") from None
    return Outcome(shown, "defaults", added)
