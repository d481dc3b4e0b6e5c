"""Durations ("90d", "12w", "6m", "1y") and ISO dates, parsed in one place."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# "90d", or in words as GOV.UK's tech docs write `review_in` ("6 weeks", "3 months", "1 year").
_DURATION = re.compile(r"^\s*(\d+)\s*(?:([dwmy])|(day|week|month|year)s?)\s*$", re.IGNORECASE)
_UNIT_NAMES = {"d": "day", "w": "week", "m": "month", "y": "year"}
# Dates are kept far from the ends of Python's calendar, so adding the longest review interval
# (100 years) or a day for a calendar event never overflows.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(9800, 12, 31)
_MAX_AMOUNT = {"d": 36_525, "w": 5_218, "m": 1_200, "y": 100}


@dataclass(frozen=True, order=True)
class Duration:
    """A span of days, weeks, months or years, added to dates the way people count them."""

    amount: int
    unit: str

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def describe(self) -> str:
        """Return the duration in words, e.g. "3 months"."""
        name = _UNIT_NAMES[self.unit]
        return f"{self.amount} {name}{'' if self.amount == 1 else 's'}"

    def after(self, day: dt.date) -> dt.date:
        """Return the date this duration after `day` (months clamp to the month's last day)."""
        return _shift(day, self.amount, self.unit)

    def before(self, day: dt.date) -> dt.date:
        """Return the date this duration before `day`."""
        return _shift(day, -self.amount, self.unit)


def _shift(day: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "d":
        return day + dt.timedelta(days=amount)
    if unit == "w":
        return day + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "y" else 1)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def parse_duration(value: object) -> Duration:
    """Parse "90d", "12w", "6m", "1y" or "6 weeks"; raise ValueError with a readable reason otherwise."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"expected a duration like 90d, 12w, 6m or 1y, got {value!r}")
    match = _DURATION.match(str(value)) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a duration like 90d, 12w, 6m or 1y, got {value!r}")
    amount, unit = int(match.group(1)), (match.group(2) or match.group(3)[0]).lower()
    if amount <= 0:
        raise ValueError(f"a duration must be more than zero, got {value!r}")
    if amount > _MAX_AMOUNT[unit]:
        raise ValueError(f"{value} is more than 100 years; use at most {_MAX_AMOUNT[unit]}{unit}")
    return Duration(amount, unit)


def parse_date(value: object) -> dt.date:
    """Parse an ISO date (YYYY-MM-DD) given as text or as a YAML date; raise ValueError if not."""
    if isinstance(value, dt.datetime):
        return _bounded(value.date())
    if isinstance(value, dt.date):
        return _bounded(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value.strip()} is not a real date") from None
        return _bounded(day)
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


def _bounded(day: dt.date) -> dt.date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(f"{day} is out of range: dates run from {MIN_DATE} to {MAX_DATE}")
    return day


def count_days(n: int) -> str:
    """Return "1 day" or "N days"."""
    return f"{n} day{'' if n == 1 else 's'}"


def when(day: dt.date, today: dt.date) -> str:
    """Say when a day is from today: "today", "tomorrow", "yesterday", "in 3 days", "3 days ago"."""
    n = (day - today).days
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n == -1:
        return "yesterday"
    return f"in {count_days(n)}" if n > 0 else f"{count_days(-n)} ago"


def until(deadline: dt.date, today: dt.date) -> str:
    """Say how a deadline stands: "today", "tomorrow", "in 3 days", "1 day overdue"."""
    n = (deadline - today).days
    if n < 0:
        return f"{count_days(-n)} overdue"
    return when(deadline, today)


def band(deadline: dt.date, today: dt.date, window: Duration) -> str:
    """Return "past" after a deadline, "due" inside `window` before it (the day too), else "ahead"."""
    if today > deadline:
        return "past"
    if today >= window.before(deadline):
        return "due"
    return "ahead"
