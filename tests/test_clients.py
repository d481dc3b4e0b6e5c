"""An assistant's wiki of three clients (bakery, dentist, podcast), end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Sopgen

TODAY = "2026-11-23"


@pytest.fixture
def va(empty: Sopgen) -> Sopgen:
    """An assistant's wiki, set up right: three clients, each with its folder and accounts."""
    result = empty("init", "--business", "Sam Reyes VA Services", "--clients")
    assert result.exit_code == 0, result.output
    for slug, name, legal in (("bakery", "Crumb & Co", "Crumb & Co Ltd"),
                              ("dentist", "Bright Smile Dental", "Bright Smile Dental LLP"),
                              ("podcast", "Night Owls Podcast", "Night Owls Media Inc")):
        result = empty("client", "add", slug, "--name", name, "--legal-name", legal)
        assert result.exit_code == 0, result.output
    config = empty.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "      due_soon: 14d",
        "      due_soon: 14d\n      team: {sam: {name: Sam Reyes, role: owner}, "
        "jo: {name: Jo Park, role: virtual assistant, external: true}}", 1)
    people = {"bakery": "rosa: {name: Rosa Diaz, role: owner}",
              "dentist": "drlee: {name: Dr Lee}", "podcast": "max: {name: Max Ito}"}
    for slug, person in people.items():
        text = text.replace(f"legal_name: {_legal(slug)}}}",
                            f"legal_name: {_legal(slug)}, people: {{{person}}}}}")
    config.write_text(text, encoding="utf-8")
    for slug, admin in (("bakery", "rosa"), ("dentist", "drlee"), ("podcast", "max")):
        (empty.root / f"procedures/{slug}/.meta.yml").write_text(
            f"client: {slug}\nowner: sam\nbackup: jo\n", encoding="utf-8")
        empty.page(f"procedures/{slug}/mailchimp.md", account(
            "Mailchimp", _legal(slug), f"[{admin}, sam]", f"news@{slug}.example"))
        empty.page(f"procedures/{slug}/send-newsletter.md", procedure("Send the newsletter",
                                                                      "[mailchimp]"))
    (empty.root / "procedures/shared").mkdir()
    (empty.root / "procedures/shared/.meta.yml").write_text("owner: sam\nbackup: jo\n",
                                                             encoding="utf-8")
    empty.page("procedures/shared/1password.md", account(
        "1Password", "Sam Reyes VA Services", "[sam, jo]", "ops@samreyes.example"))
    return empty


def _legal(slug: str) -> str:
    return {"bakery": "Crumb & Co Ltd", "dentist": "Bright Smile Dental LLP",
            "podcast": "Night Owls Media Inc"}[slug]


def account(title: str, registered: str, admins: str, login: str) -> str:
    return f"""---
kind: account
title: {title}
last_verified: 2026-11-01
registered_to: {registered}
login_email: {login}
admins: {admins}
credentials: 1Password vault "{title}"
---

# {title}
"""


def procedure(title: str, uses: str, extra: str = "") -> str:
    return f"""---
title: {title}
last_verified: 2026-11-01
uses: {uses}
{extra}---

# {title}

1. Log in.
2. Send it.
"""


def findings(wiki: Sopgen) -> list[tuple[str, int | None, str, str]]:
    result = wiki("check", "--format", "json", "--today", TODAY)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"], f["rule"], f["message"])
            for f in json.loads(result.output)["findings"]]


def test_the_three_client_wiki_checks_clean_when_set_up_right(va: Sopgen) -> None:
    assert findings(va) == []
    result = va("check", "--today", TODAY)
    assert result.exit_code == 0, result.output


def test_a_client_account_registered_to_the_assistant_is_flagged(va: Sopgen) -> None:
    va.page("procedures/bakery/domain.md", account("Domain", "Sam Reyes VA Services",
                                                   "[rosa, sam]", "web@bakery.example"))
    assert findings(va) == [(
        "procedures/bakery/domain.md", 5, "not-business-owned",
        "registered to 'Sam Reyes VA Services', not the client Crumb & Co (bakery), whose legal "
        "name is Crumb & Co Ltd: transfer it into the client's name")]


def test_a_client_account_with_only_external_admins_is_flagged(va: Sopgen) -> None:
    va.page("procedures/dentist/instagram.md", account("Instagram", "Bright Smile Dental LLP",
                                                       "[sam, jo]", "social@dentist.example"))
    assert findings(va) == [(
        "procedures/dentist/instagram.md", 7, "external-only-admin",
        "no admin (sam, jo) is one of the client Bright Smile Dental's own people (drlee): make "
        "someone inside the client an admin")]


