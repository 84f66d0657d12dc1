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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import lxml.html
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from columnist.catalog import Catalog, is_scheduled
from columnist.feeds import Person as FeedPerson
from columnist.feeds import SiteInfo
from columnist.podcast import PodcastSettings, image_url
from columnist.post import Post, Quote
from columnist.problems import Problem
from columnist.redirects import alias_dest, redirect_pages
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
    )


def lxml_text(fragment: str) -> str:
    """The words of a bit of HTML (MkDocs allows HTML in ``copyright``)."""
    return " ".join(lxml.html.fragment_fromstring(fragment, create_parent="div").text_content().split())


def site_info(config: MkDocsConfig) -> SiteInfo:
    """The site as feeds describe it."""
    plugin_config = config.plugins["columnist"].config
    url = config.site_url or ""
    return SiteInfo(
        title=config.site_name,
        url=url if url.endswith("/") else url + "/",
        # Files beside the columns are published under the posts folder's name (see asset_files).
        posts_prefix=f"{Path(plugin_config.posts_dir).name}/",
        image=image_url(podcast_settings(config), url if url.endswith("/") else url + "/"),
        description=config.site_description or "",
        language=config.theme.get("language") or "en",
        copyright=config.copyright,
        authors={
            key: FeedPerson(author.name, author.email, author.url)
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

    def __call__(self, moment: datetime) -> str:
        return format_date(moment.date(), format="long", locale=self.locale)

    def month(self, moment: datetime) -> str:
        """The month and year, as an archive heading: "March 2024"."""
        return format_date(moment.date(), format="LLLL y", locale=self.locale)


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
    url: str  # relative to the site root; templates pass it through MkDocs' `url` filter


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
) -> PostView:
    newer, older = catalog.newer(post), catalog.older(post)
    newer_in_category, older_in_category = category_neighbours.get(post.path, (None, None))
    categories = tuple(
        NameLink(name, f"category/{catalog.slug('categories', name)}/") for name in post.categories
    )

    def link(other: Post | None) -> Link | None:
        return Link(other.title, catalog.url(other)) if other else None

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


@dataclass(frozen=True)
class ShownSummary:
    """A summary placed on one page: its excerpt's links now work from there."""

    summary: Summary
    excerpt: str

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


def root_of(dest_uri: str) -> str:
    """The way from a page to the site root: ``category/x/index.html`` -> ``../../``."""
    folder = posixpath.dirname(dest_uri)
    return posixpath.relpath(".", folder) + "/" if folder else ""


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
            ShownSummary(summaries_by_path[p.path], place(summaries_by_path[p.path].excerpt, root))
            for p in posts
        ]

    context: dict[str, object] = {"listing": listing}
    if listing.kind in ("home", "category"):
        context["entries"] = shown(listing.posts)
    if listing.kind == "author":
        context["author"] = authors.get(listing.name or "")
    if listing.kind == "home" and listing.page_number == 1:
        newest = next((post for post in catalog.posts if post.quotes), None)
        if newest:
            summary = summaries_by_path[newest.path]
            context["quote_of_the_week"] = quote_link(newest.quotes[0], summary)
    if listing.kind in ("archive", "year", "tag", "author"):
        # Dated lists show no excerpts: the summaries go as they are, with nothing to place.
        context["groups"] = _by_year_and_month([summaries_by_path[post.path] for post in listing.posts])
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
            f'title="{html.escape(title)}">'
        )

    tags = [
        link("application/rss+xml", channels.rss, f"{site.title} (RSS)"),
        link("application/atom+xml", channels.atom, f"{site.title} (Atom)"),
        link("application/feed+json", channels.json, f"{site.title} (JSON Feed)"),
    ]
    if channels.podcast:
        tags.append(link("application/rss+xml", channels.podcast, f"{site.title} (podcast)"))
    if category_feed:
        # "alternate feed", not "alternate" alone: Material takes a bare rel="alternate" for another
        # language of the site and fetches a sitemap.xml beside it, which a category folder has not.
        tags.append(
            link("application/rss+xml", category_feed, f"{site.title}: {category} (RSS)").replace(
                'rel="alternate"', 'rel="alternate feed"'
            )
        )
    return "".join(tags)


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
    taken: dict[str, str] = {}  # dest (lower case) -> what goes there
    docs_dir = Path(config.docs_dir)
    for folder, subfolders, names in os.walk(docs_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            relative = Path(folder, name).relative_to(docs_dir).as_posix()
            file = File(relative, src_dir=str(docs_dir), dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls)  # fmt: skip
            taken.setdefault(file.dest_uri.lower(), f"docs/{relative}")
    for listing in listings:
        dest = dest_uri_for(url_of(listing.src_uri).removeprefix("./"))
        if dest != "index.html":  # docs/index.md is the home page by design
            taken.setdefault(dest.lower(), f"the {listing.kind} page {url_of(listing.src_uri)}")
    for path in extra_paths:
        taken.setdefault(path.lower(), path)
    problems = []
    for post in catalog.posts:
        dest = dest_uri_for(catalog.url(post))
        if dest.lower() in taken:
            problems.append(
                Problem(
                    post.path,
                    post.line_of("slug") if "slug" in post.lines else post.line_of("title"),
                    "slug",
                    f"the web address {catalog.url(post)} is already taken by {taken[dest.lower()]}",
                )
            )
        else:
            taken[dest.lower()] = post.path
        for alias in post.aliases:
            dest = alias_dest(alias)
            if dest.lower() in taken and taken[dest.lower()] != post.path:
                problems.append(
                    Problem(
                        post.path,
                        post.line_of("aliases"),
                        "aliases",
                        f"the old address /{alias} is already taken by {taken[dest.lower()]}",
                    )
                )
    return problems  # fmt: skip
