"""The security review's attacks, each kept as a regression test.

Markup in every front-matter field, folder names and settings never reaches the site unescaped;
no secret reaches the site or any report; hostile dates, aliases and names give a finding, never
a traceback or a hang. (Edits and `new` have their own modules: test_edit_safety.py and
test_scaffold_safety.py.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Sopgen, count_forks, set_team

TODAY = "2026-11-23"
EPOCH = str(int(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC).timestamp()))
TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"  # an obviously fake GitHub token


class _Injected(HTMLParser):
    """Collects elements and attributes that only planted markup would create."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") and "pwn" in (value or ""):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("pwn", "script") and any(n == "data-pwn" for n, _ in attrs):
            self.found.append(f"<{tag}>")
        if tag == "pwn":
            self.found.append("<pwn>")


def injected(html_text: str) -> list[str]:
    """Return the planted elements and event handlers that survive as real markup."""
    parser = _Injected()
    parser.feed(html_text)
    parser.close()
    return parser.found


def site_injections(site: Path) -> dict[str, list[str]]:
    """Return, per built file, markup planted in the wiki that reached it unescaped."""
    found: dict[str, list[str]] = {}
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml") and path.is_file():
            hits = injected(path.read_text(encoding="utf-8", errors="replace"))
        elif path.name == "search_index.json":
            index = json.loads(path.read_text(encoding="utf-8"))
            # Material renders a result's title and text as HTML in the search dialog.
            hits = [h for doc in index["docs"] for h in
                    injected(doc.get("title", "") + " " + doc.get("text", ""))]
        else:
            continue
        if hits:
            found[str(path.relative_to(site))] = hits
    return found


def attack(n: int) -> str:
    """Return a value that breaks out of text, attributes and tags if it is not escaped."""
    return f"x{n}\"'><pwn onmouseover=pwn{n}>&amp;<script data-pwn>pwn{n}</script>"


def build(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return wiki("build", "--site-dir", "site", *args)


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# ---------------------------------------------------------------- markup in the site (XSS)


def test_markup_in_every_field_folder_and_setting_is_escaped_in_the_site(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      due_soon: 14d",
        "      due_soon: 14d\n      team:\n"
        f"        maria: {{name: {yaml_quoted(attack(1))}, role: {yaml_quoted(attack(2))}}}\n"
        f"        {yaml_quoted(attack(3))}: {{name: Evil}}", 1))
    fields = {
        "title": attack(10), "status": attack(11), "description": attack(12),
        "subtitle": attack(13), "client": attack(14), "backup": attack(3),
        "icon": attack(15),
    }
    front = "".join(f"{key}: {yaml_quoted(value)}\n" for key, value in fields.items())
    wiki.page("procedures/attack.md",
              "---\n" + front + "owner: maria\nlast_verified: 2026-11-01\n"
              f"tags: [{yaml_quoted(attack(16))}, plain]\n"
              f"uses: [{yaml_quoted(attack(17))}]\n"
              "---\n\n1. A step.\n")
    folder = wiki.root / "procedures" / "\"><pwn onmouseover=pwn20>"
    folder.mkdir()
    (folder / "inside.md").write_text(
        "---\nowner: maria\nbackup: maria\nlast_verified: 2026-11-01\n---\n\n1. Step.\n",
        encoding="utf-8")
    wiki.page("procedures/accounts/evil-account.md", f"""
        ---
        kind: account
        title: {yaml_quoted(attack(30))}
        owner: maria
        last_verified: 2026-11-01
        registered_to: {yaml_quoted(attack(31))}
        login_email: {yaml_quoted(attack(32))}
        admins: [maria, {yaml_quoted(attack(33))}]
        credentials: {yaml_quoted("1Password vault " + attack(34))}
        recovery: {yaml_quoted(attack(35))}
        ---
        """)
    result = build(wiki, monkeypatch)
    assert result.exit_code == 0, result.output
    assert site_injections(wiki.root / "site") == {}
    page = (wiki.root / "site" / "attack" / "index.html").read_text(encoding="utf-8")
    assert "x10&#34;" in page or "x10&quot;" in page  # the title is there, as text


