"""Edit front-matter values in place: only the edited values change, every other byte stays.

ruamel's round-trip loader tells where each value sits (line and column); sopgen replaces that
one token in the file's text, keeping its quoting, the comments around it, key order, line
endings and the body exactly as they were. The result is read back with the page model (PyYAML,
as `sopgen check` and MkDocs read it) to confirm that only the edited values changed, and to
what was meant; then it is written atomically, and only if the file still holds what was read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sopgen.errors import PageError
from sopgen.page import Page, parse_text
from sopgen.writing import FileChanged, atomic_write, yaml_scalar

_PLAIN_END = re.compile(r"[ \t]+#|[ \t]*$")
_ITEM_END = re.compile(r"\s*[,\]]|[ \t]+#|\s*$")
# Only these end a line for ruamel; str.splitlines also splits on \x0b, \x0c, \x1c-\x1e, \x85,
# \u2028 and \u2029, which would put sopgen's line numbers out of step with ruamel's.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True)
class Edit:
    """Set `key` (or item `index` of the list under `key`) to `value`."""

    key: str
    value: str
    index: int | None = None
    insert_after: str | None = None  # where to add the key when the page lacks it
    literal: bool = False  # value is YAML already (a date), not text to quote
    remove: bool = False  # remove item `index` of the list (value is ignored)

    def yaml(self) -> str:
        """Return the value as YAML text."""
        return self.value if self.literal else yaml_scalar(self.value)

    def parsed(self) -> object:
        """Return the value as YAML (and so MkDocs and the checks) will read it back."""
        return yaml.safe_load(self.yaml())


@dataclass(frozen=True)
class Change:
    """One value changed in one file."""

    file: str
    key: str
    old: Any
    new: Any


class FrontMatterDoc:
    """A page's text split into lines, with its front matter loaded by ruamel's round trip."""

    def __init__(self, path: Path, display: str) -> None:
        self.path, self.display = path, display
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise PageError(f"{display}: no such page") from None
        except OSError as exc:
            raise PageError(f"{display}: cannot read it: {exc.strerror}") from None
        self.raw = raw  # compared with the file just before writing: no lost updates
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PageError(f"{display}: not UTF-8 text, not editing it") from None
        self.lines = _LINE.findall(text)
        if not self.lines or self.lines[0].rstrip("\r\n").rstrip(" \t") != "---":
            raise PageError(f"{display}: no front matter to edit (the page must start with ---)")
        self.close = next((i for i, line in enumerate(self.lines[1:], 1)
                           if line.rstrip("\r\n").rstrip(" \t") in ("---", "...")), None)
        if self.close is None:
            raise PageError(f"{display}: the front matter is not closed with ---")
        self.data = self._load()

    def _load(self) -> Any:
        from ruamel.yaml.constructor import DuplicateKeyError
        from ruamel.yaml.error import YAMLError

        try:
            data = _round_trip().load(self._source())
        except DuplicateKeyError:
            self._refuse_duplicates()
            raise PageError(f"{self.display}: the front matter repeats a key: keep one") from None
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 2}" if mark is not None else ""
            raise PageError(f"{self.display}{where}: the front matter is not valid YAML, "
                            "fix it before editing") from None
        except (ValueError, OverflowError):  # numbers or dates Python cannot hold
            raise PageError(f"{self.display}: the front matter is not valid YAML, fix it "
                            "before editing") from None
        if data is None:
            from ruamel.yaml.comments import CommentedMap
            data = CommentedMap()
        if not hasattr(data, "lc") or not isinstance(data, dict):
            raise PageError(f"{self.display}: the front matter is not a mapping of fields")
        if data.fa.flow_style():
            raise PageError(f"{self.display}: the front matter is one {{...}} mapping; sopgen "
                            "edits one key per line: rewrite it as `key: value` lines")
        return data

    def _refuse_duplicates(self) -> None:
        """Raise PageError naming the first key that appears twice in a mapping, and where."""
        from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

        def walk(node: Node) -> None:
            if isinstance(node, SequenceNode):
                for item in node.value:
                    walk(item)
            if not isinstance(node, MappingNode):
                return
            seen: dict[str, int] = {}
            for key, _ in node.value:
                if not isinstance(key, ScalarNode):
                    continue
                line = key.start_mark.line + 2  # the front matter starts on the file's line 2
                if key.value in seen:
                    first = seen[key.value]
                    where = f"on line {line}" if first == line else f"(lines {first} and {line})"
                    raise PageError(f"{self.display}: {key.value} appears twice {where}: keep one")
                seen[key.value] = line
            for _, value in node.value:
                walk(value)

        walk(_round_trip().compose(self._source()))

    def _source(self) -> str:
        """Return the front matter as handed to ruamel: line i of it is file line i + 2."""
        return "".join(_for_ruamel(line) for line in self.lines[1:self.close])

    def _after_value(self, key: str) -> int:
        """Return the index of the line after the last line of `key`'s value."""
        # Only the composed nodes know where a value ends: it may sit on the lines after its
        # key, or run over several, and comments may follow it.
        for key_node, value_node in _round_trip().compose(self._source()).value:
            if key_node.value != key:
                continue
            last = key_node.start_mark.line
            start, end = value_node.start_mark, value_node.end_mark
            if (start.line, start.column) != (end.line, end.column):  # not an empty value
                # A block value ends at the start of the line after it.
                last = max(last, end.line - 1 if end.column == 0 else end.line)
            return last + 2
        return self.close

    def text(self) -> str:
        """Return the page's text as edited so far."""
        return "".join(self.lines)

    def newline(self) -> str:
        """Return the file's line ending (that of its first line): CRLF, CR (old Mac) or LF."""
        return _split_ending(self.lines[0])[1] or "\n"

    def apply(self, edit: Edit) -> Any:
        """Apply one edit to the text; return the old value."""
        if edit.key not in self.data:
            if edit.index is not None:
                raise PageError(f"{self.display}: has no {edit.key} list to edit")
            self._insert(edit)
            return None
        old = self.data[edit.key]
        if edit.remove:
            self._remove_item(edit)
            return old[edit.index]
        if edit.index is not None:
            line, col = self.data[edit.key].lc.item(edit.index)
            old = old[edit.index]
        else:
            line, col = self.data.lc.value(edit.key)
            if old is None or (isinstance(old, str) and old == ""):
                key_line, _ = self.data.lc.key(edit.key)
                self._set_empty(key_line + 1, edit)
                return old
        self._replace_token(line + 1, col, edit)
        return old

    def _set_empty(self, index: int, edit: Edit) -> None:
        line = self.lines[index]
        body, ending = _split_ending(line)
        match = re.match(rf"^(\s*{re.escape(edit.key)}\s*:)([ \t]*)(#.*)?$", body)
        if match is None:
            raise PageError(f"{self.display}:{index + 1}: cannot edit {edit.key} in place")
        comment = f"  {match.group(3)}" if match.group(3) else ""
        self.lines[index] = f"{match.group(1)} {edit.yaml()}{comment}{ending}"

    def _replace_token(self, index: int, col: int, edit: Edit) -> None:
        body, ending = _split_ending(self.lines[index])
        quote = body[col:col + 1]
        if edit.index is not None and quote not in ("'", '"'):
            end = self._token_end(body, col, index + 1, edit.key)
            self.lines[index] = body[:col] + _list_item(edit.value) + body[end:] + ending
            return
        if quote in ("'", '"'):
            end = self._token_end(body, col, index + 1, edit.key)
            new = _quoted(edit.value, quote) if edit.value else ""
            if not new:  # "backup: 'ana'" -> "backup:"
                self.lines[index] = body[:col].rstrip(" \t") + body[end:] + ending
                return
        else:
            if body[col:col + 1] in ("|", ">", "[", "{", "&", "*", "!"):
                raise PageError(f"{self.display}:{index + 1}: {edit.key} is not a plain value; "
                                "edit it by hand")
            match = _PLAIN_END.search(body, col)
            end = match.start() if match else len(body)
            new = edit.yaml()
            if not edit.literal and ("," in new or "]" in new):
                new = _quoted(edit.value, '"')
            if not new:  # "backup: ana" -> "backup:", no trailing space
                self.lines[index] = body[:col].rstrip(" \t") + body[end:] + ending
                return
        self.lines[index] = body[:col] + new + body[end:] + ending

    def _remove_item(self, edit: Edit) -> None:
        seq = self.data[edit.key]
        line, col = seq.lc.item(edit.index)
        body, ending = _split_ending(self.lines[line + 1])
        if not seq.fa.flow_style():  # "  - ana": the item is its own line
            if not re.match(r"^\s*-\s", body) or len(seq) == 1:
                raise PageError(f"{self.display}:{line + 2}: cannot remove the last item of "
                                f"{edit.key} in place; edit it by hand")
            del self.lines[line + 1]
            self.close -= 1
            return
        end = self._token_end(body, col, line + 2, edit.key)
        after = re.match(r"\s*,\s*", body[end:])
        if after:  # "ana, " : drop the item and the comma after it
            new = body[:col] + body[end + after.end():]
        else:  # the last item: drop the comma before it
            before = re.search(r"\s*,\s*$", body[:col])
            if before is None:
                raise PageError(f"{self.display}:{line + 2}: cannot remove the only item of "
                                f"{edit.key}; edit it by hand")
            new = body[:before.start()] + body[end:]
        self.lines[line + 1] = new + ending

    def _token_end(self, body: str, col: int, number: int, key: str) -> int:
        quote = body[col:col + 1]
        if quote in ("'", '"'):
            end = body.find(quote, col + 1)
            while quote == "'" and end != -1 and body[end + 1:end + 2] == "'":
                end = body.find("'", end + 2)  # '' is a quote inside a single-quoted value
            if end == -1:
                raise PageError(f"{self.display}:{number}: {key} spans several lines; put it "
                                "on one line to edit it")
            return end + 1
        match = _ITEM_END.search(body, col)
        return match.start() if match else len(body)

    def _insert(self, edit: Edit) -> None:
        at = self.close
        if edit.insert_after and edit.insert_after in self.data:
            at = self._after_value(edit.insert_after)
        value = edit.yaml()
        self.lines.insert(at, f"{edit.key}:{' ' if value else ''}{value}{self.newline()}")
        self.close += 1


