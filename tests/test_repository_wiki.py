"""This repository is itself a wiki: its procedures check clean.

At a fixed date, so the suite gives the same answer every day: the real-date check, which
should fail when a procedure goes stale, runs in the repository's scheduled CI workflow
(.github/workflows/procedures.yml), not here.
"""

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
        result = CliRunner().invoke(cli, ["check", "--today", "2026-11-25"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output


def test_repository_wiki_has_the_four_core_procedures() -> None:
    titles = "\n".join(p.read_text() for p in (ROOT / "procedures").rglob("*.md"))
    for words in ("newsletter", "social media", "autoresponder", "website"):
        assert words in titles.lower()
