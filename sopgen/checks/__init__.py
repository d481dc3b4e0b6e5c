"""The checks: pure rules over parsed pages, settings and a given `today`; and page statuses.

The CLI, the reports and the MkDocs plugin all call `run_checks`, so the site and CI can never
disagree about a page. One module per family of rules: freshness, people, links, text
(secrets, placeholders) and accounts; reading.py reads and scans the files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from sopgen.ahead import paused_gc
from sopgen.checks.accounts import account_findings
from sopgen.checks.freshness import STRUCTURAL, freshness_findings, next_review, status_of
from sopgen.checks.links import Titles, link_findings, titles_of
from sopgen.checks.people import client_findings, name_collisions, people_findings
from sopgen.checks.reading import read_and_scan, scan_assets, scan_page, settings_findings
from sopgen.checks.suppress import allow_findings, split
from sopgen.config import Settings
from sopgen.page import Page
from sopgen.results import CheckResult, Finding, PageState, finding, severity_of
from sopgen.secrets import mask_all
from sopgen.uses import Accounts
from sopgen.wiki import Wiki, display_path

__all__ = ["check_wiki", "next_review", "paused_gc", "read_and_scan", "run_checks", "scan_assets",
           "scan_page", "settings_findings", "status_of"]


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
    meta = wiki.folder_defaults.findings(lambda path: display_path(path, Path.cwd()))
    if targets:  # a .meta.yml's findings belong with the pages it gives defaults to
        below = {os.path.dirname(os.path.abspath(p.path)) + os.sep for p in checked}
        docs = os.path.abspath(wiki.docs_dir)

        def applies(item: Finding) -> bool:
            folder = os.path.join(docs, os.path.dirname(item.src)).rstrip(os.sep) + os.sep
            return any(d.startswith(folder) for d in below)

        meta = [f for f in meta if applies(f)]
    extra = [*scan_assets(wiki.page_jobs(assets)),
             *settings_findings(wiki.settings, display_path(wiki.config_file, Path.cwd())),
             *meta]
    with paused_gc():
        return run_checks(checked, wiki.settings, today, pages, scanned, extra)


def run_checks(pages: list[Page], settings: Settings, today: dt.date,
               all_pages: list[Page] | None = None,
               scanned: dict[str, list[Finding]] | None = None,
               asset_findings: Iterable[Finding] = ()) -> CheckResult:
    """Check `pages` (against `all_pages`, default the same, for links and duplicates).

    `scanned` holds text findings already found by `read_and_scan`, by file; `asset_findings`
    the secrets found in other files the site copies (`scan_assets`).
    """
    universe = all_pages if all_pages is not None else pages
    accounts = Accounts.of(universe)
    titles = titles_of(universe)
    states: list[PageState] = []
    findings: list[Finding] = []
    suppressed: list[Finding] = []
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
        found, allowed = split(page, found)
        suppressed.extend(allowed)
        findings.extend(found)
        if page.tracked:
            structural = any(f.rule in STRUCTURAL and f.severity == "error" for f in found)
            review = next_review(page, settings)
            states.append(PageState(page, status_of(page, settings, today, structural, review),
                                    review, found))
    extra = [*asset_findings, *name_collisions(universe, pages, settings)]
    findings += [f for f in (_with_severity(f, settings) for f in extra) if f.severity != "off"]
    return CheckResult(today, states, findings, list(pages), suppressed)


def _with_severity(finding: Finding, settings: Settings) -> Finding:
    severity = severity_of(finding.rule, settings.severity, finding.severity)
    if severity == finding.severity:
        return finding
    return Finding(finding.file, finding.line, finding.rule, severity, finding.message, finding.src)


def _page_findings(page: Page, settings: Settings, today: dt.date, accounts: Accounts,
                   titles: Titles,
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
            yield finding(page, "field-invalid", problem.message, problem.line, problem.severity)
    yield from allow_findings(page)
    yield from text_findings
    yield from client_findings(page, settings)
    if not page.tracked:
        return
    yield from people_findings(page, settings)
    yield from freshness_findings(page, settings, today)
    yield from link_findings(page, accounts, titles)
