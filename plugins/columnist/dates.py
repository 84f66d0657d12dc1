"""Dates as authors write them in front matter, made comparable.

YAML gives a ``date`` for ``2007-02-14``, a naive ``datetime`` for ``2007-02-14 08:15``
and an aware one for ``2012-09-19T07:30:00-07:00``; quoted values arrive as strings.
Everything becomes an aware datetime: naive values are taken to be in the site's zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from columnist.words import shorten

DATE_HINT = "write it as 2024-03-06, or 2024-03-06 08:30 with a time"
#: The first and last days a date may fall on: a time zone moves a time by up to a day, and the
#: feeds show it in another one, so the very first and last days of years 1 and 9999 cannot be shown.
FIRST_DAY = date(1, 1, 3)
LAST_DAY = date(9999, 12, 29)


def parse_date(value: object) -> date | datetime:
    """Turn a front matter value into a date or datetime, or raise ``ValueError`` saying why.

    >>> parse_date("2007-02-14")
    datetime.date(2007, 2, 14)
    >>> parse_date("2007-02-14 08:15")
    datetime.datetime(2007, 2, 14, 8, 15)
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return _in_range(date.fromisoformat(text), value)
            return _in_range(datetime.fromisoformat(text.replace("Z", "+00:00")), value)
        except OutOfRange:
            raise
        except ValueError:
            raise ValueError(f"{_shown(value)} is not a date; {DATE_HINT}") from None
    if isinstance(value, datetime | date):
        return _in_range(value, value)
    raise ValueError(f"{_shown(value)} is not a date; {DATE_HINT}")


def _in_range(value: date | datetime, written: object) -> date | datetime:
    """``value`` when every time zone can show it, else ``OutOfRange``.

    >>> parse_date("9999-12-31") == date(9999, 12, 31)
    Traceback (most recent call last):
    ...
    columnist.dates.OutOfRange: '9999-12-31' is too far in the past or future; use a date from 0001-01-03 ...
    >>> parse_date("2024-03-06T08:30:00+05:00").isoformat()
    '2024-03-06T08:30:00+05:00'
    """
    day = value.date() if isinstance(value, datetime) else value
    if FIRST_DAY <= day <= LAST_DAY:
        return value
    shown = written if isinstance(written, str) else str(written)
    raise OutOfRange(
        f"{_shown(shown)} is too far in the past or future; "
        f"use a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
    )


class OutOfRange(ValueError):
    """A date that is a date, but one no time zone arithmetic can be trusted with."""


def _shown(value: object) -> str:
    return shorten(repr(value), 80)


def as_aware(value: date | datetime, zone: tzinfo) -> datetime:
    """An aware datetime in ``zone``: dates start at midnight, naive times are read in ``zone``.

    >>> as_aware(date(2024, 3, 6), ZoneInfo("Europe/Paris")).isoformat()
    '2024-03-06T00:00:00+01:00'
    """
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def load_zone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name``, or ``ValueError`` naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"'{name}' is not a time zone name; use one like UTC, Europe/London or America/New_York"
        ) from None
