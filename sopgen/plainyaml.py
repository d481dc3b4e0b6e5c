"""Front matter of plain `key: value` lines, read without PyYAML's parser: the same values.

Reading YAML is most of the time `sopgen check` spends on a page (~70 us with PyYAML's C
parser, whose events are still built into Python objects one call at a time). Nearly every
front matter is a list of one-line `key: value` and `key: [a, b]` entries; for those, a line
split and PyYAML's own resolver and constructors give exactly what `yaml.load` gives, at a
quarter of the cost. Anything else (quotes, block lists, comments after a value, colons, escapes,
anchors, indented lines, characters YAML treats specially) goes to PyYAML whole.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
# A top-level key, then nothing or one plain scalar or a flow list of plain scalars.
_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*")
# A plain scalar no YAML reader could take for anything else: a safe first character, and none
# of the indicators, quotes, escapes, tabs or line breaks YAML gives a meaning to, anywhere.
_PLAIN = re.compile(r"[A-Za-z0-9_./(][^\t\n\r\"'`#:,\[\]{}|>&*!%@\\\x00-\x08\x0b\x0c\x0e-\x1f"
                    r"\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]*")
_FLOW = re.compile(r"\[(.*)\]")
# What a plain scalar can be that no one can change in place (dates and times are immutable).
_UNCHANGING = frozenset([str, int, float, bool, type(None), dt.date, dt.datetime])
_REMEMBERED = 20_000  # lines


class PlainReader:
    """Reads plain front matter with the resolver and constructors of a PyYAML loader class."""

    def __init__(self, loader: type[yaml.SafeLoader]) -> None:
        self.loader = loader
        self.resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = (
            loader.yaml_implicit_resolvers)
        self._instance: yaml.SafeLoader | None = None
        self._by_first: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self._text_keys: set[str] = set()  # keys known to be text: the same few on every page
        # Lines read before, with their key and value: most lines repeat from page to page
        # ("kind: procedure", "owner: ana"). Values that cannot change only; a list is kept as
        # a tuple and handed out as a new list each time.
        self._lines: dict[str, tuple[str, Any]] = {}

    def load(self, source: str) -> dict[str, Any] | None:
        """Return the mapping `source` holds, or None when it is not plain (read it with PyYAML)."""
        data: dict[str, Any] = {}
        for line in source.split("\n"):
            known = self._lines.get(line)
            if known is not None:
                key, value = known
                if key in data:
                    return None  # a key twice: PyYAML reads it, and the page says which lines
                data[key] = list(value) if isinstance(value, tuple) else value
                continue
            if not line or line.startswith("#"):
                continue  # blank lines and whole-line comments mean nothing
            match = _LINE.fullmatch(line)
            if match is None:
                return None
            key, value = match.groups()
            if key in data:
                return None  # a key twice: PyYAML reads it, and the page says which lines
            if key not in self._text_keys:
                if self._tag(key) != _STR:
                    return None  # `on:`, `yes:`, `null:` are not text keys in YAML 1.1
                self._text_keys.add(key)
            if not value:
                data[key] = None
            elif value[0] == "[":
                items = self._flow(value)
                if items is None:
                    return None
                data[key] = items
            elif _PLAIN.fullmatch(value):
                data[key] = self._scalar(value)
            else:
                return None
            self._remember(line, key, data[key])
        return data

    def _remember(self, line: str, key: str, value: Any) -> None:
        if len(self._lines) >= _REMEMBERED:
            return  # enough for every repeated line of a large wiki; unique ones are not worth more
        if isinstance(value, list):
            if all(type(item) in _UNCHANGING for item in value):
                self._lines[line] = (key, tuple(value))
        elif type(value) in _UNCHANGING:
            self._lines[line] = (key, value)

    def _flow(self, value: str) -> list[Any] | None:
        match = _FLOW.fullmatch(value)
        if match is None:
            return None
        inner = match.group(1).strip(" ")
        if not inner:
            return []
        items = [item.strip(" ") for item in inner.split(",")]
        if not all(_PLAIN.fullmatch(item) for item in items):
            return None  # an empty item, a nested list, a quote: PyYAML decides
        return [self._scalar(item) for item in items]

    def _tag(self, value: str) -> str:
        # PyYAML's BaseResolver.resolve for a plain scalar, restated for a string.
        first = value[:1]
        resolvers = self._by_first.get(first)
        if resolvers is None:
            resolvers = self._by_first[first] = [*self.resolvers.get(first, ()),
                                                 *self.resolvers.get(None, ())]
        for tag, regexp in resolvers:
            if regexp.match(value):
                return tag
        return _STR

    def _scalar(self, value: str) -> Any:
        tag = self._tag(value)
        if tag == _STR:
            return value
        if self._instance is None:
            self._instance = self.loader("")
        # The loader's own constructor (ints, floats, booleans, null, dates as the loader makes
        # them), given the node PyYAML's parser would have made.
        return self.loader.yaml_constructors[tag](self._instance, yaml.ScalarNode(tag, value))
