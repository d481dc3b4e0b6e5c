"""One wiki built by MkDocs, ProperDocs and Zensical: the same boxes, dashboard, links and search."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Sopgen, set_team
from tests.linkcheck import broken_links
from tests.test_site import EPOCH, MAILCHIMP, proc

ENGINES = ("mkdocs", "properdocs", "zensical")
_BOX = re.compile(r'<div class="sopgen-box.*?</dl></div>', re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_TAG = re.compile(r"<[^>]+>")


def fill(wiki: Sopgen) -> None:
    """Give the wiki a team, sections with and without an index, an account, a client."""
    set_team(wiki.root)
    wiki.page("procedures/marketing/newsletter.md", proc(
        "Send the newsletter", "ana", "2026-11-01", extra="uses: [mailchimp]\nclient: Acme Co",
        body="# Send the newsletter\n\n1. Open the croissant campaign.\n2. Send it.\n"))
    wiki.page("procedures/marketing/social.md", proc("Post on Instagram", "ana", "2026-08-30"))
    wiki.page("procedures/website/index.md", "---\nkind: page\n---\n\n# Website\n\nAll of it.\n")
    wiki.page("procedures/website/update.md", proc("Update the website", "ben", "2026-08-01",
                                                  backup=None))
    wiki.page("procedures/accounts/mailchimp.md", MAILCHIMP)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build one wiki with each engine; return each site folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        wiki = Sopgen(tmp_path_factory.mktemp("engines"))
        assert wiki("init", "--business", "Acme Bakery Ltd").exit_code == 0
        fill(wiki)
        built = {}
        for engine in ENGINES:
            result = wiki("build", "--engine", engine, "--site-dir", f"site-{engine}")
            assert result.exit_code == 0, result.output
            built[engine] = wiki.root / f"site-{engine}"
        return built


def page_html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_relative_link_resolves(sites: dict[str, Path], engine: str) -> None:
    assert broken_links(sites[engine]) == []


def test_the_link_checker_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="../b/">b</a> <a href="../a/">a</a> <img src="x.png"> <a href="https://e.x/">e</a>'
        ' <a href="#top">t</a>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a/index.html -> ../b/", "a/index.html -> x.png"]


@pytest.mark.parametrize("url", ["marketing/newsletter", "website/update", "accounts/mailchimp"])
def test_the_same_box_on_every_engine(sites: dict[str, Path], url: str) -> None:
    # Zensical drops the attribute that keeps the box out of search, having honoured it.
    boxes = {engine: _BOX.findall(page_html(site, url).replace(" data-search-exclude", ""))
             for engine, site in sites.items()}
    assert len(boxes["mkdocs"]) == 1
    assert boxes["properdocs"] == boxes["mkdocs"]
    assert boxes["zensical"] == boxes["mkdocs"]


def test_the_box_sits_under_the_title_on_zensical(sites: dict[str, Path]) -> None:
    text = page_html(sites["zensical"], "marketing/newsletter")
    assert text.index("<h1") < text.index("sopgen-box") < text.index("croissant")
    assert "Maria Lopez" in text[text.index("sopgen-box"):]  # the backup, linked
    assert 'href="../../review/people/maria/"' in text


def dashboard_rows(site: Path) -> list[str]:
    text = page_html(site, "review")
    return [" ".join(_TAG.sub(" ", row).split()) for row in _ROW.findall(text)]


def test_the_same_dashboard_rows_on_every_engine(sites: dict[str, Path]) -> None:
    rows = {engine: dashboard_rows(site) for engine, site in sites.items()}
    assert "Update the website 2026-10-30 (24 days ago) 2026-08-01 nobody" in rows["mkdocs"]
    assert rows["properdocs"] == rows["mkdocs"]
    assert rows["zensical"] == rows["mkdocs"]


@pytest.mark.parametrize("engine", ENGINES)
def test_generated_pages_listings_calendars_and_css(sites: dict[str, Path], engine: str) -> None:
    site = sites[engine]
    for url in ("review", "review/people/ana", "review/people/ben", "review/accounts",
                "review/clients/acme-co"):
        assert "<table>" in page_html(site, url), url
    assert "Send the newsletter" in page_html(site, "review/clients/acme-co")
    listing = page_html(site, "marketing")  # no index.md there: one is made
    assert "In this section" in listing and "Post on Instagram" in listing
    assert "All of it." in page_html(site, "website") and "Update the website" in page_html(
        site, "website")
    assert (site / "review" / "reviews.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert (site / "review" / "people" / "ana.ics").is_file()
    assert (site / "assets" / "stylesheets" / "sopgen.css").is_file()
    assert "assets/stylesheets/sopgen.css" in page_html(site, "marketing/newsletter")


def search_hits(site: Path, word: str) -> set[str]:
    """Return the pages whose search entry holds the word, from either engine's index format."""
    index = site / "search" / "search_index.json"  # Material for MkDocs (and ProperDocs)
    if not index.exists():
        index = site / "search.json"  # Zensical: {"config", "items"}
    data = json.loads(index.read_text(encoding="utf-8"))
    entries = data.get("docs") or data.get("items")
    return {e["location"].split("#")[0] for e in entries
            if word.casefold() in (e["title"] + " " + e["text"]).casefold()}


