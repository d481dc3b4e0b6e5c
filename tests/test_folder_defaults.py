"""Clients in the settings, and folder defaults (`.meta.yml`): schema, inheritance, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sopgen.config import Settings
from sopgen.errors import ConfigError
from tests.conftest import Sopgen, set_team

CLIENTS = """\
      clients:
        bakery:
          name: Crumb & Co
          legal_name: Crumb & Co Ltd
          people:
            rosa: {name: Rosa Diaz, role: owner}
        dentist:
          name: Bright Smile Dental
          legal_name: Bright Smile Dental LLP
          people:
            drlee: {name: Dr Lee, role: practice owner}
"""

PROCEDURE = """---
title: {title}
{extra}last_verified: 2026-11-01
---

1. Do the thing.
"""


def set_clients(root: Path, clients: str = CLIENTS) -> None:
    """Add a `clients:` block to the wiki's sopgen settings."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("      due_soon: 14d", "      due_soon: 14d\n" + clients.rstrip("\n"), 1)
    config.write_text(text, encoding="utf-8")


def findings(wiki: Sopgen, *args: str) -> list[tuple[str, int | None, str, str]]:
    result = wiki("check", "--format", "json", "--today", "2026-11-23", *args)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"], f["rule"], f["message"])
            for f in json.loads(result.output)["findings"]]


def pages(wiki: Sopgen) -> dict[str, dict[str, object]]:
    result = wiki("check", "--format", "json", "--today", "2026-11-23", "--fail-on", "never")
    return {p["path"]: p for p in json.loads(result.output)["pages"]}


def meta(wiki: Sopgen, folder: str, text: str) -> None:
    wiki.page(f"procedures/{folder}/.meta.yml", text)


def test_clients_are_validated_and_have_helpers() -> None:
    settings = Settings.of({"business": "Sam Reyes VA Services", "clients": {
        "bakery": {"name": "Crumb & Co", "legal_name": "Crumb & Co Ltd",
                   "people": {"rosa": {"name": "Rosa Diaz", "role": "owner"}}},
        "podcast": None}})
    assert settings.client("bakery") == {
        "name": "Crumb & Co", "legal_name": "Crumb & Co Ltd",
        "people": {"rosa": {"name": "Rosa Diaz", "role": "owner", "external": False,
                            "email": ""}}}
    assert settings.client_name("bakery") == "Crumb & Co"
    assert settings.client_name("podcast") == "podcast"
    assert settings.client_name("nobody") == "nobody"
    assert settings.client_name(None) is None
    assert settings.client("nobody") is None
    assert settings.is_client_person("bakery", "rosa")
    assert not settings.is_client_person("podcast", "rosa")
    assert settings.person_name("rosa", "bakery") == "Rosa Diaz"
    assert settings.person_name("rosa") == "Rosa Diaz"
    assert settings.owner_of_record("bakery") == "Crumb & Co Ltd"
    assert settings.owner_of_record("podcast") == "podcast"  # no legal name: its name
    assert settings.owner_of_record(None) == "Sam Reyes VA Services"


@pytest.mark.parametrize(("clients", "message"), [
    ("[bakery]", "sopgen.clients: clients must map each client's slug to {name: ..., "
                 "legal_name: ..., people: ...}"),
    ("{bakery: [x]}", "sopgen.clients: clients.bakery must be a mapping like {name: ..., "
                      "legal_name: ...}"),
    ("{bakery: {nmae: Crumb}}", "sopgen.clients: clients.bakery has unknown keys: nmae (known: "
                                "legal_name, name, people)"),
    ("{bakery: {legal_name: [x]}}", "sopgen.clients: clients.bakery.legal_name must be text"),
    ("{bakery: {people: {rosa: [x]}}}", "sopgen.clients: clients.bakery.people.rosa must be a "
                                        "mapping like {name: ..., role: ...}"),
    ("{bakery: {people: [rosa]}}", "sopgen.clients: clients.bakery.people must map each "
                                   "person's handle to their details"),
    ("{bakery: {people: {rosa: {external: maybe}}}}",
     "sopgen.clients: clients.bakery.people.rosa.external must be true or false"),
    ("{Bakery Shop: {}}", "sopgen.clients: clients.Bakery Shop: a client's key must be a slug "
                          "(lowercase letters, digits and hyphens), like bakery-shop"),
    ("{all: {}}", "sopgen.clients: clients.all: `all` is reserved (`client: all` marks a page "
                  "for every client): name the client otherwise"),
])
def test_bad_clients_name_the_client_and_field(wiki: Sopgen, clients: str, message: str) -> None:
    set_clients(wiki.root, f"      clients: {clients}\n")
    result = wiki("check")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].strip() == message
    with pytest.raises(ConfigError):
        Settings.of({"clients": __import__("yaml").safe_load(clients)})


