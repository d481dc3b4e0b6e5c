"""This repository is itself a wiki: its procedures check clean and it builds strictly."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from sopgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_repository_wiki_checks_without_errors() -> None:
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, ["check"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output


def test_repository_wiki_has_the_four_core_procedures() -> None:
    titles = "\n".join(p.read_text() for p in (ROOT / "procedures").rglob("*.md"))
    for words in ("newsletter", "social media", "autoresponder", "website"):
        assert words in titles.lower()
