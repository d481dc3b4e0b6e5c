"""`sopgen verify`: only last_verified and verified_by change; every other byte stays."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest

from tests.conftest import Sopgen, set_team

TODAY = dt.date.today().isoformat()

PAGE = (
    "---\n"
    "# Keep this comment\n"
    "title: 'Send: the newsletter'   # quoted on purpose\n"
    "owner: ana\n"
    "backup:    ben\n"
    "last_verified: 2026-01-02  # when Ana last sent it\n"
    "verified_by: \"ana\"\n"
    "tags: [email,   marketing]\n"
    "uses:\n"
    "  - mailchimp\n"
    "---\n"
    "\n"
    "1. Step   with  odd   spacing\t\n"
)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_verify_changes_exactly_the_two_values(wiki: Sopgen) -> None:
    path = wiki.page("procedures/p.md", PAGE)
    result = wiki("verify", "procedures/p.md", "--by", "maria", "--date", "2026-11-20")
    assert result.exit_code == 0
    assert result.output == ("Verified procedures/p.md: last_verified 2026-01-02 -> 2026-11-20, "
                             "verified_by ana -> maria\n")
    assert changed_lines(PAGE, path.read_text()) == [
        "-last_verified: 2026-01-02  # when Ana last sent it",
        '-verified_by: "ana"',
        "+last_verified: 2026-11-20  # when Ana last sent it",
        '+verified_by: "maria"',
    ]


def test_verify_defaults_to_today_and_keeps_quoting_of_dates(wiki: Sopgen) -> None:
    path = wiki.page("procedures/p.md", "---\nowner: ana\nlast_verified: '2026-01-02'\n---\n")
    assert wiki("verify", "procedures/p.md", "--by", "ana").exit_code == 0
    assert path.read_text() == (f"---\nowner: ana\nlast_verified: '{TODAY}'\nverified_by: ana\n"
                                "---\n")


def test_verify_adds_missing_fields_after_last_verified(wiki: Sopgen) -> None:
    path = wiki.page("procedures/p.md", "---\ntitle: T\nlast_verified: 2026-01-02\nowner: a\n"
                     "---\nbody\n")
    wiki("verify", "procedures/p.md", "--by", "ben", "--date", "2026-11-20")
    assert path.read_text() == ("---\ntitle: T\nlast_verified: 2026-11-20\nverified_by: ben\n"
                                "owner: a\n---\nbody\n")
    path = wiki.page("procedures/q.md", "---\ntitle: T\n---\n")
    wiki("verify", "procedures/q.md", "--by", "ben", "--date", "2026-11-20")
    assert path.read_text() == "---\ntitle: T\nlast_verified: 2026-11-20\nverified_by: ben\n---\n"


def test_verify_fills_an_empty_value(wiki: Sopgen) -> None:
    path = wiki.page("procedures/p.md", "---\nlast_verified:   # fill me\nverified_by:\n---\n")
    wiki("verify", "procedures/p.md", "--by", "ben", "--date", "2026-11-20")
    assert path.read_text() == ("---\nlast_verified: 2026-11-20  # fill me\n"
                                "verified_by: ben\n---\n")


def test_verify_keeps_crlf_and_bom(wiki: Sopgen) -> None:
    path = wiki.root / "procedures/p.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\nowner: a\r\nlast_verified: 2026-01-02\r\n---\r\nx\r\n")
    wiki("verify", "procedures/p.md", "--date", "2026-11-20", "--by", "a")
    assert path.read_bytes() == (b"\xef\xbb\xbf---\r\nowner: a\r\nlast_verified: 2026-11-20\r\n"
                                 b"verified_by: a\r\n---\r\nx\r\n")


def test_stale_page_fails_ci_until_verified(wiki: Sopgen) -> None:
    before = ("---\ntitle: Send the newsletter\nowner: ana\nbackup: ben\n"
              "last_verified: 2025-01-10\nverified_by: ana\nreview_every: 90d\n---\n1. Send.\n")
    path = wiki.page("procedures/newsletter.md", before)
    result = wiki("check", "--format", "github")
    assert result.exit_code == 1
    assert ("::error file=procedures/newsletter.md,line=5,title=stale::stale since 2025-04-10"
            in result.output)
    assert "ana must follow the steps" in result.output
    assert wiki("verify", "procedures/newsletter.md", "--by", "ben").exit_code == 0
    assert changed_lines(before, path.read_text()) == [
        "-last_verified: 2025-01-10", "-verified_by: ana",
        f"+last_verified: {TODAY}", "+verified_by: ben"]
    assert wiki("check").exit_code == 0


def test_verify_several_pages(wiki: Sopgen) -> None:
    wiki.page("procedures/a.md", "---\nlast_verified: 2026-01-01\n---\n")
    wiki.page("procedures/b.md", "---\nlast_verified: 2026-01-01\n---\n")
    result = wiki("verify", "procedures/a.md", "procedures/b.md", "--date", "2026-11-01",
                  "--by", "li")
    assert result.output.splitlines() == [
        "Verified procedures/a.md: last_verified 2026-01-01 -> 2026-11-01, "
        "verified_by (none) -> li",
        "Verified procedures/b.md: last_verified 2026-01-01 -> 2026-11-01, "
        "verified_by (none) -> li"]


@pytest.mark.parametrize(("args", "message"), [
    (("procedures/nope.md",), "Error: procedures/nope.md: no such page\n"),
    (("procedures",), "Error: procedures: is a folder; name the pages to verify\n"),
    (("procedures/ok.md", "--date", "2999-01-01"),
     "Error: --date 2999-01-01 is in the future: verify after following the steps\n"),
    (("procedures/ok.md", "--by", "zoe"),
     "Error: --by zoe: not in the team list of mkdocs.yml (known: ana, ben, maria)\n"),
    (("procedures/ok.md", "procedures/broken.md"),
     "Error: procedures/broken.md:3: the front matter is not valid YAML, fix it before editing\n"),
    (("procedures/ok.md", "procedures/nofm.md"),
     "Error: procedures/nofm.md: no front matter to edit (the page must start with ---)\n"),
    (("procedures/ok.md", "--date", "2026-02-30"), None),
])
def test_verify_bad_input_writes_nothing(wiki: Sopgen, args: tuple[str, ...],
                                         message: str | None) -> None:
    set_team(wiki.root)
    ok = wiki.page("procedures/ok.md", "---\nlast_verified: 2026-01-01\n---\n")
    wiki.page("procedures/broken.md", "---\ntitle: [\n---\n")
    wiki.page("procedures/nofm.md", "# no front matter\n")
    result = wiki("verify", *args, *(() if "--by" in args else ("--by", "ana")))
    assert result.exit_code == 2
    if message:
        assert result.output == message
    else:
        assert "Invalid value for '--date': 2026-02-30 is not a real date" in result.output
    assert ok.read_text() == "---\nlast_verified: 2026-01-01\n---\n"


def test_verify_refuses_a_value_it_cannot_edit_in_place(wiki: Sopgen) -> None:
    path = wiki.page("procedures/p.md", "---\nlast_verified: >\n  2026-01-01\n---\n")
    result = wiki("verify", "procedures/p.md", "--by", "ana")
    assert result.exit_code == 2
    assert "last_verified is not a plain value; edit it by hand" in result.output
    assert path.read_text() == "---\nlast_verified: >\n  2026-01-01\n---\n"


def test_verify_asks_who_on_a_terminal(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    from sopgen.cli import base as cli_base

    monkeypatch.setattr(cli_base, "interactive", lambda: True)
    set_team(wiki.root)
    path = wiki.page("procedures/p.md", "---\nlast_verified: 2026-01-01\nverified_by: ana\n---\n")
    result = wiki("verify", "procedures/p.md", "--date", "2026-11-01", input="zoe\nben\n")
    assert result.exit_code == 0, result.output
    assert "Who followed the steps (verified_by) (ana, ben, maria): " in result.output
    assert path.read_text() == "---\nlast_verified: 2026-11-01\nverified_by: ben\n---\n"


def test_verify_without_by_off_a_terminal_names_the_option(wiki: Sopgen) -> None:
    # Stamping today's date under the previous verifier's name would credit the wrong person.
    before = "---\nowner: ana\nlast_verified: 2026-01-01\nverified_by: ana\n---\n"
    path = wiki.page("procedures/p.md", before)
    result = wiki("verify", "procedures/p.md")
    assert result.exit_code == 2
    assert result.output == ("Error: missing --by: name who followed the steps "
                             "(sopgen verify PAGE --by NAME)\n")
    set_team(wiki.root)
    assert wiki("verify", "procedures/p.md").output.startswith("Error: missing --by")
    assert path.read_text() == before


def test_verify_without_by_takes_the_only_person_on_the_team(wiki: Sopgen) -> None:
    set_team(wiki.root, "{maria: {name: Maria Lopez}}")
    path = wiki.page("procedures/p.md", "---\nowner: maria\nlast_verified: 2026-01-01\n---\n")
    result = wiki("verify", "procedures/p.md", "--date", "2026-11-01")
    assert result.exit_code == 0, result.output
    assert path.read_text() == ("---\nowner: maria\nlast_verified: 2026-11-01\n"
                                "verified_by: maria\n---\n")


def test_verify_asks_who_on_a_terminal_without_a_team(wiki: Sopgen,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from sopgen.cli import base as cli_base

    monkeypatch.setattr(cli_base, "interactive", lambda: True)
    path = wiki.page("procedures/p.md", "---\nlast_verified: 2026-01-01\nverified_by: ana\n---\n")
    result = wiki("verify", "procedures/p.md", "--date", "2026-11-01", input="li\n")
    assert result.exit_code == 0, result.output
    assert "Who followed the steps (verified_by): " in result.output
    assert path.read_text() == "---\nlast_verified: 2026-11-01\nverified_by: li\n---\n"


@pytest.mark.parametrize("key", ["lifecycle", "status"])
def test_the_first_verify_makes_a_draft_active(wiki: Sopgen, key: str) -> None:
    before = (f"---\ntitle: T  # a comment\nowner: ana\nbackup: ben\nreview_every: 90d\n"
              f"{key}: draft   # new\ntags: []\n---\n\n1. Step.\n")
    path = wiki.page("procedures/t.md", before)
    result = wiki("verify", "procedures/t.md", "--by", "ben", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert result.output == ("Verified procedures/t.md: last_verified (none) -> 2026-11-20, "
                             f"verified_by (none) -> ben, {key} draft -> active\n")
    assert path.read_text() == (f"---\ntitle: T  # a comment\nowner: ana\nbackup: ben\n"
                                "last_verified: 2026-11-20\nverified_by: ben\n"
                                f"review_every: 90d\n{key}: active   # new\ntags: []\n---\n\n"
                                "1. Step.\n")
    # Verified again: only the date and the person change; an active page stays as it is.
    again = wiki("verify", "procedures/t.md", "--by", "ana", "--date", "2026-11-21")
    assert again.output == ("Verified procedures/t.md: last_verified 2026-11-20 -> 2026-11-21, "
                            "verified_by ben -> ana\n")


def test_verify_leaves_materials_status_alone_when_lifecycle_is_set(wiki: Sopgen) -> None:
    # Both set: lifecycle is sopgen's, `status: draft` is then a Material page status.
    path = wiki.page("procedures/t.md", "---\nowner: ana\nlifecycle: draft\nstatus: draft\n---\n")
    wiki("verify", "procedures/t.md", "--by", "ana", "--date", "2026-11-20")
    assert path.read_text() == ("---\nowner: ana\nlast_verified: 2026-11-20\nverified_by: ana\n"
                                "lifecycle: active\nstatus: draft\n---\n")


def test_verify_gives_a_page_without_front_matter_one(wiki) -> None:
    """A page adopted through its folder's .meta.yml has no front matter: verify writes one,
    every byte of the page kept after it."""
    wiki.page("procedures/old/.meta.yml", "owner: ana\nfirst_review: 2026-12-25\n")
    body = "\ufeff# Close the till\r\n\r\n1. Count it.\r\n"
    path = wiki.root / "procedures/old/close.md"
    path.write_bytes(body.encode("utf-8"))
    result = wiki("verify", "procedures/old/close.md", "--by", "ana", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert result.output == ("Verified procedures/old/close.md: last_verified (none) -> "
                             "2026-11-20, verified_by (none) -> ana\n")
    assert path.read_bytes() == ("\ufeff---\r\nlast_verified: 2026-11-20\r\nverified_by: ana\r\n"
                                 "---\r\n" + body[1:]).encode("utf-8")
    check = wiki("check", "--today", "2026-11-23", "--format", "json", "--fail-on", "never")
    assert "\"status\":\"fresh\"" in check.output
