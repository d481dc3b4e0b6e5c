"""`sopgen new`: a page from a template, prompts, and every bad input refused without loss."""

from __future__ import annotations

import pytest

from sopgen.cli import base as cli_base
from tests.conftest import Sopgen


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person is at a terminal, so sopgen prompts."""
    monkeypatch.setattr(cli_base, "interactive", lambda: True)


def test_new_with_all_values_writes_the_page(wiki: Sopgen) -> None:
    result = wiki("new", "newsletter-send", "--title", "Send the weekly newsletter",
                  "--owner", "ana", "--no-input")
    assert result.exit_code == 0
    assert result.output == ("Created procedures/send-the-weekly-newsletter.md "
                             "from template newsletter-send\n")
    text = (wiki.root / "procedures/send-the-weekly-newsletter.md").read_text()
    # Nobody has followed it yet: a draft, claiming no verification.
    assert text.startswith("---\ntitle: Send the weekly newsletter\nowner: ana\nbackup:\n"
                           "review_every: 90d\nlifecycle: draft\n")
    assert "last_verified" not in text and "verified_by" not in text
    assert wiki("check").exit_code == 0


def test_a_new_page_is_a_draft_on_the_site_until_its_first_verify(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    wiki("new", "social-update", "--title", "Post the menu", "--owner", "ana", "--backup", "ben",
         "--no-input")
    result = wiki("check", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["findings"] == []
    assert [(p["status"], p["last_verified"], p["verified_by"]) for p in document["pages"]] == [
        ("draft", None, None)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    assert wiki("build").exit_code == 0, "drafts are published, so someone can follow them"
    html = (wiki.root / "site/post-the-menu/index.html").read_text()
    assert '<div class="sopgen-box sopgen-draft" data-status="draft"' in html
    assert ">Draft</span>" in html and '<span class="sopgen-missing">never</span>' in html
    index = json.loads((wiki.root / "site/search/search_index.json").read_text())
    assert any(doc["location"] == "post-the-menu/" for doc in index["docs"])
    verified = wiki("verify", "procedures/post-the-menu.md", "--by", "ben")
    assert verified.exit_code == 0
    assert verified.output.endswith(", verified_by (none) -> ben, lifecycle draft -> active\n")
    document = json.loads(wiki("check", "--format", "json").output)
    assert [(p["status"], p["verified_by"]) for p in document["pages"]] == [("fresh", "ben")]


def test_new_prompts_on_a_terminal(wiki: Sopgen, terminal: None) -> None:
    answers = "\n".join(["Send the newsletter", "ana", "ben", "Brevo", "", "Friday", "", "", ""])
    result = wiki("new", "newsletter-send", input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "Title of the procedure [Send the newsletter]: " in result.output
    assert "Day it goes out (Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday) " \
           "[Tuesday]: " in result.output
    text = (wiki.root / "procedures/send-the-newsletter.md").read_text()
    assert "owner: ana\nbackup: ben\n" in text
    assert "Every Friday at 10:00 local time the newsletter goes to the **Newsletter " \
           "subscribers** list in\nBrevo." in text


def test_new_prompt_rejects_a_bad_choice_and_asks_again(wiki: Sopgen, terminal: None) -> None:
    answers = ["T", "ana", "", "", "", "Someday", "Monday", "", "", ""]
    result = wiki("new", "newsletter-send", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Error: 'Someday' is not one of" in result.output
    assert "Every Monday" in (wiki.root / "procedures/t.md").read_text()


def test_new_without_terminal_names_every_missing_value(wiki: Sopgen) -> None:
    result = wiki("new", "blank")
    assert result.exit_code == 2
    assert result.output == "Error: missing values for template blank: --title, --owner\n"
    result = wiki("new", "newsletter-send")  # it has a default title
    assert result.output == "Error: missing value for template newsletter-send: --owner\n"
    assert list((wiki.root / "procedures").iterdir()) == [wiki.root / "procedures/index.md"]


def test_new_uses_the_template_default_title(wiki: Sopgen) -> None:
    result = wiki("new", "social-update", "--owner", "ana", "--no-input")
    assert result.exit_code == 0
    assert (wiki.root / "procedures/post-the-social-media-update.md").exists()


def test_new_no_input_fails_for_a_template_variable_without_default(wiki: Sopgen) -> None:
    wiki.page("templates/t.md.j2", "{#\ndescription: x\nvariables:\n  tool: {prompt: Tool}\n#}\n"
              "{% include '_front-matter.md.j2' %}\n{{ tool }}\n")
    result = wiki("new", "t", "--title", "X", "--owner", "ana", "--no-input")
    assert result.exit_code == 2
    assert result.output == "Error: missing value for template t: --set tool=...\n"


def test_new_set_fills_template_variables(wiki: Sopgen) -> None:
    result = wiki("new", "site-update", "--title", "Update hours", "--owner", "li", "--no-input",
                  "--set", "cms=Squarespace", "--set", "site_url=https://shop.example")
    assert result.exit_code == 0
    text = (wiki.root / "procedures/update-hours.md").read_text()
    assert "How to change the content of https://shop.example in Squarespace" in text


def test_new_refuses_unknown_set_keys_naming_them(wiki: Sopgen) -> None:
    result = wiki("new", "site-update", "--title", "X", "--owner", "li", "--no-input",
                  "--set", "colour=red", "--set", "size=2")
    assert result.exit_code == 2
    assert result.output.startswith("Error: unknown variables for template site-update: "
                                    "colour, size (it takes: title, owner, backup, cms, ")


def test_new_refuses_a_bad_choice(wiki: Sopgen) -> None:
    result = wiki("new", "newsletter-send", "--title", "X", "--owner", "a", "--no-input",
                  "--set", "send_day=Someday")
    assert result.exit_code == 2
    assert "send_day must be one of Monday, Tuesday" in result.output


def test_new_refuses_a_malformed_set(wiki: Sopgen) -> None:
    result = wiki("new", "blank", "--title", "X", "--owner", "a", "--set", "novalue")
    assert result.exit_code == 2
    assert result.output == "Error: --set novalue: expected KEY=VALUE\n"


def test_new_never_overwrites_without_force(wiki: Sopgen) -> None:
    args = ("new", "blank", "--title", "Order flour", "--owner", "ana", "--no-input")
    assert wiki(*args).exit_code == 0
    path = wiki.root / "procedures/order-flour.md"
    path.write_text("my own words\n")
    result = wiki(*args)
    assert result.exit_code == 2
    assert result.output == ("Error: procedures/order-flour.md already exists: choose another "
                             "title, or pass --force to replace it\n")
    assert path.read_text() == "my own words\n"
    assert wiki(*args, "--force").exit_code == 0
    assert path.read_text().startswith("---\ntitle: Order flour\n")


@pytest.mark.parametrize("section", ["../x", "/tmp/x", "a/../../b", ".hidden"])
def test_new_refuses_a_dir_outside_the_docs(wiki: Sopgen, section: str) -> None:
    result = wiki("new", "blank", "--title", "X", "--owner", "a", "--no-input", "--dir", section)
    assert result.exit_code == 2
    assert f"--dir {section}: must be a folder inside procedures/" in result.output
    assert not (wiki.root / "x").exists() and not (wiki.root.parent / "x.md").exists()


def test_new_dir_and_client_choose_the_folder(wiki: Sopgen) -> None:
    assert wiki("new", "blank", "--title", "A", "--owner", "a", "--no-input",
                "--dir", "marketing/email").exit_code == 0
    assert (wiki.root / "procedures/marketing/email/a.md").exists()
    result = wiki("new", "blank", "--title", "B", "--owner", "a", "--no-input",
                  "--client", "Bakery Co")
    assert result.output == "Created procedures/bakery-co/b.md from template blank\n"
    assert "client: Bakery Co\n" in (wiki.root / "procedures/bakery-co/b.md").read_text()


@pytest.mark.parametrize(("title", "file"), [
    ("Café: opening hours / winter!", "cafe-opening-hours-winter.md"),
    ("Αποστολή newsletter", "apostole-newsletter.md"),  # every script folds to ASCII
    ("../../etc/passwd", "etc-passwd.md"),
])
def test_new_slugs_the_title_safely(wiki: Sopgen, title: str, file: str) -> None:
    result = wiki("new", "blank", "--title", title, "--owner", "a", "--no-input")
    assert result.exit_code == 0
    assert (wiki.root / "procedures" / file).exists()


def test_new_refuses_a_title_without_letters(wiki: Sopgen) -> None:
    result = wiki("new", "blank", "--title", "!!!", "--owner", "a", "--no-input")
    assert result.exit_code == 2
    assert "has no letters or digits to name the file after" in result.output


def test_new_title_with_yaml_characters_stays_valid(wiki: Sopgen) -> None:
    result = wiki("new", "blank", "--title", "Backups: weekly #1 [important]", "--owner", "a",
                  "--no-input")
    assert result.exit_code == 0
    text = (wiki.root / "procedures/backups-weekly-1-important.md").read_text()
    assert "title: 'Backups: weekly #1 [important]'\n" in text


def test_new_outside_a_wiki(empty: Sopgen) -> None:
    result = empty("new", "blank", "--title", "X", "--owner", "a")
    assert result.exit_code == 2
    assert result.output.startswith("Error: no mkdocs.yml found in ")
    assert "run `sopgen init` to make a wiki" in result.output


def test_new_lists_only_existing_accounts_in_uses(wiki: Sopgen) -> None:
    wiki("new", "newsletter-send", "--title", "Before", "--owner", "a", "--no-input")
    assert "uses: []\n" in (wiki.root / "procedures/before.md").read_text()
    wiki("new", "account", "--title", "Mailchimp", "--owner", "maria", "--backup", "li",
         "--no-input", "--dir", "accounts")
    wiki("new", "newsletter-send", "--title", "After", "--owner", "a", "--no-input")
    assert "uses: [mailchimp]\n" in (wiki.root / "procedures/after.md").read_text()
    assert wiki("check").exit_code == 0


def test_new_refuses_people_outside_the_team(wiki: Sopgen) -> None:
    from tests.conftest import set_team

    set_team(wiki.root)
    result = wiki("new", "blank", "--title", "X", "--owner", "zoe", "--no-input")
    assert result.exit_code == 2
    assert result.output == ("Error: --owner zoe: not in the team list of mkdocs.yml "
                             "(known: ana, ben, maria)\n")
    result = wiki("new", "blank", "--title", "X", "--owner", "ana", "--backup", "zed",
                  "--no-input")
    assert result.output.startswith("Error: --backup zed: not in the team list")
    assert not (wiki.root / "procedures/x.md").exists()


def test_new_prompts_owner_from_the_team(wiki: Sopgen, terminal: None) -> None:
    from tests.conftest import set_team

    set_team(wiki.root)
    result = wiki("new", "blank", "--title", "X", input="zoe\nana\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Owner (the person accountable) (ana, ben, maria): " in result.output
    assert "Error: 'zoe' is not one of 'ana', 'ben', 'maria'." in result.output


def test_new_asks_again_for_every_bad_answer_and_keeps_the_others(wiki: Sopgen,
                                                                  terminal: None) -> None:
    from tests.conftest import set_team

    set_team(wiki.root)
    wiki("new", "blank", "--title", "Taken", "--owner", "ana", "--no-input")
    answers = ["Taken", "!!!", "Send it",  # title: its page exists; no letters; then fine
               "", "zoe", "ana",  # owner: needed; on the team
               "zed", "",  # backup: on the team, or none
               "Do it", "Open the app; password: Hunter2!; Send",  # goal, steps: never a secret
               "Open the app; Send"]
    result = wiki("new", "blank", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert ("Error: procedures/taken.md already exists: choose another title (or pass --force "
            "to replace it)") in result.output
    assert "Error: the title '!!!' has no letters or digits to name the file after" in result.output
    assert "Error: 'zoe' is not one of 'ana', 'ben', 'maria'." in result.output
    assert "Error: 'zed' is not one of 'ana', 'ben', 'maria'." in result.output
    assert "Error: a password (****, 8 characters) must not be written into a page" \
        in result.output
    text = (wiki.root / "procedures/send-it.md").read_text()
    assert "title: Send it\nowner: ana\nbackup:\n" in text
    assert "1. Open the app\n2. Send\n" in text and "Hunter2" not in text


def test_new_refuses_a_given_value_before_asking_anything(wiki: Sopgen, terminal: None) -> None:
    from tests.conftest import set_team

    set_team(wiki.root)
    result = wiki("new", "blank", "--owner", "zoe", input="T\n")
    assert result.exit_code == 2
    assert result.output == ("Error: --owner: zoe: not in the team list of mkdocs.yml "
                             "(known: ana, ben, maria)\n")


def test_new_asks_again_for_a_bad_duration(wiki: Sopgen, terminal: None) -> None:
    wiki.page("templates/t.md.j2", "{#\ndescription: x\nvariables:\n"
              "  review_every: {prompt: How often, default: 90d}\n#}\n"
              "---\ntitle: {{ title|yaml }}\nowner: {{ owner|yaml }}\n"
              "review_every: {{ review_every|yaml }}\nlifecycle: draft\n---\n\n# T\n")
    result = wiki("new", "t", input="T\nana\n\nsoon\n6m\n")
    assert result.exit_code == 0, result.output
    assert "Error: expected a duration like 90d, 12w, 6m or 1y, got 'soon'" in result.output
    assert "review_every: 6m\n" in (wiki.root / "procedures/t.md").read_text()
    result = wiki("new", "t", "--title", "U", "--owner", "ana", "--set", "review_every=soon",
                  "--no-input")
    assert result.output == ("Error: --set review_every: expected a duration like 90d, 12w, 6m "
                             "or 1y, got 'soon'\n")
