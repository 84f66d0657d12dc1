"""What readers see: the catalog's columns as MkDocs files and the values templates show.

This module and ``plugin.py`` are the only ones that know MkDocs. Every view value is
computed once per build from the catalog and handed to the package's templates, which
extend Material's ``main.html``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from columnist.catalog import Catalog, is_scheduled
from columnist.post import Post, Quote

TEMPLATES_DIR = Path(__file__).parent / "templates"
POST_TEMPLATE = "columnist/post.html"
STYLESHEET = "assets/columnist/columnist.css"


def dest_uri_for(url: str) -> str:
    """Where a page with ``url`` is written: ``2024/03/06/x/`` -> ``2024/03/06/x/index.html``."""
    if url.endswith(".html"):
        return url
    return posixpath.join(url, "index.html") if url else "index.html"


def post_files(catalog: Catalog, config: MkDocsConfig, posts_dir: Path) -> list[File]:
    """One MkDocs file per published column, at its ``post_url``, kept out of the navigation."""
    files = []
    for post in catalog.posts:
        file = File(
            f"{posts_dir.name}/{post.relative}",
            src_dir=str(posts_dir.parent),
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
            dest_uri=dest_uri_for(catalog.url(post)),
            # Not in the navigation, and no "not included in the nav" line per column in the log.
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        files.append(file)
    return files


def add_post_files(files: Files, new_files: list[File]) -> None:
    """Add the columns, replacing MkDocs' own copy when the posts folder is inside ``docs/``."""
    for file in new_files:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)


def point_links_into_docs(markdown: str, post_uri: str, posts_dir: Path, docs_dir: Path) -> str:
    """Let a column link to a page as the file sits on disk (``../docs/about.md``).

    MkDocs resolves links inside its own tree, where the posts folder sits beside the
    docs pages (``../about.md``); an author's editor sees ``docs/`` as a folder of its own.
    """
    folder = posixpath.dirname(post_uri)
    on_disk = Path(posixpath.relpath(docs_dir.as_posix(), (posts_dir.parent / folder).as_posix())).as_posix()
    if f"{on_disk}/" not in markdown:
        return markdown
    in_tree = posixpath.relpath(".", folder)
    pattern = re.compile(r"(\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?)" + re.escape(on_disk + "/"), re.MULTILINE)
    return pattern.sub(lambda match: f"{match.group(1)}{in_tree}/", markdown)


def stylesheet_file(config: MkDocsConfig) -> File:
    css = (TEMPLATES_DIR / "columnist" / "columnist.css").read_text(encoding="utf-8")
    return File.generated(config, STYLESHEET, content=css)


# --- values for templates -------------------------------------------------------------------------------


class DateFormatter:
    """Dates in the theme's language, with babel (as Material formats its own dates)."""

    def __init__(self, language: str) -> None:
        try:
            self.locale = Locale.parse(language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            self.locale = Locale.parse("en")

    def __call__(self, moment: datetime) -> str:
        return format_date(moment.date(), format="long", locale=self.locale)


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    url: str | None = None
    avatar: str | None = None


@dataclass(frozen=True)
class Link:
    title: str
    url: str  # relative to the site root; templates pass it through MkDocs' `url` filter


@dataclass(frozen=True)
class PostView:
    """Everything a post page shows, as plain values."""

    title: str
    number: int | None
    date_iso: str
    date_text: str
    updated_iso: str | None
    updated_text: str | None
    authors: tuple[Person, ...]
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    read_minutes: int
    quotes: tuple[Quote, ...]
    newer: Link | None
    older: Link | None
    draft: bool
    scheduled: bool


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
) -> PostView:
    newer, older = catalog.newer(post), catalog.older(post)
    return PostView(
        title=post.title,
        number=post.number,
        date_iso=post.date.isoformat(),
        date_text=format_day(post.date),
        updated_iso=post.updated.isoformat() if post.updated else None,
        updated_text=format_day(post.updated) if post.updated else None,
        authors=people(post, authors),
        categories=post.categories,
        tags=post.tags,
        read_minutes=post.read_minutes,
        quotes=post.quotes,
        newer=Link(newer.title, catalog.url(newer)) if newer else None,
        older=Link(older.title, catalog.url(older)) if older else None,
        draft=post.draft,
        scheduled=is_scheduled(post, now),
    )
