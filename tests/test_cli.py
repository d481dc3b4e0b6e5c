"""The command line as a whole: help, version, examples, no tracebacks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sopgen import __version__
from sopgen.cli import cli

COMMANDS = sorted(cli.commands)


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output == f"sopgen, version {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"sopgen {command} --help shows no example"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert f"sopgen {command}" in readme


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["nope"])
    assert result.exit_code == 2 and "No such command 'nope'" in result.output


def test_shell_completion_offers_the_wikis_templates(wiki, monkeypatch) -> None:
    """`sopgen new <TAB>` lists templates, the wiki's own too (no command is running yet)."""
    from click.shell_completion import ShellComplete

    (wiki.root / "templates" / "close-the-till.md.j2").write_text(
        "---\ntitle: {{ title }}\n---\n", encoding="utf-8")
    monkeypatch.chdir(wiki.root)
    complete = ShellComplete(cli, {}, "sopgen", "_SOPGEN_COMPLETE")
    names = [item.value for item in complete.get_completions(["new"], "c")]
    assert names == ["client-monthly-report", "client-onboarding", "close-the-till"]
