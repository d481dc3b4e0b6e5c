"""Durations ("90d", "12w", "6m", "1y") and ISO dates, parsed in one place."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$")
_UNIT_NAMES = {"d": "day", "w": "week", "m": "month", "y": "year"}


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
    """Parse "90d", "12w", "6m" or "1y"; raise ValueError with a readable reason otherwise."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"expected a duration like 90d, 12w, 6m or 1y, got {value!r}")
    match = _DURATION.match(str(value)) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a duration like 90d, 12w, 6m or 1y, got {value!r}")
    amount = int(match.group(1))
    if amount <= 0:
        raise ValueError(f"a duration must be more than zero, got {value!r}")
    return Duration(amount, match.group(2))


def parse_date(value: object) -> dt.date:
    """Parse an ISO date (YYYY-MM-DD) given as text or as a YAML date; raise ValueError if not."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value.strip()} is not a real date") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


def describe_age(days: int) -> str:
    """Say how long ago a number of days is, e.g. "today", "3 days ago", "in 2 days"."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days < 0:
        return f"in {-days} days"
    return f"{days} days ago"
