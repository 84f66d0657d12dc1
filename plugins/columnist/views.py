"""What readers see: the catalog's columns as MkDocs files and the values templates show.

This module and ``plugin.py`` are the only ones that know MkDocs. Every view value is
computed once per build from the catalog and handed to the package's templates, which
extend Material's ``main.html``.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import lxml.html
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from columnist import addresses, podcast
from columnist.catalog import Catalog, is_scheduled
from columnist.feeds import Person as FeedPerson
from columnist.feeds import SiteInfo, site_address
from columnist.podcast import PodcastSettings, image_url
from columnist.post import Post, Quote
from columnist.problems import Problem
from columnist.redirects import redirect_pages
from columnist.rendered import ROOT, Rendered, place, rebase
from columnist.slugs import name_slug

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


def asset_files(config: MkDocsConfig, posts_dir: Path) -> list[File]:
    """Images, audio and other files beside the columns, at the same place in the site.

    A column's links to them (``audio/x.mp3``, ``images/y.jpg``) then work as written.
    """
    found = []
    for folder, subfolders, names in os.walk(posts_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            if name.endswith(".md") or name.startswith("."):
                continue
            relative = Path(folder, name).relative_to(posts_dir).as_posix()
            found.append(
                File(
                    f"{posts_dir.name}/{relative}",
                    src_dir=str(posts_dir.parent),
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                )
            )
    return found


def podcast_settings(config: MkDocsConfig) -> PodcastSettings:
    """The podcast's channel, with the site's own name, description and language as defaults."""
    options = config.plugins["columnist"].config.podcast
    authors = config.plugins["columnist"].config.authors
    copyright_text = options.copyright or config.copyright
    return PodcastSettings(
        title=options.title or config.site_name,
        description=options.description or config.site_description or "",
        author=options.author or config.site_author or " and ".join(a.name for a in authors.values()) or None,
        owner_name=options.owner.name,
        owner_email=options.owner.email,
        image=options.image,
        language=options.language or config.theme.get("language") or "en",
        categories=tuple(options.categories),
        explicit=options.explicit,
        type=options.type,
        copyright=lxml_text(copyright_text) if copyright_text else None,
        guid=options.guid,
        funding_url=options.funding.url,
        funding_text=options.funding.text,
        locked=options.locked,
        schedule=config.plugins["columnist"].config.schedule,
    )


def podcast_readiness(config: MkDocsConfig, catalog: Catalog) -> list[Problem]:
    """What Apple or Spotify would refuse, as warnings into mkdocs.yml; the build and check both ask."""
    settings = podcast_settings(config)
    cover = None
    if settings.image and "://" not in settings.image:
        cover = Path(config.docs_dir) / settings.image
    config_file = Path(config.config_file_path or "mkdocs.yml")
    lines = podcast.config_lines(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    return podcast.readiness(settings, catalog, cover, lines, config_file.name)


def lxml_text(fragment: str) -> str:
    """The words of a bit of HTML (MkDocs allows HTML in ``copyright``)."""
    return " ".join(lxml.html.fragment_fromstring(fragment, create_parent="div").text_content().split())


def site_info(config: MkDocsConfig) -> SiteInfo:
    """The site as feeds describe it."""
    plugin_config = config.plugins["columnist"].config
    url = config.site_url or ""
    site_url = url if url.endswith("/") else url + "/"
    return SiteInfo(
        title=config.site_name,
        url=site_url,
        # Files beside the columns are published under the posts folder's name (see asset_files).
        posts_prefix=f"{Path(plugin_config.posts_dir).name}/",
        image=image_url(podcast_settings(config), site_url),
        description=config.site_description or "",
        language=config.theme.get("language") or "en",
        copyright=config.copyright,
        authors={
            key: FeedPerson(
                author.name,
                author.email,
                author.url and site_address(author.url, site_url),
                author.avatar and site_address(author.avatar, site_url),
            )
            for key, author in plugin_config.authors.items()
        },
    )


def stylesheet_file(config: MkDocsConfig) -> File:
    css = (Path(__file__).parent / "assets" / "columnist.css").read_text(encoding="utf-8")
    return File.generated(config, STYLESHEET, content=css)


# --- values for templates -------------------------------------------------------------------------------


class DateFormatter:
    """Dates in the theme's language, with babel (as Material formats its own dates)."""

    def __init__(self, language: str) -> None:
        try:
            self.locale = Locale.parse(language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            self.locale = Locale.parse("en")
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


def clock(seconds: float) -> str:
    """A duration as a player shows it.

    >>> clock(75.4), clock(3723)
    ('1:15', '1:02:03')
    """
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def audio_view(post: Post, catalog: Catalog, posts_prefix: str) -> AudioView | None:
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
        size_text=f"{media.length / 1_000_000:.1f} MB" if media.length else None,
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
        audio=audio_view(post, catalog, posts_prefix),
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


# --- list pages: home, archive, categories, tags, authors, quotes -------------------------------------------

#: Pages the navigation offers beside the site's own, by the name `navigation` uses.
NAV_PAGES = {"archive": ("Archive", "archive/index.md"), "categories": ("Categories", "category/index.md"),
             "tags": ("Tags", "tag/index.md"), "quotes": ("Quotes", "quotes/index.md")}  # fmt: skip


@dataclass(frozen=True)
class Listing:
    """One generated page of the site: what kind it is and which columns it shows."""

    kind: str  # home, category, tag, author, archive, year, categories, tags, quotes
    src_uri: str
    title: str
    posts: tuple[Post, ...] = ()
    name: str | None = None  # the category, tag or author key
    page_number: int = 1
    page_urls: tuple[str, ...] = ()  # every page of this list, page 1 first
    feed_url: str | None = None
    year: int | None = None

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


def url_of(src_uri: str) -> str:
    """``category/trust/index.md`` -> ``category/trust/``; ``index.md`` -> ``./`` (as MkDocs writes it)."""
    return posixpath.dirname(src_uri) + "/" if "/" in src_uri else "./"


def _paginate(
    kind: str, base: str, title: str, posts: list[Post], per_page: int, **extra: object
) -> list[Listing]:
    """``base/index.md``, then ``base/page/2/index.md`` and on; always at least one page."""
    chunks = [posts[start : start + per_page] for start in range(0, len(posts), per_page)] or [[]]
    prefix = f"{base}/" if base else ""
    uris = [f"{prefix}index.md"] + [f"{prefix}page/{n}/index.md" for n in range(2, len(chunks) + 1)]
    urls = tuple(url_of(uri) for uri in uris)
    return [
        Listing(
            kind,
            uri,
            title if n == 1 else f"{title} (page {n})",
            tuple(chunk),
            page_number=n,
            page_urls=urls,
            **extra,
        )  # type: ignore[arg-type]
        for n, (uri, chunk) in enumerate(zip(uris, chunks, strict=True), start=1)
    ]


def plan_listings(
    catalog: Catalog, per_page: int, site_name: str, authors: Mapping[str, object]
) -> list[Listing]:
    """Every list page the catalog calls for; work and output grow with the number of columns."""
    posts = list(catalog.posts)
    listings = _paginate("home", "", "Home", posts, per_page)
    listings.append(Listing("archive", "archive/index.md", "Archive", tuple(posts)))
    years: dict[int, list[Post]] = {}
    for post in posts:
        years.setdefault(post.date.year, []).append(post)
    listings.extend(
        Listing("year", f"archive/{year}/index.md", f"Archive {year}", tuple(found), year=year)
        for year, found in years.items()
    )
    listings.append(Listing("categories", "category/index.md", "Categories"))
    for name, found in sorted(catalog.by_category().items(), key=lambda item: item[0].casefold()):
        slug = catalog.slug("categories", name)
        listings.extend(
            _paginate(
                "category",
                f"category/{slug}",
                name,
                found,
                per_page,
                name=name,
                feed_url=f"category/{slug}/feed.xml",
            )
        )
    listings.append(Listing("tags", "tag/index.md", "Tags"))
    for name, found in sorted(catalog.by_tag().items(), key=lambda item: item[0].casefold()):
        slug = catalog.slug("tags", name)
        listings.append(Listing("tag", f"tag/{slug}/index.md", f"Tag: {name}", tuple(found), name=name))
    for key, found in sorted(catalog.by_author().items()):
        person = authors.get(key)
        name = person["name"] if person else key  # type: ignore[index]
        # Tags and authors list every column by date on one page, like the archive: short, and cheap to build.
        listings.append(
            Listing("author", f"author/{name_slug(key)}/index.md", str(name), tuple(found), name=key)
        )
    listings.append(Listing("quotes", "quotes/index.md", "Quotes"))
    return listings


def drop_columns_from_navigation(items: list, posts_dir_name: str) -> list:  # type: ignore[type-arg]
    """The navigation without columns, even where ``nav`` lists one: the list pages lead to them."""
    kept = []
    for item in items:
        file = getattr(item, "file", None)
        if file is not None and file.src_uri.startswith(f"{posts_dir_name}/"):
            continue
        children = getattr(item, "children", None)
        if children:
            item.children = drop_columns_from_navigation(children, posts_dir_name)
            if not item.children:
                continue
        kept.append(item)
    return kept


def add_navigation(nav: Navigation, wanted: list[str], files: Files, config: MkDocsConfig) -> None:
    """Put Home, Archive, Categories (and what else ``navigation`` names) first, unless ``nav`` has them."""
    listed = {page.file.src_uri for page in nav.pages}
    position = 0
    if "index.md" in listed:
        position = (
            1
            if nav.items and getattr(nav.items[0], "file", None) is files.get_file_from_path("index.md")
            else 0
        )
    for title, src_uri in [("Home", "index.md")] + [NAV_PAGES[name] for name in wanted]:
        file = files.get_file_from_path(src_uri)
        if file is None or src_uri in listed:
            continue
        page = file.page or Page(title, file, config)
        nav.items.insert(position, page)
        position += 1


LIST_FRONT_MATTER = "---\ntitle: {title}\ntemplate: columnist/{kind}.html\nsearch:\n  exclude: true\n---\n"
TEMPLATE_OF_KIND = {
    "home": "home", "category": "list", "tag": "archive", "author": "archive", "archive": "archive",
    "year": "archive", "categories": "names", "tags": "names", "quotes": "quotes",
}  # fmt: skip


def listing_files(listings: list[Listing], config: MkDocsConfig, files: Files) -> list[File]:
    """Generated Markdown files for the list pages; ``docs/index.md``, when there, stays the home page."""
    made = []
    for listing in listings:
        if files.get_file_from_path(listing.src_uri) is not None:
            continue  # the site's own page (docs/index.md) shows the list under its text
        content = LIST_FRONT_MATTER.format(
            title=json.dumps(listing.title), kind=TEMPLATE_OF_KIND[listing.kind]
        )
        made.append(
            File.generated(config, listing.src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return made


@dataclass(frozen=True)
class Summary:
    """A column as lists show it; the excerpt's links are relative to the site root (``ROOT``)."""

    title: str
    url: str
    number: int | None
    date_iso: str
    date_text: str
    month_text: str
    categories: tuple[NameLink, ...]
    authors: tuple[NameLink, ...]
    excerpt: str
    has_more: bool
    has_audio: bool
    quotes: tuple[Quote, ...]
    # The column as list pages and the archive show it, rendered once per build by the package's
    # macros with ROOT standing for the way to the site root (see prerender).
    entry_html: str = ""
    line_html: str = ""


def summaries(
    catalog: Catalog,
    rendered: Mapping[str, Rendered],
    authors: Mapping[str, Mapping[str, object]],
    format_day: DateFormatter,
) -> dict[str, Summary]:
    """Each published column's summary, made once per build from its rendered HTML."""
    made = {}
    for post in catalog.posts:
        url = catalog.url(post)
        shown = rendered.get(post.path)
        made[post.path] = Summary(
            title=post.title,
            url=url,
            number=post.number,
            date_iso=post.date.isoformat(),
            date_text=format_day(post.date),
            month_text=format_day.month(post.date),
            categories=tuple(
                NameLink(name, f"category/{catalog.slug('categories', name)}/") for name in post.categories
            ),
            authors=tuple(
                NameLink(person.name, f"author/{name_slug(person.key)}/") for person in people(post, authors)
            ),
            excerpt=rebase(shown.excerpt, url, ROOT) if shown else "",
            has_more=shown.has_more if shown else False,
            has_audio=post.path in catalog.media,
            quotes=post.quotes,
        )
    return made


def prerender(summaries_by_path: Mapping[str, Summary], env: Environment) -> dict[str, Summary]:
    """Each column's entry and archive line, rendered once: a column shows on several list pages.

    The macros come from the theme's template folders, so a site that overrides
    ``columnist/macros.html`` sees its own markup.
    """
    macros = env.get_template("columnist/macros.html").module
    return {
        path: replace(
            summary,
            entry_html=str(macros.entry(summary, ROOT)),  # type: ignore[attr-defined]
            line_html=str(macros.archive_line(summary, ROOT)),  # type: ignore[attr-defined]
        )
        for path, summary in summaries_by_path.items()
    }


@dataclass(frozen=True)
class ShownSummary:
    """A summary placed on one page: its excerpt's links, and its entry's, now work from there."""

    summary: Summary
    excerpt: str
    html: Markup

    def __getattr__(self, name: str) -> object:
        return getattr(self.summary, name)


@dataclass(frozen=True)
class QuoteLink:
    quote: Quote
    title: str
    url: str
    date_text: str
    date_iso: str


def quote_link(quote: Quote, summary: Summary) -> QuoteLink:
    return QuoteLink(quote, summary.title, summary.url, summary.date_text, summary.date_iso)


@dataclass(frozen=True)
class PageNumber:
    """One of a list's page numbers: a link, the page being read (no ``href``) or a gap (no ``number``)."""

    number: int | None
    href: str | None


def page_window(page_number: int, count: int, around: int = 2) -> list[int | None]:
    """The page numbers worth showing: the first, the last and ``around`` either side; ``None`` for a gap.

    A hundred page numbers help no reader (and cost every page of the list a hundred links).

    >>> page_window(1, 3), page_window(7, 100)
    ([1, 2, 3], [1, None, 5, 6, 7, 8, 9, None, 100])
    """
    shown = sorted({1, count, *range(max(1, page_number - around), min(count, page_number + around) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:  # type: ignore[operator]
            window.append(None if number - window[-1] > 2 else number - 1)  # type: ignore[operator]
        window.append(number)
    return window


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


def pagination(listing: Listing, dest_uri: str) -> dict[str, object]:
    """Newer, older and the page numbers of a paginated list, as links from the page shown."""
    urls, current = listing.page_urls, listing.page_number
    if len(urls) < 2:
        return {}
    numbers = [
        PageNumber(number, None if number == current else relative_link(dest_uri, urls[number - 1]))
        if number is not None
        else PageNumber(None, None)
        for number in page_window(current, len(urls))
    ]
    return {
        "numbers": numbers,
        "newer": relative_link(dest_uri, urls[current - 2]) if current > 1 else None,
        "older": relative_link(dest_uri, urls[current]) if current < len(urls) else None,
    }


def root_of(dest_uri: str) -> str:
    """The way from a page to the site root: ``category/x/index.html`` -> ``../../``."""
    return "../" * dest_uri.count("/")


def listing_context(
    listing: Listing,
    dest_uri: str,
    catalog: Catalog,
    summaries_by_path: Mapping[str, Summary],
    listings: list[Listing],
    authors: Mapping[str, object],
) -> dict[str, object]:
    """What a list page's template needs, placed for that page."""
    root = root_of(dest_uri)

    def shown(posts: tuple[Post, ...]) -> list[ShownSummary]:
        return [
            ShownSummary(
                summaries_by_path[p.path],
                place(summaries_by_path[p.path].excerpt, root),
                Markup(place(summaries_by_path[p.path].entry_html, root)),
            )
            for p in posts
        ]

    context: dict[str, object] = {"listing": listing}
    if listing.kind in ("home", "category"):
        context["entries"] = shown(listing.posts)
        context["pagination"] = pagination(listing, dest_uri)
    if listing.kind == "author":
        context["author"] = authors.get(listing.name or "")
    if listing.kind == "home" and listing.page_number == 1:
        newest = next((post for post in catalog.posts if post.quotes), None)
        if newest:
            summary = summaries_by_path[newest.path]
            context["quote_of_the_week"] = quote_link(newest.quotes[0], summary)
    if listing.kind in ("archive", "year", "tag", "author"):
        # Dated lists show each column's line, rendered once per build and placed here.
        groups = _by_year_and_month([summaries_by_path[post.path] for post in listing.posts])
        context["groups"] = [
            (
                year,
                [
                    (month, [Markup(place(entry.line_html, root)) for entry in found])
                    for month, found in months
                ],
            )
            for year, months in groups
        ]
    if listing.kind in ("archive", "year"):
        context["years"] = [
            (year.year, year.url, len(year.posts)) for year in listings if year.kind == "year"
        ]
    if listing.kind == "categories":
        context["names"] = _names(listings, "category")
    if listing.kind == "tags":
        context["names"] = _names(listings, "tag")
    if listing.kind == "quotes":
        context["quotes"] = [
            quote_link(quote, summaries_by_path[post.path]) for post in catalog.posts for quote in post.quotes
        ]
    return context


def _names(listings: list[Listing], kind: str) -> list[tuple[str, str, int]]:
    counts: dict[str, list[object]] = {}
    for listing in listings:
        if listing.kind == kind:
            entry = counts.setdefault(listing.name or "", [listing.name, listing.url, 0])
            entry[2] += len(listing.posts)  # type: ignore[operator]
    return [(str(title), str(url), int(count)) for title, url, count in counts.values()]  # type: ignore[call-overload]


def _by_year_and_month(entries: list[Summary]) -> list[tuple[int, list[tuple[str, list[Summary]]]]]:
    groups: list[tuple[int, list[tuple[str, list[Summary]]]]] = []
    for entry in entries:
        year = int(entry.date_iso[:4])
        if not groups or groups[-1][0] != year:
            groups.append((year, []))
        months = groups[-1][1]
        if not months or months[-1][0] != entry.month_text:
            months.append((entry.month_text, []))
        months[-1][1].append(entry)
    return groups


@dataclass(frozen=True)
class Channels:
    """Where readers subscribe, relative to the site root; ``None`` where the site has none."""

    rss: str = "feed.xml"
    atom: str = "atom.xml"
    json: str = "feed.json"
    podcast: str | None = None
    subscribe: str | None = None  # the site's own subscribe page


def channels(files: Files) -> Channels:
    podcast = files.get_file_from_path("podcast.xml")
    subscribe = files.get_file_from_path("subscribe.md")
    return Channels(
        podcast="podcast.xml" if podcast else None, subscribe=subscribe.url if subscribe else None
    )


def discovery_links(
    channels: Channels, site: SiteInfo, category_feed: str | None, category: str | None
) -> str:
    """``<link rel="alternate">`` tags so browsers and feed readers find the feeds from any page."""

    def link(kind: str, path: str, title: str) -> str:
        return (
            f'<link rel="alternate" type="{kind}" href="{html.escape(site.url + path)}" '
            f'title="{html.escape(title)}" data-columnist-feed>'
        )

    tags = [
        link("application/rss+xml", channels.rss, f"{site.title} (RSS)"),
        link("application/atom+xml", channels.atom, f"{site.title} (Atom)"),
        link("application/feed+json", channels.json, f"{site.title} (JSON Feed)"),
    ]
    if channels.podcast:
        tags.append(link("application/rss+xml", channels.podcast, f"{site.title} (podcast)"))
    if category_feed:
        tags.append(link("application/rss+xml", category_feed, f"{site.title}: {category} (RSS)"))
    return "".join(tags) + FEED_LINKS_APART


#: Material's script reads every ``link[rel=alternate]`` as another language of the site and requests a
#: sitemap.xml beside it: four needless requests on every page, errors where the feeds' address is not the
#: page's (``mkdocs serve``) and a 404 beside a category feed. Feed readers read the page as published,
#: with ``rel="alternate"``; in the browser, before Material's script runs, the feed links get the extra
#: token ``feed`` (still "alternate", as autodiscovery asks), which Material's exact match passes over.
FEED_LINKS_APART = (
    "<script>document.querySelectorAll('link[data-columnist-feed]')"
    ".forEach(function (link) { link.relList.add('feed') })</script>"
)


def add_to_head(output: str, tags: str) -> str:
    """Insert ``tags`` just before ``</head>``; a page without a head is left as it is."""
    index = output.find("</head>")
    return output if index < 0 else output[:index] + tags + output[index:]


def redirect_files(catalog: Catalog, config: MkDocsConfig, site_url: str) -> list[File]:
    """A small page at each old address (``aliases``) that sends readers and search engines to the column."""
    language = config.theme.get("language") or "en"
    return [
        File.generated(config, dest, content=page)
        for dest, page in redirect_pages(catalog, site_url, language).items()
    ]


def add_problems_banner(output: str, problems: list[str]) -> str:
    """In the preview, the columns' problems at the top of every page, until they are fixed."""
    items = "".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    banner = (
        '<div class="columnist-problems" role="alert" style="background:#fdecea;color:#611a15;'
        'padding:.8rem 1.2rem;font-size:.8rem;border-bottom:2px solid #d32f2f">'
        "<p><strong>Columnist found problems in your columns.</strong> The preview shows the last good "
        f"version until they are fixed:</p><ul>{items}</ul></div>"
    )
    match = re.search(r"<body[^>]*>", output)
    return output[: match.end()] + banner + output[match.end() :] if match else banner + output


def output_collisions(
    catalog: Catalog, listings: list[Listing], config: MkDocsConfig, extra_paths: list[str]
) -> list[Problem]:
    """Columns or old addresses that would be written where another page already goes.

    Found before the build starts, from the catalog and a walk of ``docs/``, so the last
    good site is still in place when there is a clash.
    """
    project_dir = Path(config.config_file_path or ".").resolve().parent
    posts_dir = project_dir / config.plugins["columnist"].config.posts_dir
    outputs = addresses.site_files(posts_dir, Path(config.docs_dir), config.use_directory_urls)
    for listing in listings:
        dest = addresses.dest_of(listing.url.removeprefix("./"))
        outputs.setdefault(dest, f"the {listing.kind} page {listing.url}")
    outputs.update({path: path for path in extra_paths if path not in outputs})
    return addresses.collisions(catalog.posts, catalog.urls, addresses.Taken(outputs))
