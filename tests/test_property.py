"""Whatever a page holds, the checker only ever returns findings: it never raises."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopgen.checks import run_checks
from sopgen.config import Settings
from sopgen.page import FIELDS, Page, parse_text, read_page

SETTINGS = Settings.of(business="Acme", team={"ana": {"name": "Ana", "external": True}})
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.dates().map(str), st.dates())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
keys = st.one_of(st.sampled_from(sorted(FIELDS)), st.text(string.ascii_letters, min_size=1,
                                                          max_size=8))


def check(page: Page) -> None:
    result = run_checks([page], SETTINGS, dt.date(2026, 11, 23))
    for finding in result.findings:
        assert finding.rule and finding.severity in ("error", "warning") and finding.message
    for state in result.states:
        assert state.status in ("fresh", "due", "stale", "draft", "retired", "invalid")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values, max_size=8), st.text(max_size=200))
def test_random_front_matter_only_gives_findings(meta: dict, body: str) -> None:
    try:
        front = yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        return
    page = Page(path=Path("p.md"), src="p.md", file="p.md")
    parse_text(page, f"---\n{front}---\n{body}")
    check(page)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_random_text_only_gives_findings(text: str) -> None:
    page = Page(path=Path("p.md"), src="p.md", file="p.md")
    parse_text(page, text)
    check(page)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_random_bytes_only_give_findings(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(b"---\n" + data)
    check(read_page(path, "p.md", "p.md"))
    path.write_bytes(data)
    check(read_page(path, "p.md", "p.md"))
