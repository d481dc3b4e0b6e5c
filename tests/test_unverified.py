"""The `unverified` rule (adopted pages) and GOV.UK tech-docs field names, through `sopgen check`."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Sopgen, set_team

ADOPTED = """
---
title: Send the newsletter
owner: maria
backup: ana
first_review: 2026-12-01
---
# Send the newsletter

1. Open Mailchimp.
"""


def run_json(wiki: Sopgen, *args: str, today: str = "2026-11-23") -> tuple[int, dict]:
    result = wiki("check", "--format", "json", "--today", today, *args)
    return result.exit_code, json.loads(result.output)


def rules(document: dict) -> list[tuple[int | None, str, str]]:
    return [(f["line"], f["rule"], f["severity"]) for f in document["findings"]]


@pytest.mark.parametrize(("today", "severity", "code"), [
    ("2026-11-23", "warning", 0),
    ("2026-12-01", "warning", 0),
    ("2026-12-02", "error", 1),
])
def test_an_adopted_page_is_one_unverified_finding_until_then_after(
        wiki: Sopgen, today: str, severity: str, code: int) -> None:
    wiki.page("procedures/news.md", ADOPTED)
    exit_code, document = run_json(wiki, today=today)
    assert exit_code == code
    # One finding, never also last-verified-missing.
    assert rules(document) == [(5, "unverified", severity)]
    assert document["pages"][0]["status"] == "unverified"
    assert document["pages"][0]["next_review"] == "2026-12-01"
    assert document["pages"][0]["last_verified"] is None
    assert document["summary"]["unverified"] == 1


def test_the_unverified_message_names_the_deadline_and_what_to_do(wiki: Sopgen) -> None:
    wiki.page("procedures/news.md", ADOPTED)
    result = wiki("check", "--today", "2026-12-03")
    assert ("     5  error    unverified  never verified: its first review was due by 2026-12-01 "
            "(2 days overdue); maria must follow the steps and run `sopgen verify "
            "procedures/news.md --by NAME`\n") in result.output
    result = wiki("check", "--today", "2026-11-28")
    assert ("first review due by 2026-12-01 (in 3 days); maria must") in result.output


def test_report_says_never_verified_with_the_deadline(wiki: Sopgen) -> None:
    wiki.page("procedures/news.md", ADOPTED)
    result = wiki("report", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "Send the newsletter" in line)
    assert "Never verified" in line and "2026-12-01" in line


def test_once_verified_first_review_no_longer_matters(wiki: Sopgen) -> None:
    page = wiki.page("procedures/news.md", ADOPTED)
    assert wiki("verify", str(page), "--by", "maria", "--date", "2026-11-20").exit_code == 0
    code, document = run_json(wiki, today="2027-01-10")
    assert code == 0 and rules(document) == []
    assert document["pages"][0]["status"] == "fresh"


def test_an_impossible_first_review_is_field_invalid_and_last_verified_missing(
        wiki: Sopgen) -> None:
    wiki.page("procedures/news.md", ADOPTED.replace("2026-12-01", "2026-02-30"))
    _, document = run_json(wiki)
    assert rules(document) == [(2, "last-verified-missing", "error"),
                               (5, "field-invalid", "error")]


def test_the_box_says_never_verified_with_the_deadline(wiki: Sopgen) -> None:
    wiki.page("procedures/news.md", ADOPTED)
    result = wiki("build")
    assert result.exit_code == 0, result.output
    html = (wiki.root / "site/news/index.html").read_text(encoding="utf-8")
    assert "Never verified" in html and "2026-12-01" in html
    dashboard = (wiki.root / "site/review/index.html").read_text(encoding="utf-8")
    assert "Never verified (1)" in dashboard


TECH_DOCS = """
---
title: Rotate the on-call
owner_slack: "{owner}"
last_reviewed_on: 2026-10-01
review_in: {review}
---
# Rotate the on-call