def test_a_personal_login_email_is_a_warning(va: Sopgen) -> None:
    va.page("procedures/bakery/instagram.md", account("Instagram", "Crumb & Co Ltd",
                                                      "[rosa, sam]", "sam.reyes.va@gmail.com"))
    assert findings(va) == [(
        "procedures/bakery/instagram.md", 6, "personal-login",
        "logs in with sam.reyes.va@gmail.com, a personal gmail.com mailbox: if its holder "
        "leaves, so does the account; use an address at the client Crumb & Co's own domain")]
    result = va("check", "--today", TODAY)
    assert result.exit_code == 0  # a warning: CI passes at the default fail level


def test_uses_resolves_within_the_client_and_never_crosses_to_another(va: Sopgen) -> None:
    (va.root / "procedures/bakery/mailchimp.md").unlink()
    assert findings(va) == [(
        "procedures/bakery/send-newsletter.md", 4, "unknown-account",
        "uses names 'mailchimp': procedures/dentist/mailchimp.md belongs to client dentist, and "
        "a page of client bakery can use only its own client's accounts or shared ones")]


def test_shared_accounts_serve_every_client_and_the_path_form_picks_one(va: Sopgen) -> None:
    va.page("procedures/podcast/backup-vault.md",
            procedure("Back up the vault", "[1password]"))
    va.page("procedures/bakery/order-flour.md",
            procedure("Order flour", "[bakery/mailchimp]"))
    va.page("procedures/shared/other/1password.md", account(
        "1Password (old)", "Sam Reyes VA Services", "[sam, jo]", "ops@samreyes.example"))
    assert [f[:3] for f in findings(va)] == [
        ("procedures/podcast/backup-vault.md", 4, "unknown-account"),
    ]
    [(_, _, _, message)] = findings(va)
    assert message == ("uses names '1password', which could be procedures/shared/1password.md "
                       "and procedures/shared/other/1password.md: write the path instead "
                       "(e.g. shared/1password)")
    va.page("procedures/podcast/backup-vault.md",
            procedure("Back up the vault", "[other/1password]"))
    assert findings(va) == []


