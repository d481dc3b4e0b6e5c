"""mkdocs.yml read as MkDocs reads it (!ENV, INHERIT, Python tags), and settings validated as
MkDocs validates them, without `sopgen check` importing MkDocs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Sopgen, set_team

PAGE = ("---\nowner: zed\nbackup: maria\nlast_verified: 2026-11-01\nreview_every: 90d\n---\n\n"
        "# Steps\n\n1. Do it.\n")


def findings(wiki: Sopgen) -> tuple[int, list[tuple[str, str]]]:
    result = wiki("check", "--format", "json", "--today", "2026-11-23")
    return result.exit_code, [(f["rule"], f["message"]) for f in
                              json.loads(result.output)["findings"]]


def test_inherit_merges_the_named_file_beneath(wiki: Sopgen) -> None:
    set_team(wiki.root)  # the sopgen settings, with a team list, move to the parent file
    (wiki.root / "mkdocs.yml").rename(wiki.root / "base.yml")
    (wiki.root / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Child\n")
    wiki.page("procedures/p.md", PAGE)
    code, found = findings(wiki)
    assert code == 1
    assert [rule for rule, _ in found] == ["unknown-person"]
    assert "zed" in found[0][1]


def test_inherit_of_a_missing_file_is_exit_2(wiki: Sopgen) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text("INHERIT: nope.yml\n" + config.read_text())
    result = wiki("check")
    assert result.exit_code == 2
    assert (f"Error: {config}: Inherited config file 'nope.yml' does not exist at "
            f"'{wiki.root / 'nope.yml'}'.") in result.output


def test_env_tags_with_defaults_and_python_tags_that_never_run(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOP_NOT_SET", raising=False)
    config = wiki.root / "mkdocs.yml"
    marker = wiki.root / "ran"
    config.write_text(
        config.read_text().replace("due_soon: 14d", "due_soon: !ENV [SOP_NOT_SET, 30d]")
        + "extra:\n  hook: !!python/object/apply:pathlib.Path.touch "
        f"[!!python/object/apply:pathlib.Path ['{marker}']]\n"
        "  index: !!python/name:material.extensions.emoji.twemoji\n")
    # Verified 2026-11-01 every 90d: due 2027-01-30; 25 days before, due soon only within 30.
    wiki.page("procedures/p.md", PAGE.replace("owner: zed", "owner: ana"))
    result = wiki("check", "--format", "json", "--today", "2027-01-05")
    assert result.exit_code == 0, result.output
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["due-soon"]
    assert not marker.exists()  # a Python tag names code; reading the settings never runs it


def test_settings_errors_name_the_option_as_mkdocs_does(wiki: Sopgen) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("due_soon: 14d", "due_soon: 14d\n      box: maybe"))
    result = wiki("check")
    assert result.exit_code == 2
    assert result.output == (f"Error: {config}: 1 invalid sopgen setting:\n"
                             "  sopgen.box: Expected type: <class 'bool'> but received: "
                             "<class 'str'>\n")


def test_a_build_reports_bad_and_unknown_settings_as_mkdocs_does(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text.replace("due_soon: 14d", "due_soon: 14d\n      colour: blue"))
    result = wiki("build")
    assert result.exit_code == 0, result.output
    assert ("Config value 'plugins': Plugin 'sopgen' option 'colour': Unrecognised "
            "configuration name: colour") in result.output
    config.write_text(text.replace("due_soon: 14d",
                                   "due_soon: 14d\n      procedures_in_nav: sometimes"))
    result = wiki("build")  # refused before MkDocs starts, in the words `sopgen check` uses
    assert result.exit_code == 2
    assert result.output.endswith("mkdocs.yml: 1 invalid sopgen setting:\n  sopgen.procedures_in_nav: "
                                  "Expected one of: (True, False, 'auto') but received: "
                                  "'sometimes'\n")


def test_check_imports_no_mkdocs(wiki: Sopgen) -> None:
    wiki.page("procedures/p.md", PAGE.replace("owner: zed", "owner: ana"))
    code = ("import sys\nfrom sopgen.cli import cli\n"
            "try:\n    cli(['check', '--format', 'json', '--today', '2026-11-23'])\n"
            "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
            "heavy = {'mkdocs', 'material', 'markdown', 'jinja2', 'ruamel', 'pathspec'}\n"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=wiki.root, capture_output=True,
                          text=True, check=False,
                          env={"PYTHONPATH": str(Path(__file__).parents[1]), "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["findings"] == []
    assert done.stderr.splitlines()[-1] == "[]"  # ~0.15 s of every check, not spent