1. Open the rota.
"""


@pytest.mark.parametrize(("review", "next_review"), [
    ("6 weeks", "2026-11-12"), ("3 months", "2027-01-01"), ("1 year", "2027-10-01"),
    ("1 day", "2026-10-02"), ("2 Weeks", "2026-10-15"),
])
def test_tech_docs_review_in_is_review_every(wiki: Sopgen, review: str, next_review: str) -> None:
    wiki.page("procedures/rota.md", TECH_DOCS.format(owner="@maria", review=review))
    _, document = run_json(wiki, "--fail-on", "never")
    page = document["pages"][0]
    assert page["next_review"] == next_review
    assert page["owner"] == "maria" and page["last_verified"] == "2026-10-01"


def test_a_tech_docs_page_checks_clean_under_its_own_field_names(wiki: Sopgen) -> None:
    set_team(wiki.root)
    wiki.page("procedures/rota.md", TECH_DOCS.format(owner="@maria", review="3 months")
              .replace("title:", "backup: ana\ntitle:"))
    code, document = run_json(wiki)
    assert code == 0 and rules(document) == []
    assert document["pages"][0]["status"] == "fresh"


def test_owner_slack_names_a_person_or_a_channel(wiki: Sopgen) -> None:
    set_team(wiki.root)
    wiki.page("procedures/a.md", TECH_DOCS.format(owner="@zed", review="3 months"))
    wiki.page("procedures/b.md", TECH_DOCS.format(owner="#ops-team", review="3 months")
              .replace("Rotate the on-call", "Page the team"))
    _, document = run_json(wiki)
    assert [(f["path"], f["rule"], f["line"]) for f in document["findings"]
            if f["rule"] != "backup-missing"] == [("procedures/a.md", "unknown-person", 3)]
    assert [p["owner"] for p in document["pages"]] == ["zed", "#ops-team"]


def test_a_bad_tech_docs_value_is_reported_under_its_own_name(wiki: Sopgen) -> None:
    wiki.page("procedures/rota.md", TECH_DOCS.format(owner="@maria", review="soon"))
    result = wiki("check", "--today", "2026-11-23")
    assert ("     5  error    field-invalid   review_in: expected a duration like 90d, 12w, 6m or "
            "1y, got 'soon'") in result.output


def test_where_both_names_disagree_sopgen_s_own_wins_with_a_warning(wiki: Sopgen) -> None:
    wiki.page("procedures/rota.md", TECH_DOCS.format(owner="@maria", review="3 months")
              .replace("title:", "last_verified: 2026-11-01\ntitle:"))
    _, document = run_json(wiki)
    assert document["pages"][0]["last_verified"] == "2026-11-01"
    assert [(f["line"], f["rule"], f["severity"], f["message"]) for f in document["findings"]
            if f["rule"] != "backup-missing"] == [
        (5, "field-invalid", "warning", "last_reviewed_on says 2026-10-01 but "
         "last_verified says 2026-11-01: sopgen uses last_verified; remove one")]


def test_verify_stamps_last_reviewed_on_on_a_tech_docs_page(wiki: Sopgen) -> None:
    page = wiki.page("procedures/rota.md", TECH_DOCS.format(owner="@maria", review="3 months"))
    before = page.read_text(encoding="utf-8")
    result = wiki("verify", str(page), "--by", "maria", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == before.replace(
        "last_reviewed_on: 2026-10-01\n", "last_reviewed_on: 2026-11-20\nverified_by: maria\n")


def test_a_tech_docs_wiki_builds(wiki: Sopgen) -> None:
    wiki.page("procedures/rota.md", TECH_DOCS.format(owner="#ops-team", review="6 weeks"))
    result = wiki("build")
    assert result.exit_code == 0, result.output
    html = (wiki.root / "site/rota/index.html").read_text(encoding="utf-8")
    assert "#ops-team" in html and "2026-10-01" in html


def test_handover_moves_a_tech_docs_owner_in_owner_slack(wiki: Sopgen) -> None:
    page = wiki.page("procedures/rota.md", TECH_DOCS.format(owner="@maria", review="3 months"))
    before = page.read_text(encoding="utf-8")
    result = wiki("handover", "maria", "--to", "ana", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == before.replace('"@maria"', '"@ana"')
    _, document = run_json(wiki, "--fail-on", "never")
    assert document["pages"][0]["owner"] == "ana"
