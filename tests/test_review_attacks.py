"""Regressions from the security and new-user review of client sites, the pack and the export:
each test is an attack that worked before its fix."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.clientwiki import DENTIST, leaks, make_client_wiki
from tests.conftest import Sopgen

TODAY = "2026-11-23"


@pytest.fixture
def agency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sopgen:
    """The three-client wiki, with a bakery page that points into the dentist's folders."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki = Sopgen(tmp_path)
    assert wiki("init", "--business", "Sam Reyes VA Services").exit_code == 0
    make_client_wiki(wiki)
    # A folder of the dentist's with no pages of its own, given to it by its .meta.yml only.
    (wiki.root / "procedures/scans").mkdir()
    (wiki.root / "procedures/scans/.meta.yml").write_text("client: dentist\n", encoding="utf-8")
    (wiki.root / "procedures/scans/molar-scan.png").write_bytes(b"\x89PNG\r\n\x1a\nmolar-scan")
    wiki.page("procedures/bakery/borrowed.md", """
        ---
        title: Borrow a picture
        owner: jo
        backup: sam
        last_verified: 2026-11-01
        client: bakery
        ---
        1. Look at ![a picture](../dentist/x-ray.png) and ![another](../scans/molar-scan.png).
        2. Keep the [payroll sheet](../admin/payroll.txt) handy.
        3. Compare with [the other list](../dentist/recall-letters.md#top).
        """)
    return wiki


def test_a_link_from_a_bakery_page_carries_no_dentist_file_to_the_bakery_site(
        agency: Sopgen) -> None:
    result = agency("build", "--client", "bakery")
    assert result.exit_code == 0, result.output
    site = agency.root / "site" / "bakery"
    assert not (site / "dentist" / "x-ray.png").exists()
    assert not (site / "scans" / "molar-scan.png").exists()
    # A file of the business's own folder that a bakery page links to is still the bakery's.
    assert (site / "admin" / "payroll.txt").exists()
    assert leaks(site, DENTIST) == []  # nor the address of a dentist's page or picture
    page = (site / "bakery" / "borrowed" / "index.html").read_text(encoding="utf-8")
    assert "<a>the other list</a>" in page and '<img alt="a picture" />' in page


def test_a_link_from_a_bakery_page_embeds_no_dentist_file_in_the_bakery_pack(
        agency: Sopgen) -> None:
    result = agency("pack", "--client", "bakery", "--output", "crumb.html", "--today", TODAY)
    assert result.exit_code == 0, result.output
    pack = (agency.root / "crumb.html").read_text(encoding="utf-8")
    for secret in (b"\x89PNG\r\n\x1a\nmolar-xray", b"\x89PNG\r\n\x1a\nmolar-scan"):
        assert base64.b64encode(secret).decode() not in pack
    assert "[image: a picture]" in pack and "[image: another]" in pack
    # The bakery's own logo is still embedded.
    assert base64.b64encode(b"\x89PNG\r\n\x1a\ncrumb-logo").decode() in pack


