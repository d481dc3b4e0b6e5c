"""Reviewed false alarms: `<!-- sopgen: allow RULE -->` markers and a page's `allow:` list."""

from __future__ import annotations

import json

from tests.conftest import Sopgen

# Built from parts so that this file itself holds no credential-shaped string.
TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"

PAGE = """
---
title: Deploy
owner: maria
backup: ana
last_verified: 2026-11-01
{extra}---
# Deploy

{body}
"""


def page(extra: str = "", body: str = "1. Run it.") -> str:
    return PAGE.format(extra=extra, body=body)


def run_json(wiki: Sopgen) -> tuple[int, dict]:
    result = wiki("check", "--format", "json", "--today", "2026-11-23")
    return result.exit_code, json.loads(result.output)


def test_a_marker_on_the_line_suppresses_that_rule_there(wiki: Sopgen) -> None:
    wiki.page("procedures/deploy.md", page(body=f"Test token {TOKEN} <!-- sopgen: allow secret -->"))
    code, document = run_json(wiki)
    assert code == 0 and document["findings"] == []
    assert document["summary"]["errors"] == 0
    [item] = document["suppressed"]
    assert (item["path"], item["line"], item["rule"], item["severity"], item["by"]) == (
        "procedures/deploy.md", 9, "secret", "error", "marker")
    assert TOKEN[4:] not in item["message"]  # the message stays masked all the same


def test_a_marker_covers_the_next_line_and_no_further(wiki: Sopgen) -> None:
    body = f"<!-- sopgen: allow secret -->\nToken {TOKEN}\n\nToken {TOKEN}x"
    wiki.page("procedures/deploy.md", page(body=body))
    code, document = run_json(wiki)
    assert code == 1
    assert [(f["line"], f["rule"]) for f in document["findings"]] == [(12, "secret")]
    assert [(f["line"], f["rule"]) for f in document["suppressed"]] == [(10, "secret")]


def test_a_marker_names_its_rules(wiki: Sopgen) -> None:
    body = ("TODO: write the steps <!-- sopgen: allow secret -->\n\n"
            "TBD: more <!-- sopgen: allow unfilled-template -->")
    wiki.page("procedures/deploy.md", page(body=body))
    _, document = run_json(wiki)
    assert [(f["line"], f["rule"]) for f in document["findings"]] == [(9, "unfilled-template")]
    assert [(f["line"], f["rule"]) for f in document["suppressed"]] == [(11, "unfilled-template")]


def test_allow_in_front_matter_covers_the_page(wiki: Sopgen) -> None:
    wiki.page("procedures/deploy.md", page("allow: [backup-missing, secret]\n",
                                           f"Token {TOKEN}").replace("backup: ana\n", ""))
    code, document = run_json(wiki)
    assert code == 0 and document["findings"] == []
    assert sorted((f["rule"], f["by"]) for f in document["suppressed"]) == [
        ("backup-missing", "allow"), ("secret", "allow")]
    result = wiki("check", "--today", "2026-11-23")
    assert result.output == ("No problems in 2 pages (2 suppressed as reviewed false alarms, "
                             "1 of them a secret published as written); procedures: 1 fresh.\n")


def test_an_unknown_rule_in_allow_is_field_invalid(wiki: Sopgen) -> None:
    wiki.page("procedures/deploy.md", page("allow: [secrets]\n"))
    code, document = run_json(wiki)
    assert code == 1
    assert [(f["line"], f["rule"], f["message"]) for f in document["findings"]] == [
        (6, "field-invalid", "allow: 'secrets' is not a rule id of sopgen check (such as "
                             "secret, unfilled-template, backup-missing)")]


def test_a_suppressed_secret_is_published_as_written(wiki: Sopgen) -> None:
    wiki.page("procedures/deploy.md", page(body=f"Test token {TOKEN} <!-- sopgen: allow secret -->"))
    result = wiki("build")
    assert result.exit_code == 0, result.output
    html = (wiki.root / "site/deploy/index.html").read_text(encoding="utf-8")
    assert TOKEN in html


def test_an_unsuppressed_secret_still_stops_the_build(wiki: Sopgen) -> None:
    wiki.page("procedures/deploy.md",
              page(body=f"Test token {TOKEN} <!-- sopgen: allow unfilled-template -->"))
    result = wiki("build")
    assert result.exit_code != 0
    assert not (wiki.root / "site/deploy/index.html").exists()


def test_allow_from_a_folder_never_passes_a_secret(wiki: Sopgen) -> None:
    # A .meta.yml reviewed no page: a token pasted later into its folder is still an error.
    (wiki.root / "procedures/finance").mkdir()
    (wiki.root / "procedures/finance/.meta.yml").write_text("allow: [secret, backup-missing]\n")
    wiki.page("procedures/finance/pay.md", page(body=f"Token {TOKEN}").replace("backup: ana\n", ""))
    code, document = run_json(wiki)
    assert code == 1
    assert [(f["line"], f["rule"]) for f in document["findings"]] == [(8, "secret")]
    assert [(f["rule"], f["by"]) for f in document["suppressed"]] == [("backup-missing", "allow")]
    result = wiki("build")
    assert result.exit_code != 0
    assert not (wiki.root / "site/finance/pay/index.html").exists()
