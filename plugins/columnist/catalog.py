"""Every column of a site: read, validated together, sorted and indexed.

The catalog is what the site, the feeds and the commands share. It is built once per
build from the posts folder, before anything is written, so a build that finds a bad
column stops with the last good site still in place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from columnist import safe_yaml
from columnist.addresses import Taken, collisions, fault, normal, site_files
from columnist.authors_file import NAME as AUTHORS_FILE
from columnist.folders import files_under, links_out_of
from columnist.media import Media, measure
from columnist.post import Post, read_post
from columnist.problems import ColumnistError, Problem
from columnist.slugs import name_slug, slugify
from columnist.urls import scheme_of

URL_FIELDS = ("year", "month", "day", "slug", "number", "category")


@dataclass(frozen=True)
class CatalogSettings:
    """What the catalog needs to know of the site's configuration, as plain values."""

    project_dir: Path  # the folder of mkdocs.yml; paths in messages are relative to it
    posts_dir: Path
    zone: tzinfo
    post_url: str = "{year}/{month}/{day}/{slug}/"
    now: datetime | None = None  # the build's "now"; None publishes everything
    future_posts: bool = False
    preview: bool = False  # `mkdocs serve` with drafts_on_serve: drafts and future columns shown
    authors: Mapping[str, object] = field(default_factory=dict)  # known author keys; empty = any name
    docs_dir: Path | None = None  # its pages' addresses are taken; None is MkDocs' default, docs/
    use_directory_urls: bool = True