def test_the_pack_embeds_no_file_from_outside_the_docs_folder(wiki: Sopgen,
                                                               tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("home") / "id_rsa.png"
    outside.write_bytes(b"PRIVATE-KEY-OF-THIS-MACHINE")
    hidden = wiki.root / "procedures" / ".env.png"
    hidden.write_bytes(b"HIDDEN-DOTFILE")
    (wiki.root / "procedures" / "linked.png").symlink_to(outside)
    wiki.page("procedures/look.md", f"""
        ---
        title: Look around
        owner: maria
        backup: ana
        last_verified: 2026-11-01
        ---
        ![absolute]({outside}) ![climbing](../../../../../../../..{outside})
        ![dotfile](.env.png) ![link](linked.png)
        """)
    result = wiki("pack", "--output", "all.html", "--today", TODAY)
    assert result.exit_code == 0, result.output
    pack = (wiki.root / "all.html").read_text(encoding="utf-8")
    assert "data:" not in pack
    for words in ("absolute", "climbing", "dotfile", "link"):
        assert f"[image: {words}]" in pack


@pytest.mark.parametrize("args", [["--each-client"], ["--client", "../../keep"]])
def test_a_pages_client_text_cannot_send_a_site_outside_the_site_folder(
        tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "thesis.txt").write_text("years of work\n", encoding="utf-8")
    wiki = Sopgen(tmp_path / "w")
    wiki.root.mkdir()
    assert wiki("init", "--business", "Acme Bakery Ltd").exit_code == 0  # declares no clients
    wiki.page("procedures/a.md", """
        ---
        title: A
        owner: maria
        last_verified: 2026-11-01
        client: ../../keep
        ---
        # A
        """)
    result = wiki("build", *args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {args[0]}: client '../../keep' cannot name the site's folder (pages' `client:` "
        "text): declare the clients under `clients:` in the sopgen settings, each a slug of "
        "lowercase letters, digits and hyphens\n")
    assert (keep / "thesis.txt").read_text(encoding="utf-8") == "years of work\n"
    assert sorted(p.name for p in keep.iterdir()) == ["thesis.txt"]
    assert not (wiki.root / "site").exists()


def test_names_from_the_settings_are_text_on_zensicals_generated_pages(wiki: Sopgen) -> None:
    """The people and client pages' titles come from the settings: Zensical prints them raw."""
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      due_soon: 14d", "      due_soon: 14d\n"
        "      team: {ana: {name: '<img src=x onerror=alert(1)>'}}\n"
        "      clients: {bakery: {name: '<svg onload=alert(2)>', legal_name: Crumb}}", 1),
        encoding="utf-8")
    wiki.page("procedures/bakery/bake.md", """
        ---
        title: Bake
        owner: ana
        last_verified: 2026-11-01
        client: bakery
        ---
        # Bake
        """)
    result = wiki("build", "--engine", "zensical")
    assert result.exit_code == 0, result.output
    people = (wiki.root / "site" / "review" / "people" / "ana" / "index.html")
    assert "&lt;img src=x onerror=alert(1)&gt;" in people.read_text(encoding="utf-8")
    for page in (wiki.root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for live in ("<img src=x", "<svg onload"):
            assert live not in html.split("<title>")[0] + html.split("</title>")[-1], (page, live)


def test_repo_url_and_edit_uri_cannot_inject_markup_or_a_script_link(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "docs_dir: procedures", "docs_dir: procedures\n"
        "repo_url: 'https://example.com/r\"><img src=x onerror=alert(1)>'\n"
        "edit_uri: 'javascript:alert(2)//'", 1)
    config.write_text(text.replace("    - navigation.top", "    - navigation.top\n"
                                   "    - content.action.edit", 1), encoding="utf-8")
    wiki.page("procedures/we'ird\"/steps.md", """
        ---
        title: Steps
        owner: maria
        backup: ana
        last_verified: 2026-11-01
        ---
        - [ ] one
        - [ ] two
        """)
    result = wiki("build")
    assert result.exit_code == 0, result.output
    page = (wiki.root / "site" / "we'ird\"" / "steps" / "index.html").read_text(encoding="utf-8")
    assert 'class="sopgen-follow-command"' in page  # the panel is there, without an edit link
    assert "sopgen-follow-edit" not in page and "javascript:" not in page
    assert 'href="https://example.com/r%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E"' in page
    for html in (p.read_text(encoding="utf-8") for p in (wiki.root / "site").rglob("*.html")):
        assert "<img src=x" not in html


def test_an_edit_link_keeps_its_address_with_quotes_in_the_file_name_encoded(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "docs_dir: procedures", "docs_dir: procedures\nrepo_url: https://github.com/acme/wiki\n"
        "edit_uri: edit/main/procedures/", 1), encoding="utf-8")
    wiki.page('procedures/a"b.md', """
        ---
        title: Quoted
        owner: maria
        backup: ana
        last_verified: 2026-11-01
        ---
        - [ ] one
        """)
    assert wiki("build").exit_code == 0
    page = (wiki.root / "site" / 'a"b' / "index.html").read_text(encoding="utf-8")
    assert ('class="sopgen-follow-edit" href="https://github.com/acme/wiki/edit/main/procedures/'
            'a%22b.md"') in page


def test_a_bakery_page_in_the_dentists_folder_takes_none_of_its_defaults(
        agency: Sopgen) -> None:
    (agency.root / "procedures/.meta.yml").write_text("review_every: 30d\n", encoding="utf-8")
    (agency.root / "procedures/dentist/.meta.yml").write_text(
        "client: dentist\ntags: [molar-care]\ndescription: Bright Smile procedures\n",
        encoding="utf-8")
    agency.page("procedures/dentist/misplaced.md", """
        ---
        title: Order the flour
        owner: jo
        backup: sam
        last_verified: 2026-11-01
        client: bakery
        ---
        # Order the flour
        """)
    result = agency("check", "--format", "json", "--today", TODAY, "procedures/dentist")
    pages = {p["path"]: p for p in json.loads(result.stdout)["pages"]}
    # The wiki-wide default still applies; the dentist folder's own ones do not.
    assert pages["procedures/dentist/misplaced.md"]["next_review"] == "2026-12-01"
    assert pages["procedures/dentist/recall-letters.md"]["client"] == "dentist"
    assert agency("build", "--client", "bakery").exit_code == 0
    site = agency.root / "site" / "bakery"
    page = (site / "dentist" / "misplaced" / "index.html").read_text(encoding="utf-8")
    assert "Order the flour" in page  # its folder's name is in its address: the page's own
    assert leaks(site, [w for w in DENTIST if w != "dentist"] + ["molar-care"]) == []


def test_pack_never_writes_over_a_file_that_is_not_a_pack(wiki: Sopgen) -> None:
    workflow = wiki.root / ".github" / "workflows" / "procedures.yml"
    before = workflow.read_bytes()
    result = wiki("pack", "--output", ".github/workflows/procedures.yml", "--today", TODAY)
    assert (result.exit_code, result.stderr) == (2, (
        "Error: --output .github/workflows/procedures.yml: refusing to overwrite a file that is "
        "not an HTML pack: choose another name, or remove it first\n"))
    assert workflow.read_bytes() == before
    # An earlier pack is replaced, as any report is.
    assert wiki("pack", "--output", "pack.html", "--today", TODAY).exit_code == 0
    result = wiki("pack", "--output", "pack.html", "--today", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert "2026-11-24" in (wiki.root / "pack.html").read_text(encoding="utf-8")
