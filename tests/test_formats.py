"""Every output format of check and report, compared byte for byte with golden files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import Sopgen, assert_golden, set_team

TODAY = "2026-11-23"


@pytest.fixture
def mixed(wiki: Sopgen) -> Sopgen:
    """A wiki with a fresh, a due, a stale, a draft and a broken page, and a warning."""
    set_team(wiki.root)
    common = "review_every: 90d\nstatus: {status}\n"
    wiki.page("procedures/marketing/newsletter.md",
              "---\ntitle: Send the newsletter\nowner: ana\nbackup: maria\n"
              "last_verified: 2026-09-01\nverified_by: ana\n" + common.format(status="active")
              + "client: acme\n---\n1. Send it.\n")
    wiki.page("procedures/marketing/social.md",
              "---\ntitle: Post on Instagram | Facebook\nowner: ana\nbackup: maria\n"
              "last_verified: 2026-08-01\n" + common.format(status="active") + "---\n1. Post.\n")
    wiki.page("procedures/website/update.md",
              "---\ntitle: Update the website\nowner: ben\n"
              "last_verified: 2026-11-01\nverified_by: ben\n" + common.format(status="active")
              + "---\n1. Update.\n")
    wiki.page("procedures/website/redesign.md",
              "---\ntitle: Redesign\nowner: maria\nlast_verified: 2026-01-01\n"
              + common.format(status="draft") + "---\n1. Draft.\n")
    wiki.page("procedures/broken.md", "---\ntitle: [oops\n---\n")
    return wiki


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "markdown"])
def test_check_format_golden(mixed: Sopgen, fmt: str) -> None:
    indent = ("--indent", "2") if fmt == "json" else ()
    result = mixed("check", "--format", fmt, "--today", TODAY, *indent)
    assert result.exit_code == 1
    assert_golden(f"check.{fmt}", result.output)


def test_json_is_one_compact_line_by_default(mixed: Sopgen) -> None:
    pretty = mixed("check", "--format", "json", "--today", TODAY, "--indent", "2").output
    compact = mixed("check", "--format", "json", "--today", TODAY).output
    assert compact.endswith("}\n") and compact.count("\n") == 1
    assert '", "' not in compact and '": ' not in compact
    assert json.loads(compact) == json.loads(pretty)
    report = mixed("report", "--format", "json", "--today", TODAY).output
    assert report.count("\n") == 1 and report.startswith('{"version":1,"today":"2026-11-23",')
    handover = mixed("handover", "ana", "--format", "json", "--today", TODAY, "--indent", "1")
    assert handover.output.startswith('{\n "version": 1,\n "person": "ana",')


def test_indent_is_a_small_number(mixed: Sopgen) -> None:
    result = mixed("check", "--format", "json", "--indent", "x")
    assert result.exit_code == 2 and "--indent" in result.output


def test_json_and_junit_parse(mixed: Sopgen) -> None:
    document = json.loads(mixed("check", "--format", "json", "--today", TODAY).output)
    assert [p["status"] for p in document["pages"]] == ["invalid", "due", "stale", "draft",
                                                        "fresh"]
    root = ET.fromstring(mixed("check", "--format", "junit", "--today", TODAY).output)
    assert root.get("tests") == "6" and root.get("failures") == "2"


def test_junit_fail_on_warning_counts_warnings(mixed: Sopgen) -> None:
    root = ET.fromstring(mixed("check", "--format", "junit", "--today", TODAY,
                               "--fail-on", "warning").output)
    assert root.get("failures") == "4"


def test_github_escapes_newlines_commas_and_colons(wiki: Sopgen) -> None:
    wiki.page("procedures/a,b:c.md", "---\ntitle: x\n---\n")
    output = wiki("check", "--format", "github").output
    assert "::error file=procedures/a%2Cb%3Ac.md,line=2,title=owner-missing::no owner" in output


@pytest.mark.parametrize("by", ["owner", "client", "status"])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_report_golden(mixed: Sopgen, by: str, fmt: str) -> None:
    indent = ("--indent", "2") if fmt == "json" else ()
    result = mixed("report", "--by", by, "--format", fmt, "--today", TODAY, *indent)
    assert result.exit_code == 0
    assert_golden(f"report-{by}.{fmt}", result.output)


def test_report_orders_soonest_due_first(mixed: Sopgen) -> None:
    output = mixed("report", "--by", "status", "--today", TODAY).output
    assert output.index("Stale") < output.index("Due soon") < output.index("Fresh") \
        < output.index("Draft")


def test_colour_only_on_a_terminal_and_never_with_no_color(mixed: Sopgen,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from sopgen.cli import color_wanted

    assert "\x1b[" not in mixed("check", "--today", TODAY).output  # CliRunner is no terminal

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert color_wanted() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert color_wanted() is False
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.delenv("NO_COLOR")
    assert color_wanted() is False


def test_text_colours_severities_when_asked() -> None:
    import datetime as dt

    from sopgen.formats.text import render_check
    from sopgen.results import CheckResult, Finding

    result = CheckResult(dt.date(2026, 11, 23), [], [Finding("a.md", 1, "stale", "error", "m")])
    assert "\x1b[31merror  \x1b[0m" in render_check(result, color=True)
    assert "\x1b[" not in render_check(result, color=False)


# The attributes junit-10.xsd (the schema of Jenkins' xUnit plugin, which GitLab follows too)
# allows on each element sopgen writes.
JUNIT_ATTRIBUTES = {
    "testsuites": {"name", "time", "tests", "failures", "errors"},
    "testsuite": {"name", "tests", "failures", "errors", "group", "time", "skipped",
                  "timestamp", "hostname", "id", "package", "file", "log", "url"},
    "testcase": {"name", "time", "classname", "group"},
    "failure": {"type", "message"},
    "system-out": set(),
}


def test_junit_uses_only_what_junit_10_xsd_allows(wiki) -> None:
    import xml.etree.ElementTree as ET

    wiki.page("procedures/p.md", "---\nowner: maria\nlast_verified: 2020-01-01\n---\n\n1. S.\n")
    wiki.page("procedures/notes.txt", "token ghp_" + "A1b2C3d4E5" * 4 + "\n")
    root = ET.fromstring(wiki("check", "--format", "junit", "--today", "2026-11-23").output
                         .split("\n", 1)[1])
    for element in root.iter():
        assert set(element.attrib) <= JUNIT_ATTRIBUTES[element.tag], element.tag
    for tag in ("testsuites", "testsuite", "testcase"):
        assert all("time" in e.attrib for e in root.iter(tag))
    names = [case.get("name") for case in root.iter("testcase")]
    assert "procedures/notes.txt" in names  # a secret in a text file fails a testcase too
    assert root.get("tests") == str(len(names))
