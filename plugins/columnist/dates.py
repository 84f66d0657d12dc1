"""Dates as authors write them in front matter, made comparable.

YAML gives a ``date`` for ``2007-02-14``, a naive ``datetime`` for ``2007-02-14 08:15``
and an aware one for ``2012-09-19T07:30:00-07:00``; quoted values arrive as strings.
Everything becomes an aware datetime: naive values are taken to be in the site's zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DATE_HINT = "write it as 2024-03-06, or 2024-03-06 08:30 with a time"


def parse_date(value: object) -> date | datetime:
    """Turn a front matter value into a date or datetime, or raise ``ValueError`` saying why.

    >>> parse_date("2007-02-14")
    datetime.date(2007, 2, 14)
    >>> parse_date("2007-02-14 08:15")
    datetime.datetime(2007, 2, 14, 8, 15)
    """
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{value!r} is not a date; {DATE_HINT}") from None
    raise ValueError(f"{value!r} is not a date; {DATE_HINT}")


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
