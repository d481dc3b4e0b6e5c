"""Writing files safely: atomic replacement, and YAML scalars quoted only when they must be."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from sopgen.errors import SopgenError


class FileChanged(SopgenError):
    """The file no longer holds what was read: another program wrote it meanwhile."""


def atomic_write(path: Path, text: str, expected: bytes | None = None) -> None:
    """Write text to a temporary file beside `path`, then move it into place in one step.

    A symlink is followed: its target is replaced and the link stays a link. With `expected`,
    the file must still hold exactly those bytes just before the replace, or FileChanged is
    raised and nothing is written.
    """
    # Replacing `path` itself would swap a symlink for a plain file and leave its target stale.
    target = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        # Checked as late as possible: a write by anyone else since the read would be lost.
        if expected is not None and _current(target) != expected:
            raise FileChanged(f"{path} changed while sopgen was writing it; nothing was written")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def yaml_scalar(value: Any) -> str:
    """Render a value as a YAML scalar, quoted only when it must be."""
    if value is None or value == "":
        return ""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()
