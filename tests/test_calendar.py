"""The calendar feeds of a real build: alarms, links, overdue items on today, stable UIDs, RFC 5545.

Parsed with the `icalendar` package, and checked line by line by a strict reader of our own
(folding, CRLF, nesting, required properties), so a lenient parser cannot hide a broken feed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from tests.conftest import Sopgen, set_team


def epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))


def build(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, today: str) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(today))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    result = wiki("build", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    return wiki.root / "site"


@pytest.fixture
def feeds(wiki: Sopgen) -> Sopgen:
    set_team(wiki.root)
    config = wiki.root / "mkdocs.yml"
    config.write_text("site_url: https://wiki.acme.example/team/\n" + config.read_text())
    wiki.page("procedures/stale.md", """
        ---
        title: 'Pay the bills, then file them; carefully \\ twice'
        owner: ana
        backup: ben
        last_verified: 2026-01-01
        review_every: 90d
        ---
        1. Pay.
        """)
    wiki.page("procedures/ahead.md", """
        ---
        title: Send the newsletter
        owner: ben
        backup: maria
        last_verified: 2026-11-20
        review_every: 90d
        ---
        1. Send.
        """)
    wiki.page("procedures/accounts/domain.md", """
        ---
        kind: account
        title: Domain
        owner: maria
        backup: ana
        last_verified: 2026-11-01
        registered_to: Acme Bakery Ltd
        admins: [maria, ana]
        credentials: 1Password vault "IT"
        renews: 2026-11-20
        ---
        """)
    return wiki


def strict_check(feed: bytes) -> None:
    """Fail on anything RFC 5545 forbids that a lenient parser would let through."""
    assert feed.endswith(b"\r\n") and b"\n" not in feed.replace(b"\r\n", b"")
    lines = feed.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    unfolded: list[str] = []
    for line in lines:
        if line.startswith(b" "):
            unfolded[-1] += line[1:].decode("utf-8")  # each fold keeps whole UTF-8 characters
        else:
            unfolded.append(line.decode("utf-8"))
    stack: list[tuple[str, set[str]]] = []
    required = {"VEVENT": {"UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "DESCRIPTION"},
                "VALARM": {"ACTION", "TRIGGER", "DESCRIPTION"},
                "VCALENDAR": {"VERSION", "PRODID"}}
    for line in unfolded:
        name, _, value = line.partition(":")
        name = name.split(";")[0]
        if name == "BEGIN":
            stack.append((value, set()))
        elif name == "END":
            component, seen = stack.pop()
            assert component == value
            assert required.get(component, set()) <= seen, (component, seen)
        else:
            assert stack, line
            stack[-1][1].add(name)
            if name in ("SUMMARY", "DESCRIPTION"):
                unescaped = value.replace("\\\\", "").replace("\\;", "").replace("\\,", "") \
                    .replace("\\n", "")
                assert not any(c in unescaped for c in ";,\\"), line
    assert stack == []


def events(feed: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_every_event_has_its_link_and_alarms_and_overdue_ones_sit_on_today(
        feeds: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(feeds, monkeypatch, "2026-11-23")
    feed = (site / "review/reviews.ics").read_bytes()
    strict_check(feed)
    found = events(feed)
    assert sorted(found) == [
        "Overdue review: Pay the bills, then file them; carefully \\ twice",
        "Renewal passed: Domain",
        "Review: Domain",
        "Review: Send the newsletter",
    ]
    stale = found["Overdue review: Pay the bills, then file them; carefully \\ twice"]
    assert stale["DTSTART"].dt == dt.date(2026, 11, 23)  # today, not 2026-04-01
    assert str(stale["URL"]) == "https://wiki.acme.example/team/stale/"
    assert str(stale["DESCRIPTION"]) == (
        "Overdue since 2026-04-01. Owner: Ana Perez. Follow the steps, then run: sopgen verify "
        "procedures/stale.md --by ana\nPage: https://wiki.acme.example/team/stale/")
    assert [str(a["TRIGGER"].dt) for a in stale.walk("VALARM")] == ["9:00:00"]
    renewal = found["Renewal passed: Domain"]
    assert renewal["DTSTART"].dt == dt.date(2026, 11, 23)
    assert str(renewal["URL"]) == "https://wiki.acme.example/team/accounts/domain/"
    ahead = found["Review: Send the newsletter"]
    assert ahead["DTSTART"].dt == dt.date(2027, 2, 18)
    assert [a["TRIGGER"].dt for a in ahead.walk("VALARM")] == [
        dt.timedelta(days=-7), dt.timedelta(hours=9)]
    for event in found.values():
        assert {str(a["ACTION"]) for a in event.walk("VALARM")} == {"DISPLAY"}
        assert str(event["URL"]) in str(event["DESCRIPTION"])


def test_overdue_events_move_with_each_build_and_keep_their_uids(
        feeds: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    first = events((build(feeds, monkeypatch, "2026-11-23") / "review/reviews.ics").read_bytes())
    later = events((build(feeds, monkeypatch, "2026-11-30") / "review/reviews.ics").read_bytes())
    title = "Overdue review: Pay the bills, then file them; carefully \\ twice"
    assert later[title]["DTSTART"].dt == dt.date(2026, 11, 30)
    assert {s: str(e["UID"]) for s, e in first.items()} == \
           {s: str(e["UID"]) for s, e in later.items()}


def test_a_feed_per_person_with_their_name_in_each_command(
        feeds: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(feeds, monkeypatch, "2026-11-23")
    ana = (site / "review/people/ana.ics").read_bytes()
    strict_check(ana)
    found = events(ana)  # owns the stale page; backs up and administers the domain
    assert sorted(found) == ["Overdue review: Pay the bills, then file them; carefully \\ twice",
                             "Renewal passed: Domain", "Review: Domain"]
    assert all("--by ana" in str(e["DESCRIPTION"]) for s, e in found.items()
               if s.startswith(("Review", "Overdue")))
    ben = events((site / "review/people/ben.ics").read_bytes())
    assert sorted(ben) == ["Overdue review: Pay the bills, then file them; carefully \\ twice",
                           "Review: Send the newsletter"]


def test_without_site_url_the_description_gives_the_path_on_the_site(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    wiki.page("procedures/stale.md", "---\ntitle: Old\nowner: ana\nlast_verified: 2026-01-01\n"
                                     "---\n1. x\n")
    feed = (build(wiki, monkeypatch, "2026-11-23") / "review/reviews.ics").read_bytes()
    event = events(feed)["Overdue review: Old"]
    assert "URL" not in event  # a URL property must be absolute
    assert str(event["DESCRIPTION"]).endswith(
        "\nPage: stale/ on the site (set site_url in mkdocs.yml for a full link)")
    assert len(list(event.walk("VALARM"))) == 1