def test_folder_defaults_apply_to_every_page_beneath(wiki: Sopgen) -> None:
    set_team(wiki.root, "{sam: {name: Sam Reyes}, li: {name: Li}}")
    set_clients(wiki.root)
    meta(wiki, "bakery", "client: bakery\nowner: sam\nbackup: rosa\nreview_every: 60d\n"
                         "tags: [baking]\n")
    wiki.page("procedures/bakery/order-flour.md", PROCEDURE.format(title="Order flour", extra=""))
    wiki.page("procedures/bakery/socials/post.md", PROCEDURE.format(title="Post", extra=""))
    assert findings(wiki) == []
    seen = pages(wiki)
    flour = seen["procedures/bakery/order-flour.md"]
    assert (flour["client"], flour["owner"], flour["backup"], flour["next_review"]) == (
        "bakery", "sam", "rosa", "2026-12-31")
    assert seen["procedures/bakery/socials/post.md"]["owner"] == "sam"


def test_nearest_folder_wins_and_the_page_wins_over_all(wiki: Sopgen) -> None:
    set_clients(wiki.root)
    meta(wiki, "clients", "owner: maria\nbackup: ana\nclient: bakery\n")
    meta(wiki, "clients/dentist", "client: dentist\n")
    wiki.page("procedures/clients/dentist/a.md", PROCEDURE.format(title="A", extra=""))
    wiki.page("procedures/clients/dentist/b.md",
              PROCEDURE.format(title="B", extra="client: bakery\nowner: li\n"))
    seen = pages(wiki)
    a, b = seen["procedures/clients/dentist/a.md"], seen["procedures/clients/dentist/b.md"]
    assert (a["client"], a["owner"], a["backup"]) == ("dentist", "maria", "ana")
    assert (b["client"], b["owner"], b["backup"]) == ("bakery", "li", "ana")


def test_folder_defaults_do_not_make_an_index_page_a_procedure(wiki: Sopgen) -> None:
    meta(wiki, "bakery", "owner: maria\nbackup: ana\n")
    wiki.page("procedures/bakery/index.md", "# The bakery\n\nEverything for Crumb & Co.\n")
    wiki.page("procedures/bakery/about.md",
              "---\ntitle: About\nkind: page\n---\nText.\n")
    assert findings(wiki) == []
    assert "procedures/bakery/index.md" not in pages(wiki)


def test_a_bad_value_in_folder_defaults_names_the_meta_file(wiki: Sopgen) -> None:
    meta(wiki, "bakery", "owner: maria\nbackup: ana\nreview_every: often\n")
    wiki.page("procedures/bakery/a.md", PROCEDURE.format(title="A", extra=""))
    [(file, line, rule, message)] = findings(wiki)
    assert (file, line, rule) == ("procedures/bakery/a.md", None, "field-invalid")
    assert message.endswith("(set for the folder by bakery/.meta.yml)")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("owner: maria\nbackup: [ana\n", 3, "not valid YAML: "),
    ("- owner\n- maria\n", 1, "must be a mapping of fields, not a list"),
    ("owner: maria\nowner: ana\n", 2, "owner appears twice (lines 1 and 2): keep one, YAML "
                                      "would silently use the last"),
    ("a: &x [1]\nb: *x\n", 2, "uses a YAML alias (*x): write the value out instead"),
])
def test_a_malformed_meta_file_is_a_finding_naming_its_line(wiki: Sopgen, text: str, line: int,
                                                             message: str) -> None:
    meta(wiki, "bakery", text)
    wiki.page("procedures/bakery/a.md",
              PROCEDURE.format(title="A", extra="owner: li\nbackup: ben\n"))
    result = wiki("check", "--today", "2026-11-23")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [(file, at, rule, said)] = findings(wiki)
    assert (file, at, rule) == ("procedures/bakery/.meta.yml", line, "front-matter")
    assert said.startswith(message)
    assert said.endswith("(folder defaults: nothing applied from it)")


def test_a_secret_in_a_meta_file_is_found_and_never_repeated(wiki: Sopgen) -> None:
    token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
    meta(wiki, "bakery", f"owner: maria\nbackup: ana\ndescription: key {token}\n")
    wiki.page("procedures/bakery/a.md", PROCEDURE.format(title="A", extra=""))
    result = wiki("check", "--format", "json", "--today", "2026-11-23")
    assert token not in result.output
    rules = [(f["path"], f["line"], f["rule"]) for f in json.loads(result.output)["findings"]]
    assert rules == [("procedures/bakery/.meta.yml", 3, "secret")]


