"""`sopgen client add`: declare a client in mkdocs.yml and give it a folder with its `.meta.yml`.

mkdocs.yml is edited through ruamel's round trip, so its comments, order and quoting survive;
the result is read back with MkDocs' own loader and must differ from before by the new client
only, or nothing is written.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from sopgen.config import ALL_CLIENTS, Settings
from sopgen.errors import ConfigError, FileExists, UsageError
from sopgen.folders import META_FILE
from sopgen.slug import slugify
from sopgen.wiki import Wiki, load_mkdocs_yml, plugin_options
from sopgen.writing import atomic_write, yaml_scalar

META_TEXT = """\
# Folder defaults (sopgen and Material's meta plugin): every page beneath this folder gets
# these front-matter keys unless it sets them itself. Add owner, backup, review_every or tags.
client: {slug}
"""

INDEX_TEXT = """\
---
kind: page
title: {title}
---

# {heading}

The procedures and accounts of {heading}. Every account here must be registered to
{legal} and have an admin among the client's own people.

New pages for this client: `sopgen new TEMPLATE --client {slug}`.
"""


def add_client(wiki: Wiki, slug: str, name: str, legal_name: str | None = None) -> list[Path]:
    """Declare a client in mkdocs.yml and write its folder; return the files written."""
    slug = slug.strip()
    name = " ".join(name.split())
    legal = " ".join((legal_name or "").split()) or name
    if not slug or slugify(slug) != slug or slug == ALL_CLIENTS:
        hint = slugify(slug) if slugify(slug) and slugify(slug) != ALL_CLIENTS else "bakery"
        raise UsageError(f"{slug!r}: a client's slug is lowercase letters, digits and hyphens, "
                         f"and not `all` (e.g. {hint})")
    if not name:
        raise UsageError("--name must not be empty")
    if slug in wiki.settings.clients:
        raise FileExists(f"client {slug} is already declared in {wiki.config_file.name}; "
                         "nothing was written")
    folder = wiki.docs_dir / slug
    written = [folder / META_FILE, folder / "index.md"]
    clashes = [str(p) for p in written if p.exists()]
    if clashes:
        raise FileExists(f"would overwrite {', '.join(clashes)}: nothing was written")
    entry = {"name": name, "legal_name": legal}
    Settings.of({"clients": {slug: entry}})  # the values are valid before anything is written
    text = _with_client(wiki.config_file, slug, entry)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(written[0], META_TEXT.format(slug=slug))
    heading = name.replace("<", "&lt;")
    atomic_write(written[1], INDEX_TEXT.format(title=yaml_scalar(name), heading=heading,
                                               legal=legal.replace("<", "&lt;"), slug=slug))
    atomic_write(wiki.config_file, text)
    return [wiki.config_file, *written]


def _with_client(config_file: Path, slug: str, entry: dict[str, str]) -> str:
    """Return mkdocs.yml's text with the client added under the sopgen plugin's `clients:`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    original = config_file.read_text(encoding="utf-8-sig")
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the user wrote
    yaml.indent(**_indentation(original))  # as the file is written, so no other line moves
    try:
        data = yaml.load(original)
    except YAMLError as exc:
        raise ConfigError(f"{config_file}: cannot edit it: {str(exc).splitlines()[0]}") from None
    options = _sopgen_options(data, config_file)
    clients = options.get("clients")
    if clients is None:
        clients = options["clients"] = CommentedMap()
    elif not isinstance(clients, dict):
        raise ConfigError(f"{config_file}: sopgen.clients must be a mapping")
    if hasattr(clients, "fa"):
        clients.fa.set_block_style()
    value = CommentedMap(entry)
    value.fa.set_flow_style()
    clients[slug] = value
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    _verify(config_file, text, slug, entry)
    return text


def _indentation(text: str) -> dict[str, int]:
    """Return the mapping indent and the list dash offset mkdocs.yml is written with."""
    mapping, offset = 0, None
    previous: tuple[int, str] | None = None
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if previous is not None and previous[1].endswith(":"):
            if stripped.startswith("- ") and offset is None:
                offset = indent - previous[0]
            elif not stripped.startswith("- ") and indent > previous[0] and not mapping:
                mapping = indent - previous[0]
        previous = (indent, stripped.split(" #")[0].rstrip())
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    return {"mapping": mapping, "sequence": offset + 2, "offset": offset}


def _sopgen_options(data: Any, config_file: Path) -> Any:
    from ruamel.yaml.comments import CommentedMap

    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        if plugins.get("sopgen") is None:
            plugins["sopgen"] = CommentedMap()
        return plugins["sopgen"]
    if isinstance(plugins, list):
        for index, item in enumerate(plugins):
            if item == "sopgen":
                plugins[index] = CommentedMap({"sopgen": CommentedMap()})
                return plugins[index]["sopgen"]
            if isinstance(item, dict) and "sopgen" in item:
                if item["sopgen"] is None:
                    item["sopgen"] = CommentedMap()
                if not isinstance(item["sopgen"], dict):
                    break
                return item["sopgen"]
    raise ConfigError(f"{config_file}: no `- sopgen:` plugin entry with settings to add the "
                      "client to: add the sopgen plugin under `plugins:` first")


def _verify(config_file: Path, after: str, slug: str,
            entry: dict[str, str]) -> None:
    """Fail unless `after` reads as `before` plus the one client (MkDocs' loader, both sides)."""
    staged = config_file.with_name(f".{config_file.name}.sopgen-check")
    try:
        staged.write_text(after, encoding="utf-8")
        new = load_mkdocs_yml(staged)
    finally:
        staged.unlink(missing_ok=True)
    old = load_mkdocs_yml(config_file)
    new_options = plugin_options(new, config_file)
    old_options = plugin_options(old, config_file)
    added = dict(new_options.get("clients") or {})
    if added.pop(slug, None) != entry or added != dict(old_options.get("clients") or {}):
        raise ConfigError(f"{config_file}: sopgen could not add the client without changing "
                          "anything else; add it by hand under `clients:`")
    rest = {k: v for k, v in new_options.items() if k != "clients"}
    if rest != {k: v for k, v in old_options.items() if k != "clients"} or (
            {k: v for k, v in new.items() if k != "plugins"}
            != {k: v for k, v in old.items() if k != "plugins"}):
        raise ConfigError(f"{config_file}: sopgen could not add the client without changing "
                          "anything else; add it by hand under `clients:`")
