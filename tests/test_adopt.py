"""`sopgen adopt`: owners and first-review deadlines added, nothing claimed, every other byte kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Sopgen, set_team

TODAY = "2026-11-23"


def adopt(wiki: Sopgen, *args: str):
    return wiki("adopt", "--today", TODAY, *args)


def check_json(wiki: Sopgen, today: str = TODAY) -> dict:
    return json.loads(wiki("check", "--format", "json", "--today", today).output)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "site" not in p.parts}


def test_a_page_without_front_matter_gets_one_and_keeps_every_byte(wiki: Sopgen) -> None:
    body = b"# On call\r\n\r\nPrefix the alert with TODO.  \r\n\tTabs stay.\r\nNo newline at the end"
    page = wiki.root / "procedures/pd/oncall.md"
    page.parent.mkdir(parents=True)
    page.write_bytes(body)
    result = adopt(wiki, "procedures/pd", "--owner", "ana")
    assert result.exit_code == 0, result.output
    assert result.output == ("Adopted (new front matter) procedures/pd/oncall.md: owner: ana, "
                             "first_review: 2026-12-23\n1 adopted.\n")
    assert page.read_bytes() == (b"---\r\nowner: ana\r\nfirst_review: 2026-12-23\r\n---\r\n"
                                 + body)


def test_an_empty_page_gets_a_front_matter(wiki: Sopgen) -> None:
    page = wiki.page("procedures/stub.md", "")
    assert adopt(wiki, str(page), "--owner", "ana").exit_code == 0
    assert page.read_text() == "---\nowner: ana\nfirst_review: 2026-12-23\n---\n"


def test_a_page_that_is_not_utf8_is_skipped(wiki: Sopgen) -> None:
    page = wiki.root / "procedures/latin1.md"
    page.write_bytes(b"# Caf\xe9\n")
    result = adopt(wiki, str(page), "--owner", "ana")
    assert result.exit_code == 1
    assert "Skipped procedures/latin1.md:1: the file is not UTF-8 text" in result.output
    assert page.read_bytes() == b"# Caf\xe9\n"


def test_a_page_with_a_byte_order_mark_keeps_it_first(wiki: Sopgen) -> None:
    page = wiki.root / "procedures/bom.md"
    page.write_bytes(b"\xef\xbb\xbf# Title\n")
    assert adopt(wiki, str(page), "--owner", "ana").exit_code == 0
    assert page.read_bytes() == (b"\xef\xbb\xbf---\nowner: ana\nfirst_review: 2026-12-23\n---\n"
                                 b"# Title\n")


def test_existing_values_are_never_changed_and_only_lines_are_added(wiki: Sopgen) -> None:
    text = ("---\n# who\ntitle: 'Send it'   # the title\nowner: maria\nreview_every: 1y\n"
            "tags: [a,   b]\n---\n\nBody with password: in the vault\n")
    page = wiki.page("procedures/send.md", text)
    result = adopt(wiki, str(page), "--owner", "ana", "--backup", "ben", "--client", "acme",
                   "--review-every", "6 weeks")
    assert result.exit_code == 0, result.output
    assert result.output == ("Adopted procedures/send.md: backup: ben, client: acme, "
                             "first_review: 2026-12-23\n1 adopted.\n")
    assert page.read_text() == text.replace(
        "tags: [a,   b]\n", "tags: [a,   b]\nbackup: ben\nclient: acme\nfirst_review: 2026-12-23\n")


def test_last_verified_is_never_written_and_a_verified_page_needs_no_first_review(
        wiki: Sopgen) -> None:
    verified = wiki.page("procedures/v.md", "---\nlast_verified: 2026-11-01\n---\n# V\n")
    fresh = wiki.page("procedures/n.md", "# N\n")
    assert adopt(wiki, "procedures", "--owner", "ana", "--backup", "ben").exit_code == 0
    assert verified.read_text() == ("---\nlast_verified: 2026-11-01\nowner: ana\nbackup: ben\n"
                                    "---\n# V\n")
    assert "last_verified" not in fresh.read_text()
    document = check_json(wiki)
    assert {p["path"]: p["status"] for p in document["pages"]} == {
        "procedures/n.md": "unverified", "procedures/v.md": "fresh"}
    assert [f["rule"] for f in document["findings"]] == ["unverified"]


def test_check_after_adopt_warns_until_the_deadline_then_errs(wiki: Sopgen) -> None:
    wiki.page("procedures/n.md", "# N\n")
    assert adopt(wiki, "--owner", "ana", "--backup", "ben", "--first-review", "2w").exit_code == 0
    before = wiki("check", "--today", "2026-12-07")
    assert before.exit_code == 0 and "warning  unverified" in before.output
    after = wiki("check", "--today", "2026-12-08")
    assert after.exit_code == 1 and "error    unverified" in after.output


def test_dry_run_lists_and_writes_nothing(wiki: Sopgen) -> None:
    wiki.page("procedures/a.md", "# A\n")
    wiki.page("procedures/b.md", "---\ntitle: B\n---\n# B\n")
    before = snapshot(wiki.root)
    result = adopt(wiki, "procedures", "--owner", "ana", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Would adopt (new front matter) procedures/a.md: owner: ana, first_review: 2026-12-23\n"
        "Would adopt procedures/b.md: owner: ana, first_review: 2026-12-23\n"
        "2 would be adopted, 1 unchanged (dry run: nothing written).\n")
    assert snapshot(wiki.root) == before


def test_broken_front_matter_is_reported_with_its_line_and_skipped(wiki: Sopgen) -> None:
    broken = wiki.page("procedures/bad.md", "---\ntitle: ok\nowner: [ana\n---\n# Bad\n")
    good = wiki.page("procedures/good.md", "# Good\n")
    before = broken.read_bytes()
    result = adopt(wiki, "procedures", "--owner", "ana")
    assert result.exit_code == 1
    assert ("Skipped procedures/bad.md:4: the front matter is not valid YAML: did not find "
            "expected ',' or ']'; fix it, then adopt it again\n") in result.output
    assert result.output.endswith("1 adopted, 1 unchanged, 1 skipped.\n")
    assert broken.read_bytes() == before
    assert good.read_text().startswith("---\nowner: ana\n")


def test_a_flow_mapping_front_matter_is_skipped_not_rewritten(wiki: Sopgen) -> None:
    page = wiki.page("procedures/flow.md", "---\n{title: Flow}\n---\n# F\n")
    result = adopt(wiki, str(page), "--owner", "ana")
    assert result.exit_code == 1
    assert "Skipped procedures/flow.md: the front matter is one {...} mapping" in result.output
    assert page.read_text() == "---\n{title: Flow}\n---\n# F\n"


def test_owner_outside_the_team_list_is_exit_2(wiki: Sopgen) -> None:
    set_team(wiki.root)
    wiki.page("procedures/a.md", "# A\n")
    result = adopt(wiki, "--owner", "zed")
    assert result.exit_code == 2
    assert result.output == ("Error: --owner zed: not in the team list of mkdocs.yml "
                             "(known: ana, ben, maria)\n")
    result = adopt(wiki, "--owner", "ana", "--backup", "zed")
    assert result.exit_code == 2 and "--backup zed: not in the team list" in result.output
    assert (wiki.root / "procedures/a.md").read_text() == "# A\n"


@pytest.mark.parametrize(("args", "message"), [
    (("--first-review", "soon"), "Error: --first-review soon: expected a duration like 30d or "
                                 "6 weeks, or a date as YYYY-MM-DD\n"),
    (("--first-review", "2026-11-01"), "Error: --first-review 2026-11-01 is in the past: every "
                                       "adopted page would be overdue at once\n"),
    (("--review-every", "often"), "Error: --review-every: expected a duration like 90d, 12w, 6m "
                                  "or 1y, got 'often'\n"),
    (("--owner", " "), "Error: --owner must name a person\n"),
    (("--folder-defaults", "procedures/a.md"), "Error: procedures/a.md: --folder-defaults takes "
                                               "folders\n"),
    (("--folder-defaults", "--kind-page", "x.md"), "Error: --kind-page marks pages; it cannot go "
                                                   "with --folder-defaults\n"),
    (("nowhere",), "Error: nowhere: no such file or folder\n"),
])
def test_bad_options_are_exit_2(wiki: Sopgen, args: tuple[str, ...], message: str) -> None:
    wiki.page("procedures/a.md", "# A\n")
    result = adopt(wiki, "--owner", "ana", *args)
    assert result.exit_code == 2
    assert result.output.endswith(message)
    assert (wiki.root / "procedures/a.md").read_text() == "# A\n"


def test_first_review_takes_a_date_and_review_every_is_written_as_sopgen_writes_it(
        wiki: Sopgen) -> None:
    page = wiki.page("procedures/a.md", "# A\n")
    result = adopt(wiki, str(page), "--owner", "ana", "--first-review", "2027-01-15",
                   "--review-every", "6 weeks")
    assert result.exit_code == 0, result.output
    assert page.read_text() == ("---\nowner: ana\nreview_every: 6w\nfirst_review: 2027-01-15\n"
                                "---\n# A\n")


def test_index_about_and_glossary_pages_are_marked_kind_page(wiki: Sopgen) -> None:
    about = wiki.page("procedures/about.md", "# About us\n")
    glossary = wiki.page("procedures/glossary.md", "---\ntitle: Glossary\n---\nTerms.\n")
    section = wiki.page("procedures/pd/index.md", "# Section\n")
    owned = wiki.page("procedures/ops/index.md", "---\nowner: maria\n---\n# Ops\n")
    credits = wiki.page("procedures/credits.md", "# Credits\n")
    result = adopt(wiki, "procedures", "--owner", "ana", "--backup", "ben",
                   "--kind-page", "cred*.md")
    assert result.exit_code == 0, result.output
    assert about.read_text() == "---\nkind: page\n---\n# About us\n"
    assert glossary.read_text() == "---\ntitle: Glossary\nkind: page\n---\nTerms.\n"
    assert credits.read_text() == "---\nkind: page\n---\n# Credits\n"
    assert section.read_text() == "# Section\n"  # an index page is a page already
    assert owned.read_text() == ("---\nowner: maria\nbackup: ben\nfirst_review: 2026-12-23\n"
                                 "---\n# Ops\n")
    assert "3 marked kind: page" in result.output
    statuses = {p["path"]: p["status"] for p in check_json(wiki)["pages"]}
    assert statuses == {"procedures/ops/index.md": "unverified"}


def test_tech_docs_owner_and_accounts_are_respected(wiki: Sopgen) -> None:
    tech = wiki.page("procedures/t.md", '---\nowner_slack: "#ops"\nreview_in: 3 months\n---\n# T\n')
    account = wiki.page("procedures/mailchimp.md", "---\nkind: account\ntitle: Mailchimp\n---\n")
    assert adopt(wiki, "procedures", "--owner", "ana", "--backup", "ben",
                 "--review-every", "1y").exit_code == 0
    assert tech.read_text() == ('---\nowner_slack: "#ops"\nreview_in: 3 months\nbackup: ben\n'
                                'first_review: 2026-12-23\n---\n# T\n')
    assert account.read_text() == ("---\nkind: account\ntitle: Mailchimp\nowner: ana\n"
                                   "review_every: 1y\nfirst_review: 2026-12-23\n---\n")


def test_adopting_twice_changes_nothing_the_second_time(wiki: Sopgen) -> None:
    wiki.page("procedures/a.md", "# A\n")
    assert adopt(wiki, "--owner", "ana").exit_code == 0
    before = snapshot(wiki.root)
    result = adopt(wiki, "--owner", "maria")
    assert result.exit_code == 0
    assert result.output == "0 adopted, 2 unchanged.\n"
    assert snapshot(wiki.root) == before


def test_folder_defaults_writes_a_new_meta_yml_and_touches_no_page(wiki: Sopgen) -> None:
    wiki.page("procedures/pd/a.md", "# A\n")
    before = snapshot(wiki.root)
    result = adopt(wiki, "procedures/pd", "--owner", "ana", "--client", "acme",
                   "--folder-defaults")
    assert result.exit_code == 0, result.output
    assert result.output == ("Wrote procedures/pd/.meta.yml: owner: ana, client: acme, "
                             "first_review: 2026-12-23\n1 adopted.\n")
    meta = wiki.root / "procedures/pd/.meta.yml"
    assert meta.read_text() == "owner: ana\nclient: acme\nfirst_review: 2026-12-23\n"
    after = snapshot(wiki.root)
    del after["procedures/pd/.meta.yml"]
    assert after == before


def test_folder_defaults_keeps_an_existing_meta_yml(wiki: Sopgen) -> None:
    meta = wiki.page("procedures/pd/.meta.yml",
                     "# defaults for the PD folder\ntags: [oncall]   # every page\nowner: maria\n")
    result = adopt(wiki, "procedures/pd", "--owner", "ana", "--backup", "ben",
                   "--folder-defaults")
    assert result.exit_code == 0, result.output
    assert meta.read_text() == ("# defaults for the PD folder\ntags: [oncall]   # every page\n"
                                "owner: maria\nbackup: ben\nfirst_review: 2026-12-23\n")
    dry = adopt(wiki, "procedures/pd", "--owner", "ana", "--folder-defaults", "--dry-run")
    assert dry.output == "0 would be adopted, 1 unchanged (dry run: nothing written).\n"


def test_a_broken_meta_yml_is_skipped(wiki: Sopgen) -> None:
    meta = wiki.page("procedures/pd/.meta.yml", "tags: [oncall\n")
    result = adopt(wiki, "procedures/pd", "--owner", "ana", "--folder-defaults")
    assert result.exit_code == 1
    assert "Skipped procedures/pd/.meta.yml:2: not valid YAML, fix it before adopting" in result.output
    assert meta.read_text() == "tags: [oncall\n"


# Small hand-written pages in the shapes of PagerDuty's incident-response docs: MkDocs pages with
# no front matter, links holding long numbers, TODO in prose, admonitions, a `Pin: true` table.
PD_PAGES = {
    "procedures/pd/index.md": "# PagerDuty Incident Response\n\nThis is a cut-down version.\n",
    "procedures/pd/before/what_is_an_incident.md": (
        "---\ncover: assets/img/cover.png\ndescription: What is an incident?\n---\n"
        "# What is an Incident?\n\n!!! note \"Major incidents\"\n    Any unplanned disruption.\n\n"
        "Read [Incident Management](https://learning.oreilly.com/library/view/"
        "incident-management-for/9781492056348/) and "
        "[this thread](https://twitter.com/pagerduty/status/1234567890123456789).\n"),
    "procedures/pd/during/during_an_incident.md": (
        "# During an Incident\n\n1. Prefix with TODO any follow-up you note in the channel.\n"
        "2. Never share the conference PIN in public channels.\n\n"
        "| Setting | Value |\n| --- | --- |\n| Pin: true | keeps the message on top |\n"),
    "procedures/pd/about.md": "# About\n\nThese docs are maintained by PagerDuty.\n",
}


def test_done_when_one_adopt_leaves_every_page_owned_and_no_false_alarm(wiki: Sopgen) -> None:
    for rel, text in PD_PAGES.items():
        wiki.page(rel, text)
    before = {rel: (wiki.root / rel).read_bytes() for rel in PD_PAGES}
    result = adopt(wiki, "procedures/pd", "--owner", "ana")
    assert result.exit_code == 0, result.output
    for rel, old in before.items():
        new = (wiki.root / rel).read_bytes()
        assert b"last_verified" not in new
        if old.startswith(b"---\n"):  # only lines added inside the front matter
            old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
            assert [line for line in new_lines if line not in old_lines] in (
                [b"owner: ana\n", b"first_review: 2026-12-23\n"], [b"kind: page\n"])
            assert len(new_lines) - len(old_lines) in (1, 2)
        elif rel.endswith("index.md"):
            assert new == old  # the home page is a page already: untouched
        else:
            assert new.endswith(old) and new.startswith(b"---\n")
    document = check_json(wiki)
    assert {f["rule"] for f in document["findings"]} <= {"unverified", "backup-missing"}
    assert all(p["owner"] == "ana" and p["last_verified"] is None for p in document["pages"])
    assert len(document["pages"]) == 2


def test_folder_defaults_written_by_adopt_are_what_check_reads(wiki: Sopgen) -> None:
    page = wiki.page("procedures/pd/oncall.md", "---\ntitle: On call\n---\n# On call\n")
    before = page.read_bytes()
    assert adopt(wiki, "procedures/pd", "--owner", "ana", "--backup", "ben",
                 "--folder-defaults").exit_code == 0
    assert page.read_bytes() == before
    document = check_json(wiki)
    assert [(p["path"], p["owner"], p["backup"], p["status"], p["next_review"])
            for p in document["pages"]] == [
        ("procedures/pd/oncall.md", "ana", "ben", "unverified", "2026-12-23")]
    assert [f["rule"] for f in document["findings"]] == ["unverified"]
    # Adopting the pages afterwards finds every value given by the folder: nothing to write.
    result = adopt(wiki, "procedures/pd", "--owner", "maria")
    assert result.output == "0 adopted, 1 unchanged.\n"
    assert page.read_bytes() == before


def test_a_page_s_own_tech_docs_owner_beats_its_folder_s_owner(wiki: Sopgen) -> None:
    wiki.page("procedures/pd/.meta.yml", "owner: maria\n")
    wiki.page("procedures/pd/t.md", '---\nowner_slack: "@ana"\nlast_reviewed_on: 2026-11-01\n'
              "---\n# T\n")
    document = check_json(wiki)
    assert [p["owner"] for p in document["pages"]] == ["ana"]
    assert "field-invalid" not in {f["rule"] for f in document["findings"]}


def test_client_is_checked_and_its_people_may_own_its_pages(wiki: Sopgen) -> None:
    from tests.test_folder_defaults import set_clients

    set_team(wiki.root)
    set_clients(wiki.root)
    page = wiki.page("procedures/bakery/open.md", "# Open the shop\n")
    result = adopt(wiki, "procedures/bakery", "--owner", "rosa", "--client", "bakkery")
    assert result.exit_code == 2
    assert result.output == ("Error: --client bakkery: no such client in mkdocs.yml (clients: "
                             "bakery, dentist)\n")
    result = adopt(wiki, "procedures/bakery", "--owner", "rosa")
    assert result.exit_code == 2 and "--owner rosa: not in the team list" in result.output
    result = adopt(wiki, "procedures/bakery", "--owner", "rosa", "--backup", "ana",
                   "--client", "bakery")
    assert result.exit_code == 0, result.output
    assert page.read_text() == ("---\nowner: rosa\nbackup: ana\nclient: bakery\n"
                                "first_review: 2026-12-23\n---\n# Open the shop\n")
    assert [f["rule"] for f in check_json(wiki)["findings"]] == ["unverified"]


def test_paths_outside_the_docs_folder_are_refused_and_left_alone(wiki: Sopgen,
                                                                   tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "notes.md").write_text("hello\n")
    config = (wiki.root / "mkdocs.yml").read_bytes()
    for args, said in (
            ([str(outside / "notes.md")], f"{outside / 'notes.md'}: not inside"),
            (["mkdocs.yml"], "mkdocs.yml: not inside"),
            (["--folder-defaults", str(outside)], f"{outside}: not inside"),
            (["--folder-defaults", "."], ".: not inside")):
        result = adopt(wiki, *args, "--owner", "ana")
        assert result.exit_code == 2, result.output
        assert result.output == (f"Error: {said} the docs folder procedures/; adopt only the "
                                 "wiki's pages\n")
    assert (outside / "notes.md").read_text() == "hello\n"
    assert not (outside / ".meta.yml").exists()
    assert (wiki.root / "mkdocs.yml").read_bytes() == config


def test_a_file_not_markdown_inside_the_docs_folder_is_refused(wiki: Sopgen) -> None:
    (wiki.root / "procedures/data.yml").write_text("a: 1\n")
    result = adopt(wiki, "procedures/data.yml", "--owner", "ana")
    assert result.exit_code == 2
    assert result.output == ("Error: procedures/data.yml: not a Markdown page; adopt writes "
                             "front matter only into .md pages\n")
    assert (wiki.root / "procedures/data.yml").read_text() == "a: 1\n"


def test_links_leading_out_of_the_docs_folder_are_never_written_through(
        wiki: Sopgen, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "out.md").write_text("# Out\n")
    (wiki.root / "procedures/linked.md").symlink_to(outside / "out.md")
    (wiki.root / "procedures/shared").symlink_to(outside, target_is_directory=True)
    result = adopt(wiki, "procedures", "--owner", "ana")
    assert result.exit_code == 1
    assert ("Skipped procedures/linked.md: a link to a file outside the docs folder; "
            "nothing was written\n") in result.output
    assert ("Skipped procedures/shared/out.md: a link to a file outside the docs folder; "
            "nothing was written\n") in result.output
    result = adopt(wiki, "procedures/shared", "--owner", "ana", "--folder-defaults")
    assert result.exit_code == 2
    assert result.output == ("Error: procedures/shared: a link leading outside the docs folder "
                             "procedures/; adopt only the wiki's pages\n")
    assert sorted(p.name for p in outside.iterdir()) == ["out.md"]
    assert (outside / "out.md").read_text() == "# Out\n"


def test_a_read_only_page_is_skipped(wiki: Sopgen) -> None:
    page = wiki.page("procedures/frozen.md", "# Frozen\n")
    page.chmod(0o444)
    result = adopt(wiki, str(page), "--owner", "ana")
    assert result.exit_code == 1
    assert result.output == ("Skipped procedures/frozen.md: read-only; nothing was written\n"
                             "0 adopted, 1 skipped.\n")
    assert page.read_text() == "# Frozen\n"


def test_the_owner_cannot_be_their_own_backup(wiki: Sopgen) -> None:
    page = wiki.page("procedures/solo.md", "# Solo\n")
    result = adopt(wiki, "--owner", "ana", "--backup", "ana")
    assert (result.exit_code, result.output) == (
        2, "Error: --backup ana is the --owner: name a second person who can do it\n")
    assert page.read_text() == "# Solo\n"