def test_an_undeclared_client_is_an_error_when_clients_are_declared(wiki: Sopgen) -> None:
    wiki.page("procedures/a.md",
              PROCEDURE.format(title="A", extra="owner: maria\nbackup: ana\nclient: bakkery\n"))
    assert findings(wiki) == []  # no clients declared: any name is fine, as before
    set_clients(wiki.root)
    meta(wiki, "shared", "client: all\n")
    wiki.page("procedures/shared/b.md",
              PROCEDURE.format(title="B", extra="owner: maria\nbackup: ana\n"))
    meta(wiki, "vet", "client: vet\n")
    wiki.page("procedures/vet/c.md", PROCEDURE.format(title="C", extra="owner: maria\n"
                                                                        "backup: ana\n"))
    assert findings(wiki) == [
        ("procedures/a.md", 5, "unknown-client",
         "client 'bakkery' is not declared under `clients:` in mkdocs.yml (clients: bakery, "
         "dentist, or `all`)"),
        ("procedures/vet/c.md", None, "unknown-client",
         "client 'vet' is not declared under `clients:` in mkdocs.yml (clients: bakery, "
         "dentist, or `all`) (set for the folder by vet/.meta.yml)"),
    ]


def test_a_clients_people_are_known_on_its_pages_only(wiki: Sopgen) -> None:
    set_team(wiki.root, "{sam: {name: Sam Reyes}}")
    set_clients(wiki.root)
    wiki.page("procedures/bakery/a.md",
              PROCEDURE.format(title="A", extra="client: bakery\nowner: sam\nbackup: rosa\n"))
    wiki.page("procedures/dentist/b.md",
              PROCEDURE.format(title="B", extra="client: dentist\nowner: sam\nbackup: rosa\n"))
    assert findings(wiki) == [
        ("procedures/dentist/b.md", 5, "unknown-person",
         "backup 'rosa' is not in the team list of mkdocs.yml nor among the people of client "
         "dentist (known: drlee, sam)"),
    ]


def test_this_wikis_own_site_copy_leaves_meta_files_out(wiki: Sopgen, tmp_path: Path) -> None:
    set_clients(wiki.root)
    meta(wiki, "bakery", "client: bakery\nowner: maria\nbackup: ana\ntags: [baking]\n"
                         "description: '<script>alert(1)</script>'\n")
    wiki.page("procedures/bakery/order-flour.md", PROCEDURE.format(title="Order flour", extra=""))
    result = wiki("build", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert not list(site.rglob(".meta.yml"))
    html = (site / "bakery" / "order-flour" / "index.html").read_text(encoding="utf-8")
    assert "maria" in html and "baking" in html  # the box and Material's tags follow the folder
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html  # escaped


def test_a_meta_files_findings_go_with_the_pages_it_covers(wiki: Sopgen) -> None:
    meta(wiki, "bakery", "owner: [maria\n")
    wiki.page("procedures/bakery/a.md", PROCEDURE.format(title="A", extra="owner: li\n"
                                                                          "backup: ben\n"))
    wiki.page("procedures/other/b.md", PROCEDURE.format(title="B", extra="owner: li\n"
                                                                         "backup: ben\n"))
    assert [f[2] for f in findings(wiki, "procedures/other")] == []
    assert [f[2] for f in findings(wiki, "procedures/bakery/a.md")] == ["front-matter"]


def test_a_build_stops_on_a_secret_in_a_meta_file(wiki: Sopgen, tmp_path: Path) -> None:
    token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
    meta(wiki, "bakery", f"owner: maria\nbackup: ana\ndescription: {token}\n")
    wiki.page("procedures/bakery/a.md", PROCEDURE.format(title="A", extra=""))
    result = wiki("build", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code != 0
    assert token not in result.output and "bakery/.meta.yml" in result.output
    assert not (tmp_path / "site" / "bakery").exists()


def test_verify_stamps_a_page_that_inherits_its_owner(wiki: Sopgen) -> None:
    meta(wiki, "bakery", "owner: maria\nbackup: ana\n")
    path = wiki.page("procedures/bakery/a.md", PROCEDURE.format(title="A", extra=""))
    result = wiki("verify", "procedures/bakery/a.md", "--by", "ana", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == PROCEDURE.format(title="A", extra="").replace(
        "last_verified: 2026-11-01", "last_verified: 2026-11-20\nverified_by: ana")


def test_a_page_without_front_matter_takes_its_folders_defaults(wiki: Sopgen) -> None:
    """A folder adopted with --folder-defaults: its pages need no front matter of their own."""
    set_team(wiki.root)
    meta(wiki, "old", "owner: ana\nbackup: ben\nfirst_review: 2026-12-25\n")
    wiki.page("procedures/old/close.md", "# Close the till\n\n1. Count it.\n")
    wiki.page("procedures/old/index.md", "# Old procedures\n")
    wiki.page("procedures/elsewhere.md", "# No defaults here\n")
    assert findings(wiki) == [
        ("procedures/elsewhere.md", 1, "front-matter",
         "no front matter: the page must start with ---"),
        ("procedures/old/close.md", None, "unverified",
         "never verified: first review due by 2026-12-25 (in 32 days); ana must follow the "
         "steps and run `sopgen verify procedures/old/close.md --by NAME`"),
    ]
    assert pages(wiki)["procedures/old/close.md"]["status"] == "unverified"
    assert "procedures/old/index.md" not in pages(wiki)  # an index page stays a page
