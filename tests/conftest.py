"""Shared fixtures: a CliRunner, a fresh wiki made by `sopgen init`, golden-file comparison."""

from __future__ import annotations

import datetime as dt
import os
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sopgen.cli import cli

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 23)


class Sopgen:
    """Runs sopgen commands in a folder, the way a user would."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        old = Path.cwd()
        os.chdir(self.root)
        try:
            return self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        finally:
            os.chdir(old)

    def page(self, rel: str, text: str) -> Path:
        """Write a page (dedented) under the wiki root."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path


@pytest.fixture
def empty(tmp_path: Path) -> Sopgen:
    """An empty folder to run sopgen in."""
    return Sopgen(tmp_path)


@pytest.fixture
def wiki(tmp_path: Path) -> Sopgen:
    """A wiki freshly made by `sopgen init`, with a business and a team."""
    runner = Sopgen(tmp_path)
    result = runner("init", "--business", "Acme Bakery Ltd")
    assert result.exit_code == 0, result.output
    return runner


def set_team(root: Path, team: str = "{maria: {name: Maria Lopez}, ana: {name: Ana Perez, "
             "external: true}, ben: {name: Ben Okafor, external: true}}") -> None:
    """Add a team list to the wiki's sopgen settings."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("      due_soon: 14d", f"      due_soon: 14d\n      team: {team}", 1)
    config.write_text(text, encoding="utf-8")


def assert_golden(name: str, actual: str) -> None:
    """Compare text with tests/golden/NAME byte for byte (SOPGEN_UPDATE_GOLDEN=1 rewrites it)."""
    path = GOLDEN / name
    if os.environ.get("SOPGEN_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with SOPGEN_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


def count_forks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Read every wiki of two pages or more in parallel; record, for each chunk handed to
    another process, whether it was forked."""
    from sopgen.ahead import Ahead
    from sopgen.checks import reading

    monkeypatch.setattr(reading, "PARALLEL_FROM", 2)
    forked: list[bool] = []

    class Counted(Ahead):
        def __init__(self, work, fork: bool) -> None:
            super().__init__(work, fork)
            forked.append(self._process is not None)

    monkeypatch.setattr(reading, "Ahead", Counted)
    return forked


@pytest.fixture(autouse=True)
def _apprise_threads_end() -> Iterator[None]:
    """End the thread pools Apprise keeps for the process once a test has sent through it.

    A process running other threads is never forked (ahead.may_fork): left running, they would
    turn every later test's parallel reading into reading in one process.
    """
    yield
    core = sys.modules.get("apprise.apprise")
    for name in ("_shared_executor", "_coordinator_executor"):
        executor = getattr(core, name, None)
        if executor is not None:
            executor.shutdown(wait=True)
            setattr(core, name, None)