def _for_ruamel(line: str) -> str:
    """Return a line of front matter as ruamel can read it, each character where it was."""
    body = line.rstrip("\r\n").rstrip(" \t")
    # PyYAML (and so `sopgen check` and MkDocs) accepts a tab after a value, inside a plain
    # value or after a colon; ruamel rejects them. A space in its place moves no position, and
    # the result of an edit is checked with PyYAML anyway. Tabs that indent stay: both reject them.
    text = body.lstrip(" \t")
    return body[:len(body) - len(text)] + text.replace("\t", " ") + "\n"


@functools.cache
def _constructor() -> type:
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        """ruamel's round trip, but an impossible date (2026-02-30) stays text, as in the page model."""

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return self.construct_scalar(node)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    return Constructor


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    return yaml


def _list_item(value: str) -> str:
    text = yaml_scalar(value)
    return _quoted(value, '"') if any(c in text for c in ",[]{}#") else text


def _split_ending(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def _quoted(value: str, quote: str) -> str:
    if quote == "'":
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def edit_page(path: Path, display: str, edits: list[Edit], write: bool = True,
              planned_on: dict[str, Any] | None = None) -> list[Change]:
    """Apply edits to one page's front matter; write it (atomically) unless `write` is false.

    `planned_on` is the front matter the edits were planned from: if the page now says anything
    else (another program wrote it since), nothing is written.
    """
    doc = FrontMatterDoc(path, display)
    before = _read_back(path, display, doc.text())
    if before.error:
        where = f":{before.error_line}" if before.error_line else ""
        raise PageError(f"{display}{where}: {before.error}; fix it before editing")
    if planned_on is not None and before.meta != planned_on:
        raise _changed(display)
    changes: list[Change] = []
    # Removals go last, highest index first, so earlier positions stay valid.
    ordered = [e for e in edits if not e.remove] + sorted(
        (e for e in edits if e.remove), key=lambda e: -(e.index or 0))
    for edit in ordered:
        old = doc.apply(edit)
        doc.data = doc._load()  # positions move when a line is inserted or removed
        name = edit.key if edit.index is None else f"{edit.key}[{edit.index}]"
        changes.append(Change(display, name, old, None if edit.remove else edit.value))
    text = doc.text()
    after = _read_back(path, display, text)
    if after.error:
        raise PageError(f"{display}: editing would break the front matter ({after.error}); "
                        "nothing was written")
    # ruamel found the tokens; the page model (PyYAML, as MkDocs and `sopgen check` read it)
    # must agree that only the edited values changed, and to what was meant.
    intended = _intended(before.meta, ordered, after.meta)
    if after.body != before.body or intended is None or after.meta != intended:
        keys = list(dict.fromkeys(edit.key for edit in ordered))
        named = ", ".join(keys[:-1]) + " and " + keys[-1] if len(keys) > 1 else keys[0]
        raise PageError(f"{display}: the edit would change more than {named}; nothing was "
                        "written; edit it by hand")
    if write:
        try:  # no newline translation; refused if anyone wrote the file since it was read
            atomic_write(path, ("\ufeff" if doc.bom else "") + text, expected=doc.raw)
        except FileChanged:
            raise _changed(display) from None
    return changes


def _changed(display: str) -> PageError:
    return PageError(f"{display} changed while sopgen was editing it; nothing was written, "
                     "run the command again")


def _read_back(path: Path, display: str, text: str) -> Page:
    page = Page(path=path, src=path.name, file=display)
    parse_text(page, text)
    return page


def _intended(meta: dict[str, Any], edits: list[Edit],
              after: dict[str, Any]) -> dict[str, Any] | None:
    """Return `meta` with the edited values set to what the edits mean, everything else as is."""
    want = dict(meta)
    for edit in edits:
        if edit.index is not None:
            items = want.get(edit.key)
            if not isinstance(items, list) or not 0 <= edit.index < len(items):
                return None  # not the list the edit was planned on
            items = list(items)
            if edit.remove:
                del items[edit.index]
            else:
                items[edit.index] = edit.value
            want[edit.key] = items
        elif edit.literal:
            value = yaml.safe_load(edit.value)
            # A quoted date keeps its quotes, so it reads back as the same date in text.
            want[edit.key] = edit.value if after.get(edit.key) == edit.value else value
        elif edit.value == "":
            want[edit.key] = None
            if edit.key not in after:  # no value and no key say the same
                del want[edit.key]
        else:
            want[edit.key] = edit.value
    return want


def add_front_matter(path: Path, shown: str, edits: list[Edit], write: bool = True) -> list[Change]:
    """Put a front matter before a page that has none, keeping every byte of the page after it."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if re.match(r"[^\n]*\r\n", text) else "\n"
    lines = [f"{edit.key}: {edit.yaml()}" for edit in edits]
    front = newline.join(["---", *lines, "---", ""])
    # MkDocs reads front matter only at the very top: a page starting with blank lines keeps
    # them after it, as its own text.
    check = Page(path=path, src=path.name, file=shown)
    parse_text(check, front + text)
    want = {edit.key: edit.parsed() for edit in edits}
    if check.error or check.meta != want or check.body != text.replace("\r\n", "\n"):
        raise PageError(f"{shown}: a front matter cannot be added without changing the page; "
                        "nothing was written; add it by hand")
    if write:
        atomic_write(path, ("\ufeff" if bom else "") + front + text, expected=raw)
    return [Change(shown, edit.key, None, edit.value) for edit in edits]
