"""`sopgen init`: a new wiki that builds and checks clean at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import Sopgen


def test_init_writes_the_wiki(empty: Sopgen) -> None:
    result = empty("init", "w", "--business", "Acme Bakery Ltd")
    assert result.exit_code == 0
    assert result.output == (
        "Created w/mkdocs.yml\n"
        "Created w/procedures/index.md\n"
        "Created w/templates/README.md\n"
        "Created w/requirements.txt\n"
        "Created w/.github/workflows/procedures.yml\n"
        "\n"
        "Next: cd w && sopgen new newsletter-send\n"
    )
    config = (empty.root / "w" / "mkdocs.yml").read_text()
    assert "business: Acme Bakery Ltd" in config
    assert "navigation.prune" in config
    assert "site_name: Acme Bakery Ltd procedures" in config


def test_init_workflow_checks_and_reports(empty: Sopgen) -> None:
    empty("init", "--business", "Acme")
    workflow = yaml.safe_load((empty.root / ".github/workflows/procedures.yml").read_text())
    steps = workflow["jobs"]["check-and-build"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps)
    assert "sopgen check --format github" in script
    assert 'sopgen check --format markdown --fail-on never >> "$GITHUB_STEP_SUMMARY"' in script
    assert "sopgen build" in script


def test_init_without_business_leaves_it_commented(empty: Sopgen) -> None:
    assert empty("init").exit_code == 0
    config = (empty.root / "mkdocs.yml").read_text()
    assert "# business: Example Ltd" in config
    assert "site_name: Procedures" in config


def test_new_wiki_checks_clean(wiki: Sopgen) -> None:
    result = wiki("check")
    assert result.exit_code == 0
    assert result.output == "No problems in 1 page; procedures: no procedures.\n"


def test_init_refuses_an_existing_wiki(wiki: Sopgen) -> None:
    before = (wiki.root / "mkdocs.yml").read_text()
    result = wiki("init")
    assert result.exit_code == 2
    assert result.output == ("Error: mkdocs.yml already exists: this folder already holds a "
                             "wiki; nothing was written\n")
    assert (wiki.root / "mkdocs.yml").read_text() == before


def test_init_refuses_to_overwrite_files(empty: Sopgen) -> None:
    empty.page("procedures/index.md", "# Mine\n")
    result = empty("init")
    assert result.exit_code == 2
    assert "would overwrite procedures/index.md" in result.output
    assert (empty.root / "procedures/index.md").read_text() == "# Mine\n"
    assert not (empty.root / "mkdocs.yml").exists()


def test_init_refuses_a_file_as_folder(empty: Sopgen) -> None:
    (empty.root / "x").write_text("hi")
    result = empty("init", "x")
    assert result.exit_code == 2
    assert "x exists and is not a folder" in result.output or "is a file" in result.output


def test_new_wiki_builds_strict(wiki: Sopgen, tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    wiki("new", "newsletter-send", "--title", "Send the newsletter", "--owner", "ana",
         "--no-input")
    config = load_config(str(wiki.root / "mkdocs.yml"), strict=True,
                         site_dir=str(tmp_path / "site"))
    build(config)
    html = (tmp_path / "site/send-the-newsletter/index.html").read_text()
    assert "Duplicate the last newsletter" in html


def test_init_workflow_is_current_cached_bounded_and_private_by_default(empty: Sopgen) -> None:
    empty("init", "--business", "Acme")
    workflow = yaml.safe_load((empty.root / ".github/workflows/procedures.yml").read_text())
    jobs = workflow["jobs"]
    uses = [s["uses"] for job in jobs.values() for s in job["steps"] if "uses" in s]
    # Majors that run on Node 24 (Node 20 is retired on GitHub's runners).
    assert uses == ["actions/checkout@v5", "actions/setup-python@v6",
                    "actions/upload-pages-artifact@v5", "actions/checkout@v5",
                    "actions/setup-python@v6", "actions/deploy-pages@v5"]
    setup = jobs["check-and-build"]["steps"][1]["with"]
    assert setup["cache"] == "pip"
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert all(job["timeout-minutes"] <= 20 for job in jobs.values())
    assert "vars.SOPGEN_DEPLOY_PAGES == 'true'" in jobs["deploy"]["if"]
    assert jobs["deploy"]["needs"] == "check-and-build"


def test_init_workflow_reminds_every_monday_with_addresses_from_secrets(empty: Sopgen) -> None:
    empty("init", "--business", "Acme")
    workflow = yaml.safe_load((empty.root / ".github/workflows/procedures.yml").read_text())
    assert workflow[True]["schedule"] == [{"cron": "0 7 * * 1"}]  # YAML 1.1 reads `on` as True
    job = workflow["jobs"]["remind"]
    assert job["if"] == "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    step = job["steps"][-1]
    assert step["run"] == "sopgen remind"
    assert step["env"] == {"SOPGEN_NOTIFY_TEAM": "${{ secrets.SOPGEN_NOTIFY_TEAM }}"}
    # A push on a Monday morning must not cancel the run that is sending the reminders.
    assert "github.event_name" in workflow["concurrency"]["group"]
    config = (empty.root / "mkdocs.yml").read_text()
    assert '      notify: !ENV [SOPGEN_NOTIFY_TEAM, ""]\n' in config


def test_init_wiki_reminds_through_the_env_address(empty: Sopgen,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    empty("init", "--business", "Acme")
    monkeypatch.setenv("SOPGEN_NOTIFY_TEAM", "json://127.0.0.1:9/s3cretHookToken")
    empty.page("procedures/old.md", "---\ntitle: Old\nowner: ana\nbackup: ben\n"
                                    "last_verified: 2026-01-01\n---\n1. Do it.\n")
    result = empty("remind", "--dry-run", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert "--- Summary to json://127.0.0.1:9/****\n" in result.output
    assert "s3cretHookToken" not in result.output


def test_init_requirements_install_sopgen_from_where_it_came(empty: Sopgen, monkeypatch) -> None:
    from sopgen import init_wiki

    class Dist:
        def __init__(self, text: str) -> None:
            self.text = text

        def read_text(self, name: str) -> str:
            return self.text

    for origin, line in (
            ('{"url": "https://github.com/acme/sopgen", "vcs_info": {"vcs": "git", '
             '"commit_id": "abc123"}}', "sopgen @ git+https://github.com/acme/sopgen@abc123"),
            ('{"url": "https://files.example/sopgen-0.1.0.tar.gz", "archive_info": {}}',
             "sopgen @ https://files.example/sopgen-0.1.0.tar.gz"),
            ('{"url": "file:///home/me/sopgen", "dir_info": {}}', "sopgen=="),
            ("", "sopgen==")):
        monkeypatch.setattr(init_wiki.metadata, "distribution", lambda name, o=origin: Dist(o))
        assert line in init_wiki.requirement()
