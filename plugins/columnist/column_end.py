"""What closes a column: a box for each of its authors, and the ways to follow the column.

A reader who reached the end liked it; this is where they learn who wrote it and how to
get the next one (the feeds, the podcast, the email sign-up, the podcast apps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from columnist.post import Post
from columnist.slugs import name_slug

#: The podcast apps a columnist can link to under ``podcast.links``, by option, with their names.
LISTEN_APPS = (
    ("apple", "Apple Podcasts"),
    ("spotify", "Spotify"),
    ("overcast", "Overcast"),
    ("pocketcasts", "Pocket Casts"),
)


@dataclass(frozen=True)
class AuthorBox:
    name: str
    page: str  # the author's page, relative to the site root
    description: str | None = None
    avatar: str | None = None  # as written in the settings: a URL or a docs-relative path


@dataclass(frozen=True)
class AppLink:
    name: str
    url: str


@dataclass(frozen=True)
class Follow:
    """The ways to follow the column that the columnist sets in mkdocs.yml."""

    signup: str | None = None
    apps: tuple[AppLink, ...] = ()


def author_boxes(post: Post, authors: Mapping[str, Any]) -> tuple[AuthorBox, ...]:
    """One box per author of ``post``, in the order the column names them."""
    boxes = []
    for key in post.authors:
        person = authors.get(key)
        boxes.append(
            AuthorBox(
                name=str(getattr(person, "name", None) or key),
                page=f"author/{name_slug(key)}/",
                description=getattr(person, "description", None) or None,
                avatar=getattr(person, "avatar", None) or None,
            )
        )
    return tuple(boxes)


def follow(signup: str | None, links: Mapping[str, str | None]) -> Follow:
    """The sign-up page and the podcast apps the columnist gave addresses for.

    >>> follow(None, {"spotify": "https://open.spotify.com/show/x", "apple": None}).apps
    (AppLink(name='Spotify', url='https://open.spotify.com/show/x'),)
    """
    apps = tuple(AppLink(name, links[option]) for option, name in LISTEN_APPS if links.get(option))
    return Follow(signup or None, apps)
