"""RSS 2.0 and Atom feeds, read with feedparser: each entry a column.

A feed holds the finished HTML of each post, not what its author typed, and usually only
the newest posts; a WordPress export (``wxr``) holds everything. Dates keep the zone the
feed wrote them in.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser

from columnist.importers.model import (
    Column,
    Export,
    ImportFailure,
    Recording,
    byte_count,
    dated_beyond,
    not_imported,
    usable_date,
)
from columnist.importers.text import AUDIO_SUFFIXES, paragraph_text
from columnist.problems import Problem
from columnist.slugs import slugify

_TRAILING_ELLIPSIS = re.compile(r"(\[\s*(…|\.\.\.)\s*\]|…|\.\.\.)\s*$")
_READ_MORE = re.compile(r"\s*(continue reading|read more|read the rest)\b.*$", re.IGNORECASE | re.DOTALL)


def read(data: bytes, name: str) -> Export:
    """Every entry of an RSS or Atom feed."""
    parsed = feedparser.parse(data, sanitize_html=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        raise ImportFailure(
            f"{name} is neither a feed (RSS or Atom) nor a WordPress export{detail}; "
            "give the address of the old blog's feed or a WordPress export file"
        )
    problems = []
    if parsed.get("bozo") and parsed.entries:
        problems.append(
            Problem(name, getattr(parsed.get("bozo_exception"), "getLineNumber", lambda: 1)() or 1, "feed",
                    f"is not well-formed ({parsed.bozo_exception}); what could be read was imported",
                    "warning")
        )  # fmt: skip
    kind = "Atom feed" if str(parsed.get("version", "")).startswith("atom") else "RSS feed"
    site = parsed.feed.get("link") or None
    columns = []
    author_names: dict[str, str] = {}
    for position, entry in enumerate(parsed.entries, start=1):
        title = _title(entry)
        try:
            column = _column(entry, position, name, author_names)
        except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as error:
            problems.append(
                not_imported(name, 1, title or f"entry {position}", f"could not be read ({error})")
            )
            continue
        if column is None:
            problems.append(not_imported(name, 1, title or f"entry {position}", "has no date"))
        elif not usable_date(column.date):
            problems.append(not_imported(name, 1, title or f"entry {position}", dated_beyond(column.date)))
        else:
            columns.append(column)
    return Export(name, kind, site, tuple(columns), author_names=author_names, problems=tuple(problems))


def _column(
    entry: Mapping[str, Any], position: int, name: str, author_names: dict[str, str]
) -> Column | None:
    """One entry as a column (None when it has no date); its authors' names go into ``author_names``."""
    title = _title(entry)
    when = _date(entry)
    if when is None:
        return None
    link = entry.get("feedburner_origlink") or entry.get("link") or None
    html, excerpt = _text(entry)
    authors = []
    for person in entry.get("authors") or ([{"name": entry["author"]}] if entry.get("author") else []):
        display = _person(person)
        key = slugify(display) or display
        if key:
            authors.append(key)
            author_names.setdefault(key, display)
    guid = (entry.get("id") or link or "").strip()
    if not guid:
        guid = f"{name}#{when.isoformat()}-{slugify(title) or position}"
    labels = ((tag.get("label") or tag.get("term") or "").strip() for tag in entry.get("tags") or [])
    return Column(
        title=title,
        date=when,
        html=html,
        guid=guid,
        slug=_slug_from(link),
        link=link,
        other_links=(guid,) if guid.startswith(("http://", "https://")) else (),
        categories=tuple(dict.fromkeys(label for label in labels if label)),
        authors=tuple(dict.fromkeys(authors)),
        excerpt_html=excerpt,
        recording=_recording(entry),
    )


def _title(entry: Mapping[str, Any]) -> str:
    title = entry.get("title") or ""
    detail = entry.get("title_detail") or {}
    if "html" in str(detail.get("type", "")):
        return title  # the writer takes the markup out
    return title.replace("&", "&amp;").replace("<", "&lt;")  # text: kept as written


def _date(entry: Mapping[str, Any]) -> datetime | None:
    """The published (else updated) date with the zone the feed gave it."""
    for key in ("published", "updated", "created"):
        value = (entry.get(key) or "").strip()
        if not value:
            continue
        try:
            moment = parsedate_to_datetime(value)
            if moment.tzinfo is None:  # "-0000": UTC, said without certainty
                moment = moment.replace(tzinfo=timezone.utc)
            return moment
        except (TypeError, ValueError, IndexError):
            pass
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime(*parsed[:6], tzinfo=timezone.utc)
    return None


def _text(entry: Mapping[str, Any]) -> tuple[str, str | None]:
    """The entry's HTML, and its excerpt when the feed gives one apart from the text."""
    contents = entry.get("content") or []
    summary = entry.get("summary") or ""
    if not contents:
        return summary, None
    content = next((c for c in contents if "html" in str(c.get("type", ""))), contents[0]).get("value") or ""
    return content, summary if summary and _distinct(summary, content) else None


def _distinct(summary: str, content: str) -> bool:
    """Is the description more than the text's own first words (WordPress's "[…]" excerpt)?

    >>> _distinct("<p>One two […]</p>", "<p>One two three.</p>"), _distinct("Another thing.", "One two.")
    (False, True)
    """
    short = " ".join(_READ_MORE.sub("", paragraph_text(summary)).split())
    short = _TRAILING_ELLIPSIS.sub("", short).strip()
    return bool(short) and not " ".join(paragraph_text(content).split()).startswith(short)


def _person(person: Mapping[str, Any]) -> str:
    """A name, never an email: RSS's ``<author>`` is ``email (Name)``."""
    name = (person.get("name") or "").strip()
    if "@" in name:
        inside = re.search(r"\(([^)]*)\)", name)
        name = inside.group(1).strip() if inside else name.split("@", 1)[0]
    return " ".join(name.split())


def _slug_from(link: str | None) -> str:
    """The old address's last part, as WordPress and Blogger name posts: ``/2012/09/some-post/``."""
    if not link:
        return ""
    last = posixpath.basename(urlsplit(link).path.rstrip("/"))
    last = re.sub(r"\.(html?|php|aspx?)$", "", unquote(last), flags=re.IGNORECASE)
    return "" if last.isdigit() else last


def _recording(entry: Mapping[str, Any]) -> Recording | None:
    for enclosure in entry.get("enclosures") or []:
        src = (enclosure.get("href") or "").strip()
        kind = (enclosure.get("type") or "").split(";")[0].strip()
        suffix = posixpath.splitext(urlsplit(src).path)[1].lower()
        if not src or not (kind.startswith("audio/") or (not kind and suffix in AUDIO_SUFFIXES)):
            continue
        length = str(enclosure.get("length") or "").strip()
        duration = str(entry.get("itunes_duration") or "").strip()
        return Recording(
            src=src,
            length=byte_count(length),
            type=kind or None,
            duration=duration or None,
        )
    return None
