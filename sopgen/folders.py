"""Folder defaults: a `.meta.yml` in a docs folder gives default front matter to every page beneath.

Material's meta plugin convention: the nearest folder's value wins, and a page's own key wins
over all of them. The defaults are merged into a page's meta before its fields are typed, so
every field (client, owner, backup, review_every, tags, ...) works through them. Each
`.meta.yml` is read once per run; a broken one is a `front-matter` finding naming its line, and
gives nothing to the pages beneath.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sopgen.page import _duplicate, _first_alias, _kind_of, _Loader, yaml_problem
from sopgen.results import RULES, Finding
from sopgen.secrets import SecretHit, find_secrets, mask_values, secret_message

META_FILE = ".meta.yml"


@dataclass(frozen=True)
class Inherited:
    """The defaults a page inherits: each key's value and the `.meta.yml` (docs path) it came from."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.values)

    def sources_for(self, own: dict[str, Any]) -> dict[str, str]:
        """Return the keys (with their `.meta.yml`) a page whose front matter is `own` takes.

        Its own keys win; and a page that names a client other than its folder's takes nothing
        from that folder's defaults: they are the other client's (its owner, tags, description)
        and would reach this client's site.
        """
        keys = {key: src for key, src in self.sources.items() if key not in own}
        if "client" in own and "client" in self.sources and own["client"] != self.values["client"]:
            where = posixpath.dirname(self.sources["client"])
            keys = {key: src for key, src in keys.items()
                    if not _beneath(posixpath.dirname(src), where)}
        return keys


@dataclass
class MetaFile:
    """One `.meta.yml`: its keys, or the problem reading it."""

    path: str  # absolute
    src: str  # inside the docs folder, forward slashes
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    line: int | None = None
    hits: list[SecretHit] = field(default_factory=list, repr=False)  # secrets written in it


_NOTHING = Inherited()


class FolderDefaults:
    """The `.meta.yml` files of one docs folder, each read once, and what each page inherits."""

    def __init__(self, docs_dir: Path | str) -> None:
        self.docs = os.path.abspath(docs_dir)
        self.files: dict[str, MetaFile] = {}  # absolute folder -> its .meta.yml, if it has one
        self._folders: dict[str, Inherited] = {}  # absolute folder -> what its pages inherit
        self._looked: set[str] = set()
        self._written: dict[str, Inherited] = {}  # a folder as pages' paths write it -> the same

    def for_page(self, path: Path | str) -> Inherited:
        """Return what a page at `path` inherits (nothing outside the docs folder)."""
        # By its folder as written first: thousands of pages share a few folders, and making
        # each path absolute cost more than the rest of this.
        return self._of_written(os.path.dirname(os.fspath(path)))

    def _of_written(self, written: str) -> Inherited:
        known = self._written.get(written)
        if known is None:  # abspath("") is the current folder, as for a page named "p.md"
            known = self._written[written] = self._of_folder(os.path.abspath(written))
        return known

    def _of_folder(self, folder: str) -> Inherited:
        known = self._folders.get(folder)
        if known is not None:
            return known
        if folder != self.docs and not folder.startswith(self.docs + os.sep):
            return _NOTHING
        parent = _NOTHING if folder == self.docs else self._of_folder(os.path.dirname(folder))
        own = self._read(folder)
        if own is None or not own.values:
            inherited = parent
        else:
            inherited = Inherited({**parent.values, **own.values},
                                  {**parent.sources, **dict.fromkeys(own.values, own.src)})
        self._folders[folder] = inherited
        return inherited

    def _read(self, folder: str) -> MetaFile | None:
        if folder in self._looked:
            return self.files.get(folder)
        self._looked.add(folder)
        path = os.path.join(folder, META_FILE)
        try:
            with open(path, "rb", buffering=0) as fd:
                raw = fd.read()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            meta = self.files[folder] = self._meta(path)
            meta.error, meta.line = f"cannot read the file: {exc.strerror or exc}", None
            return meta
        meta = self.files[folder] = self._meta(path)
        _parse(meta, raw)
        return meta

    def _meta(self, path: str) -> MetaFile:
        src = os.path.relpath(path, self.docs).replace(os.sep, "/")
        return MetaFile(path, src)

    def preload(self, paths: list[Path] | list[str]) -> None:
        """Read every `.meta.yml` the pages at `paths` inherit from (before forking workers)."""
        for written in {os.path.dirname(os.fspath(p)) for p in paths}:
            self._of_written(written)

    def findings(self, display: Any = str) -> list[Finding]:
        """Return a finding per broken `.meta.yml` and per secret written in one.

        `display(path)` names the file as reports do.
        """
        found: list[Finding] = []
        for meta in sorted(self.files.values(), key=lambda m: m.src):
            file = display(Path(meta.path))
            if meta.error:
                found.append(Finding(file, meta.line, "front-matter", RULES["front-matter"][0],
                                     f"{meta.error} (folder defaults: nothing applied from it)",
                                     meta.src))
            for line, message in _secret_lines(meta):
                found.append(Finding(file, line, "secret", RULES["secret"][0], message, meta.src))
        return found


def _beneath(folder: str, top: str) -> bool:
    return not top or folder == top or folder.startswith(top + "/")


def _parse(meta: MetaFile, raw: bytes) -> None:
    if b"\x00" in raw:
        meta.error = "the file is binary, not YAML"
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        meta.error, meta.line = "the file is not UTF-8 text", raw[: exc.start].count(b"\n") + 1
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        reason, line = yaml_problem(exc)
        meta.error = f"not valid YAML: {reason}"
        meta.line = line + 1 if line is not None else 1
        return
    except (ValueError, OverflowError) as exc:
        meta.error, meta.line = f"not valid YAML: {exc}", 1
        return
    if data is None:
        return  # an empty file gives nothing, as an empty front matter does
    if not isinstance(data, dict):
        meta.error, meta.line = f"must be a mapping of fields, not a {_kind_of(data)}", 1
        return
    if "*" in text:
        alias = _first_alias(text)
        if alias is not None:
            meta.error = f"uses a YAML alias (*{alias[0]}): write the value out instead"
            meta.line = alias[1] - 1  # _first_alias counts from a front matter's second line
            return
    twice = _duplicate(text)
    if twice is not None:
        name, first, second = twice
        meta.error = (f"{name} appears twice (lines {first - 1} and {second - 1}): keep one, "
                      "YAML would silently use the last")
        meta.line = second - 1
        return
    meta.hits = list(find_secrets(text))
    if meta.hits:  # masked before any page inherits them, so no output can repeat them
        secrets = [hit.value for hit in meta.hits]
        data = {key: mask_values(value, secrets) for key, value in data.items()}
    meta.values = {str(key): value for key, value in data.items()}


def _secret_lines(meta: MetaFile) -> list[tuple[int | None, str]]:

    return [(hit.line, secret_message(hit)) for hit in meta.hits]
