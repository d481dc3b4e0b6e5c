"""Setups teams really use: static-i18n, INHERIT, !ENV, a custom docs_dir, not_in_nav, pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Sopgen
from tests.linkcheck import broken_links
from tests.test_site import EPOCH, proc

I18N = """  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: fr
          name: Français
          build: true
"""


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def test_a_static_i18n_wiki_builds_with_a_box_in_each_language(wiki: Sopgen) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - search\n", "  - search\n" + I18N, 1))
    wiki.page("procedures/bake.md", proc("Bake bread", "maria", "2026-11-20",
                                         body="1. Knead the dough.\n"))
    wiki.page("procedures/bake.fr.md", proc("Faire le pain", "maria", "2026-11-20",
                                            body="1. Pétrir la pâte.\n"))
    result = wiki("build")
    assert result.exit_code == 0, result.output
    site = wiki.root / "site"
    english = (site / "bake" / "index.html").read_text(encoding="utf-8")
    french = (site / "fr" / "bake" / "index.html").read_text(encoding="utf-8")
    assert "sopgen-box" in english and "Knead" in english
    assert "sopgen-box" in french and "Pétrir" in french
    assert (site / "review" / "index.html").is_file()
    assert broken_links(site) == []


INHERITED = """site_name: Shared
theme:
  name: material
plugins:
  - search
  - sopgen:
      business: !ENV [WIKI_BUSINESS, Nobody Ltd]
      due_soon: 14d
"""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_inherit_env_and_a_custom_docs_dir(empty: Sopgen, engine: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (empty.root / "base.yml").write_text(INHERITED, encoding="utf-8")
    (empty.root / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Acme\n"
                                           "docs_dir: wiki-pages\n", encoding="utf-8")
    empty.page("wiki-pages/index.md", "---\nkind: page\n---\n# Home\n")
    empty.page("wiki-pages/accounts/shop.md", """
        ---
        kind: account
        title: Shop
        owner: maria
        backup: ana
        last_verified: 2026-11-20
        registered_to: Acme Bakery Ltd
        admins: [maria, ana]
        ---
        # Shop
        """)
    result = empty("check", "--today", "2026-11-23")
    assert result.exit_code == 1 and "not-business-owned" in result.output  # Nobody Ltd
    monkeypatch.setenv("WIKI_BUSINESS", "Acme Bakery Ltd")
    result = empty("check", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    result = empty("build", "--engine", engine)
    assert result.exit_code == 0, result.output
    shop = (empty.root / "site" / "accounts" / "shop" / "index.html").read_text(encoding="utf-8")
    assert "sopgen-box" in shop and "Acme Bakery Ltd" in shop
    assert (empty.root / "site" / "review" / "accounts" / "index.html").is_file()
    assert broken_links(empty.root / "site") == []


def test_check_and_the_site_agree_on_which_pages_exist(wiki: Sopgen) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text() + "not_in_nav: |\n  /hidden/\nexclude_docs: |\n"
                      "  /drafts/\n", encoding="utf-8")
    wiki.page("procedures/hidden/secret-menu.md", proc("Hidden", "maria", "2020-01-01"))
    wiki.page("procedures/drafts/idea.md", proc("Idea", "maria", "2020-01-01"))
    result = wiki("check", "--today", "2026-11-23", "--format", "github")
    assert "procedures/hidden/secret-menu.md" in result.output  # out of the nav, still a page
    assert "procedures/drafts/idea.md" not in result.output  # excluded: not a page at all
    result = wiki("build")
    assert result.exit_code == 0, result.output
    site = wiki.root / "site"
    assert (site / "hidden" / "secret-menu" / "index.html").is_file()
    assert not (site / "drafts").exists()
    dashboard = (site / "review" / "index.html").read_text(encoding="utf-8")
    assert "Hidden" in dashboard and "Idea" not in dashboard


def test_a_closed_pipe_ends_quietly(wiki: Sopgen) -> None:
    for n in range(200):  # more than a pipe holds, so the write meets the closed end
        wiki.page(f"procedures/p{n}.md", proc(f"Page {n}", "maria", "2026-11-20"))
    sopgen = Path(sys.executable).with_name("sopgen")
    for args in ("check --format json", "check", "report --format markdown"):
        done = subprocess.run(f"'{sopgen}' {args} | head -c1", shell=True, cwd=wiki.root,
                              capture_output=True, text=True, env=dict(os.environ))
        assert done.stderr == "", args
        assert len(done.stdout) == 1
