"""`sopgen remind`: digests delivered for real to a local SMTP server and a local webhook."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import Sopgen

TODAY = "2026-11-23"
TOKEN = "s3cr3tT0kenXYZ"  # in the webhook's path: must never be printed
PASSWORD = "hunter2pass"  # the SMTP password in a mailto:// URL: must never be printed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """What a local SMTP server received."""

    port: int
    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def url(self, to: str) -> str:
        # Plain SMTP to 127.0.0.1 without TLS (mode=insecure) or login (no user:password).
        return f"mailto://127.0.0.1:{self.port}?mode=insecure&from=sopgen@acme.example&to={to}"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@dataclass
class Webhook:
    """What a local HTTP server received: (path, JSON body) per request."""

    port: int
    posts: list[tuple[str, dict]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"json://127.0.0.1:{self.port}/{path}"


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook(0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            size = int(self.headers["Content-Length"])
            hook.posts.append((self.path, json.loads(self.rfile.read(size))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    hook.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


def proc(title: str, owner: str, verified: str, backup: str | None = None,
         extra: str = "") -> str:
    lines = ["---", f"title: {title}", f"owner: {owner}"]
    if backup:
        lines.append(f"backup: {backup}")
    lines += [f"last_verified: {verified}", "review_every: 90d", *([extra] if extra else [])]
    return "\n".join(lines) + "\n---\n\n1. Log in.\n2. Do it.\n"


def configure(wiki: Sopgen, team: str, notify: str = "", site_url: str = "") -> None:
    config = wiki.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("      due_soon: 14d", f"      due_soon: 14d\n      team: {team}", 1)
    if notify:  # in place of the one `sopgen init` writes
        text = text.replace('      notify: !ENV [SOPGEN_NOTIFY_TEAM, ""]\n', "")
        text = text.replace("      due_soon: 14d", f"      due_soon: 14d\n      notify: {notify}", 1)
    if site_url:
        text = f"site_url: {site_url}\n" + text
    config.write_text(text, encoding="utf-8")


@pytest.fixture
def two_people(wiki: Sopgen) -> Sopgen:
    """Ana owns a stale and a due page; Ben owns a stale one and backs up Ana's stale one."""
    wiki.page("procedures/marketing/newsletter.md",
              proc("Send the newsletter", "ana", "2026-08-01", backup="ben"))  # due 10-30: stale
    wiki.page("procedures/marketing/social.md",
              proc("Post on Instagram", "ana", "2026-09-01"))  # due 11-30: due soon
    wiki.page("procedures/website/update.md",
              proc("Update the website", "ben", "2026-07-01"))  # due 09-29: stale
    wiki.page("procedures/website/fresh.md",
              proc("Fresh one", "maria", "2026-11-20", backup="ana"))  # nothing to do
    return wiki


