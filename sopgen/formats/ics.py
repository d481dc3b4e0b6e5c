"""iCalendar (RFC 5545): render calendar events, with their alarms, as a feed calendar apps read."""

from __future__ import annotations

import datetime as dt
import re

from sopgen.events import Event

PRODID = "-//sopgen//procedure reviews//EN"


_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma, line breaks; drop control characters.

    A bare CR left in would end the content line for some parsers, letting a page's title
    start an event of its own.
    """
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", _LINE_BREAK.sub("\\\\n", text))


def fold(line: str) -> str:
    """Fold a content line at 75 octets, continuation lines starting with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    if len(encoded) == len(line):  # ASCII: one octet a character, slice it
        return "\r\n ".join([line[:75], *(line[i:i + 74] for i in range(75, len(line), 74))])
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def render_calendar(events: list[Event], name: str) -> str:
    """Render a VCALENDAR of all-day events, lines ending in CRLF."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}"]
    for event in sorted(events, key=lambda e: (e.day, e.key)):
        stamp = (event.stamp or event.day).strftime("%Y%m%dT000000Z")
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{escape(event.summary)}"]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{_CONTROL.sub('', _LINE_BREAK.sub('', event.url))}")
        lines.append("TRANSP:TRANSPARENT")
        for trigger in event.alarms:  # the reminder itself: a calendar rings, a feed alone is silent
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:{trigger}",
                      f"DESCRIPTION:{escape(event.summary)}", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
