"""What an old blog's export or feed holds, read into plain values before anything is written.

The readers (``wxr`` for WordPress exports, ``feed`` for RSS and Atom) fill these in as the
source has them: text still HTML, names still possibly garbled. The writer cleans them up,
so every source is cleaned the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from columnist.problems import Problem


class ImportFailure(Exception):
    """The source cannot be imported at all: missing, unreachable, or neither a feed nor an export."""


@dataclass(frozen=True)
class Recording:
    """An audio file attached to a post (an RSS enclosure, or WordPress's ``enclosure`` field)."""

    src: str
    length: int | None = None  # bytes
    type: str | None = None
    duration: str | None = None  # as the source wrote it: "12:34", "1:02:03" or seconds


@dataclass(frozen=True)
class OldLetter:
    """A reader's comment that the old blog approved."""

    name: str  # as the source has it (may hold entities or mojibake)
    date: datetime  # aware (UTC) when the source says so, else naive (the site's zone)
    html: str


@dataclass(frozen=True)
class Column:
    """One post of the old blog."""

    title: str  # as the source has it; may be empty, may hold markup
    date: datetime  # aware, or naive when the source gave only a local time
    html: str  # the text
    guid: str  # the source's own id for the post
    raw_wordpress: bool = False  # WordPress's stored text: blank lines are paragraphs, shortcodes
    slug: str = ""  # the old address's name for it (WordPress's post_name), if any
    link: str | None = None  # the old permalink
    other_links: tuple[str, ...] = ()  # other old addresses that led to it (``?p=123``)
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()  # keys: WordPress logins, or names made into keys
    excerpt_html: str | None = None
    recording: Recording | None = None
    draft: bool = False
    published: bool = True  # was it public on the old blog (so its address is worth keeping)?
    protected: bool = False  # behind a password on the old blog
    letters: tuple[OldLetter, ...] = ()
    line: int = 1  # where it starts in the source, for messages
    shared_guid: bool = False  # the source gave its guid to an earlier post too


@dataclass(frozen=True)
class Export:
    """Everything read from one source."""

    name: str  # the file or address, as messages name it
    kind: str  # "WordPress export", "RSS feed", "Atom feed"
    site: str | None  # the old blog's own address
    columns: tuple[Column, ...]
    author_names: Mapping[str, str] = field(default_factory=dict)  # key -> the name the old blog showed
    left_out: Mapping[str, int] = field(default_factory=dict)  # what is not a column, by kind
    problems: tuple[Problem, ...] = ()


def usable_date(moment: datetime) -> bool:
    """Can every time zone show ``moment``? Not when it is in year 1 or 9999 once in UTC: a
    zone's offset would push it past what a calendar of years 1 to 9999 can show.

    >>> from datetime import timedelta
    >>> usable_date(datetime(2012, 9, 19, 7, 30))
    True
    >>> usable_date(datetime(9999, 12, 31, 23, tzinfo=timezone.utc))
    False
    >>> usable_date(datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))))
    False
    """
    try:
        utc = (
            moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
        )
    except (OverflowError, ValueError):
        return False
    return 1 < utc.year < 9999


def not_imported(source: str, line: int, title: str, why: str) -> Problem:
    """An error naming a post of the source that was left out, by its title, and why.

    >>> str(not_imported("export.xml", 9, " Late\\n news ", "has no date"))
    "export.xml:9: item: 'Late news' has no date, so it was not imported"
    """
    return Problem(source, line, "item", f"'{' '.join(title.split())}' {why}, so it was not imported")


def dated_beyond(moment: datetime) -> str:
    """Why a post with a date no calendar can show is left out (see ``usable_date``)."""
    return f"is dated {moment.isoformat(' ')}, a date no calendar can show (correct it in the old blog)"


def byte_count(text: str) -> int | None:
    """An enclosure's length as the source wrote it, when it is a size in bytes.

    >>> byte_count(" 1234567 "), byte_count("0"), byte_count("²"), byte_count("12 MB")
    (1234567, None, None, None)
    """
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{1,15}", text) and int(text) > 0 else None
