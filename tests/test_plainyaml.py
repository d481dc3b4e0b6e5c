"""Plain front matter read without PyYAML's parser gives exactly what PyYAML gives, or defers."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sopgen.page import _Loader
from sopgen.plainyaml import PlainReader

READER = PlainReader(_Loader)
# Words YAML 1.1 reads as something other than text, and characters it gives a meaning to.
TRICKY = ["yes", "No", "on", "OFF", "true", "null", "~", "0x1F", "0o17", "017", "1_000", "-5",
          "+3", "1e3", "1.5", ".inf", "-.inf", ".nan", "2026-11-01", "2026-02-30", "2026-11-01T10",
          "2026-1-1", "1:30", "a: b", "a #b", "a#b", "#x", "'q'", '"q"', "[a, [b]]", "{a: 1}",
          "&a x", "*a", "!tag x", "%x", "@x", "`x`", "|", ">", "- x", "? x", "a, b", "x\\ty",
          "Crème brûlée", "a  b", "(1)", "./x", "1/2", "=", "<<", "90d", "ana", ""]
pieces = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))
keys = st.one_of(st.sampled_from(["title", "owner", "on", "yes", "null", "y", "_k", "a-b",
                                  "Key", "1", "k k", "last_verified"]),
                 st.text("abz_-:1 ", min_size=1, max_size=6))
values = st.one_of(pieces, st.lists(pieces, max_size=4).map(lambda items: f"[{', '.join(items)}]"),
                   st.lists(pieces, max_size=3).map(lambda items: f"[{','.join(items)}]"))
lines = st.one_of(st.tuples(keys, values).map(lambda kv: f"{kv[0]}: {kv[1]}"),
                  st.tuples(keys, values).map(lambda kv: f"{kv[0]}:{kv[1]}"),
                  st.sampled_from(["", "# a comment", "  indented: x", "- item", "key:",
                                   "key:   spaced   ", "\tkey: x", "key: x\t", "---"]))


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=1500, deadline=None)
@given(st.lists(lines, max_size=8))
def test_plain_front_matter_reads_as_pyyaml_reads_it(front: list[str]) -> None:
    source = "".join(f"{line}\n" for line in front)
    got = READER.load(source)
    if got is None:
        return  # not plain: PyYAML reads it
    expected = yaml.load(source, Loader=_Loader)
    assert same(got, expected if expected is not None else {}), source


@pytest.mark.parametrize("source", [
    "title: Send the newsletter\nowner: ana\nlast_verified: 2026-11-01\ntags: [email, news]\n",
    "review_every: 90d\nstatus: active\nuses: []\nbackup:\n",
    "last_verified: 2026-02-30\ncount: 12\nratio: 0.5\nflag: yes\n",
])
def test_the_pages_sopgen_writes_are_read_without_pyyaml(source: str) -> None:
    got = READER.load(source)
    assert got is not None
    assert same(got, yaml.load(source, Loader=_Loader))


@pytest.mark.parametrize("source", [
    "title: 'quoted'\n", "tags:\n  - a\n", "title: a: b\n", "title: x # note\n",
    "on: x\n", "title: long\n  continued\n", "a: &x 1\nb: *x\n", "title: \\x41\n",
])
def test_anything_else_is_left_to_pyyaml(source: str) -> None:
    assert READER.load(source) is None


def test_a_line_read_again_gives_a_value_of_its_own() -> None:
    reader = PlainReader(_Loader)
    first = reader.load("tags: [email, 2026-11-01]\nowner: ana")
    assert first is not None
    first["tags"].append("changed")  # a page's list, changed by whoever holds it
    again = reader.load("owner: ana\ntags: [email, 2026-11-01]")
    assert again == yaml.load("owner: ana\ntags: [email, 2026-11-01]", Loader=_Loader)
    assert again["tags"] is not first["tags"]
    assert reader.load("owner: ana\nowner: ben") is None  # a key twice, from remembered lines