@dataclass(frozen=True)
class Catalog:
    """The published columns, newest first, and the ones left out (drafts, future)."""

    posts: tuple[Post, ...]
    held_back: tuple[Post, ...]
    urls: Mapping[str, str]  # post path -> its URL, relative to the site root ("2024/03/06/x/")
    media: Mapping[str, Media] = field(default_factory=dict)  # post path -> its audio edition
    slugs: Mapping[str, Mapping[str, str]] = field(
        default_factory=dict
    )  # "categories"/"tags" -> name -> slug
    warnings: tuple[Problem, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_position", {post.path: index for index, post in enumerate(self.posts)})

    def url(self, post: Post) -> str:
        return self.urls[post.path]

    def newer(self, post: Post) -> Post | None:
        index = self._position[post.path]  # type: ignore[attr-defined]
        return self.posts[index - 1] if index > 0 else None

    def older(self, post: Post) -> Post | None:
        index = self._position[post.path]  # type: ignore[attr-defined]
        return self.posts[index + 1] if index + 1 < len(self.posts) else None

    def slug(self, kind: str, name: str) -> str:
        """The slug of a category or tag name (``kind`` is "categories" or "tags")."""
        return self.slugs.get(kind, {}).get(name) or name_slug(name)

    def by_category(self) -> dict[str, list[Post]]:
        return _index(self.posts, lambda post: post.categories)

    def by_tag(self) -> dict[str, list[Post]]:
        return _index(self.posts, lambda post: post.tags)

    def by_author(self) -> dict[str, list[Post]]:
        return _index(self.posts, lambda post: post.authors)

    def is_published(self, post: Post) -> bool:
        return post.path in self._position  # type: ignore[attr-defined]


def _index(posts: Iterable[Post], keys) -> dict[str, list[Post]]:  # type: ignore[no-untyped-def]
    index: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        for key in keys(post):
            index[key].append(post)
    return dict(index)


def find_post_files(posts_dir: Path) -> list[Path]:
    """Every ``.md`` file under the posts folder, in a stable order, hidden files and folders skipped."""
    return [path for path in files_under(posts_dir) if path.name.endswith(".md")]


def post_url(pattern: str, post: Post) -> str:
    """The post's URL from the ``post_url`` pattern, with a trailing slash kept as written."""
    values = {
        "year": f"{post.date.year:04d}",
        "month": f"{post.date.month:02d}",
        "day": f"{post.date.day:02d}",
        "slug": post.slug,
        "number": str(post.number) if post.number is not None else "",
        "category": slugify(post.categories[0]) if post.categories else "uncategorized",
    }
    return pattern.format(**values).lstrip("/")


def load_catalog(settings: CatalogSettings, load_yaml: Callable[[str], Any] = safe_yaml.load) -> Catalog:
    """Read and check every column; raise ``ColumnistError`` with all errors if any is found.

    ``load_yaml`` reads each front matter: the build's own looks in its cache first.
    """
    posts, problems = _read_columns(settings, load_yaml)
    authors_file = _display_path(settings.posts_dir / AUTHORS_FILE, settings.project_dir)
    problems.extend(_check_authors(posts, settings.authors, authors_file))
    media = {}
    posts_root = settings.posts_dir.resolve()  # once, not once per audio edition
    for post in posts:
        problems.extend(_check_image(post, settings.posts_dir))
        measured, found = measure(post, posts_root)
        problems.extend(found)
        if measured:
            media[post.path] = measured
    if "{number}" in settings.post_url:
        problems.extend(
            Problem(post.path, post.line_of("title"), "number", "is required: post_url uses {number}")
            for post in posts
            if post.number is None
        )
    # Sorted oldest first for the duplicate checks, so the older column is the one named as taken.
    posts.sort(key=lambda post: (post.date, post.slug, post.path))
    urls = {post.path: post_url(settings.post_url, post) for post in posts}
    problems.extend(_check_addresses(posts, urls, settings))
    problems.extend(_check_unique(posts, "number", lambda post: post.number, "the number"))
    problems.extend(_check_unique(posts, "guid", lambda post: post.guid, "the guid"))
    problems.extend(_check_unique_aliases(posts))
    problems.extend(
        _check_unique(
            posts,
            "slug",
            lambda post: normal(urls[post.path]),
            "the web address",
            shown=lambda p: urls[p.path],
        )
    )

    slugs = {kind: _name_slugs(posts, kind, problems) for kind in ("categories", "tags")}
    if any(problem.severity == "error" for problem in problems):
        raise ColumnistError(problems)

    published, held_back = [], []
    for post in reversed(posts):
        if _is_published(post, settings):
            published.append(post)
        else:
            held_back.append(post)
    return Catalog(
        posts=tuple(published),
        held_back=tuple(held_back),
        urls=urls,
        media=media,
        slugs=slugs,
        warnings=tuple(sorted(p for p in problems if p.severity == "warning")),
    )


def _read_columns(
    settings: CatalogSettings, load_yaml: Callable[[str], Any]
) -> tuple[list[Post], list[Problem]]:
    """Every column that reads, and the problems of all; a link out of the posts folder is not read."""
    problems: list[Problem] = []
    posts: list[Post] = []
    project = settings.project_dir
    outside = links_out_of(settings.posts_dir)
    problems.extend(
        Problem(_display_path(link, project), 1, "file",
                "is a link to a file outside the posts folder; put the file itself in the posts folder")
        for link in outside
    )  # fmt: skip
    for source in find_post_files(settings.posts_dir):
        if source in outside:
            continue
        path = _display_path(source, project)
        relative = source.relative_to(settings.posts_dir).as_posix()
        post, found = read_post(source, path, relative, settings.zone, load_yaml)
        problems.extend(found)
        if post is not None:
            posts.append(post)
    return posts, problems


def is_scheduled(post: Post, now: datetime | None) -> bool:
    """Dated after the build's "now"."""
    return now is not None and post.date > now


def _is_published(post: Post, settings: CatalogSettings) -> bool:
    if settings.preview:
        return True
    if post.draft:
        return False
    return settings.future_posts or not is_scheduled(post, settings.now)


def _display_path(source: Path, project: Path) -> str:
    try:
        return source.relative_to(project).as_posix()
    except ValueError:
        return source.as_posix()


def _check_authors(posts: list[Post], known: Mapping[str, object], authors_file: str) -> list[Problem]:
    if not known:
        return []
    problems = []
    for post in posts:
        for name in post.authors:
            if name not in known:
                listed = ", ".join(sorted(known))
                problems.append(
                    Problem(
                        post.path,
                        post.line_of("authors"),
                        post.key_written("authors"),
                        f"'{name}' is not one of the authors in mkdocs.yml or {authors_file} ({listed})",
                    )
                )
    return problems


def _check_unique(posts, field, key, what, shown=None) -> list[Problem]:  # type: ignore[no-untyped-def]
    first_with: dict[object, Post] = {}
    problems = []
    for post in posts:
        value = key(post)
        if value is None:
            continue
        if value in first_with:
            other = first_with[value]
            label = shown(post) if shown else value
            problems.append(
                Problem(
                    post.path, post.line_of(field), field, f"{what} {label} is already used by {other.path}"
                )
            )
        else:
            first_with[value] = post
    return problems


def _name_slugs(posts: list[Post], kind: str, problems: list[Problem]) -> dict[str, str]:
    """Slugs for every category (or tag) name; two names with one slug are an error naming both."""
    slugs: dict[str, str] = {}
    named_by: dict[str, tuple[str, Post]] = {}
    for post in posts:
        for name in getattr(post, kind):
            if name in slugs:
                continue
            slug = name_slug(name)
            if slug in named_by and named_by[slug][0] != name:
                other, first_post = named_by[slug]
                problems.append(
                    Problem(
                        post.path,
                        post.line_of(kind),
                        post.key_written(kind),
                        f"'{name}' and '{other}' (in {first_post.path}) would share the page {slug}; "
                        "write them the same way",
                    )
                )
                continue
            slugs[name] = slug
            named_by[slug] = (name, post)
    return slugs


def _check_unique_aliases(posts: list[Post]) -> list[Problem]:
    """An old address can lead to one column only."""
    owner: dict[str, Post] = {}
    problems = []
    for post in posts:
        for alias in post.aliases:
            key = normal(alias)
            if key in owner and owner[key] is not post:
                problems.append(
                    Problem(post.path, post.line_of("aliases"), "aliases",
                            f"the old address /{alias} already leads to {owner[key].path}")
                )  # fmt: skip
            owner.setdefault(key, post)
    return problems


def _check_addresses(posts: list[Post], urls: Mapping[str, str], settings: CatalogSettings) -> list[Problem]:
    """Each column's address well formed, and neither it nor an old address where the site writes a file."""
    problems = []
    for post in posts:
        reason = fault(urls[post.path])
        if reason:
            line = post.line_of("slug") if "slug" in post.lines else post.line_of("title")
            problems.append(Problem(post.path, line, "slug", f"the web address {urls[post.path]} {reason}"))
    if problems:
        return problems
    docs_dir = settings.docs_dir or settings.project_dir / "docs"
    outputs = site_files(settings.posts_dir, docs_dir, settings.use_directory_urls)
    return collisions(posts, urls, Taken(outputs, shapes=True))


def _check_image(post: Post, posts_dir: Path) -> list[Problem]:
    """A column's ``image``, when it is a file, must be one beside the columns."""
    if not post.image or scheme_of(post.image) is not None:
        return []
    image = (post.source.parent / post.image).resolve()
    if not image.is_relative_to(posts_dir.resolve()):
        message = f"'{post.image}' is outside the posts folder; put the image in it"
    elif not image.is_file():
        message = f"'{post.image}' does not exist next to the column"
    else:
        return []
    return [Problem(post.path, post.line_of("image"), "image", message)]
