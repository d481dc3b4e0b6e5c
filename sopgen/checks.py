"""The checks: pure rules over parsed pages, settings and a given `today`; and page statuses.

The CLI, the reports and the MkDocs plugin all call `run_checks`, so the site and CI can never
disagree about a page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing as mp
import os
import re
import signal
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from sopgen.accounts import account_findings
from sopgen.config import Settings
from sopgen.durations import band, until
from sopgen.page import Page, decode_lossy, read_page
from sopgen.results import CheckResult, Finding, PageState, finding
from sopgen.rules import RULES, severity_of
from sopgen.secrets import SecretHit, find_secrets, looks_like_password, mask, mask_all
from sopgen.slug import slugify
from sopgen.wiki import Wiki, display_path

# Rules that leave a page without a trustworthy owner or date.
_STRUCTURAL = frozenset(
    {"front-matter", "owner-missing", "last-verified-missing", "last-verified-invalid",
     "field-invalid"})
_PLACEHOLDER_MARKERS = ("TODO", "TBD", "FIXME", "XXX", "<!--", "{")
_PLACEHOLDER = re.compile(
    r"\b(?P<word>TODO|TBD|FIXME|XXX)\b|(?P<fill><!--\s*fill\b)|(?P<jinja>\{\{[^{}\n]{0,200}\}\}|\{%[^%\n]{0,200}%\})")


def next_review(page: Page, settings: Settings) -> dt.date | None:
    """Return the date a page is due for review: last verified plus its review interval."""
    if page.last_verified is None:
        return None
    return (page.review_every or settings.review_every).after(page.last_verified)


def status_of(page: Page, settings: Settings, today: dt.date, structural_error: bool) -> str:
    """Return fresh, due, stale, draft, retired or invalid for a tracked page."""
    if page.error or structural_error:
        return "invalid"
    if page.status in ("draft", "retired"):
        return page.status
    review = next_review(page, settings)
    if review is None or page.last_verified is None or page.last_verified > today:
        return "invalid"
    return {"past": "stale", "due": "due", "ahead": "fresh"}[band(review, today, settings.due_soon)]


def check_wiki(wiki: Wiki, targets: list[Path] | None, today: dt.date) -> CheckResult:
    """Check the pages named by `targets` (default: every page) against the whole wiki."""
    files = wiki.page_files()
    if targets:
        known = {os.path.abspath(f) for f in files}
        files += [t for t in targets if os.path.abspath(t) not in known]
    pages, scanned = read_and_scan(wiki, files)
    assets = wiki.asset_files()
    if targets:
        wanted = {os.path.abspath(t) for t in targets}
        checked = [p for p in pages if os.path.abspath(p.path) in wanted]
        folders = tuple(a.rstrip(os.sep) + os.sep for a in wanted)
        assets = [a for a in assets if os.path.abspath(a).startswith(folders)]
    else:
        checked = pages
    extra = [*scan_assets(wiki.page_jobs(assets)),
             *settings_findings(wiki.settings, display_path(wiki.config_file, Path.cwd()))]
    return run_checks(checked, wiki.settings, today, pages, scanned, extra)


def settings_findings(settings: Settings, file: str) -> list[Finding]:
    """Return the secrets written into the sopgen settings (the site shows names and roles)."""
    values = [settings.business or ""] + [f"{handle}: {details.get(key, '')}"
                                          for handle, details in settings.team.items()
                                          for key in ("name", "role", "email")]
    return [Finding(file, None, "secret", RULES["secret"][0],
                    _secret_message(hit, "the sopgen settings"), "")
            for value in values for hit in find_secrets(value)]


# Files the site copies that cannot hold readable text: not worth reading.
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .ico .bmp .tif .tiff .avif .woff .woff2 .ttf .otf .eot "
    ".zip .gz .tgz .bz2 .xz .7z .rar .pdf .mp3 .mp4 .m4a .mov .webm .ogg .wav .avi".split())


def scan_assets(jobs: list[tuple[Path, str, str]]) -> list[Finding]:
    """Return the secrets in the text files the site copies as they are (not Markdown pages)."""
    found: list[Finding] = []
    for path, src, file in jobs:
        if path.suffix.lower() in BINARY_SUFFIXES:
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            continue  # unreadable: MkDocs will say so when it copies it
        if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue  # binary (UTF-16 text has NULs too, and a byte-order mark)
        hits = list(find_secrets(decode_lossy(raw)))
        named = list(find_secrets(src))
        file = mask_all(file, [h.value for h in named])
        found += [Finding(file, hit.line, "secret", RULES["secret"][0], _secret_message(hit), src)
                  for hit in hits]
        found += [Finding(file, None, "secret", RULES["secret"][0],
                          _secret_message(hit, "the file's name"), src) for hit in named]
    return found


# Below this many pages a second process costs more than it saves (measured: benchmarks/).
PARALLEL_FROM = 800


def read_and_scan(wiki: Wiki, files: list[Path], parallel: bool = True, base: Path | None = None,
                  ) -> tuple[list[Page], dict[str, list[Finding]]]:
    """Read pages and scan their text (secrets, placeholders); in parallel for large wikis.

    Pass `parallel=False` from a process that runs threads (a live-reloading server): forking
    it is not safe.
    """
    jobs = wiki.page_jobs(files, base)
    workers = min(os.cpu_count() or 1, 4)
    if (not parallel or len(jobs) < PARALLEL_FROM or workers < 2
            or "fork" not in mp.get_all_start_methods()):
        return _scan(jobs)
    size = -(-len(jobs) // workers)
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    pages: list[Page] = []
    scanned: dict[str, list[Finding]] = {}
    # Workers ignore Ctrl-C (the terminal sends it to the whole process group); this process
    # gets it, and leaving the `with` terminates every worker at once, so none is orphaned.
    with mp.get_context("fork").Pool(workers, initializer=_ignore_interrupts) as pool:
        for chunk_pages, chunk_scanned in pool.map(_scan, chunks):
            pages.extend(chunk_pages)
            scanned.update(chunk_scanned)
    return pages, scanned


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _scan(jobs: list[tuple[Path, str, str]]) -> tuple[list[Page], dict[str, list[Finding]]]:
    pages = [read_page(*job) for job in jobs]
    scanned = {}
    for page in pages:
        found = scan_page(page)
        scanned[page.file] = found  # after the scan: a secret in the name is masked there too
    return pages, scanned


def scan_page(page: Page) -> list[Finding]:
    """Return a page's text findings (secrets, placeholders); mask every secret found on it."""
    found = list(_text_findings(page))
    page.mask_secrets(page.secrets)
    return found


