"""`sopgen handover`: what depends on a person, and moving it with a minimal diff."""

from __future__ import annotations

import difflib
import json

import pytest

from tests.conftest import Sopgen, set_team


@pytest.fixture
def team(wiki: Sopgen) -> Sopgen:
    """A wiki where Ana holds procedures, backups and accounts."""
    set_team(wiki.root)
    wiki.page("procedures/alone.md", "---\ntitle: Alone\nowner: ana\nlast_verified: 2026-11-01\n"
              "---\n1. Step.\n")
    wiki.page("procedures/newsletter.md", "---\ntitle: Newsletter  # weekly\nowner: ana\n"
              "backup: maria\nlast_verified: 2026-11-01\n---\n1. Send.\n")
    wiki.page("procedures/social.md", "---\ntitle: Social\nowner: maria\nbackup: 'ana'\n"
              "last_verified: 2026-11-01\n---\n1. Post.\n")
    wiki.page("procedures/site.md", "---\ntitle: Site\nowner: ben\nbackup: ana\n"
              "last_verified: 2026-11-01\n---\n1. Update.\n")
    wiki.page("procedures/accounts/domain.md", "---\nkind: account\ntitle: Domain\nowner: ana\n"
              "last_verified: 2026-11-01\nregistered_to: Ana Perez\nadmins: [ana]\n---\n")
    wiki.page("procedures/accounts/mailchimp.md", "---\nkind: account\ntitle: Mailchimp\n"
              "owner: maria\nlast_verified: 2026-11-01\nregistered_to: Acme Bakery Ltd\n"
              "admins:\n  - maria   # owner\n  - ana\n---\n")
    wiki.page("procedures/accounts/hosting.md", "---\nkind: account\ntitle: Hosting\n"
              "owner: maria\nlast_verified: 2026-11-01\nregistered_to: Acme Bakery Ltd\n"
              "admins: [ana, ben]\n---\n")
    return wiki


def test_handover_lists_everything_that_depends_on_the_person(team: Sopgen) -> None:
    result = team("handover", "ana", "--today", "2026-11-23")
    assert result.exit_code == 0
    assert result.output == """\
What depends on Ana Perez (ana):

Procedures they own (no backup first) (2):
  Fresh     Alone  (procedures/alone.md; no backup)
  Fresh     Newsletter  (procedures/newsletter.md; backup maria)

Procedures they back up (2):
  Fresh     Site  (procedures/site.md; owner ben)
  Fresh     Social  (procedures/social.md; owner maria)

Accounts where they are the only admin (1):
  Fresh     Domain  (procedures/accounts/domain.md; nobody else can get in)

Accounts they can administer, with others (2):
  Fresh     Hosting  (procedures/accounts/hosting.md; other admins: ben)
  Fresh     Mailchimp  (procedures/accounts/mailchimp.md; other admins: maria)

Accounts registered to them: transfer these to the business (1):
  Fresh     Domain  (procedures/accounts/domain.md; nobody else can get in)

Account pages they own (1):
  Fresh     Domain  (procedures/accounts/domain.md; nobody else can get in)

To move it all: sopgen handover ana --to OTHER --dry-run
"""


def test_handover_json_and_markdown(team: Sopgen) -> None:
    document = json.loads(team("handover", "ana", "--format", "json", "--today", "2026-11-23").output)
    assert document["version"] == 1 and document["name"] == "Ana Perez"
    assert [p["path"] for p in document["owns"]] == ["procedures/alone.md",
                                                     "procedures/newsletter.md"]
    assert [p["path"] for p in document["only_admin"]] == ["procedures/accounts/domain.md"]
    markdown = team("handover", "ana", "--format", "markdown", "--today", "2026-11-23").output
    assert markdown.startswith("## What depends on Ana Perez\n\n### Procedures they own")
    assert "| Alone (`procedures/alone.md`) | Fresh | no backup |" in markdown


def test_dry_run_writes_nothing(team: Sopgen) -> None:
    before = {p: p.read_bytes() for p in (team.root / "procedures").rglob("*.md")}
    result = team("handover", "ana", "--to", "maria", "--dry-run")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "Would change procedures/alone.md: owner ana -> maria"
    assert {p: p.read_bytes() for p in before} == before


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_handover_to_moves_only_those_values(team: Sopgen) -> None:
    docs = team.root / "procedures"
    before = {p.relative_to(docs).as_posix(): p.read_text() for p in docs.rglob("*.md")}
    result = team("handover", "ana", "--to", "maria")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Changed procedures/alone.md: owner ana -> maria",
        "Changed procedures/newsletter.md: owner ana -> maria; backup maria -> (none: maria is "
        "now the owner; name a new backup)",
        "Changed procedures/accounts/domain.md: owner ana -> maria; admins: ana -> maria",
        "Changed procedures/site.md: backup ana -> maria",
        "Changed procedures/social.md: backup ana -> (none: maria owns it; name a new backup)",
        "Changed procedures/accounts/hosting.md: admins: ana -> maria",
        "Changed procedures/accounts/mailchimp.md: admins: ana removed (maria is already an "
        "admin)",
        "Still registered to ana: procedures/accounts/domain.md (Domain): transfer it to the "
        "business with the provider, then update registered_to",
    ]
    after = {p.relative_to(docs).as_posix(): p.read_text() for p in docs.rglob("*.md")}
    changes = {name: diff(before[name], after[name]) for name in before
               if before[name] != after[name]}
    assert changes == {
        "alone.md": ["-owner: ana", "+owner: maria"],
        "newsletter.md": ["-owner: ana", "-backup: maria", "+owner: maria", "+backup:"],
        "social.md": ["-backup: 'ana'", "+backup:"],
        "site.md": ["-backup: ana", "+backup: maria"],
        "accounts/domain.md": ["-owner: ana", "+owner: maria", "-admins: [ana]",
                               "+admins: [maria]"],
        "accounts/hosting.md": ["-admins: [ana, ben]", "+admins: [maria, ben]"],
        "accounts/mailchimp.md": ["-  - ana"],
    }
    # Only the registration is left: the provider must transfer it, not sopgen.
    left = team("handover", "ana").output
    assert "Accounts registered to them: transfer these to the business (1):" in left
    assert "Procedures they own" not in left and "Accounts they can administer" not in left


def test_no_page_is_left_owned_and_backed_up_by_one_person(team: Sopgen) -> None:
    team("handover", "ana", "--to", "maria")
    result = json.loads(team("check", "--format", "json").output)
    assert all(p["owner"] != p["backup"] for p in result["pages"] if p["backup"])


@pytest.mark.parametrize(("args", "message"), [
    (("zoe",), "Error: zoe holds nothing: no page names them as owner, backup, admin or "
               "registrant (the team list has: ana, ben, maria)\n"),
    (("ana", "--to", "zoe"), "Error: --to zoe: not in the team list of mkdocs.yml (known: ana, "
                             "ben, maria)\n"),
    (("ana", "--to", "ana"), "Error: --to ana: that is the person handing over\n"),
    (("ana", "--to", " "), "Error: --to must name a person\n"),
])
def test_handover_bad_input(team: Sopgen, args: tuple[str, ...], message: str) -> None:
    before = {p: p.read_bytes() for p in (team.root / "procedures").rglob("*.md")}
    result = team("handover", *args)
    assert result.exit_code == 2
    assert result.output == message
    assert {p: p.read_bytes() for p in before} == before
