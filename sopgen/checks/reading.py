"""Reading a wiki for the checks: every page parsed and scanned, in parallel when it is large;
the other files the site copies, and the settings, scanned for secrets."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

from sopgen.ahead import Ahead, may_fork, paused_gc
from sopgen.checks.text import text_findings
from sopgen.config import Settings
from sopgen.folders import FolderDefaults
from sopgen.page import Page, decode_lossy, read_page
from sopgen.results import RULES, Finding
from sopgen.secrets import find_secrets, mask_all, secret_message
from sopgen.wiki import Wiki

Scan = Callable[[list[tuple[Path, str, str]]], tuple[list[Page], dict[str, list[Finding]]]]

# Below this many pages a second process costs more than it saves (measured: benchmarks/).
PARALLEL_FROM = 800
# What a forked process reads against this process's 1: it also pickles its pages back, and
# this process unpickles them, each about a tenth of the time reading them takes (measured).
FORKED_SHARE = 0.9

# Files the site copies that cannot hold readable text: not worth reading.
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .ico .bmp .tif .tiff .avif .woff .woff2 .ttf .otf .eot "
    ".zip .gz .tgz .bz2 .xz .7z .rar .pdf .mp3 .mp4 .m4a .mov .webm .ogg .wav .avi".split())


def read_and_scan(wiki: Wiki, files: list[Path], parallel: bool = True, base: Path | None = None,
                  ) -> tuple[list[Page], dict[str, list[Finding]]]:
    """Read pages and scan their text (secrets, placeholders); in parallel for large wikis.

    Pass `parallel=False` from a process that runs threads (a live-reloading server): forking
    it is not safe.
    """
    jobs = wiki.page_jobs(files, base)
    workers = min(os.cpu_count() or 1, 4)
    defaults = wiki.folder_defaults
    defaults.preload([job[0] for job in jobs])  # read here once, not again in each worker
    scan = functools.partial(_scan, macros=wiki.macros, defaults=defaults)
    with paused_gc():
        if not parallel or len(jobs) < PARALLEL_FROM or workers < 2 or not may_fork():
            return scan(jobs)
        return _scan_in_parallel(jobs, workers, scan)


def reuse_or_scan(done: tuple[list[Page], dict[str, list[Finding]]], wiki: Wiki,
                  files: list[Path], base: Path | None = None,
                  ) -> tuple[list[Page], dict[str, list[Finding]]]:
    """Return `files` read and scanned, in their order: from `done` (a read of the docs folder
    made earlier) where it has them, else read now."""
    # The earlier read filled its own process's folder defaults; the checks report broken
    # `.meta.yml` files from this one's (read_and_scan reads them here the same way).
    wiki.folder_defaults.preload(files)
    earlier = {os.path.abspath(page.path): page for page in done[0]}
    missing = [path for path in files if os.path.abspath(path) not in earlier]
    pages, scanned = read_and_scan(wiki, missing, parallel=False, base=base) if missing else ([], {})
    found = {os.path.abspath(page.path): page for page in pages}
    for path in files:
        page = earlier.get(os.path.abspath(path))
        if page is not None:
            found[os.path.abspath(path)] = page
            scanned[page.file] = done[1][page.file]
    return [found[os.path.abspath(path)] for path in files], scanned


def _scan_in_parallel(jobs: list[tuple[Path, str, str]], workers: int, scan: Scan,
                      ) -> tuple[list[Page], dict[str, list[Finding]]]:
    # This process takes a larger chunk: the others' last step, pickling their pages back,
    # overlaps its reading, and they all end at about the same time.
    own = round(len(jobs) / (1 + (workers - 1) * FORKED_SHARE))
    size = -(-(len(jobs) - own) // (workers - 1))
    chunks = [jobs[:own]] + [jobs[i:i + size] for i in range(own, len(jobs), size)]
    # Each chunk but the first in a forked process, which has the jobs already (nothing is sent
    # to it); this process reads the first chunk itself rather than wait. Any that fails, this
    # process reads itself (Ahead). Measured against a multiprocessing.Pool at 5,000 pages:
    # 0.1 s less, the pool's time to hand the work over and the results back.
    others = [Ahead(functools.partial(scan, chunk), fork=True) for chunk in chunks[1:]]
    try:
        pages, scanned = scan(chunks[0])
        for other in others:
            chunk_pages, chunk_scanned = other.get()
            pages.extend(chunk_pages)
            scanned.update(chunk_scanned)
    finally:
        # Ctrl-C, or an error here: the processes still reading are stopped, none orphaned.
        for other in others:
            other.close()
    return pages, scanned


def _scan(jobs: list[tuple[Path, str, str]], macros: bool = False,
          defaults: FolderDefaults | None = None,
          ) -> tuple[list[Page], dict[str, list[Finding]]]:
    if defaults is None:
        pages = [read_page(*job) for job in jobs]
    else:
        pages = [read_page(*job, defaults.for_page(job[0])) for job in jobs]
    scanned = {}
    for page in pages:
        found = scan_page(page, macros)
        scanned[page.file] = found  # after the scan: a secret in the name is masked there too
    return pages, scanned


def scan_page(page: Page, macros: bool = False) -> list[Finding]:
    """Return a page's text findings (secrets, placeholders); mask every secret found on it.

    With `macros` (the mkdocs-macros plugin renders the pages), `{{ ... }}` is content.
    """
    found = list(text_findings(page, macros))
    page.mask_secrets(page.secrets)
    return found


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
        found += [Finding(file, hit.line, "secret", RULES["secret"][0], secret_message(hit), src)
                  for hit in hits]
        found += [Finding(file, None, "secret", RULES["secret"][0],
                          secret_message(hit, "the file's name"), src) for hit in named]
    return found


def settings_findings(settings: Settings, file: str) -> list[Finding]:
    """Return the secrets written into the sopgen settings, masked there from now on.

    The site and every report show the business and the team's names and roles; masking them
    in `settings` keeps a secret out of all of those, as masking a page does.
    """
    found: list[Finding] = []
    secrets: list[str] = []
    people = [*settings.team.items(), *((handle, details) for client in settings.clients.values()
                                        for handle, details in client["people"].items())]
    for value in [settings.business or ""] + [
            f"{handle}: {details.get(key, '')}" for handle, details in people
            for key in ("name", "role", "email")] + [
            f"{slug}: {client[key]}" for slug, client in settings.clients.items()
            for key in ("name", "legal_name")]:
        for hit in find_secrets(value):
            secrets.append(hit.value)
            found.append(Finding(file, None, "secret", RULES["secret"][0],
                                 secret_message(hit, "the sopgen settings"), ""))
    if secrets:
        settings.mask_secrets(secrets)
    return found
