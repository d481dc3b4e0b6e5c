"""The page model and durations: front matter read the way MkDocs reads it, fields typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sopgen.durations import Duration, parse_date, parse_duration
from sopgen.page import read_page


def page_from(tmp_path: Path, data: bytes | str, name: str = "p.md"):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return read_page(path, name, name)


@pytest.mark.parametrize(("text", "expected"), [
    ("90d", Duration(90, "d")), ("12w", Duration(12, "w")), ("6m", Duration(6, "m")),
    ("1y", Duration(1, "y")), (" 30d ", Duration(30, "d")),
])
def test_durations(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["90", "0d", "-1d", "1h", "d", "", None, True, [1], 5])
def test_bad_durations(text: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_months_clamp_to_the_month_end() -> None:
    assert Duration(1, "m").after(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert Duration(1, "y").after(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert Duration(14, "d").before(dt.date(2026, 3, 1)) == dt.date(2026, 2, 15)
    assert Duration(2, "w").after(dt.date(2026, 12, 25)) == dt.date(2027, 1, 8)


def test_dates() -> None:
    assert parse_date("2026-11-02") == dt.date(2026, 11, 2)
    assert parse_date(dt.datetime(2026, 11, 2, 9, 30)) == dt.date(2026, 11, 2)
    with pytest.raises(ValueError, match="2026-02-30 is not a real date"):
        parse_date("2026-02-30")
    with pytest.raises(ValueError, match="expected a date as YYYY-MM-DD"):
        parse_date("next week")


def test_a_full_page(tmp_path: Path) -> None:
    page = page_from(tmp_path, "---\ntitle: Send it\nowner: ana\nbackup: ben\n"
                     "last_verified: 2026-11-02\nreview_every: 90d\nstatus: active\n"
                     "tags: [email]\nuses: [mailchimp]\n---\n# Heading\n\n1. Step\n")
    assert page.error is None and page.problems == []
    assert (page.title, page.owner, page.backup) == ("Send it", "ana", "ben")
    assert page.last_verified == dt.date(2026, 11, 2)
    assert page.review_every == Duration(90, "d")
    assert (page.tags, page.uses, page.kind) == (("email",), ("mailchimp",), "procedure")
    assert page.body == "# Heading\n\n1. Step\n" and page.body_line == 11
    assert page.line_of("owner") == 3 and page.line_of("uses") == 9


def test_title_falls_back_to_heading_then_file_name(tmp_path: Path) -> None:
    assert page_from(tmp_path, "---\nowner: a\n---\n# From heading\n").title == "From heading"
    assert page_from(tmp_path, "---\nowner: a\n---\ntext\n", "order-flour.md").title == \
        "Order flour"


def test_crlf_and_bom_are_read_like_mkdocs(tmp_path: Path) -> None:
    page = page_from(tmp_path, b"\xef\xbb\xbf---\r\nowner: ana\r\n---\r\nBody\r\n")
    assert page.error is None and page.owner == "ana" and page.body == "Body\n"


@pytest.mark.parametrize(("data", "error", "line"), [
    ("no front matter\n", "no front matter: the page must start with ---", 1),
    ("", "the page is empty: it needs front matter between --- lines", None),
    ("---\nowner: ana\n", "the front matter is not closed with ---", 1),
    ("---\nowner: [ana\n---\n", "the front matter is not valid YAML: ", 3),
    ("---\n- a\n- b\n---\n", "the front matter must be a mapping of fields, not a list", 2),
    ("---\njust text\n---\n", "the front matter must be a mapping of fields, not a text", 2),
    (b"\x00\x01binary", "the file is binary, not a Markdown page", None),
    (b"---\nowner: \xff\xfe\n---\n", "the file is not UTF-8 text", 2),
])
def test_bad_front_matter_is_recorded_not_raised(tmp_path: Path, data: object, error: str,
                                                 line: int | None) -> None:
    page = page_from(tmp_path, data)
    assert page.error is not None and page.error.startswith(error)
    assert page.error_line == line


def test_wrong_types_are_field_problems(tmp_path: Path) -> None:
    page = page_from(tmp_path, "---\ntitle: {a: 1}\nlifecycle: done\ntags: email\nuses: [[1]]\n"
                     "review_every: soon\nowner: true\n---\n")
    assert [(p.field, p.message, p.line) for p in page.problems] == [
        ("title", "title: must be text, not a mapping", 2),
        ("lifecycle", "lifecycle: must be one of draft, active, retired, not 'done'", 3),
        ("tags", "tags: must be a list like [a, b], not a text", 4),
        ("uses", "uses: must list names, not list values", 5),
        ("review_every", "review_every: expected a duration like 90d, 12w, 6m or 1y, "
                         "got 'soon'", 6),
        ("owner", "owner: must be text, not a true/false value", 7),
    ]


def test_an_impossible_date_stays_a_problem_not_a_crash(tmp_path: Path) -> None:
    page = page_from(tmp_path, "---\nlast_verified: 2026-02-30\n---\n")
    assert page.error is None
    assert page.problems[0].message == "last_verified: 2026-02-30 is not a real date"


def test_unreadable_file(tmp_path: Path) -> None:
    page = read_page(tmp_path / "missing.md", "missing.md")
    assert page.error is not None and page.error.startswith("cannot read the file")


@pytest.mark.parametrize(("front", "lifecycle"), [
    ("", "active"),
    ("lifecycle: draft\n", "draft"),
    ("status: retired\n", "retired"),  # written before `lifecycle:` existed: still read
    ("status: new\n", "active"),  # Material's page status, not a lifecycle
    ("status: deprecated\nlifecycle: retired\n", "retired"),
    ("lifecycle: active\nstatus: draft\n", "active"),  # both: lifecycle wins
    ("status: [a, b]\n", "active"),
])
def test_lifecycle_and_materials_status(tmp_path: Path, front: str, lifecycle: str) -> None:
    page = page_from(tmp_path, f"---\ntitle: T\n{front}---\n")
    assert page.lifecycle == lifecycle
    assert page.problems == []  # any Material status is Material's business, never a problem