def test_the_site_shows_display_names_and_links_the_clients_own_account(
        va: Sopgen, tmp_path: Path) -> None:
    result = va("build", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    page = (site / "bakery/send-newsletter/index.html").read_text(encoding="utf-8")
    assert "<dt>Client</dt><dd>Crumb &amp; Co</dd>" in page
    assert 'href="../mailchimp/"' in page  # the bakery's own Mailchimp, not another client's
    client = (site / "review/clients/bakery/index.html").read_text(encoding="utf-8")
    assert "Client: Crumb &amp; Co" in client and "Crumb &amp; Co Ltd" in client
    assert "Client: bakery" not in client
    used = (site / "podcast/mailchimp/index.html").read_text(encoding="utf-8")
    assert "Used by" in used and used.count("Send the newsletter") >= 1
    assert "../../bakery/send-newsletter/" not in used
    assert not list(site.rglob(".meta.yml"))
    rosa = (site / "review/people/rosa/index.html").read_text(encoding="utf-8")
    assert "owner, at Crumb &amp; Co" in rosa and "not in the team list" not in rosa


def test_new_writes_the_clients_legal_name_and_refuses_an_unknown_client(va: Sopgen) -> None:
    result = va("new", "account", "--client", "bakery", "--title", "Domain", "--owner", "sam",
                "--backup", "rosa", "--no-input")
    assert result.exit_code == 0, result.output
    text = (va.root / "procedures/bakery/domain.md").read_text(encoding="utf-8")
    assert "registered_to: Crumb & Co Ltd\n" in text and "client: bakery\n" in text
    result = va("new", "account", "--client", "bakkery", "--title", "X", "--owner", "sam",
                "--no-input")
    assert result.exit_code == 2
    assert result.output == ("Error: --client bakkery: no such client in mkdocs.yml (clients: "
                             "bakery, dentist, podcast)\n")


def test_new_asks_for_the_client_on_a_terminal(va: Sopgen,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sopgen.cli.base.interactive", lambda: True)
    result = va("new", "quality-control", "--title", "Check the posts", "--owner", "sam",
                "--backup", "jo", input="dentist\n" + "\n" * 10)
    assert result.exit_code == 0, result.output
    assert "Client (none: the business's own page)" in result.output
    text = (va.root / "procedures/dentist/check-the-posts.md").read_text(encoding="utf-8")
    assert "client: dentist\n" in text and "This copy is for **Bright Smile Dental**." in text


def test_new_into_a_clients_folder_takes_the_client_from_its_meta_file(va: Sopgen) -> None:
    result = va("new", "account", "--dir", "podcast", "--title", "Spotify", "--owner", "sam",
                "--backup", "max", "--no-input")
    assert result.exit_code == 0, result.output
    text = (va.root / "procedures/podcast/spotify.md").read_text(encoding="utf-8")
    assert "registered_to: Night Owls Media Inc\n" in text


def test_handover_lists_pages_whose_steps_still_name_the_person(va: Sopgen) -> None:
    va.page("procedures/bakery/post.md", procedure(
        "Post on Instagram", "[]", "owner: jo\nbackup: sam\n").replace(
        "2. Send it.", "2. Ask Sam Reyes for the caption.\n3. Send it."))
    result = va("handover", "rosa", "--today", TODAY)
    assert result.exit_code == 0
    assert "Pages whose steps" not in result.output
    result = va("handover", "sam", "--format", "json", "--today", TODAY)
    mentioned = [p["path"] for p in json.loads(result.output)["mentioned"]]
    assert mentioned == ["procedures/bakery/post.md"]
    before = (va.root / "procedures/bakery/post.md").read_text(encoding="utf-8")
    result = va("handover", "sam", "--to", "jo", "--today", TODAY)
    assert ("Still named in the steps of procedures/bakery/post.md (Post on Instagram): edit the "
            "text by hand") in result.output
    assert ("Not changed in procedures/bakery/send-newsletter.md: owner is set for the folder by "
            "bakery/.meta.yml: change it there") in result.output
    after = (va.root / "procedures/bakery/post.md").read_text(encoding="utf-8")
    assert "2. Ask Sam Reyes for the caption." in after  # prose is never edited
    assert after.split("---")[2] == before.split("---")[2]


def test_client_add_keeps_comments_and_refuses_bad_input(va: Sopgen) -> None:
    config = (va.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "# Clients: add one with `sopgen client add" in config
    assert "      clients:\n        bakery: {name: Crumb & Co, legal_name: Crumb & Co Ltd" in config
    for args, message in (
            (("bakery", "--name", "X"), "Error: client bakery is already declared in "
                                        "mkdocs.yml; nothing was written\n"),
            (("Big Shop", "--name", "X"), "Error: 'Big Shop': a client's slug is lowercase "
                                          "letters, digits and hyphens, and not `all` "
                                          "(e.g. big-shop)\n"),
            (("all", "--name", "X"), "Error: 'all': a client's slug is lowercase letters, "
                                     "digits and hyphens, and not `all` (e.g. bakery)\n")):
        result = va("client", "add", *args)
        assert (result.exit_code, result.output) == (2, message)
    assert (va.root / "mkdocs.yml").read_text(encoding="utf-8") == config


def test_init_clients_starts_clean_and_can_name_clients(empty: Sopgen) -> None:
    result = empty("init", "va", "--business", "Sam Reyes VA Services", "--clients",
                   "--client", "bakery")
    assert result.exit_code == 0, result.output
    assert "Created va/procedures/bakery/.meta.yml" in result.output
    wiki = Sopgen(empty.root / "va")
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 0, result.output
    result = empty("init", "other", "--client", "bakery")
    assert (result.exit_code, result.output) == (2, "Error: --client needs --clients (an "
                                                    "assistant's wiki)\n")


def test_a_secret_in_a_clients_settings_is_found_and_masked(va: Sopgen) -> None:
    token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
    config = va.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "legal_name: Crumb & Co Ltd", f"legal_name: Crumb & Co Ltd {token}"), encoding="utf-8")
    result = va("check", "--format", "json", "--today", TODAY)
    assert token not in result.output
    assert ("mkdocs.yml", "secret") in [(f["path"], f["rule"])
                                        for f in json.loads(result.output)["findings"]]


def test_a_hostile_client_name_is_escaped_everywhere_it_lands(va: Sopgen, tmp_path: Path) -> None:
    result = va("client", "add", "evil", "--name", '<img src=x onerror=alert(1)> & "Co"',
                "--legal-name", "<b>Evil</b> Ltd")
    assert result.exit_code == 0, result.output
    va.page("procedures/evil/post.md", procedure("Post", "[]"))
    result = va("build", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    for path in (tmp_path / "site").rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".ics"):
            text = path.read_text(encoding="utf-8")
            assert "<img src=x" not in text and "<b>Evil" not in text, path


def test_report_by_client_shows_display_names(va: Sopgen) -> None:
    result = va("report", "--by", "client", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Crumb & Co (bakery)" in result.output
    assert "Night Owls Podcast (podcast)" in result.output


@pytest.mark.parametrize(("email", "flagged"), [
    ("ana.perez@hotmail.es", True), ("x@yahoo.co.uk", True), ("x@protonmail.com", True),
    ("x@GMX.de", True), ("x@icloud.com", True), ("ops@samreyes.example", False),
    ("x@gmail.company.example", False), ("not an address", False),
])
def test_personal_login_on_the_business_own_account(va: Sopgen, email: str,
                                                    flagged: bool) -> None:
    va.page("procedures/shared/1password.md", account(
        "1Password", "Sam Reyes VA Services", "[sam, jo]", email))
    found = [(f[2], f[3]) for f in findings(va)]
    if flagged:
        domain = email.rpartition("@")[2].lower()
        assert found == [("personal-login", f"logs in with {email}, a personal {domain} "
                          "mailbox: if its holder leaves, so does the account; use an address "
                          "at the business's own domain")]
    else:
        assert found == []
