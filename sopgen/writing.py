"""Writing files safely: atomic replacement, and YAML scalars quoted only when they must be."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from sopgen.errors import SopgenError, UsageError


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


def write_report(path: Path, text: str, protected: Iterable[Path] = (),
                 protected_dirs: Iterable[Path] = ()) -> None:
    """Write a report: in place to a device or FIFO, atomically to a file, never over the wiki.

    `protected` files (the wiki's config) and everything inside `protected_dirs` (the docs
    folder, which the site publishes) are refused: a report must not replace what a user wrote.
    """
    if str(path) in ("", "."):
        raise UsageError("--output needs a file name (or - for standard output)")
    real = os.path.realpath(path)
    for kept in protected:
        if os.path.exists(kept) and os.path.realpath(kept) == real:
            raise UsageError(f"--output {path}: refusing to overwrite {kept.name} with a report")
    for folder in protected_dirs:
        inside = os.path.realpath(folder).rstrip(os.sep) + os.sep
        if real.startswith(inside):
            raise UsageError(f"--output {path}: refusing to write a report inside "
                             f"{folder.name}/, the site would publish it")
    if os.path.exists(real) and not os.path.isfile(real):
        if os.path.isdir(real):
            raise UsageError(f"--output {path}: is a folder")
        # A device or FIFO (/dev/null, /dev/stdout, a pipe): write into it, never replace it.
        with open(real, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    if not os.path.isdir(os.path.dirname(real) or "."):
        raise UsageError(f"--output {path}: the folder {path.parent} does not exist")
    atomic_write(Path(real), text)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Characters that must never reach front matter raw: C0 (incl. tab and line breaks), DEL, C1,
# YAML's other line breaks (U+2028, U+2029) and what YAML cannot carry at all (surrogates,
# U+FFFE, U+FFFF). Any of them would let a value span lines and so inject keys.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def yaml_scalar(value: Any, date: bool = False) -> str:
    """Render a value as one line of YAML (a scalar or a flow collection), quoted only when it must be.

    With `date`, a real YYYY-MM-DD date (a date, or text holding one) is written plain, so YAML
    reads it back as a date; anything else is written as with `date` off.
    """
    if value is None or value == "":
        return ""
    if date:
        iso = _iso_date(value)
        if iso is not None:
            return iso
    if _has_unsafe(value):
        return _double_quoted(value)
    # An infinite width keeps PyYAML from folding a long value onto continuation lines.
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=math.inf)
    # No str.strip(): it would also drop a leading U+00A0, which YAML keeps as content.
    text = text.removesuffix("\n").removesuffix("\n...")
    return _double_quoted(value) if "\n" in text else text


def _iso_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def _has_unsafe(value: Any) -> bool:
    if isinstance(value, str):
        return _UNSAFE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_unsafe(k) or _has_unsafe(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_has_unsafe(item) for item in value)
    return False


def _double_quoted(value: Any) -> str:
    # JSON output is valid YAML (double-quoted strings, flow collections); escape what JSON
    # leaves raw but YAML treats as a line break or refuses.
    text = json.dumps(value, ensure_ascii=False, default=str)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
