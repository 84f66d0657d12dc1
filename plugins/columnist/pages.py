"""The values a column's page shows, as plain data: its dates, people, links, audio edition and letters.

Computed once per build from the catalog and handed to the package's templates; nothing
here knows MkDocs, so the values can be tested, and shown by another generator, without it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date

from columnist.catalog import Catalog, is_scheduled
from columnist.images import Picture, picture_of
from columnist.post import Post, Quote
from columnist.slugs import name_slug
from columnist.words import clock, locale_for, megabytes


class DateFormatter:
    """Dates in the theme's language, with babel (as Material formats its own dates)."""

    def __init__(self, language: str) -> None:
        self.locale = locale_for(language)
        self._days: dict[date, str] = {}
        self._months: dict[tuple[int, int], str] = {}

    def __call__(self, moment: datetime) -> str:
        # A column's date shows on its page, in lists and in the archive: babel is asked once per day.
        day = moment.date()
        if day not in self._days:
            self._days[day] = format_date(day, format="long", locale=self.locale)
        return self._days[day]

    def month(self, moment: datetime) -> str:
        """The month and year, as an archive heading: "March 2024"."""
        key = (moment.year, moment.month)
        if key not in self._months:
            self._months[key] = format_date(date(*key, 1), format="LLLL y", locale=self.locale)
        return self._months[key]


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    url: str | None = None
    avatar: str | None = None


@dataclass(frozen=True)
class NameLink:
    name: str
    url: str  # relative to the site root


@dataclass(frozen=True)
class Link:
    title: str
    url: str  # relative to the page that shows it


@dataclass(frozen=True)
class AudioView:
    """The audio edition on a column's page."""

    url: str  # relative to the site root for a local file, else absolute
    type: str | None
    title: str
    duration_text: str | None
    duration_iso: str | None
    size_text: str | None
    transcript: str | None


def audio_view(post: Post, catalog: Catalog, posts_prefix: str, locale: Locale) -> AudioView | None:
    media = catalog.media.get(post.path)
    if media is None:
        return None
    spec = media.spec
    transcript = None
    if spec.transcript:
        transcript = (
            spec.transcript
            if "://" in spec.transcript
            else posixpath.normpath(
                posixpath.join(posts_prefix + posixpath.dirname(post.relative), spec.transcript)
            )
        )
    return AudioView(
        url=media.url or posts_prefix + (media.path or ""),
        type=media.type,
        title=spec.title or post.title,
        duration_text=clock(media.duration) if media.duration else None,
        duration_iso=f"PT{round(media.duration)}S" if media.duration else None,
        size_text=megabytes(media.length, locale) if media.length else None,
        transcript=transcript,
    )


@dataclass(frozen=True)
class LetterView:
    """A reader's letter kept from an old blog."""

    name: str
    date_iso: str
    date_text: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class PostView:
    """Everything a post page shows, as plain values."""

    title: str
    number: int | None
    date_iso: str
    date_text: str
    updated_iso: str | None
    updated_text: str | None
    authors: tuple[NameLink, ...]
    categories: tuple[NameLink, ...]
    tags: tuple[NameLink, ...]
    read_minutes: int
    quotes: tuple[Quote, ...]
    newer: Link | None
    older: Link | None
    category: NameLink | None  # the first category, whose neighbours are shown too
    newer_in_category: Link | None
    older_in_category: Link | None
    draft: bool
    scheduled: bool
    audio: AudioView | None = None
    letters: tuple[LetterView, ...] = ()
    image: Picture | None = None


def people(post: Post, authors: Mapping[str, Mapping[str, object]]) -> tuple[Person, ...]:
    found = []
    for key in post.authors:
        person = authors.get(key) or {}
        found.append(
            Person(key, str(person.get("name") or key), person.get("url"), person.get("avatar"))  # type: ignore[arg-type]
        )
    return tuple(found)


def post_view(
    post: Post,
    catalog: Catalog,
    authors: Mapping[str, Mapping[str, object]],
    format_day: DateFormatter,
    now: datetime | None,
    category_neighbours: Mapping[str, tuple[Post | None, Post | None]],
    posts_prefix: str = "posts/",
    dest_uri: str = "index.html",
) -> PostView:
    newer, older = catalog.newer(post), catalog.older(post)
    newer_in_category, older_in_category = category_neighbours.get(post.path, (None, None))
    categories = tuple(
        NameLink(name, f"category/{catalog.slug('categories', name)}/") for name in post.categories
    )

    def link(other: Post | None) -> Link | None:
        return Link(other.title, relative_link(dest_uri, catalog.url(other))) if other else None

    return PostView(
        title=post.title,
        number=post.number,
        date_iso=post.date.isoformat(),
        date_text=format_day(post.date),
        updated_iso=post.updated.isoformat() if post.updated else None,
        updated_text=format_day(post.updated) if post.updated else None,
        authors=tuple(
            NameLink(person.name, f"author/{name_slug(person.key)}/") for person in people(post, authors)
        ),
        categories=categories,
        tags=tuple(NameLink(name, f"tag/{catalog.slug('tags', name)}/") for name in post.tags),
        read_minutes=post.read_minutes,
        quotes=post.quotes,
        newer=link(newer),
        older=link(older),
        category=categories[0] if categories else None,
        newer_in_category=link(newer_in_category),
        older_in_category=link(older_in_category),
        draft=post.draft,
        scheduled=is_scheduled(post, now),
        audio=audio_view(post, catalog, posts_prefix, format_day.locale),
        image=picture_of(post.image, post.source, post.relative, posts_prefix),
        letters=tuple(
            LetterView(
                letter.name,
                letter.date.isoformat(),
                format_day(letter.date),
                tuple(part.strip() for part in re.split(r"\n\s*\n", letter.text) if part.strip()),
            )
            for letter in post.letters
        ),
    )


def category_neighbours(catalog: Catalog) -> dict[str, tuple[Post | None, Post | None]]:
    """For each column, the newer and older column of its first category, found in one pass."""
    neighbours: dict[str, tuple[Post | None, Post | None]] = {}
    for name, posts in catalog.by_category().items():
        for index, post in enumerate(posts):
            if post.categories[0] != name:
                continue
            newer = posts[index - 1] if index > 0 else None
            older = posts[index + 1] if index + 1 < len(posts) else None
            neighbours[post.path] = (newer, older)
    return neighbours


def relative_link(dest_uri: str, url: str) -> str:
    """A link from the page at ``dest_uri`` to ``url`` (relative to the site root), as short as it goes.

    Worked out on the strings: ``posixpath.relpath`` asks the file system for the working folder every time.

    >>> relative_link("2024/03/06/a/index.html", "2024/03/13/b/"), relative_link("page/2/index.html", "./")
    ('../../13/b/', '../../')
    >>> relative_link("2024/a.html", "2024/b.html"), relative_link("2024/a.html", "2023/c.html")
    ('b.html', '../2023/c.html')
    """
    here = dest_uri.split("/")[:-1]
    there = [part for part in url.split("/") if part and part != "."]
    common = 0
    # A page (``b.html``) is never a folder of the way here, so only folders of the link are compared.
    folders = there if url.endswith("/") or not there else there[:-1]
    while common < len(here) and common < len(folders) and here[common] == folders[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    if not parts:
        return "./"
    return "/".join(parts) + ("/" if url.endswith("/") or not there else "")


def root_of(dest_uri: str) -> str:
    """The way from a page to the site root: ``category/x/index.html`` -> ``../../``."""
    return "../" * dest_uri.count("/")