def test_delivers_one_digest_per_person_by_email_and_webhook_and_the_summary(
        two_people: Sopgen, mailbox: Mailbox, webhook: Webhook,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOPGEN_NOTIFY_BEN", webhook.url(f"ben/{TOKEN}"))
    configure(two_people,
              "{ana: {name: Ana Perez, notify: ['" + mailbox.url("ana@acme.example") + "']}, "
              "ben: {name: Ben Okafor, notify: [!ENV SOPGEN_NOTIFY_BEN]}, "
              "maria: {name: Maria Lopez, notify: ['" + mailbox.url("maria@acme.example") + "']}}",
              notify="['" + webhook.url(f"team/{TOKEN}") + "']",
              site_url="https://wiki.acme.example/")
    result = two_people("remind", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert TOKEN not in result.output
    assert result.output == (
        f"Sent ana's digest (2 items) to mailto://127.0.0.1:{mailbox.port}\n"
        f"Sent ben's digest (2 items) to json://127.0.0.1:{webhook.port}/****\n"
        f"Sent the summary to json://127.0.0.1:{webhook.port}/****\n")

    # Email: exactly one message, to Ana, holding exactly her items with working links.
    assert [(frm, to) for frm, to, _ in mailbox.messages] == [
        ("sopgen@acme.example", ["ana@acme.example"])]
    message = mailbox.messages[0][2]
    assert message["Subject"] == "Acme Bakery Ltd procedures: 2 things to review or renew"
    text = message.get_body(("plain",)).get_content()
    assert "1. Send the newsletter: Stale, review due 2026-10-30 (24 days overdue)" in text
    assert "   https://wiki.acme.example/marketing/newsletter/" in text
    assert ("   Follow the steps, then run: sopgen verify procedures/marketing/newsletter.md "
            "--by ana") in text
    assert "2. Post on Instagram: Due soon, review due 2026-11-30 (in 7 days)" in text
    assert "https://wiki.acme.example/marketing/social/" in text
    assert "Update the website" not in text and "Fresh one" not in text
    calendar = next(p for p in message.iter_attachments())
    assert calendar.get_filename() == "reviews-ana.ics"
    ics = calendar.get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "SUMMARY:Overdue review: Send the newsletter" in ics and "BEGIN:VALARM" in ics

    # The webhook: Ben's digest at his path, the summary at the wiki-wide one.
    assert [path for path, _ in webhook.posts] == [f"/ben/{TOKEN}", f"/team/{TOKEN}"]
    ben = webhook.posts[0][1]
    assert ben["title"] == "Acme Bakery Ltd procedures: 2 things to review or renew"
    assert ben["message"].startswith("Hello Ben Okafor,\n\n2 things in Acme Bakery Ltd "
                                     "procedures need you (as of 2026-11-23):\n\n")
    assert ("1. Update the website: Stale, review due 2026-09-29 (55 days overdue)\n"
            "   https://wiki.acme.example/website/update/\n"
            "   Follow the steps, then run: sopgen verify procedures/website/update.md --by ben\n"
            ) in ben["message"]
    assert ("2. Send the newsletter (you back it up; owner: Ana Perez): Stale, review due "
            "2026-10-30 (24 days overdue)\n") in ben["message"]
    assert "--by ben" in ben["message"] and "--by ana" not in ben["message"]
    assert "Post on Instagram" not in ben["message"]
    assert [a["filename"] for a in ben["attachments"]] == ["reviews-ben.ics"]
    summary = webhook.posts[1][1]
    assert summary["title"] == ("Acme Bakery Ltd procedures: 4 things to review or renew, "
                                "for 2 people")
    assert "Ana Perez (ana): 2\n" in summary["message"]
    assert "Ben Okafor (ben): 2\n" in summary["message"]
    assert "Maria" not in summary["message"]  # nothing to do: nothing sent, not even named
    assert [a["filename"] for a in summary["attachments"]] == ["reviews.ics"]


def test_a_failing_address_fails_only_its_own_digest(
        two_people: Sopgen, mailbox: Mailbox, webhook: Webhook) -> None:
    closed = free_port()
    configure(two_people,
              "{ana: {name: Ana Perez, notify: ['json://127.0.0.1:" + str(closed) + f"/{TOKEN}']}}, "
              "ben: {name: Ben Okafor, notify: ['" + mailbox.url("ben@acme.example") + "']}, "
              "maria: {name: Maria Lopez}}",
              notify="['" + webhook.url(f"team/{TOKEN}") + "']")
    result = two_people("remind", "--today", TODAY)
    assert result.exit_code == 1
    assert TOKEN not in result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"Failed: ana's digest (2 items) to json://127.0.0.1:{closed}/****: ")
    assert lines[1:] == [
        f"Sent ben's digest (2 items) to mailto://127.0.0.1:{mailbox.port}",
        f"Sent the summary to json://127.0.0.1:{webhook.port}/****",
        "1 delivery failed; every other message was sent."]
    assert [to for _, to, _ in mailbox.messages] == [["ben@acme.example"]]
    assert len(webhook.posts) == 1


def test_dry_run_prints_each_digest_and_sends_nothing(
        two_people: Sopgen, webhook: Webhook) -> None:
    configure(two_people,
              "{ana: {name: Ana Perez, notify: ['mailto://ops:" + PASSWORD + "@smtp.acme.example"
              "?to=ana@acme.example']}, ben: {name: Ben Okafor}, maria: {name: Maria Lopez}}",
              notify="['" + webhook.url(f"team/{TOKEN}") + "']")
    result = two_people("remind", "--today", TODAY, "--dry-run", "--no-calendar")
    assert result.exit_code == 0, result.output
    assert webhook.posts == []
    assert PASSWORD not in result.output and TOKEN not in result.output
    out = result.output
    assert out.startswith("--- To Ana Perez (ana): mailto://****@smtp.acme.example\n"
                          "Subject: Acme Bakery Ltd procedures: 2 things to review or renew\n\n"
                          "Hello Ana Perez,\n")
    assert "   marketing/newsletter/ on the site (set site_url in mkdocs.yml for links)\n" in out
    assert "--- To Ben Okafor (ben): no address of their own\n" in out
    assert f"--- Summary to json://127.0.0.1:{webhook.port}/****\n" in out
    assert "Ben Okafor (ben): 2 (no address of their own: tell them)\n" in out
    assert "attached" not in out
    assert out.endswith("Dry run: 2 digests, nothing sent.\n")


def test_person_and_client_narrow_the_digests(two_people: Sopgen) -> None:
    configure(two_people, "{ana: {name: Ana Perez}, ben: {name: Ben Okafor}, "
              "maria: {name: Maria Lopez}}")
    two_people.page("procedures/clients/crumb.md",
                    proc("Crumb payroll", "maria", "2026-01-01", extra="client: crumb"))
    result = two_people("remind", "--today", TODAY, "--dry-run", "--person", "ben")
    assert result.exit_code == 0, result.output
    assert "--- To Ben Okafor (ben)" in result.output and "Ana Perez (ana)" not in result.output
    result = two_people("remind", "--today", TODAY, "--dry-run", "--client", "crumb")
    assert result.exit_code == 0, result.output
    assert "--- To Maria Lopez (maria)" in result.output
    assert "Crumb payroll" in result.output and "Send the newsletter" not in result.output
    result = two_people("remind", "--today", TODAY, "--person", "ana", "--client", "crumb")
    assert (result.exit_code, result.output) == (
        0, "Nothing to review or renew for ana for client crumb: nothing to send.\n")


@pytest.mark.parametrize(("args", "message"), [
    (("--person", "zoe"), "Error: --person zoe: not a person of this wiki (known: ana, ben, "
                          "maria)\n"),
    (("--client", "nope"), "Error: --client nope: no such client (known: none)\n"),
])
def test_unknown_person_or_client_is_exit_2(two_people: Sopgen, args: tuple[str, ...],
                                           message: str) -> None:
    configure(two_people, "{ana: {name: Ana Perez}, ben: {name: Ben Okafor}, maria: {}}")
    result = two_people("remind", "--today", TODAY, *args)
    assert (result.exit_code, result.output) == (2, message)


@pytest.mark.parametrize(("url", "shown"), [
    (f"slak://{TOKEN}/B0/C0", "slak://****/****"),
    (f"notaurl{TOKEN}", "**** (not a URL)"),
])
def test_an_unusable_address_is_a_config_error_naming_the_person_masked(
        two_people: Sopgen, url: str, shown: str) -> None:
    configure(two_people, "{ana: {name: Ana Perez, notify: ['" + url + "']}, ben: {}, maria: {}}")
    result = two_people("remind", "--today", TODAY, "--dry-run")
    assert result.exit_code == 2
    assert TOKEN not in result.output
    assert "sopgen.team: team.ana.notify[1]: " + shown + " is not an address Apprise can send " \
           "to" in result.output


def test_a_person_without_any_address_and_no_summary_is_a_failure(two_people: Sopgen) -> None:
    configure(two_people, "{ana: {name: Ana Perez}, ben: {name: Ben Okafor}, maria: {}}")
    result = two_people("remind", "--today", TODAY, "--person", "ben")
    assert result.exit_code == 1
    assert result.output == (
        "Failed: ben's digest (2 items): no address of their own (team.ben.notify in "
        "mkdocs.yml); no wiki-wide notify: either\n"
        "1 delivery failed; every other message was sent.\n")


def test_an_unset_env_address_is_skipped_so_the_site_still_builds(
        two_people: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOPGEN_NOTIFY_ANA", raising=False)
    configure(two_people, "{ana: {name: Ana Perez, notify: [!ENV SOPGEN_NOTIFY_ANA]}, ben: {}, "
              "maria: {}}", notify="!ENV [SOPGEN_NOTIFY_TEAM, '']")
    result = two_people("remind", "--today", TODAY, "--dry-run", "--person", "ana")
    assert result.exit_code == 0, result.output
    assert "--- To Ana Perez (ana): no address of their own\n" in result.output
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert two_people("build", "--site-dir", "site").exit_code == 0


def test_apprise_log_lines_never_print_a_token(two_people: Sopgen, caplog: pytest.LogCaptureFixture,
                                               capfd: pytest.CaptureFixture[str]) -> None:
    closed = free_port()
    configure(two_people, "{ana: {name: Ana Perez, notify: ['json://ops:" + PASSWORD
              + "@127.0.0.1:" + str(closed) + f"/{TOKEN}']}}, ben: {{}}, maria: {{}}}}")
    result = two_people("remind", "--today", TODAY, "--person", "ana")
    assert result.exit_code == 1
    captured = capfd.readouterr()
    everything = result.output + captured.out + captured.err + caplog.text
    assert TOKEN not in everything and PASSWORD not in everything
    assert "json://****@127.0.0.1:" in result.output


def test_email_is_plain_text_and_secrets_are_never_sent(
        two_people: Sopgen, mailbox: Mailbox) -> None:
    token = "ghp_" + "A1b2C3d4E5" * 3 + "F6g7H8"
    two_people.page("procedures/evil.md", proc(
        f"<script>alert(1)</script> & co {token}", "ana", "2026-01-01"))
    configure(two_people, "{ana: {name: '<b>Ana</b>', notify: ['" + mailbox.url("ana@acme.example")
              + "']}, ben: {}, maria: {}}")
    result = two_people("remind", "--today", TODAY, "--person", "ana")
    assert result.exit_code == 0, result.output
    message = mailbox.messages[0][2]
    # Plain text only: no HTML part in which a page's markup could run.
    assert [part.get_content_type() for part in message.walk()] == [
        "multipart/mixed", "text/plain", "text/calendar"]
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Hello <b>Ana</b>,")
    raw = message.as_string()
    assert token not in raw and token not in result.output
    assert "ghp_****" in message.get_body(("plain",)).get_content()


def test_a_clients_own_people_get_their_digest_and_clients_are_checked(
        two_people: Sopgen, webhook: Webhook) -> None:
    configure(two_people, "{ana: {name: Ana Perez}, ben: {name: Ben Okafor}, maria: {}}")
    config = two_people.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      due_soon: 14d", "      due_soon: 14d\n      clients: {crumb: {name: Crumb & Co, "
        "people: {rosa: {name: Rosa Diaz, notify: ['" + webhook.url(f"rosa/{TOKEN}") + "']}}}}", 1))
    two_people.page("procedures/crumb/payroll.md",
                    proc("Crumb payroll", "rosa", "2026-01-01", extra="client: crumb"))
    result = two_people("remind", "--today", TODAY, "--client", "crumb")
    assert (result.exit_code, result.output) == (
        0, f"Sent rosa's digest (1 item) to json://127.0.0.1:{webhook.port}/****\n")
    assert [path for path, _ in webhook.posts] == [f"/rosa/{TOKEN}"]
    assert webhook.posts[0][1]["message"].startswith("Hello Rosa Diaz,\n")
    assert "sopgen verify procedures/crumb/payroll.md --by rosa" in webhook.posts[0][1]["message"]
    result = two_people("remind", "--today", TODAY, "--client", "bakery")
    assert (result.exit_code, result.output) == (
        2, "Error: --client bakery: no such client in mkdocs.yml (clients: crumb)\n")


def test_a_passed_renewal_is_a_renewal_item_and_an_adopted_page_a_review(wiki: Sopgen) -> None:
    """An account stale only by its renewal is not also an overdue review; adopted pages count."""
    wiki.page("procedures/accounts/domain.md", """
        ---
        kind: account
        title: Domain
        owner: ana
        backup: ben
        last_verified: 2026-11-01
        registered_to: Acme Bakery Ltd
        admins: [ana, ben]
        credentials: 1Password vault "IT"
        renews: 2026-11-20
        ---
        """)
    wiki.page("procedures/old/close-the-till.md",
              "---\nowner: ana\nfirst_review: 2026-11-30\n---\n\n1. Count the till.\n")
    configure(wiki, "{ana: {name: Ana Perez}, ben: {name: Ben Okafor}}")
    result = wiki("remind", "--today", TODAY, "--dry-run", "--no-calendar", "--person", "ana")
    out = result.output
    assert "Renewal passed" in out and "Domain" in out
    assert out.count("Domain") == 1, out  # one item: the renewal, not a review besides
    assert "Never verified" in out and "Close the till" in out
    assert "sopgen verify procedures/old/close-the-till.md --by ana" in out
