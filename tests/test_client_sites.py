"""A client's private site (`build --client`, `--each-client`) and `--client` on check, report
and handover: a text search of every output file finds nothing of any other client."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.clientwiki import BAKERY, BUSINESS, DENTIST, PODCAST, leaks, make_client_wiki
from tests.conftest import Sopgen

TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> Sopgen:
    """The three-client wiki, with the bakery's private site built into site/bakery."""
    wiki = Sopgen(tmp_path_factory.mktemp("agency"))
    assert wiki("init", "--business", "Sam Reyes VA Services").exit_code == 0
    make_client_wiki(wiki)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        result = wiki("build", "--client", "bakery")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Built the site of Crumb & Co (bakery) in site/bakery\n"
    return wiki


def test_the_bakery_site_holds_nothing_of_the_dentist_the_podcast_or_the_business(
        agency: Sopgen) -> None:
    site = agency.root / "site" / "bakery"
    assert (site / "search" / "search_index.json").exists() and (site / "sitemap.xml").exists()
    assert (site / "404.html").exists() and (site / "review" / "reviews.ics").exists()
    assert leaks(site, DENTIST + PODCAST + BUSINESS) == []


def test_the_whole_site_holds_everyone_so_the_search_above_can_fail(
        agency: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert agency("build", "--site-dir", "whole").exit_code == 0
    for words in (DENTIST, PODCAST, BUSINESS, BAKERY):
        assert len(leaks(agency.root / "whole", words)) >= len(words)


def test_the_bakery_site_has_the_bakerys_pages_and_the_shared_ones(agency: Sopgen) -> None:
    site = agency.root / "site" / "bakery"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Crumb & Co</title>" in home  # the display name (Material prints it raw)
    assert "Post the daily sourdough specials" in home and "Holiday cover rota" in home
    specials = (site / "bakery" / "daily-specials" / "index.html").read_text(encoding="utf-8")
    assert 'href="../mailchimp/">Crumb Mailchimp</a>' in specials  # its own client's account
    assert '<a href="../../review/tags/#croissant-days" class="md-tag">croissant-days</a>' \
        in specials
    tags = (site / "review" / "tags" / "index.html").read_text(encoding="utf-8")
    assert 'id="croissant-days"' in tags and "Post the daily sourdough specials" in tags
    assert (site / "bakery" / "logo.png").exists()
    assert (site / "common" / "holiday-cover" / "index.html").exists()  # client: all
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("sourdough" in doc["text"] for doc in index["docs"])
    people = sorted(p.name for p in (site / "review" / "people").iterdir() if p.is_dir())
    assert people == ["jo", "rosa", "sam"]  # those who hold its pages, no one else
    calendar = (site / "review" / "reviews.ics").read_text(encoding="utf-8")
    assert "Post the daily sourdough specials" in calendar


def test_each_client_gets_its_own_site(agency: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    result = agency("build", "--each-client", "--site-dir", "clients")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Built the site of Crumb & Co (bakery) in clients/bakery\n"
        "Built the site of Bright Smile Dental (dentist) in clients/dentist\n"
        "Built the site of Wavelength Radio (podcast) in clients/podcast\n")
    sites = agency.root / "clients"
    assert leaks(sites / "dentist", BAKERY + PODCAST + BUSINESS) == []
    assert leaks(sites / "podcast", BAKERY + DENTIST + BUSINESS) == []
    assert "Send the molar recall letters" in (sites / "dentist" / "index.html").read_text()


@pytest.mark.parametrize("args, message", [
    (["build", "--client", "bakrey"], "Error: --client bakrey: no such client in mkdocs.yml "
                                      "(clients: bakery, dentist, podcast)\n"),
    (["build", "--client", "bakery", "--each-client"],
     "Error: --client and --each-client: give one of them\n"),
    (["check", "--client", "nope"], "Error: --client nope: no such client in mkdocs.yml "
                                    "(clients: bakery, dentist, podcast)\n"),
    (["report", "--client", "nope"], "Error: --client nope: no such client in mkdocs.yml "
                                     "(clients: bakery, dentist, podcast)\n"),
])
def test_no_such_client_is_exit_2_naming_the_choices(agency: Sopgen, args: list[str],
                                                     message: str) -> None:
    result = agency(*args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_check_report_and_handover_scope_to_one_client(agency: Sopgen) -> None:
    plain = agency("check", "--client", "bakery", "--today", TODAY)
    assert (plain.exit_code, plain.stdout) == (0, "No problems in 3 pages; procedures: 3 fresh.\n")
    check = agency("check", "--client", "bakery", "--format", "json", "--today", TODAY)
    files = {p["path"] for p in json.loads(check.stdout)["pages"]}
    assert files == {"procedures/bakery/daily-specials.md", "procedures/bakery/mailchimp.md",
                     "procedures/common/holiday-cover.md"}
    assert all(f["path"] in files for f in json.loads(check.stdout)["findings"])
    report = agency("report", "--client", "bakery", "--by", "owner", "--today", TODAY)
    assert report.exit_code == 0
    assert leaks_in(report.stdout, DENTIST + PODCAST + BUSINESS) == []
    assert "Post the daily sourdough specials" in report.stdout
    handover = agency("handover", "sam", "--client", "bakery", "--today", TODAY)
    assert handover.exit_code == 0
    assert "Crumb Mailchimp" in handover.stdout and "Holiday cover rota" in handover.stdout
    assert leaks_in(handover.stdout, DENTIST + PODCAST + BUSINESS) == []
    everything = agency("handover", "sam", "--today", TODAY)
    assert "Send our own invoice run" in everything.stdout  # the scope is what hid it


def leaks_in(text: str, words: list[str]) -> list[str]:
    return [w for w in words if w in text.casefold()]


def test_a_nav_naming_other_clients_pages_and_links_is_pruned(
        agency: Sopgen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = agency.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    try:
        config.write_text(original + (
            "nav:\n  - Home: index.md\n  - Bakery:\n    - bakery/daily-specials.md\n"
            "  - Dentist:\n    - Molar recalls: dentist/recall-letters.md\n"
            "    - Bright Smile portal: https://brightsmile.example/portal\n"
            "  - Payroll: admin/invoices.md\n"), encoding="utf-8")
        result = agency("build", "--client", "bakery", "--site-dir", str(tmp_path / "nav"))
    finally:
        config.write_text(original, encoding="utf-8")
    assert result.exit_code == 0, result.output
    assert leaks(tmp_path / "nav", DENTIST + PODCAST + BUSINESS) == []
    specials = (tmp_path / "nav" / "bakery" / "daily-specials" / "index.html").read_text()
    assert "Post the daily sourdough specials" in specials


def test_a_secret_anywhere_stops_a_client_site(agency: Sopgen, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    page = agency.page("procedures/bakery/till.md", """
        ---
        title: Open the till
        owner: jo
        backup: sam
        last_verified: 2026-11-01
        client: bakery
        ---
        The till password: Hunter2-Crumb-77
        """)
    try:
        result = agency("build", "--client", "bakery", "--site-dir", str(tmp_path / "s"))
    finally:
        page.unlink()
    assert result.exit_code == 1
    assert "1 secret in the docs; no site was written" in result.stderr
    assert "Hunter2-Crumb-77" not in result.output
    assert not (tmp_path / "s" / "index.html").exists()


def test_mkdocs_build_of_a_config_with_site_client_gives_the_private_site(
        agency: Sopgen, tmp_path: Path) -> None:
    import subprocess
    import sys

    config = agency.root / "dentist.yml"  # mkdocs.yml with one setting more
    text = (agency.root / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("      business:", "      site_client: dentist\n      business:"),
                      encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config),
                               "-d", str(tmp_path / "d")], capture_output=True, text=True,
                              env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""}, check=False)
    finally:
        config.unlink()
    assert done.returncode == 0, done.stderr
    assert leaks(tmp_path / "d", BAKERY + PODCAST + BUSINESS) == []
    assert "<title>Bright Smile Dental</title>" in (tmp_path / "d" / "index.html").read_text()


def test_a_folders_meta_yml_puts_its_pages_on_the_clients_site(
        agency: Sopgen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    folder = agency.root / "procedures" / "crumb-extra"
    agency.page("procedures/crumb-extra/.meta.yml", "client: bakery\nowner: jo\nbackup: sam\n")
    agency.page("procedures/crumb-extra/proofing.md", """
        ---
        title: Proof the rye overnight
        last_verified: 2026-11-01
        ---
        1. Cover the rye bowls.
        """)
    try:
        result = agency("build", "--client", "dentist", "--site-dir", str(tmp_path / "d"))
        assert result.exit_code == 0, result.output
        result = agency("build", "--client", "bakery", "--site-dir", str(tmp_path / "b"))
        assert result.exit_code == 0, result.output
    finally:
        shutil.rmtree(folder)
    assert leaks(tmp_path / "d", ["rye"]) == []
    page = (tmp_path / "b" / "crumb-extra" / "proofing" / "index.html").read_text()
    assert "Proof the rye overnight" in page and "Jo Park" in page


def test_other_pages_tags_on_a_client_site_are_the_clients_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki = Sopgen(tmp_path)
    assert wiki("init", "--business", "Sam Reyes VA Services").exit_code == 0
    make_client_wiki(wiki)
    # Pages that are not procedures list under their tags too (Material's listing did).
    wiki.page("procedures/bakery/about.md", "---\nkind: page\nclient: bakery\n"
              "tags: [croissant-days, oven-notes]\n---\n# About the ovens\n")
    wiki.page("procedures/dentist/about.md", "---\nkind: page\nclient: dentist\n"
              "tags: [croissant-days, molar-notes]\n---\n# Molar glossary\n")
    assert wiki("build", "--client", "bakery", "--site-dir", "bakery").exit_code == 0
    site = tmp_path / "bakery"
    assert leaks(site, DENTIST + PODCAST + BUSINESS) == []
    tags = (site / "review" / "tags" / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="../../bakery/about/">About the ovens</a></li>' in tags
    about = (site / "bakery" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../review/tags/#oven-notes" class="md-tag">oven-notes</a>' in about
    assert wiki("build", "--site-dir", "whole").exit_code == 0
    whole = (tmp_path / "whole" / "review" / "tags" / "index.html").read_text(encoding="utf-8")
    assert "Molar glossary" in whole and 'id="molar-notes"' in whole
