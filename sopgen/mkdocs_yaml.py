"""Read mkdocs.yml as MkDocs' own loader does (!ENV, INHERIT, !!python/name), without MkDocs.

MkDocs reads it with `mkdocs.utils.yaml`: PyYAML plus pyyaml-env-tag's `!ENV`, an `INHERIT:`
key deep-merged (mergedeep) over the file it names, and Python tags that import modules.
Importing that module imports much of MkDocs (~0.1 s of every `sopgen check`); the same few
rules are restated here. `!!python/...` and `!relative` values become their tag's text: sopgen
reads only its own settings, docs_dir, site_name and exclude_docs, and never runs the code a
Python tag names.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import mergedeep
import yaml
import yaml_env_tag

from sopgen.errors import ConfigError

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """PyYAML's safe loader with the tags a mkdocs.yml may carry."""


def _tag_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else ""
    return f"{node.tag}{' ' + value if value else ''}"


_Loader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_Loader.add_constructor("!relative", lambda loader, node: _tag_text(loader, "", node))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tag_text)


def load_mkdocs_yaml(config_file: Path) -> dict[str, Any]:
    """Return the settings of a mkdocs.yml, with the files it INHERITs merged beneath them."""
    try:
        with open(config_file, "rb") as fd:
            raw = yaml.load(fd, Loader=_Loader)  # a safe loader, with three tags added
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_file}: MkDocs encountered an error parsing the "
                          f"configuration file: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{config_file}: cannot read it: {exc}") from None
    if raw is None:
        return {}
    if isinstance(raw, dict) and "INHERIT" in raw:
        relpath = raw.pop("INHERIT")
        parent = os.path.normpath(os.path.join(os.path.dirname(config_file), str(relpath)))
        if not os.path.exists(parent):
            raise ConfigError(f"{config_file}: Inherited config file '{relpath}' does not exist "
                              f"at '{parent}'.")
        raw = mergedeep.merge(load_mkdocs_yaml(Path(parent)), raw)
    return raw
