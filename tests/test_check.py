"""`sopgen check`: every rule, statuses, severities, paths, exit codes and bad options."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Sopgen, count_forks, set_team

GOOD = """
---
title: {title}
owner: maria
backup: ana
last_verified: {verified}
verified_by: maria
review_every: {every}
status: {status}
---
# {title}

1. Do the thing.
"""


def good(title: str = "Good", verified: str = "2026-11-01", every: str = "90d",
         status: str = "active") -> str:
    return GOOD.format(title=title, verified=verified, every=every, status=status)


def run_json(wiki: Sopgen, *args: str, today: str = "2026-11-23") -> tuple[int, dict]:
    result = wiki("check", "--format", "json", "--today", today, *args)
    return result.exit_code, json.loads(result.output)


def rules(document: dict) -> list[tuple[str, int | None, str, str]]:
    return [(f["path"], f["line"], f["rule"], f["severity"]) for f in document["findings"]]


def test_fresh_page_passes(wiki: Sopgen) -> None:
    wiki.page("procedures/good.md", good())
    code, document = run_json(wiki)
    assert code == 0
    assert document["findings"] == []
    assert document["pages"] == [{
        "path": "procedures/good.md", "title": "Good", "kind": "procedure", "owner": "maria",
        "backup": "ana", "client": None, "status": "fresh", "last_verified": "2026-11-01",
        "verified_by": "maria", "next_review": "2027-01-30"}]
    assert document["version"] == 1 and document["today"] == "2026-11-23"
    assert document["summary"] == {"pages": 1, "errors": 0, "warnings": 0, "stale": 0, "due": 0,
                                   "unverified": 0, "invalid": 0, "fresh": 1, "draft": 0,
                                   "retired": 0}


@pytest.mark.parametrize(("today", "status", "rule", "severity"), [
    ("2027-01-15", "fresh", None, None),
    ("2027-01-16", "due", "due-soon", "warning"),
    ("2027-01-30", "due", "due-soon", "warning"),
    ("2027-01-31", "stale", "stale", "error"),
])
def test_status_boundaries(wiki: Sopgen, today: str, status: str, rule: str | None,
                           severity: str | None) -> None:
    wiki.page("procedures/good.md", good())
    code, document = run_json(wiki, today=today)
    assert document["pages"][0]["status"] == status
    assert rules(document) == ([("procedures/good.md", 5, rule, severity)] if rule else [])
    assert code == (1 if severity == "error" else 0)


def test_stale_message_says_who_must_do_what(wiki: Sopgen) -> None:
    wiki.page("procedures/good.md", good(verified="2026-01-02"))
    result = wiki("check", "--today", "2026-11-23")
    assert result.exit_code == 1
    assert ("     5  error    stale  stale since 2026-04-02 (235 days overdue): last verified "
            "2026-01-02 by maria; maria must follow the steps and run `sopgen verify "
            "procedures/good.md`\n") in result.output


def test_drafts_and_retired_pages_are_never_stale(wiki: Sopgen) -> None:
    wiki.page("procedures/d.md", good("D", verified="2020-01-01", status="draft"))
    wiki.page("procedures/r.md", good("R", verified="2020-01-01", status="retired"))
    code, document = run_json(wiki)
    assert code == 0
    assert [p["status"] for p in document["pages"]] == ["draft", "retired"]


def test_default_review_interval_comes_from_settings(wiki: Sopgen) -> None:
    wiki.page("procedures/p.md", good().replace("review_every: 90d\n", ""))
    _, document = run_json(wiki)
    assert document["pages"][0]["next_review"] == "2027-04-30"  # the wiki's 180d
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("review_every: 180d", "review_every: 1m"))
    _, document = run_json(wiki)
    assert document["pages"][0]["next_review"] == "2026-12-01"


def test_every_procedure_rule(wiki: Sopgen) -> None:
    set_team(wiki.root)
    wiki.page("procedures/index.md", "# Home, no front matter needed\n")
    wiki.page("procedures/section/index.md", "---\ntitle: Section\n---\n# Section\n")
    wiki.page("procedures/bad.md", """
        ---
        title: Bad
        lifecycle: finished
        tags: email
        uses: [mailchimp, mailchimp-account]
        last_verified: 2027-01-01
        verified_by: zoe
        backup: ben
        ---
        1. TODO write the steps
        2. The password is Hunter2!
        """)
    wiki.page("procedures/mailchimp-account.md", """
        ---
        kind: account
        title: Mailchimp
        owner: maria
        last_verified: 2026-11-01
        registered_to: Acme Bakery Ltd
        admins: [maria, ana]
        ---
        """)
    wiki.page("procedures/dup1.md", good("Same"))
    wiki.page("procedures/dup2.md", good("Same").replace("owner: maria", "owner: ben\n"
                                                         "client: acme"))
    wiki.page("procedures/dup3.md", good("same"))
    wiki.page("procedures/lonely.md", good("Lonely").replace("backup: ana\n", ""))
    wiki.page("procedures/self.md", good("Self").replace("backup: ana", "backup: maria"))
    wiki.page("procedures/nodate.md", good("No date").replace("last_verified: 2026-11-01\n", ""))
    wiki.page("procedures/baddate.md", good("Bad date", verified="2026-13-01"))
    wiki.page("procedures/broken.md", "---\ntitle: [\n---\n")
    code, document = run_json(wiki)
    assert code == 1
    assert rules(document) == [
        ("procedures/bad.md", 2, "owner-missing", "error"),  # no owner line: the front matter
        ("procedures/bad.md", 3, "field-invalid", "error"),
        ("procedures/bad.md", 4, "field-invalid", "error"),
        ("procedures/bad.md", 5, "unknown-account", "error"),
        ("procedures/bad.md", 6, "last-verified-invalid", "error"),
        ("procedures/bad.md", 7, "unknown-person", "error"),
        ("procedures/bad.md", 10, "unfilled-template", "error"),
        ("procedures/bad.md", 11, "secret", "error"),
        ("procedures/baddate.md", 5, "last-verified-invalid", "error"),
        ("procedures/broken.md", 3, "front-matter", "error"),
        ("procedures/dup1.md", 2, "duplicate-title", "warning"),
        ("procedures/dup3.md", 2, "duplicate-title", "warning"),
        ("procedures/lonely.md", 3, "backup-missing", "warning"),
        ("procedures/nodate.md", 2, "last-verified-missing", "error"),
        ("procedures/self.md", 4, "backup-missing", "warning"),
    ]
    messages = {(f["path"], f["rule"]): f["message"] for f in document["findings"]}
    assert messages[("procedures/bad.md", "unknown-account")] == (
        "uses names 'mailchimp', but there is no account page mailchimp.md (kind: account)")
    assert messages[("procedures/bad.md", "unknown-person")] == (
        "verified_by 'zoe' is not in the team list of mkdocs.yml (known: ana, ben, maria)")
    assert messages[("procedures/baddate.md", "last-verified-invalid")] == (
        "last_verified: 2026-13-01 is not a real date")
    assert messages[("procedures/bad.md", "last-verified-invalid")] == (
        "last_verified 2027-01-01 is in the future (today is 2026-11-23)")
    assert messages[("procedures/dup1.md", "duplicate-title")] == (
        "the title 'Same' is also used by procedures/dup3.md")
    assert "Hunter2" not in json.dumps(document)
    statuses = {p["path"]: p["status"] for p in document["pages"]}
    assert statuses["procedures/bad.md"] == "invalid"
    assert statuses["procedures/lonely.md"] == "fresh"
    assert "procedures/index.md" not in statuses and "procedures/section/index.md" not in statuses


def test_an_index_page_with_procedure_fields_is_a_procedure(wiki: Sopgen) -> None:
    wiki.page("procedures/index.md", "---\nowner: maria\n---\n# Home\n")
    _, document = run_json(wiki)
    assert ("procedures/index.md", 2, "last-verified-missing", "error") in rules(document)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the page is empty: it needs front matter between --- lines"),
    (b"\x00\x00", "the file is binary, not a Markdown page"),
    (b"---\ntitle: caf\xe9\n---\n", "the file is not UTF-8 text"),
    (b"---\ntitle: x\n", "the front matter is not closed with ---"),
    (b"---\n[a, b]\n---\n", "the front matter must be a mapping of fields, not a list"),
    (b"# no front matter\n", "no front matter: the page must start with ---"),
])
def test_unusable_pages_are_front_matter_findings(wiki: Sopgen, content: bytes,
                                                  message: str) -> None:
    (wiki.root / "procedures/p.md").write_bytes(content)
    result = wiki("check", "--today", "2026-11-23")
    assert result.exit_code == 1
    assert "procedures/p.md\n" in result.output
    assert f"front-matter  {message}" in result.output
    assert "Traceback" not in result.output


def test_yaml_error_names_the_line(wiki: Sopgen) -> None:
    wiki.page("procedures/p.md", "---\ntitle: ok\nowner: maria\ntags: [a,\n  b\nbad: : :\n---\n")
    _, document = run_json(wiki)
    finding = document["findings"][0]
    assert finding["rule"] == "front-matter" and finding["line"] == 6


def test_severity_overrides(wiki: Sopgen) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      due_soon: 14d", "      due_soon: 14d\n      severity: {backup-missing: error, "
        "duplicate-title: 'off'}"))
    wiki.page("procedures/a.md", good("Same").replace("backup: ana\n", ""))
    wiki.page("procedures/b.md", good("Same"))
    code, document = run_json(wiki)
    assert code == 1
    assert rules(document) == [("procedures/a.md", 3, "backup-missing", "error")]


def test_fail_on_levels(wiki: Sopgen) -> None:
    wiki.page("procedures/a.md", good().replace("backup: ana\n", ""))
    assert wiki("check", "--today", "2026-11-23").exit_code == 0
    assert wiki("check", "--today", "2026-11-23", "--fail-on", "warning").exit_code == 1
    wiki.page("procedures/b.md", good("B", verified="2020-01-01"))
    assert wiki("check", "--today", "2026-11-23", "--fail-on", "never").exit_code == 0
    assert wiki("check", "--today", "2026-11-23").exit_code == 1


def test_paths_limit_the_pages_but_not_the_links(wiki: Sopgen) -> None:
    wiki.page("procedures/a/one.md", good("One", verified="2020-01-01"))
    wiki.page("procedures/b/two.md", good("Two").replace("backup: ana", "backup: ana\n"
                                                         "uses: [acct]"))
    wiki.page("procedures/accounts/acct.md", "---\nkind: account\nowner: maria\n"
              "last_verified: 2026-11-01\nregistered_to: Acme Bakery Ltd\nadmins: [a, b]\n---\n")
    code, document = run_json(wiki, "procedures/b")
    assert code == 0 and [p["path"] for p in document["pages"]] == ["procedures/b/two.md"]
    code, document = run_json(wiki, "procedures/a/one.md")
    assert code == 1 and rules(document) == [("procedures/a/one.md", 5, "stale", "error")]


def test_missing_path_is_a_usage_error(wiki: Sopgen) -> None:
    result = wiki("check", "procedures/nope.md")
    assert result.exit_code == 2
    assert result.output == "Error: procedures/nope.md: no such file or folder\n"


@pytest.mark.parametrize(("args", "message"), [
    (("--today", "2026-02-30"), "Invalid value for '--today': 2026-02-30 is not a real date"),
    (("--today", "tomorrow"), "Invalid value for '--today': expected a date as YYYY-MM-DD"),
    (("--format", "xml"), "Invalid value for '--format': 'xml' is not one of"),
    (("--fail-on", "always"), "Invalid value for '--fail-on': 'always' is not one of"),
])
def test_bad_options_exit_2(wiki: Sopgen, args: tuple[str, ...], message: str) -> None:
    result = wiki("check", *args)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(("setting", "message"), [
    ("review_every: soon", "sopgen.review_every: expected a duration like 90d"),
    ("due_soon: 0d", "sopgen.due_soon: a duration must be more than zero"),
    ("team: [ana]", "sopgen.team: team must map each person's handle to their details"),
    ("severity: {stale: fatal}", "sopgen.severity: severity of stale must be error, warning"),
    ("severity: {nope: error}", "sopgen.severity: severity names an unknown rule 'nope'"),
    ("colour: red", None),
])
def test_bad_settings_exit_2(wiki: Sopgen, setting: str, message: str | None) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("      due_soon: 14d", f"      {setting}"))
    result = wiki("check")
    if message is None:  # MkDocs only warns about unknown options; so does sopgen
        assert result.exit_code == 0
        return
    assert result.exit_code == 2
    assert message in result.output
    assert result.output.startswith(f"Error: {wiki.root / 'mkdocs.yml'}: 1 invalid sopgen setting")


def test_broken_mkdocs_yml_exit_2(wiki: Sopgen) -> None:
    (wiki.root / "mkdocs.yml").write_text("site_name: [\n")
    result = wiki("check")
    assert result.exit_code == 2
    assert "MkDocs encountered an error parsing the configuration file" in result.output


def test_mkdocs_yml_with_env_and_python_name_tags(wiki: Sopgen,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOP_BUSINESS", "Env Bakery Ltd")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("business: Acme Bakery Ltd",
                                                 "business: !ENV [SOP_BUSINESS, x]")
                      + "  - pymdownx.emoji:\n      emoji_index: !!python/name:material."
                        "extensions.emoji.twemoji\n")
    wiki.page("procedures/acct.md", "---\nkind: account\nowner: maria\nlast_verified: "
              "2026-11-01\nregistered_to: Env Bakery Ltd\nadmins: [a, b]\n---\n")
    code, document = run_json(wiki)
    assert code == 0, document


def test_check_outside_a_wiki(empty: Sopgen) -> None:
    result = empty("check")
    assert result.exit_code == 2 and "no mkdocs.yml found" in result.output


def test_output_file(wiki: Sopgen) -> None:
    wiki.page("procedures/a.md", good())
    result = wiki("check", "--format", "json", "--output", "out/report.json", "--today",
                  "2026-11-23")
    assert result.exit_code == 2  # the folder does not exist
    assert result.output == "Error: --output out/report.json: the folder out does not exist\n"
    result = wiki("check", "--format", "json", "--output", "report.json", "--today", "2026-11-23")
    assert result.exit_code == 0 and result.output == ""
    assert json.loads((wiki.root / "report.json").read_text())["summary"]["fresh"] == 1


def test_parallel_reading_gives_the_same_result(wiki: Sopgen,
                                                monkeypatch: pytest.MonkeyPatch) -> None:

    for n in range(12):
        verified = "2020-01-01" if n % 3 == 0 else "2026-11-01"
        body = good(f"P{n}", verified=verified)
        if n % 4 == 0:
            body += "\nThe password is Sup3r$ecret\nTODO\n"
        wiki.page(f"procedures/s{n % 3}/p{n}.md", body)
    serial = wiki("check", "--format", "json", "--today", "2026-11-23").output
    forked = count_forks(monkeypatch)
    parallel = wiki("check", "--format", "json", "--today", "2026-11-23").output
    assert parallel == serial
    assert json.loads(parallel)["summary"]["errors"] == 10
    assert forked and all(forked)


def test_a_reading_process_that_dies_leaves_its_pages_to_this_one(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from sopgen.checks import reading

    for n in range(12):
        body = good(f"P{n}") + ("\nThe password is Sup3r$ecret\n" if n % 4 == 0 else "")
        wiki.page(f"procedures/p{n}.md", body)
    serial = wiki("check", "--format", "json", "--today", "2026-11-23").output
    forked = count_forks(monkeypatch)
    here, scan = os.getpid(), reading._scan

    def dies_elsewhere(jobs, **kwargs):
        if os.getpid() != here:
            os._exit(3)  # killed mid-read: the OOM killer, say
        return scan(jobs, **kwargs)

    monkeypatch.setattr(reading, "_scan", dies_elsewhere)
    result = wiki("check", "--format", "json", "--today", "2026-11-23")
    assert result.exit_code == 1 and result.output == serial
    assert forked and all(forked)


def test_a_wiki_in_a_subfolder_is_checked_with_config_file(tmp_path) -> None:
    from tests.conftest import Sopgen

    root = Sopgen(tmp_path)
    assert root("init", "docs-wiki", "--business", "Acme").exit_code == 0
    (tmp_path / "docs-wiki" / "procedures" / "p.md").write_text(
        "---\nowner: maria\nlast_verified: 2020-01-01\n---\n\n1. Step.\n")
    result = root("check", "-f", "docs-wiki/mkdocs.yml", "--today", "2026-11-23")
    assert result.exit_code == 1
    assert "docs-wiki/procedures/p.md" in result.output and "stale" in result.output
    assert root("check", "--today", "2026-11-23").exit_code == 2  # no wiki at the root
    missing = root("check", "-f", "nowhere/mkdocs.yml")
    assert missing.exit_code == 2 and "-f nowhere/mkdocs.yml: no such file" in missing.output


def test_a_properdocs_wiki_is_found(wiki: Sopgen) -> None:
    (wiki.root / "mkdocs.yml").rename(wiki.root / "properdocs.yml")
    result = wiki("check", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output


def test_check_leaves_out_what_the_site_leaves_out(wiki: Sopgen) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nexclude_docs: |\n  drafts/\n")
    wiki.page("procedures/drafts/p.md", "no front matter\n")
    wiki.page("procedures/templates/t.md", "no front matter\n")
    result = wiki("check", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output


def test_check_leaves_out_the_templates_folder_with_no_exclude_docs(wiki: Sopgen) -> None:
    wiki.page("procedures/templates/t.md", "no front matter\n")
    wiki.page("procedures/.hidden/h.md", "no front matter\n")
    wiki.page("procedures/sub/templates/p.md", "no front matter\n")  # not the top folder: published
    result = wiki("check", "--today", "2026-11-23", "--format", "json")
    assert [f["path"] for f in json.loads(result.output)["findings"]] == [
        "procedures/sub/templates/p.md"]


def test_macros_are_content_when_the_macros_plugin_renders_them(wiki: Sopgen) -> None:
    wiki.page("procedures/p.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              "---\n\n1. Email {{ support_email }}.\n2. TODO: the rest.\n")
    before = wiki("check", "--today", "2026-11-23", "--format", "json").output
    assert [f["line"] for f in json.loads(before)["findings"]] == [7, 8]
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - tags\n", "  - tags\n  - macros\n", 1))
    after = wiki("check", "--today", "2026-11-23", "--format", "json").output
    assert [(f["line"], f["rule"]) for f in json.loads(after)["findings"]] == [
        (8, "unfilled-template")]


@pytest.mark.parametrize(("line", "flagged"), [
    ("1. TODO write the steps", True), ("TODO", True), ("- [ ] TBD", True),
    ("Notes: FIXME: the price", True), ("See (TODO) below.", True),
    ("Prefix the incident's title with TODO so it sorts first.", False),
    ("Mark it TBD until the client answers.", False),
    ('This is "TODO: Why didn\'t we get paged for this earlier?"', False),
    ("> TODO: Why did we not get paged for the fall in traffic?", False),
    ("Write “TODO: follow up” in the channel.", False),
])
def test_placeholder_words_in_prose_are_not_placeholders(wiki: Sopgen, line: str,
                                                         flagged: bool) -> None:
    wiki.page("procedures/p.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              f"---\n\n{line}\n")
    result = wiki("check", "--today", "2026-11-23")
    assert ("unfilled-template" in result.output) is flagged, result.output