@pytest.mark.parametrize("word", ["croissant", "Instagram"])
def test_the_same_search_hits_for_a_steps_word(sites: dict[str, Path], word: str) -> None:
    hits = {engine: search_hits(site, word) for engine, site in sites.items()}
    assert hits["mkdocs"], hits
    assert hits["properdocs"] == hits["mkdocs"]
    assert hits["zensical"] == hits["mkdocs"]


def test_a_properdocs_wiki_checks_builds_and_builds_with_properdocs(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    fill(wiki)
    (wiki.root / "mkdocs.yml").rename(wiki.root / "properdocs.yml")
    result = wiki("check", "--today", "2026-11-23", "--fail-on", "never")
    assert result.exit_code == 0 and "procedures/website/update.md" in result.output
    result = wiki("build")
    assert result.exit_code == 0, result.output
    assert "Building documentation" in result.output  # ProperDocs' own log, relayed
    assert _BOX.search(page_html(wiki.root / "site", "marketing/newsletter"))
    shutil.rmtree(wiki.root / "site")
    done = subprocess.run([sys.executable, "-m", "properdocs", "build"], cwd=wiki.root,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _BOX.search(page_html(wiki.root / "site", "marketing/newsletter"))
    assert broken_links(wiki.root / "site") == []


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_strict_fails_on_check_errors_whatever_the_engine(wiki: Sopgen, engine: str,
                                                           monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    fill(wiki)  # one stale page
    result = wiki("build", "--engine", engine, "--strict")
    assert result.exit_code == 1, result.output
    assert "procedures/website/update.md" in result.output and "[stale]" in result.output


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_a_secret_means_no_site_whatever_the_engine(wiki: Sopgen, engine: str) -> None:
    wiki.page("procedures/leak.md", proc("Leak", "maria", "2026-11-01",
                                         body="token ghp_" + "a1B2" * 9 + "\n"))
    result = wiki("build", "--engine", engine)
    assert result.exit_code != 0
    assert "secret" in result.output and "ghp_****" in result.output
    assert "a1B2a1B2" not in result.output
    assert not (wiki.root / "site").exists()
    assert not (wiki.root / ".cache" / "sopgen" / "zensical" / "docs").exists()


def test_the_engine_setting_and_an_engine_not_installed(wiki: Sopgen,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("      due_soon: 14d",
                                                 "      due_soon: 14d\n      engine: zensical"))
    result = wiki("build")
    assert result.exit_code == 0, result.output
    assert "Build finished" in result.output  # Zensical's log
    assert (wiki.root / "site" / "review" / "index.html").is_file()
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "zensical" else real(name, *a))
    result = wiki("build")
    assert result.exit_code == 2
    assert result.output == ("Error: the zensical engine is not installed here: `pip install "
                             "zensical` (or choose another with --engine)\n")


def test_export_writes_a_copy_each_engine_builds(wiki: Sopgen,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    fill(wiki)
    result = wiki("export", "out-mkdocs", "--engine", "mkdocs")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Exported 6 pages to out-mkdocs (")
    out = wiki.root / "out-mkdocs"
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- sopgen" not in config and "business:" not in config
    assert "extra_css:\n- assets/stylesheets/sopgen.css" in config
    newsletter = (out / "docs" / "marketing" / "newsletter.md").read_text(encoding="utf-8")
    assert 'href="../../review/people/ana/"' in newsletter  # URL-relative, for MkDocs
    assert (out / "docs" / "review" / "index.md").is_file()
    assert (out / "docs" / "marketing" / "index.md").is_file()  # the section's listing
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(out / "mkdocs.yml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert broken_links(out / "site") == []
    assert _BOX.search(page_html(out / "site", "marketing/newsletter"))

    result = wiki("export", "out-zensical", "--engine", "zensical")
    assert result.exit_code == 0, result.output
    zen = (wiki.root / "out-zensical" / "docs" / "marketing" / "newsletter.md").read_text()
    assert 'href="../review/people/ana.md"' in zen  # source-relative, for Zensical
    again = wiki("export", "out-zensical", "--engine", "zensical")
    assert "(0 files changed;" in again.output  # only what changed is written


def test_export_refuses_a_folder_it_did_not_write(wiki: Sopgen) -> None:
    (wiki.root / "mine").mkdir()
    (wiki.root / "mine" / "notes.txt").write_text("keep me")
    result = wiki("export", "mine")
    assert result.exit_code == 2
    assert result.output == ("Error: mine: already exists and is not an export of sopgen's: "
                             "choose a new or empty folder\n")
    result = wiki("export", "procedures/copy")
    assert result.exit_code == 2 and "outside the wiki's docs folder" in result.output
    assert (wiki.root / "mine" / "notes.txt").read_text() == "keep me"


HOSTILE = "<img src=x onerror=alert(1)>"


def test_hostile_front_matter_is_text_on_zensical(wiki: Sopgen) -> None:
    """Zensical escapes no page meta: the copy hands it escaped values, as the plugin does."""
    text = (wiki.root / "mkdocs.yml").read_text(encoding="utf-8")
    (wiki.root / "mkdocs.yml").write_text(
        re.sub(r"(?m)^site_name:.*$", f'site_name: "Crumb & {HOSTILE}"', text), encoding="utf-8")
    wiki.page("procedures/evil.md", f"""
        ---
        title: "</title><script>alert(3)</script>{HOSTILE}"
        owner: ana
        backup: ben
        last_verified: 2026-11-01
        description: '"><script>alert(6)</script>'
        tags: ["<i>tag</i>"]
        ---
        # Steps

        1. Do it.
        """)
    result = wiki("build", "--engine", "zensical")
    assert result.exit_code == 0, result.output
    for page in (wiki.root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for live in ("<script>alert", "<img src=x", "<i>tag"):
            assert live not in html, (page, live)
    evil = (wiki.root / "site" / "evil" / "index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;&lt;img" in evil


def test_export_refuses_a_name_that_would_be_markup(wiki: Sopgen) -> None:
    wiki.page(f"procedures/{HOSTILE}/steps.md", proc("Steps", "ana", "2026-11-01"))
    result = wiki("export", str(wiki.root.parent / "copy"), "--engine", "zensical")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: procedures/{HOSTILE}/steps.md: a name with < or > would be live markup in the "
        "copy's navigation (no engine without the plugin escapes it): rename it")
    assert not (wiki.root.parent / "copy").exists()


def test_an_export_keeps_python_tags_for_markdown_extensions(wiki: Sopgen) -> None:
    """`check` reads !!python/name as text; the copy's config must keep the real tag."""
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n", 1),
        encoding="utf-8")
    wiki.page("procedures/smile.md", proc("Smile", "ana", "2026-11-01",
                                          body="# Smile\n\n1. Smile :smile:\n"))
    assert wiki("check", "--today", "2026-11-20").exit_code in (0, 1)
    result = wiki("export", "out", "--engine", "mkdocs")
    assert result.exit_code == 0, result.output
    copy = (wiki.root / "out" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in copy
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(wiki.root / "out" / "mkdocs.yml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert 'class="twemoji"' in page_html(wiki.root / "out" / "site", "smile")


def test_an_export_resolves_uses_per_client_as_the_plugin_does(wiki: Sopgen) -> None:
    """Each client has a mailchimp: the copy links the page's own, and lists only its users."""
    from tests.clientwiki import make_client_wiki

    make_client_wiki(wiki)
    assert wiki("export", "out", "--engine", "zensical").exit_code == 0
    docs = wiki.root / "out" / "docs"
    specials = (docs / "bakery" / "daily-specials.md").read_text(encoding="utf-8")
    assert '<dt>Uses</dt><dd><a href="mailchimp.md">Crumb Mailchimp</a></dd>' in specials
    account = (docs / "bakery" / "mailchimp.md").read_text(encoding="utf-8")
    assert ('<dt>Used by</dt><dd><a href="daily-specials.md">Post the daily sourdough specials'
            '</a></dd>') in account
