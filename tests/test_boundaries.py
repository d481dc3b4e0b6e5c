"""Boundaries the suite once let slip: each test fails on a plausible wrong version of the code.

Dates' wording at 0 and +-1 day, the due band on the deadline itself, calendar folding and
escaping, and a few rules at their edges.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopgen.durations import band, parse_duration, until, when
from sopgen.formats.ics import escape, fold
from sopgen.slug import slugify
from sopgen.writing import atomic_write
from tests.conftest import Sopgen, set_team
from tests.test_accounts import account, findings

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(("offset", "said"), [
    (0, "today"), (1, "tomorrow"), (-1, "yesterday"), (2, "in 2 days"), (-2, "2 days ago")])
def test_when_a_day_is(offset: int, said: str) -> None:
    assert when(TODAY + dt.timedelta(days=offset), TODAY) == said


@pytest.mark.parametrize(("offset", "said"), [
    (0, "today"), (1, "tomorrow"), (3, "in 3 days"), (-1, "1 day overdue"),
    (-3, "3 days overdue")])
def test_how_a_deadline_stands(offset: int, said: str) -> None:
    assert until(TODAY + dt.timedelta(days=offset), TODAY) == said


@pytest.mark.parametrize(("offset", "expected"), [
    (-1, "past"), (0, "due"), (14, "due"), (15, "ahead")])
def test_the_due_band_includes_the_deadline_itself(offset: int, expected: str) -> None:
    assert band(TODAY + dt.timedelta(days=offset), TODAY, parse_duration("14d")) == expected


def test_an_account_renewing_today_is_a_warning_not_an_error(wiki: Sopgen) -> None:
    wiki.page("procedures/accounts/domain.md", account(extra="renews: 2026-11-23\n"))
    assert findings(wiki) == [(9, "renewal-due", "warning",
                               "renews on 2026-11-23 (today): check the payment card and that "
                               "it renews in the business's name")]


def test_a_renewal_passed_yesterday(wiki: Sopgen) -> None:
    wiki.page("procedures/accounts/domain.md", account(extra="renews: 2026-11-22\n"))
    assert findings(wiki) == [(9, "renewal-due", "error",
                               "renewal date 2026-11-22 passed yesterday: confirm it renewed, "
                               "then set the next `renews:` date")]


def test_a_page_due_today_and_one_a_day_overdue(wiki: Sopgen) -> None:
    wiki.page("procedures/a.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-08-25\n"
              "review_every: 90d\n---\n\n1. Step.\n")
    wiki.page("procedures/b.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-08-26\n"
              "review_every: 90d\n---\n\n1. Step.\n")
    result = json.loads(wiki("check", "--format", "json", "--today", "2026-11-24").output)
    messages = {f["path"]: f["message"] for f in result["findings"]}
    assert messages["procedures/a.md"].startswith("stale since 2026-11-23 (1 day overdue)")
    assert messages["procedures/b.md"].startswith("due for review on 2026-11-24 (today): ")


def test_single_admin_counts_people_not_entries(wiki: Sopgen) -> None:
    wiki.page("procedures/accounts/domain.md", account(admins="[maria, maria]"))
    assert findings(wiki) == [(7, "single-admin", "warning",
                               "only maria can get into this account: add a second admin")]


def test_calendar_lines_fold_at_75_octets_then_74_after_the_leading_space() -> None:
    line = "SUMMARY:" + "é" * 100  # two octets each: a character is never split
    folded = fold(line).split("\r\n")
    assert [len(part.encode()) for part in folded] == [74, 75, 61]
    assert all(part.startswith(" ") for part in folded[1:])
    assert "".join(part.removeprefix(" ") for part in folded) == line
    mixed = "SUMMARY:" + "é" * 34 + "x" + "é" * 60  # a continuation could reach 76 octets
    assert [len(part.encode()) for part in fold(mixed).split("\r\n")] == [74, 74, 51]
    ascii_line = "DESCRIPTION:" + "x" * 200
    assert [len(p) for p in fold(ascii_line).split("\r\n")] == [75, 75, 64]


def test_calendar_text_escapes_semicolons_commas_backslashes_and_breaks() -> None:
    assert escape("a;b,c\\d\ne\rf\r\ng\x07") == "a\\;b\\,c\\\\d\\ne\\nf\\ng"


def test_placeholders_inside_inline_code_and_fences_are_not_flagged(wiki: Sopgen) -> None:
    wiki.page("procedures/p.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              "---\n\n1. Search the inbox for `TODO` labels.\n\n```\n{{ name }}\n```\n")
    result = wiki("check", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output


def test_dot_folders_inside_docs_are_not_read(wiki: Sopgen) -> None:
    wiki.page("procedures/.drafts/p.md", "no front matter at all\n")
    result = wiki("check", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output


def test_a_wiki_configured_in_mkdocs_yaml_is_found(wiki: Sopgen) -> None:
    (wiki.root / "mkdocs.yml").rename(wiki.root / "mkdocs.yaml")
    result = wiki("check", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output


def test_slugs_stop_at_80_characters_on_a_word_boundary_dash() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-")
    assert slug == "-".join(["word"] * 16)


def test_atomic_writes_keep_the_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("old\n")
    os.chmod(path, 0o640)
    atomic_write(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == "new\n"


def test_handover_lists_pages_without_a_backup_first(wiki: Sopgen) -> None:
    wiki.page("procedures/a.md", "---\ntitle: Alpha\nowner: ana\nbackup: maria\n"
              "last_verified: 2026-11-01\n---\n\n1. Step.\n")
    wiki.page("procedures/b.md", "---\ntitle: Beta\nowner: ana\n"
              "last_verified: 2026-11-10\n---\n\n1. Step.\n")
    document = json.loads(wiki("handover", "ana", "--format", "json", "--today",
                               "2026-11-23").output)
    assert [p["title"] for p in document["owns"]] == ["Beta", "Alpha"]


def test_person_pages_say_who_is_external(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    set_team(wiki.root)
    wiki.page("procedures/p.md", "---\ntitle: P\nowner: ana\nbackup: maria\n"
              "last_verified: 2026-11-01\n---\n\n1. Step.\n")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert wiki("build", "--site-dir", "site").exit_code == 0
    ana = (wiki.root / "site" / "review" / "people" / "ana" / "index.html").read_text()
    maria = (wiki.root / "site" / "review" / "people" / "maria" / "index.html").read_text()
    assert "external to the business" in ana
    assert "external to the business" not in maria


def test_slugs_fold_every_letter_to_ascii() -> None:
    assert slugify("Straße") == "strasse"
    assert slugify("Łódź") == "lodz"
    assert slugify("Café crème: the menu!") == "cafe-creme-the-menu"
    assert slugify("deploy_the_site") == "deploy-the-site"
    assert slugify("Tom &amp; Jerry") == "tom-jerry"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=120),
       st.sampled_from([10, 80]))
def test_ascii_slugs_are_python_slugify_s(text: str, limit: int) -> None:
    from slugify import slugify as reference

    assert slugify(text, limit) == reference(text, max_length=limit, word_boundary=True,
                                             save_order=True)
