"""Account pages: the hostage-guard rules, in JSON, and what the site and calendar show."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Sopgen, set_team

ACCOUNT = """---
kind: account
title: {title}
owner: maria
last_verified: 2026-11-01
registered_to: {registered}
admins: {admins}
credentials: 1Password vault "Website"
{extra}---
"""


def account(title: str = "Domain", registered: str = "Acme Bakery Ltd",
            admins: str = "[maria, li]", extra: str = "") -> str:
    return ACCOUNT.format(title=title, registered=registered, admins=admins, extra=extra)


def findings(wiki: Sopgen, today: str = "2026-11-23") -> list[tuple[int | None, str, str, str]]:
    result = wiki("check", "--format", "json", "--today", today)
    return [(f["line"], f["rule"], f["severity"], f["message"])
            for f in json.loads(result.output)["findings"]]


def test_a_well_kept_account_passes(wiki: Sopgen) -> None:
    set_team(wiki.root, "{maria: {name: Maria}, li: {name: Li}}")
    wiki.page("procedures/accounts/domain.md", account(extra="renews: 2027-06-01\n"))
    assert findings(wiki) == []


@pytest.mark.parametrize(("registered", "message"), [
    ("Ana Perez", "registered to 'Ana Perez', not the business (Acme Bakery Ltd): transfer it "
                  "into the business's name"),
    ("''", "registered to nobody: add `registered_to:` with the business's legal name "
           "(Acme Bakery Ltd)"),
])
def test_not_business_owned(wiki: Sopgen, registered: str, message: str) -> None:
    wiki.page("procedures/accounts/domain.md", account(registered=registered))
    assert findings(wiki) == [(6, "not-business-owned", "error", message)]


def test_business_name_matches_ignoring_case_and_spacing(wiki: Sopgen) -> None:
    wiki.page("procedures/accounts/domain.md", account(registered="acme  bakery LTD"))
    assert findings(wiki) == []


@pytest.mark.parametrize(("admins", "message"), [
    ("[maria]", "only maria can get into this account: add a second admin"),
    ("[]", "no admins listed: nobody on record can get into this account; add `admins:` with "
           "at least two people"),
])
def test_single_admin(wiki: Sopgen, admins: str, message: str) -> None:
    wiki.page("procedures/accounts/domain.md", account(admins=admins))
    assert findings(wiki) == [(7, "single-admin", "warning", message)]


def test_external_only_admin(wiki: Sopgen) -> None:
    set_team(wiki.root)  # ana and ben are external
    wiki.page("procedures/accounts/domain.md", account(admins="[ana, ben]"))
    assert findings(wiki) == [(7, "external-only-admin", "error",
                               "every admin (ana, ben) is external to the business: make "
                               "someone inside the business an admin")]


def test_admins_must_be_in_the_team(wiki: Sopgen) -> None:
    set_team(wiki.root)
    wiki.page("procedures/accounts/domain.md", account(admins="[maria, zoe]"))
    assert findings(wiki) == [(7, "unknown-person", "error",
                               "admin 'zoe' is not in the team list of mkdocs.yml")]


@pytest.mark.parametrize(("renews", "severity", "message"), [
    ("2026-12-20", None, None),
    ("2026-12-01", "warning", "renews on 2026-12-01 (in 8 days): check the payment card and "
                              "that it renews in the business's name"),
    ("2026-11-20", "error", "renewal date 2026-11-20 passed 3 days ago: confirm it renewed, "
                            "then set the next `renews:` date"),
])
def test_renewal_due(wiki: Sopgen, renews: str, severity: str | None,
                     message: str | None) -> None:
    wiki.page("procedures/accounts/domain.md", account(extra=f"renews: {renews}\n"))
    expected = [(9, "renewal-due", severity, message)] if severity else []
    assert findings(wiki) == expected


@pytest.mark.parametrize(("renews", "status"), [
    ("2026-12-20", "fresh"), ("2026-12-01", "due"), ("2026-11-18", "stale")])
def test_a_renewal_counts_in_the_status_as_check_counts_it(wiki: Sopgen, renews: str,
                                                           status: str) -> None:
    # Reviewed three weeks ago (fresh by its review date); the renewal decides.
    wiki.page("procedures/accounts/domain.md", account(extra=f"renews: {renews}\n"))
    result = wiki("check", "--format", "json", "--today", "2026-11-23")
    assert [p["status"] for p in json.loads(result.output)["pages"]] == [status]
    label = {"fresh": "Fresh   ", "due": "Due soon", "stale": "Stale   "}[status]
    report = wiki("report", "--today", "2026-11-23")
    assert f"  {label}  2027-04-30  Domain  (procedures/accounts/domain.md; " in report.output
    document = json.loads(wiki("report", "--format", "json", "--today", "2026-11-23").output)
    assert document["summary"][status] == 1


@pytest.mark.parametrize(("lifecycle", "status"), [
    ("draft", "stale"), ("retired", "retired")])
def test_a_passed_renewal_outweighs_a_draft_not_retirement(wiki: Sopgen, lifecycle: str,
                                                           status: str) -> None:
    wiki.page("procedures/accounts/domain.md",
              account(extra=f"renews: 2026-11-18\nlifecycle: {lifecycle}\n"))
    result = wiki("check", "--format", "json", "--today", "2026-11-23")
    document = json.loads(result.output)
    assert [p["status"] for p in document["pages"]] == [status]
    assert [f["rule"] for f in document["findings"]] == (
        ["renewal-due"] if lifecycle == "draft" else [])


def test_the_dashboard_counts_a_passed_renewal(wiki: Sopgen,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    wiki.page("procedures/accounts/domain.md", account(extra="renews: 2026-11-18\n"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    assert wiki("build").exit_code == 0
    html = (wiki.root / "site/review/index.html").read_text()
    assert '<span class="sopgen-stale"><span class="sopgen-badge">1 Stale</span></span>' in html
    assert '<span class="sopgen-fresh sopgen-zero"><span class="sopgen-badge">0 Fresh' in html
    assert "Stale: review now (1)" in html and 'href="../accounts/domain/">Domain</a>' in html


def test_account_fields_are_typed(wiki: Sopgen) -> None:
    wiki.page("procedures/accounts/domain.md", account(admins="maria",
                                                       extra="renews: someday\n"))
    rules = [(line, rule, message) for line, rule, _s, message in findings(wiki)]
    assert (7, "field-invalid", "admins: must be a list like [a, b], not a text") in rules
    assert (9, "field-invalid", "renews: expected a date as YYYY-MM-DD, got 'someday'") in rules


def test_secret_rule_applies_to_account_pages(wiki: Sopgen) -> None:
    wiki.page("procedures/accounts/domain.md",
              account().replace('1Password vault "Website"', "'password: Dough2026!'"))
    rules = [(line, rule) for line, rule, _s, _m in findings(wiki)]
    assert rules == [(8, "secret")]


def test_retired_accounts_do_not_nag_about_renewal(wiki: Sopgen) -> None:
    wiki.page("procedures/accounts/old.md", account(extra="renews: 2020-01-01\nstatus: retired\n"))
    assert findings(wiki) == []


def test_freelancer_domain_fails_ci_naming_it(wiki: Sopgen) -> None:
    """The story of the issue: a domain registered to a freelancer who is its only admin."""
    set_team(wiki.root)
    wiki.page("procedures/accounts/domain.md", account(
        title="Domain acmebakery.example", registered="Ben Okafor", admins="[ben]"))
    result = wiki("check", "--format", "github", "--today", "2026-11-23")
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        "::error file=procedures/accounts/domain.md,line=6,title=not-business-owned::registered "
        "to 'Ben Okafor', not the business (Acme Bakery Ltd): transfer it into the business's "
        "name",
        "::error file=procedures/accounts/domain.md,line=7,title=external-only-admin::every admin "
        "(ben) is external to the business: make someone inside the business an admin",
        "::warning file=procedures/accounts/domain.md,line=7,title=single-admin::only ben can "
        "get into this account: add a second admin",
    ]