def run_checks(pages: list[Page], settings: Settings, today: dt.date,
               all_pages: list[Page] | None = None,
               scanned: dict[str, list[Finding]] | None = None,
               asset_findings: Iterable[Finding] = ()) -> CheckResult:
    """Check `pages` (against `all_pages`, default the same, for links and duplicates).

    `scanned` holds text findings already found by `read_and_scan`, by file; `asset_findings`
    the secrets found in other files the site copies (`scan_assets`).
    """
    universe = all_pages if all_pages is not None else pages
    accounts = {p.slug for p in universe if p.kind == "account" and not p.error}
    titles = _titles(universe)
    states: list[PageState] = []
    findings: list[Finding] = []
    scanned = scanned or {}
    for page in pages:
        text = scanned.get(page.file)
        if text is None:
            text = scan_page(page)
        raw = list(_page_findings(page, settings, today, accounts, titles, text))
        if page.kind == "account" and not page.error:
            raw.extend(account_findings(page, settings, today))
        if page.secrets:  # nothing said about this page may repeat its secrets
            raw = [dataclasses.replace(f, file=page.file, message=mask_all(f.message, page.secrets))
                   for f in raw]
        found = [f for f in (_with_severity(f, settings) for f in raw) if f.severity != "off"]
        findings.extend(found)
        if page.tracked:
            structural = any(f.rule in _STRUCTURAL and f.severity == "error" for f in found)
            states.append(PageState(page, status_of(page, settings, today, structural),
                                    next_review(page, settings), found))
    extra = [*asset_findings, *_name_collisions(universe, pages, settings)]
    findings += [f for f in (_with_severity(f, settings) for f in extra) if f.severity != "off"]
    return CheckResult(today, states, findings, list(pages))