@pytest.mark.parametrize("status", ["active", "draft", "retired"])
def test_a_legacy_lifecycle_status_never_reaches_materials_status_icon(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, status: str) -> None:
    # `status: draft` written before `lifecycle:` existed is sopgen's lifecycle, not Material's.
    wiki.page("procedures/p.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              f"status: {status}\n---\n\n1. Step.\n")
    result = build(wiki, monkeypatch)
    assert result.exit_code == 0, result.output
    html_text = (wiki.root / "site" / "p" / "index.html").read_text(encoding="utf-8")
    assert "md-status" not in html_text


@pytest.mark.parametrize(("front", "shown"), [
    ("status: deprecated\n", "deprecated"),  # Material's built-in
    ("status: beta\n", "beta"),  # one of the wiki's own (Material shows no icon without extra)
    ("lifecycle: draft\nstatus: draft\n", "draft"),  # lifecycle set: status is Material's
    ("status: '\"><x>'\n", "&quot;&gt;&lt;x&gt;"),  # escaped, as every value
])
def test_materials_page_status_passes_through_and_is_no_finding(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, front: str, shown: str) -> None:
    wiki.page("procedures/p.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              "verified_by: maria\n---\n\n1. Step.\n")
    wiki.page("procedures/q.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              f"verified_by: maria\n{front}---\n\n1. Step.\n")
    assert wiki("check", "--today", TODAY).exit_code == 0
    result = build(wiki, monkeypatch)
    assert result.exit_code == 0, result.output
    html_text = (wiki.root / "site" / "p" / "index.html").read_text(encoding="utf-8")
    assert f'class="md-status md-status--{shown}"' in html_text  # in the nav entry of q
    assert site_injections(wiki.root / "site") == {}


# ---------------------------------------------------------------- secrets never published


SECRET_PAGE = f"""\
---
title: Reset the {TOKEN} token
owner: {TOKEN}
backup: ana
last_verified: 2026-11-01
---

1. Log in.
"""


def all_output_files(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in root.rglob("*") if p.is_file())


def test_a_build_that_finds_a_secret_writes_no_site(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    wiki.page("procedures/p.md", SECRET_PAGE)
    result = build(wiki, monkeypatch)
    assert result.exit_code == 1
    assert not (wiki.root / "site").exists()
    assert TOKEN not in result.output
    assert "ghp_****" in result.output


def test_plain_mkdocs_build_with_a_secret_fails_too(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    wiki.page("procedures/p.md", SECRET_PAGE)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"],
                         cwd=wiki.root, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert not (wiki.root / "site").exists()
    assert TOKEN not in run.stdout + run.stderr


@pytest.mark.parametrize("name, content", [
    ("assets/creds.txt", f"deploy token {TOKEN}\n"),
    ("config.json", f'{{"token": "{TOKEN}"}}\n'),
    ("notes/keys.yml", "aws_secret_access_key: " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
])
def test_text_files_under_docs_are_scanned_and_block_the_build(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, name: str, content: str) -> None:
    wiki.page(f"procedures/{name}", content)
    result = wiki("check", "--today", TODAY, "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert [(f["path"], f["rule"]) for f in findings] == [(f"procedures/{name}", "secret")]
    assert result.exit_code == 1
    assert build(wiki, monkeypatch).exit_code == 1
    assert not (wiki.root / "site").exists()


def test_binary_files_are_not_scanned(wiki: Sopgen) -> None:
    (wiki.root / "procedures" / "logo.png").write_bytes(b"\x89PNG\r\n\x00" + TOKEN.encode())
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "markdown"])
def test_no_check_format_repeats_a_secret(wiki: Sopgen, fmt: str) -> None:
    set_team(wiki.root)
    wiki.page("procedures/p.md", SECRET_PAGE)
    wiki.page("procedures/q.md", SECRET_PAGE.replace("owner: " + TOKEN, "owner: ana"))
    result = wiki("check", "--today", TODAY, "--format", fmt)
    assert result.exit_code == 1
    assert TOKEN not in result.output
    assert TOKEN[:12] not in result.output
    assert "ghp_****" in result.output


@pytest.mark.parametrize("args", [("report",), ("report", "--format", "json"),
                                  ("report", "--format", "markdown", "--by", "client")])
def test_report_masks_secrets(wiki: Sopgen, args: tuple[str, ...]) -> None:
    wiki.page("procedures/p.md", SECRET_PAGE)
    result = wiki(*args, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert TOKEN not in result.output and "ghp_****" in result.output


def test_handover_masks_secrets(wiki: Sopgen) -> None:
    wiki.page("procedures/p.md", SECRET_PAGE.replace("owner: " + TOKEN, "owner: ana"))
    for fmt in ("text", "json", "markdown"):
        result = wiki("handover", "ana", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert TOKEN not in result.output and "ghp_****" in result.output


def credentials_account(credentials: str) -> str:
    """Return an otherwise well-kept account page whose credentials say `credentials`."""
    return ("---\nkind: account\ntitle: Mailchimp\nowner: maria\nbackup: ana\n"
            "last_verified: 2026-11-01\nregistered_to: Acme Bakery Ltd\nadmins: [maria, ana]\n"
            f"credentials: {yaml_quoted(credentials)}\n---\n")


@pytest.mark.parametrize("value", ["Tr0ub4dor&3", "hunter2hunter2!", "x9K#mP2$vL5q"])
def test_a_password_written_as_credentials_is_a_secret(wiki: Sopgen, value: str) -> None:
    wiki.page("procedures/accounts/mailchimp.md", credentials_account(value))
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "secret" in result.output and value not in result.output


@pytest.mark.parametrize("value", ["1Password vault \"Marketing\", item \"Mailchimp\"",
                                   "Bitwarden", "the team password manager", "1Password",
                                   "op://Marketing/Mailchimp/password", "office safe, envelope 3"])
def test_a_place_written_as_credentials_is_fine(wiki: Sopgen, value: str) -> None:
    wiki.page("procedures/accounts/mailchimp.md", credentials_account(value))
    result = wiki("check", "--today", TODAY)
    assert "secret" not in result.output, result.output


def test_init_workflow_publishes_nothing_when_check_fails(empty: Sopgen) -> None:
    assert empty("init", "--business", "Acme").exit_code == 0
    workflow = (empty.root / ".github/workflows/procedures.yml").read_text()
    build_step = workflow[workflow.index("sopgen build"):]
    assert "always()" not in build_step
    check = workflow.index("sopgen check --format github")
    assert check < workflow.index("sopgen build")


# ---------------------------------------------------------------- --output


def test_output_dash_is_standard_output(wiki: Sopgen) -> None:
    result = wiki("check", "--today", TODAY, "--output", "-")
    assert result.exit_code == 0
    assert "No problems" in result.output
    assert not (wiki.root / "-").exists()


@pytest.mark.parametrize("target", ["mkdocs.yml", "procedures/index.md", "procedures/new.txt"])
def test_output_refuses_the_config_and_the_docs_folder(wiki: Sopgen, target: str) -> None:
    before = (wiki.root / target).read_bytes() if (wiki.root / target).exists() else None
    result = wiki("check", "--today", TODAY, "--output", target)
    assert result.exit_code == 2
    assert ("Error:" in result.output and "refus" in result.output.lower()) or \
        "would" in result.output
    after = (wiki.root / target).read_bytes() if (wiki.root / target).exists() else None
    assert after == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_to_a_fifo_writes_in_place(wiki: Sopgen, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = wiki("check", "--today", TODAY, "--output", str(fifo))
    out, _ = reader.communicate(timeout=10)
    assert result.exit_code == 0
    assert b"No problems" in out
    assert fifo.is_fifo()


def test_output_to_dev_null_keeps_the_device(wiki: Sopgen) -> None:
    result = wiki("check", "--today", TODAY, "--output", os.devnull)
    assert result.exit_code == 0
    assert Path(os.devnull).is_char_device()


# ---------------------------------------------------------------- hostile values


@pytest.mark.parametrize("front, rule", [
    ("last_verified: 9999-12-31", "last-verified-invalid"),
    ("last_verified: 2026-11-01\nreview_every: 9999y", "field-invalid"),
    ("last_verified: 2026-11-01\nreview_every: 99999999999999999999d", "field-invalid"),
    ("last_verified: 0001-01-01", "last-verified-invalid"),
])
def test_dates_and_durations_out_of_range_are_findings(wiki: Sopgen, front: str,
                                                       rule: str) -> None:
    wiki.page("procedures/p.md", f"---\nowner: maria\nbackup: ana\n{front}\n---\n\n1. Step.\n")
    result = wiki("check", "--today", TODAY, "--format", "json")
    assert result.exit_code == 1, result.output
    assert rule in [f["rule"] for f in json.loads(result.output)["findings"]]


def test_a_renewal_at_the_end_of_time_builds(wiki: Sopgen, monkeypatch) -> None:
    wiki.page("procedures/accounts/domain.md", """
        ---
        kind: account
        title: Domain
        owner: maria
        last_verified: 2026-11-01
        registered_to: Acme Bakery Ltd
        admins: [maria, ana]
        renews: 9999-12-31
        ---
        """)
    result = wiki("check", "--today", TODAY)
    assert "Traceback" not in result.output
    assert "renews" in result.output
    assert build(wiki, monkeypatch).exit_code == 0


def test_a_huge_due_soon_setting_is_a_configuration_error(wiki: Sopgen) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("due_soon: 14d", "due_soon: 99999y"))
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 2
    assert "due_soon" in result.output


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_today_at_the_ends_of_the_calendar_is_a_usage_error(wiki: Sopgen, day: str) -> None:
    result = wiki("check", "--today", day)
    assert result.exit_code == 2
    assert "--today" in result.output


BOMB = textwrap.dedent("""\
    ---
    a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
    g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
    h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
    i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
    title: *i
    owner: maria
    last_verified: 2026-11-01
    ---

    1. Step.
    """)


def test_a_yaml_alias_bomb_is_a_finding_and_the_build_is_quick(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    wiki.page("procedures/bomb.md", BOMB)
    result = wiki("check", "--today", TODAY, "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("front-matter", 3)]
    assert "alias" in findings[0]["message"]
    built = build(wiki, monkeypatch)  # took minutes before the fix
    assert "Traceback" not in built.output


def test_duplicate_keys_are_a_finding(wiki: Sopgen) -> None:
    wiki.page("procedures/p.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              "owner: mallory\n---\n\n1. Step.\n")
    result = wiki("check", "--today", TODAY, "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("front-matter", 5)]
    assert "owner" in findings[0]["message"] and "twice" in findings[0]["message"]


def test_team_handles_that_share_a_page_are_a_configuration_error(wiki: Sopgen) -> None:
    set_team(wiki.root, "{Ana: {name: Ana}, ana: {name: Ana P}}")
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 2
    assert "team.Ana and team.ana would share one person page" in result.output


def test_people_whose_pages_would_collide_are_a_finding(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, owner in (("a.md", "Ana"), ("b.md", "ana")):
        wiki.page(f"procedures/{name}", f"---\ntitle: {name}\nowner: {owner}\nbackup: maria\n"
                  "last_verified: 2026-11-01\n---\n\n1. Step.\n")
    result = wiki("check", "--today", TODAY, "--format", "json")
    collisions = [(f["path"], f["line"], f["message"]) for f in json.loads(result.output)["findings"]
                  if f["rule"] == "name-collision"]
    message = "the people 'Ana' and 'ana' would share one page of the site; write one spelling"
    assert collisions == [("procedures/a.md", 3, f"owner 'Ana': {message}"),
                          ("procedures/b.md", 3, f"owner 'ana': {message}")]
    built = build(wiki, monkeypatch)
    assert built.exit_code == 0, built.output
    people = sorted(p.name for p in (wiki.root / "site" / "review" / "people").iterdir())
    assert "ana" in people and "ana-2" in people


def test_clients_whose_pages_would_collide_are_a_finding(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, client in (("a.md", "Acme!"), ("b.md", "acme")):
        wiki.page(f"procedures/{name}", f"---\ntitle: {name}\nowner: maria\nbackup: ana\n"
                  f"client: '{client}'\nlast_verified: 2026-11-01\n---\n\n1. Step.\n")
    result = wiki("check", "--today", TODAY)
    assert "name-collision" in result.output and "'Acme!'" in result.output
    built = build(wiki, monkeypatch)
    assert built.exit_code == 0, built.output
    clients = list((wiki.root / "site" / "review" / "clients").iterdir())
    assert len(clients) == 2


def test_control_characters_never_reach_calendars_xml_or_the_terminal(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    title = "Evil\rBEGIN:VEVENT\x1b[31m red\x07\x00 \x0b end"
    wiki.page("procedures/p.md", "---\ntitle: \"Evil\\rBEGIN:VEVENT\\e[31m red\\a\\0 \\v end\"\n"
              "owner: maria\nbackup: ana\nlast_verified: 2026-01-01\n---\n\n1. Step.\n")
    for fmt in ("text", "junit", "github", "markdown"):
        out = wiki("check", "--today", TODAY, "--format", fmt).output
        assert not any(c in out for c in "\r\x1b\x07\x00\x0b"), (fmt, out)
    import xml.etree.ElementTree as ET
    ET.fromstring(wiki("check", "--today", TODAY, "--format", "junit").output.split("\n", 1)[1])
    report = wiki("report", "--today", TODAY).output
    assert not any(c in report for c in "\r\x1b\x07\x00\x0b")
    assert build(wiki, monkeypatch).exit_code == 0
    ics = (wiki.root / "site" / "review" / "reviews.ics").read_bytes()
    lines = ics.split(b"\r\n")
    assert b"\r" not in b"".join(lines) and b"\n" not in b"".join(lines)
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert title not in ics.decode()


def test_bidi_overrides_cannot_make_a_name_read_as_another(wiki: Sopgen) -> None:
    """U+202E shows "ana" as another name in a terminal, a calendar, a mail: never carried."""
    set_team(wiki.root)
    wiki.page("procedures/p.md", "---\ntitle: \"Pay \\u202eslli\\u2066b\"\nowner: \"\\u202eana\"\n"
              "backup: ben\nlast_verified: 2026-01-01\n---\n\n1. Step.\n")
    for args in (("check",), ("report",), ("check", "--format", "json")):
        out = wiki(*args, "--today", TODAY).output
        assert not any(c in out for c in "\u202e\u2066"), (args, out)
    assert "unknown-person" not in wiki("check", "--today", TODAY).output  # it is ana


# ---------------------------------------------------------------- Ctrl-C


def test_ctrl_c_during_a_large_check_exits_130_quietly(tmp_path: Path) -> None:
    runner = Sopgen(tmp_path)
    assert runner("init", "--business", "Acme").exit_code == 0
    body = "1. A step with some words to read and scan for secrets. " * 200 + "\n"
    for i in range(3000):
        (tmp_path / "procedures" / f"p{i}.md").write_text(
            f"---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n---\n\n{body}")
    process = subprocess.Popen([sys.executable, "-m", "sopgen", "check", "--today", TODAY],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    # Interrupt while the workers read: they exist only then.
    deadline = time.monotonic() + 60
    while not subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True).stdout:
        assert process.poll() is None, "the check ended before its workers could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    try:
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err
    time.sleep(0.5)
    alive = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True)
    assert alive.stdout.strip() == ""


def test_a_value_given_to_new_never_becomes_markup_in_the_page(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    result = wiki("new", "newsletter-send", "--title", "Send the <weekly> newsletter",
                  "--owner", "maria", "--backup", "ana", "--no-input")
    assert result.exit_code == 0, result.output
    page = (wiki.root / "procedures" / "send-the-weekly-newsletter.md").read_text()
    assert "title: Send the <weekly> newsletter\n" in page  # front matter: as written
    assert "# Send the &lt;weekly> newsletter\n" in page  # Markdown: shown as written
    assert build(wiki, monkeypatch).exit_code == 0
    html_text = (wiki.root / "site" / "send-the-weekly-newsletter" / "index.html").read_text()
    assert '<h1 id="send-the-weekly-newsletter">Send the &lt;weekly&gt; newsletter' in html_text
    assert "<weekly>" not in html_text


@pytest.mark.parametrize("front", [
    "title: {\"<pwn onmouseover=pwn1>\": 1}",
    "description: {\"<pwn onmouseover=pwn2>\": 1}",
    "title: !!binary PHB3biBvbm1vdXNlb3Zlcj1wd24zPg==",
    "subtitle: !!binary PHB3biBvbm1vdXNlb3Zlcj1wd240Pg==",
    "x: " + "[" * 600 + "]" * 600,
])
def test_mappings_bytes_and_deep_nesting_in_meta_never_become_markup(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, front: str) -> None:
    wiki.page("procedures/p.md", f"---\n{front}\nowner: maria\nbackup: ana\n"
              "last_verified: 2026-11-01\n---\n\n1. Step.\n")
    result = build(wiki, monkeypatch)
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    assert site_injections(wiki.root / "site") == {}


def test_markup_in_the_business_name_given_to_init_stays_text(
        empty: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    business = "Acme\" onmouseover=\"pwn1 <pwn onmouseover=pwn2>"
    assert empty("init", "--business", business).exit_code == 0
    result = build(empty, monkeypatch)
    assert result.exit_code == 0, result.output
    assert site_injections(empty.root / "site") == {}


@pytest.mark.parametrize("page", [f"procedures/{TOKEN}.md", f"procedures/{TOKEN}/p.md"])
def test_a_secret_in_a_file_name_is_found_and_never_printed(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    wiki.page(page, "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n---\n\n1. S.\n")
    for fmt in ("text", "json", "junit", "github", "markdown"):
        result = wiki("check", "--today", TODAY, "--format", fmt)
        assert result.exit_code == 1
        assert TOKEN not in result.output and "ghp_****" in result.output, fmt
    report = wiki("report", "--today", TODAY, "--format", "json")
    assert TOKEN not in report.output
    assert build(wiki, monkeypatch).exit_code == 1
    assert not (wiki.root / "site").exists()


def test_a_secret_hidden_by_yaml_escapes_is_found(wiki: Sopgen) -> None:
    hidden = TOKEN.replace("ghp_", "gh\\x70_")
    wiki.page("procedures/p.md", f'---\ntitle: "Deploy {hidden}"\nowner: maria\nbackup: ana\n'
              "last_verified: 2026-11-01\n---\n\n1. Step.\n")
    result = wiki("check", "--today", TODAY, "--format", "json")
    assert [(f["rule"], f["line"]) for f in json.loads(result.output)["findings"]] == [
        ("secret", 2)]
    assert TOKEN not in wiki("report", "--today", TODAY).output


def test_a_markdown_page_with_a_nul_byte_is_still_scanned(wiki: Sopgen) -> None:
    (wiki.root / "procedures" / "nul.md").write_bytes(
        b"---\nowner: maria\n---\n\nThe token is " + TOKEN.encode() + b" here.\x00\n")
    result = wiki("check", "--today", TODAY, "--format", "json")
    assert "secret" in [f["rule"] for f in json.loads(result.output)["findings"]]


def test_a_utf16_text_file_is_scanned(wiki: Sopgen) -> None:
    (wiki.root / "procedures" / "notes.txt").write_bytes(
        f"deploy key {TOKEN}\n".encode("utf-16"))
    result = wiki("check", "--today", TODAY, "--format", "json")
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["secret"]


@pytest.mark.parametrize("line", ["**Password:** hunter22!", "**Password**: hunter22!",
                                  "| Password | hunter22! |"])
def test_passwords_written_with_markdown_emphasis_or_in_a_table(wiki: Sopgen, line: str) -> None:
    wiki.page("procedures/p.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              f"---\n\n| Field | Value |\n| --- | --- |\n{line}\n")
    result = wiki("check", "--today", TODAY)
    assert "secret" in result.output and "hunter22" not in result.output


def test_pathological_lines_are_scanned_in_linear_time(wiki: Sopgen) -> None:
    # Quadratic before: this page took minutes to check.
    wiki.page("procedures/p.md", "---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n"
              "---\n\n" + "{{" * 80_000 + "\n" + "eyJ-" * 20_000 + "\n")
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_docs_folder_is_skipped(wiki: Sopgen) -> None:
    os.mkfifo(wiki.root / "procedures" / "pipe.md")
    os.mkfifo(wiki.root / "procedures" / "pipe.txt")
    run = subprocess.run([sys.executable, "-m", "sopgen", "check", "--today", TODAY],
                         cwd=wiki.root, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_an_unusable_source_date_epoch_is_a_clear_error(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    result = wiki("build", "--site-dir", "site")
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH=99999999999999 is not a time sopgen can use" in result.output
    assert "Traceback" not in result.output


def test_a_page_at_the_dashboards_address_is_a_clear_error(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    wiki.page("procedures/review.md", "# Review\n")
    result = build(wiki, monkeypatch)
    assert result.exit_code == 1
    assert "review.md in the docs folder has the same address (review/)" in result.output


@pytest.mark.parametrize("value", ["../../elsewhere", "/abs", ".", "a/../b"])
def test_generated_dir_must_stay_inside_the_docs_folder(wiki: Sopgen, value: str) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      due_soon: 14d", f"      due_soon: 14d\n      generated_dir: {value!r}", 1))
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 2
    assert "generated_dir must be a folder inside the docs folder" in result.output


def test_a_secret_in_the_team_settings_blocks_the_build(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    set_team(wiki.root, f"{{ben: {{name: Ben, role: 'deploys with {TOKEN}'}}}}")
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "mkdocs.yml" in result.output and TOKEN not in result.output
    assert build(wiki, monkeypatch).exit_code == 1
    assert not (wiki.root / "site").exists()


def test_output_needs_a_file_name(wiki: Sopgen) -> None:
    result = wiki("check", "--today", TODAY, "--output", "")
    assert result.exit_code == 2
    assert "--output needs a file name" in result.output


def test_a_status_material_knows_is_kept(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nextra:\n  status:\n    new: Recently added\n")
    wiki.page("procedures/p.md", "---\ntitle: P\n---\n\n1. Step.\n")
    wiki.page("procedures/q.md", "---\nkind: page\ntitle: Q\nstatus: new\n---\n\nText.\n")
    assert build(wiki, monkeypatch).exit_code == 0
    html_text = (wiki.root / "site" / "p" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-status md-status--new"' in html_text  # in the nav entry of q


def test_a_file_name_that_is_not_utf8_is_a_finding_and_a_clear_build_error(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    (wiki.root / "procedures").joinpath(os.fsdecode(b"bad\xffname.md")).write_bytes(
        b"---\nowner: maria\nbackup: ana\nlast_verified: 2026-11-01\n---\n\n1. S.\n")
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "the file's name is not UTF-8 text: rename it" in result.output
    built = build(wiki, monkeypatch)
    assert built.exit_code == 1
    assert "the file's name is not UTF-8 text" in built.output
    assert "Traceback" not in built.output


@pytest.mark.parametrize("glued", [f"DEPLOY_{TOKEN}", f"GH_{TOKEN}"])
def test_a_token_glued_to_a_word_by_an_underscore_is_found(wiki: Sopgen, glued: str) -> None:
    wiki.page("procedures/p.md", f"---\ntitle: 'Deploy key {glued}'\nowner: maria\nbackup: ana\n"
              "last_verified: 2026-11-01\n---\n\n1. Step.\n")
    result = wiki("check", "--today", TODAY)
    assert result.exit_code == 1 and "a GitHub token" in result.output
    assert TOKEN not in wiki("report", "--today", TODAY).output


def test_a_secret_in_the_settings_is_masked_in_report_and_handover(wiki: Sopgen) -> None:
    set_team(wiki.root, f"{{ana: {{name: 'Ana {TOKEN}'}}, maria: {{name: Maria}}}}")
    wiki.page("procedures/p.md", "---\ntitle: P\nowner: ana\nbackup: maria\n"
              "last_verified: 2026-11-01\n---\n\n1. Step.\n")
    for args in (("report",), ("report", "--format", "json"), ("report", "--format", "markdown"),
                 ("handover", "ana"), ("handover", "ana", "--format", "json")):
        result = wiki(*args, "--today", TODAY)
        assert TOKEN not in result.output, args
        assert "ghp_****" in result.output, args
    check = wiki("check", "--today", TODAY)
    assert "in 0 pages of 2 and 1 other file" in check.output


def test_a_business_name_holding_a_secret_is_not_also_a_false_ownership_error(
        empty: Sopgen) -> None:
    assert empty("init", "--business", f"Acme {TOKEN}").exit_code == 0
    empty.page("procedures/accounts/mail.md", f"""
        ---
        kind: account
        title: Mail
        owner: maria
        last_verified: 2026-11-01
        registered_to: Acme {TOKEN}
        admins: [maria, ana]
        ---
        """)
    result = empty("check", "--today", TODAY, "--format", "json")
    rules = [f["rule"] for f in json.loads(result.output)["findings"]]
    assert "not-business-owned" not in rules and "secret" in rules


def test_one_secret_in_credentials_is_one_finding(wiki: Sopgen) -> None:
    wiki.page("procedures/accounts/mail.md", f"""
        ---
        kind: account
        title: Mail
        owner: maria
        last_verified: 2026-11-01
        registered_to: Acme Bakery Ltd
        admins: [maria, ana]
        credentials: {TOKEN}
        ---
        """)
    result = wiki("check", "--today", TODAY, "--format", "json")
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["secret"]


@pytest.mark.parametrize("value", [f"credentials={TOKEN}", "credentials=Tr0ub4dor&3"])
def test_new_refuses_to_write_a_secret_into_a_page(wiki: Sopgen, value: str) -> None:
    result = wiki("new", "account", "--title", "Mail", "--owner", "maria", "--set", value,
                  "--no-input")
    assert result.exit_code == 2
    assert "credentials:" in result.output and "give where it is kept instead" in result.output
    assert TOKEN not in result.output and "Tr0ub4dor" not in result.output
    assert not (wiki.root / "procedures" / "mail.md").exists()


def test_a_business_name_holding_a_secret_stays_masked_when_pages_are_read_in_parallel(
        empty: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    # The pages' own rules run where they are read, before the settings' secret is found and
    # masked: what they say of the business must not carry it into the report.
    assert empty("init", "--business", f"Acme {TOKEN}").exit_code == 0
    for n in range(4):
        empty.page(f"procedures/accounts/a{n}.md", f"""
            ---
            kind: account
            title: Account {n}
            owner: maria
            last_verified: 2026-11-01
            registered_to: Freelancer Jo
            admins: [maria, ana]
            ---
            """)
    serial = empty("check", "--today", TODAY, "--format", "json")
    forked = count_forks(monkeypatch)
    parallel = empty("check", "--today", TODAY, "--format", "json")
    assert forked and all(forked)
    assert parallel.output == serial.output and TOKEN not in parallel.output
    assert parallel.output.count("not the business (Acme ghp_****)") == 4
