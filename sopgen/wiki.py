"""Find the wiki (the nearest mkdocs.yml), read its sopgen settings, list and read its pages."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sopgen.config import Settings
from sopgen.errors import ConfigError, UsageError, WikiNotFound
from sopgen.folders import FolderDefaults
from sopgen.mkdocs_yaml import load_mkdocs_yaml
from sopgen.page import Page, printable, read_page

# ProperDocs' order: its own names first, then MkDocs'.
CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")


@dataclass
class Wiki:
    """A wiki: its mkdocs.yml, docs folder, templates folder and settings."""

    config_file: Path
    docs_dir: Path
    settings: Settings
    site_name: str = ""
    exclude_docs: str = ""  # MkDocs' exclude_docs: gitignore lines the site leaves out
    macros: bool = False  # mkdocs-macros renders {{ ... }}: not a placeholder left by a template
    _walked: tuple[list[Path], list[Path]] | None = field(default=None, repr=False, compare=False)
    _defaults: FolderDefaults | None = field(default=None, repr=False, compare=False)

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def page_files(self) -> list[Path]:
        """Return every Markdown page in the docs folder, sorted."""
        return self._files()[0]

    def asset_files(self) -> list[Path]:
        """Return every other file in the docs folder (the site copies them as they are)."""
        return self._files()[1]

    def _files(self) -> tuple[list[Path], list[Path]]:
        if self._walked is None:
            pages, others = _walk(str(self.docs_dir))
            if not self.exclude_docs.strip():
                # MkDocs' own exclusions only: dot files, never walked, and templates/.
                below = str(Path(self.docs_dir) / "templates") + os.sep
                self._walked = ([f for f in pages if not str(f).startswith(below)],
                                [f for f in others if not str(f).startswith(below)])
                return self._walked
            docs = os.path.abspath(self.docs_dir)
            excluded = _excluded(self.exclude_docs)

            def kept(files: list[Path]) -> list[Path]:
                return [f for f in files
                        if not excluded(_inside(os.path.abspath(f), docs) or f.name)]

            self._walked = (kept(pages), kept(others))
        return self._walked

    @property
    def folder_defaults(self) -> FolderDefaults:
        """Return the folder defaults (.meta.yml files), each read once for the whole run."""
        if self._defaults is None:
            self._defaults = FolderDefaults(self.docs_dir)
        return self._defaults

    def read_pages(self, paths: Iterable[Path] | None = None) -> list[Page]:
        """Read the given files (or the whole docs folder) as pages, with their folder defaults."""
        defaults = self.folder_defaults
        return [read_page(*job, defaults.for_page(job[0])) for job in self.page_jobs(paths)]

    def page_jobs(self, paths: Iterable[Path] | None = None,
                  base: Path | None = None) -> list[tuple[Path, str, str]]:
        """Return (file, path inside the docs folder, name in reports) for each page to read.

        Reports name files relative to `base` (default: the current directory).
        """
        files = self.page_files() if paths is None else list(paths)
        # abspath on both sides, never resolve(): the same spelling of every path, no lookups.
        cwd = os.path.abspath(base or Path.cwd())
        docs = os.path.abspath(self.docs_dir)
        jobs = []
        for path in files:
            absolute = os.path.abspath(path)  # no symlink lookups: thousands of pages
            jobs.append((path, _inside(absolute, docs) or path.name,
                         printable(_inside(absolute, cwd) or str(path))))
        return jobs

    def expand(self, targets: Iterable[str]) -> list[Path]:
        """Turn PATH arguments (files or folders) into the Markdown files they name."""
        files: list[Path] = []
        for target in targets:
            path = Path(target)
            if path.is_dir():
                files.extend(_markdown_files(path))
            elif path.is_file():
                files.append(path)
            else:
                raise UsageError(f"{target}: no such file or folder")
        return files


def _excluded(exclude_docs: str) -> Callable[[str], bool]:
    """Return a test of a path inside the docs folder: does the site leave it out?

    What the site publishes: MkDocs' own exclusions (dot files, which the walk skips already;
    the templates/ folder) and the wiki's exclude_docs, applied as MkDocs applies it. (A wiki
    that sets none, as most do, needs no pathspec import, ~40 ms: see Wiki._files.)
    """
    import pathspec  # MkDocs' own dependency

    spec = pathspec.gitignore.GitIgnoreSpec.from_lines(
        [".*", "/templates/", *exclude_docs.splitlines()])
    return spec.match_file


def _inside(absolute: str, base: str) -> str | None:
    """Return `absolute` relative to `base` with forward slashes, or None when outside it."""
    if absolute.startswith(base.rstrip(os.sep) + os.sep):
        return absolute[len(base.rstrip(os.sep)) + 1:].replace(os.sep, "/")
    return None


def display_path(path: Path, base: Path) -> str:
    """Name a file relative to `base` when it is inside it (what CI annotations expect)."""
    return _inside(os.path.abspath(path), os.path.abspath(base)) or str(path)


def _markdown_files(folder: Path) -> list[Path]:
    return _walk(str(folder))[0]


def _walk(folder: str) -> tuple[list[Path], list[Path]]:
    """Return the Markdown pages and the other files under `folder`, in one pass.

    Dot files and folders are skipped, as MkDocs skips them; so is anything that is not a
    regular file (a FIFO, a link to a device), which reading would never finish. scandir's
    entries know their type without a stat call per file.
    """
    pages: list[Path] = []
    others: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return pages, others
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            below = _walk(entry.path)
            pages += below[0]
            others += below[1]
        elif entry.is_file():
            (pages if entry.name.endswith(".md") else others).append(Path(entry.path))
    return pages, others


def find_config(start: Path | None = None) -> Path:
    """Return the nearest mkdocs.yml at or above `start` (default: the current directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    raise WikiNotFound(
        f"no mkdocs.yml found in {here} or above it (nor properdocs.yml): run `sopgen init` to "
        "make a wiki, or run sopgen inside one (or name its config with -f)")


def load_wiki(config_file: Path | None = None) -> Wiki:
    """Find and load the wiki: mkdocs.yml read with MkDocs' own YAML loader, settings validated."""
    config_file = config_file or find_config()
    raw = load_mkdocs_yml(config_file)
    docs_dir = config_file.parent / str(raw.get("docs_dir") or "docs")
    if not docs_dir.is_dir():
        raise ConfigError(f"{config_file.name}: docs_dir {docs_dir} is not a folder")
    options = plugin_options(raw, config_file)
    exclude = raw.get("exclude_docs") or ""
    if not isinstance(exclude, str):
        raise ConfigError(f"{config_file}: exclude_docs must be text: one pattern a line")
    macros = any(name in ("macros", "mkdocs-macros") for name, _ in _plugins(raw))
    return Wiki(config_file, docs_dir, validate_settings(options, config_file),
                str(raw.get("site_name") or ""), exclude, macros)


def load_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """Read mkdocs.yml as MkDocs does (!ENV, INHERIT, !!python/name), without building anything."""
    raw = load_mkdocs_yaml(config_file)
    if not isinstance(raw, dict):
        raise ConfigError(f"{config_file}: must be a mapping of settings")
    return raw


def _plugins(raw: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    """Yield (name, options) for each plugin a raw mkdocs.yml lists, in any of its spellings."""
    plugins = raw.get("plugins") or []
    entries: Iterable[Any] = plugins.items() if isinstance(plugins, dict) else plugins
    for entry in entries:
        if isinstance(entry, tuple):
            yield entry
        elif isinstance(entry, dict) and len(entry) == 1:
            yield next(iter(entry.items()))
        else:
            yield entry, {}


def plugin_options(raw: dict[str, Any], config_file: Path) -> dict[str, Any]:
    """Return the options given to the sopgen plugin in a raw mkdocs.yml (empty if none)."""
    for name, options in _plugins(raw):
        if name == "sopgen":
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise ConfigError(f"{config_file}: the sopgen plugin's settings must be a mapping")
            return options
    return {}


def validate_settings(options: dict[str, Any], config_file: Path) -> Settings:
    """Validate the plugin options with the one settings schema; fail once with every error."""
    return Settings.of(options, str(config_file))