def _name_collisions(universe: list[Page], checked: list[Page],
                     settings: Settings) -> Iterator[Finding]:
    """Yield a finding where two spellings of a person or client share a slug (Ana, ana).

    Each person and client gets a page of the site named by slug: two spellings would have to
    share it, and one of them is surely a typo.
    """
    wanted = {id(page) for page in checked}
    for what, fields in (("people", ("owner", "backup", "verified_by", "admins")),
                         ("clients", ("client",))):
        spellings: dict[str, dict[str, tuple[Page, str] | None]] = defaultdict(dict)
        if what == "people":
            for handle in settings.team:
                spellings[slugify(handle)].setdefault(handle, None)
        for page in universe:
            if page.error or not page.tracked:
                continue
            for name in fields:
                value = page.values.get(name)
                for spelling in (value if isinstance(value, tuple) else (value,)):
                    if spelling:
                        spellings[slugify(spelling)].setdefault(spelling, (page, name))
        for names in spellings.values():
            if len(names) < 2:
                continue
            listed = " and ".join(repr(n) for n in names)
            for spelling, where in names.items():
                if where is None or id(where[0]) not in wanted:
                    continue
                page, name = where
                yield finding(page, "name-collision",
                              f"{name} {spelling!r}: the {what} {listed} would share one page "
                              "of the site; write one spelling", page.line_of(name))


def _with_severity(finding: Finding, settings: Settings) -> Finding:
    severity = severity_of(finding.rule, settings.severity, finding.severity)
    if severity == finding.severity:
        return finding
    return Finding(finding.file, finding.line, finding.rule, severity, finding.message, finding.src)


def _titles(pages: Iterable[Page]) -> dict[tuple[str, str], list[Page]]:
    titles: dict[tuple[str, str], list[Page]] = defaultdict(list)
    for page in pages:
        if page.tracked and not page.error:
            titles[(page.client or "", page.title.casefold())].append(page)
    return titles


def _page_findings(page: Page, settings: Settings, today: dt.date, accounts: set[str],
                   titles: dict[tuple[str, str], list[Page]],
                   text_findings: list[Finding]) -> Iterator[Finding]:
    if page.error:
        # Home and section index pages may go without front matter; nothing else may.
        if not (page.no_front_matter and page.kind == "page"):
            yield finding(page, "front-matter", page.error, page.error_line)
        yield from text_findings
        return
    for problem in page.problems:
        if problem.field == "last_verified":
            yield finding(page, "last-verified-invalid", problem.message, problem.line)
        else:
            yield finding(page, "field-invalid", problem.message, problem.line)
    yield from text_findings
    if not page.tracked:
        return
    yield from _people_findings(page, settings)
    yield from _freshness_findings(page, settings, today)
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


def _people_findings(page: Page, settings: Settings) -> Iterator[Finding]:
    if not page.owner:
        yield finding(page, "owner-missing",
                      "no owner: add `owner:` with the person accountable for this page",
                      page.line_of("owner") or 2)
    if page.kind == "procedure" and page.status == "active":
        if not page.backup:
            who = f"{page.owner} is" if page.owner else "one person is"
            yield finding(page, "backup-missing",
                          f"no backup: {who} the only one who knows how this is done; "
                          "add `backup:` with a second person", page.line_of("owner"))
        elif page.backup == page.owner:
            yield finding(page, "backup-missing",
                          f"the backup is the owner ({page.owner}): name a second person",
                          page.line_of("backup"))
    if settings.team:
        for name in ("owner", "backup", "verified_by"):
            person = page.values.get(name)
            if person and person not in settings.team:
                yield finding(page, "unknown-person",
                              f"{name} {person!r} is not in the team list of mkdocs.yml "
                              f"(known: {', '.join(sorted(settings.team))})", page.line_of(name))


def _freshness_findings(page: Page, settings: Settings, today: dt.date) -> Iterator[Finding]:
    # Line numbers are looked up only when reporting: finding them costs a scan of the front matter.
    if "last_verified" in page.meta and page.meta["last_verified"] not in (None, ""):
        if page.last_verified is None:
            return  # already reported as unparsable
        if page.last_verified > today:
            yield finding(page, "last-verified-invalid",
                          f"last_verified {page.last_verified} is in the future "
                          f"(today is {today})", page.line_of("last_verified"))
            return
    else:
        yield finding(page, "last-verified-missing",
                      "no last_verified: follow the steps, then run "
                      f"`sopgen verify {page.file} --by NAME`", page.line_of("last_verified") or 2)
        return
    if page.status != "active":
        return  # drafts and retired pages are never stale
    review = next_review(page, settings)
    assert review is not None
    who = page.owner or "the owner"
    where = band(review, today, settings.due_soon)
    if where == "past":
        yield finding(page, "stale",
                      f"stale since {review} ({until(review, today)}): "
                      f"last verified {page.last_verified}"
                      f"{' by ' + page.verified_by if page.verified_by else ''}; {who} must "
                      f"follow the steps and run `sopgen verify {page.file}`",
                      page.line_of("last_verified"))
    elif where == "due":
        yield finding(page, "due-soon",
                      f"due for review on {review} ({until(review, today)}): "
                      f"{who} should follow the steps and run `sopgen verify {page.file}`",
                      page.line_of("last_verified"))


def _text_findings(page: Page) -> Iterator[Finding]:
    """Yield secrets and placeholders; the secrets found are added to `page.secrets`."""
    # One scan of the whole file: front matter from line 2, its closing line, then the body.
    text = f"{page.front}---\n{page.body}" if page.front else page.body
    for hit in find_secrets(text, 2 if page.front else page.body_line):
        page.secrets.append(hit.value)
        yield _secret_finding(page, hit)
    if "\\" in page.front:
        # YAML escapes ("gh\x70_...") hide a secret from the text; the values show it.
        for key, value in page.meta.items():
            if not isinstance(value, str) or value in text:
                continue
            for hit in find_secrets(f"{key}: {value}"):
                page.secrets.append(hit.value)
                yield finding(page, "secret", _secret_message(hit), page.line_of(key))
    for hit in find_secrets(page.src):
        page.secrets.append(hit.value)
        yield finding(page, "secret", _secret_message(hit, "the file's name"))
    if page.kind == "account":
        for name in ("credentials", "recovery"):
            value = page.values.get(name)
            if isinstance(value, str) and looks_like_password(value):
                page.secrets.append(value)
                yield finding(page, "secret",
                              f"{name} holds what looks like a password ({mask(value, '')}), "
                              "not where it is kept: remove it, rotate it, and name the place "
                              "(e.g. the password manager's vault and item)", page.line_of(name))
    if not any(marker in page.body for marker in _PLACEHOLDER_MARKERS):
        return
    for offset, line in enumerate(_outside_code(page.body)):
        match = _PLACEHOLDER.search(line)
        if match:
            what = match.group("word") or ("a fill-in comment" if match.group("fill")
                                           else "unrendered template code")
            yield finding(page, "unfilled-template",
                          f"template placeholder left in the page ({what}): write the real text",
                          page.body_line + offset)


def _secret_finding(page: Page, hit: SecretHit) -> Finding:
    return finding(page, "secret", _secret_message(hit), hit.line)


def _secret_message(hit: SecretHit, where: str = "the file") -> str:
    return (f"{hit.kind} written into {where} ({hit.masked}): remove it, rotate it, and "
            "say where it is kept instead (e.g. the password manager's vault and item)")


def _outside_code(body: str) -> Iterator[str]:
    """Yield the body's lines with fenced code blocks and inline code blanked out."""
    fence: str | None = None
    for line in body.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
            yield ""
            continue
        yield "" if fence else re.sub(r"`[^`]*`", "", line)
