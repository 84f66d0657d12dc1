"""Feeds for feed readers: RSS 2.0, Atom 1.0, JSON Feed 1.1, and RSS per category.

Built from the catalog and each column's rendered HTML (with every relative URL made
absolute on the site's address), through lxml for XML and ``json`` for JSON.

Each column becomes one ``FeedItem``, computed once and written by every format. A
``Channel`` is what one feed says about itself: the whole site, or one category. No
clock is read: a feed's date is its newest column's, so two builds of the same columns
give the same bytes.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import quote, urljoin

import lxml.html
from lxml import etree

from columnist import formats
from columnist.catalog import Catalog
from columnist.images import image_html
from columnist.media import Media
from columnist.post import Post
from columnist.rendered import MORE_MARKER, URL_ATTRIBUTES, Rendered, rebase
from columnist.urls import HAS_SCHEME
from columnist.words import plain_text

RSS_PATH = "feed.xml"
ATOM_PATH = "atom.xml"
JSON_PATH = "feed.json"


#: What XML 1.0 cannot hold at all: most control characters, U+FFFE/U+FFFF and lone surrogates.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Person:
    name: str
    email: str | None = None
    url: str | None = None  # absolute
    avatar: str | None = None  # absolute


@dataclass(frozen=True)
class SiteInfo:
    """What the feeds say about the site, as plain values taken from mkdocs.yml."""

    title: str
    url: str  # the site's address, ending in "/"
    description: str = ""
    language: str = "en"
    copyright: str | None = None  # may hold HTML, as MkDocs' own footer does
    image: str | None = None  # absolute URL
    default_image: str | None = None  # absolute URL of the picture for a column without its own
    authors: Mapping[str, Person] = field(default_factory=dict)  # author key -> person
    posts_prefix: str = "posts/"  # where files beside the columns are published, relative to ``url``


@dataclass(frozen=True)
class FeedOptions:
    items: int = 20
    full_content: bool = True


@dataclass(frozen=True)
class Enclosure:
    """A column's audio edition, as feed readers download it."""

    url: str
    length: int
    type: str
    duration: float | None = None  # seconds


@dataclass(frozen=True)
class FeedItem:
    """One column as every feed format shows it: clean text, absolute links."""

    title: str
    link: str
    guid: str
    guid_is_permalink: bool
    published: datetime
    updated: datetime | None
    authors: tuple[Person, ...]
    categories: tuple[str, ...]
    excerpt_html: str
    excerpt_text: str
    content_html: str | None  # the whole column; None when the feeds carry excerpts only
    enclosure: Enclosure | None
    image: str | None = None  # the column's own image, absolute

    @property
    def modified(self) -> datetime:
        """When the column last changed: its ``updated`` date when that is later than its date."""
        return max(self.published, self.updated) if self.updated else self.published


@dataclass(frozen=True)
class Channel:
    """What one feed says about itself, and its items, newest first."""

    title: str
    link: str  # the web page the feed follows
    description: str
    language: str
    copyright: str | None
    image: str | None
    items: tuple[FeedItem, ...]
    authors: tuple[Person, ...] = ()  # who writes the columns of this feed

    @property
    def updated(self) -> datetime | None:
        """The latest change to any of its items; None for a feed without items."""
        return max((item.modified for item in self.items), default=None)


# --- text and addresses -----------------------------------------------------------------------------------


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (they would also garble a reader's screen).

    >>> clean("Bell\\x07 here, tab\\tkept, é and 🎉 kept")
    'Bell here, tab\\tkept, é and 🎉 kept'
    """
    return NOT_XML.sub("", text)


def absolute(fragment: str, page_url: str, site_url: str) -> str:
    """``fragment`` (as rendered for ``page_url``) with every link, image and audio address absolute."""
    fragment = rebase(fragment, page_url, site_url)
    # rebase leaves addresses from the host's root ("/about/", "//cdn.example"); a feed reader has no host.
    if not any(f'{name}="/' in fragment for name in URL_ATTRIBUTES):
        return fragment
    pieces = []
    for element in lxml.html.fragments_fromstring(fragment):
        if isinstance(element, str):
            pieces.append(html.escape(element, quote=False))
            continue
        for node in element.iter(etree.Element):
            for name in URL_ATTRIBUTES:
                value = node.get(name)
                if value is not None and value.strip().startswith("/"):
                    node.set(name, urljoin(site_url, value.strip()))
        pieces.append(lxml.html.tostring(element, encoding="unicode"))
    return "".join(pieces)


def site_address(path: str, site_url: str) -> str:
    """A docs-relative path as the absolute address the site publishes it at; a URL stays as it is.

    >>> site_address("images/me 2.jpg", "https://ex.org/"), site_address("https://cdn.ex/a.png", "https://ex.org/")
    ('https://ex.org/images/me%202.jpg', 'https://cdn.ex/a.png')
    """
    if HAS_SCHEME.match(path):
        return path
    return site_url + quote(path.lstrip("/"))


# --- items ------------------------------------------------------------------------------------------------


def feed_item(
    post: Post, catalog: Catalog, rendered: Rendered, site: SiteInfo, options: FeedOptions
) -> FeedItem:
    """A published column as the feeds show it."""
    page = catalog.url(post)
    excerpt = absolute(clean(rendered.excerpt), page, site.url)
    link = site.url + page
    image = beside(post, post.image, site) if post.image else None
    content = _content(rendered, page, site) if options.full_content else None
    if content is not None and image:
        # Readers that ignore an item's image field still show the column's picture first.
        content = image_html(image, clean(post.title)) + content
    return FeedItem(
        title=clean(post.title),
        link=link,
        guid=clean(post.guid) if post.guid else link,
        guid_is_permalink=not post.guid,
        published=post.date,
        updated=post.updated,
        authors=tuple(_person(site.authors.get(key), key) for key in post.authors),
        categories=tuple(clean(name) for name in post.categories),
        excerpt_html=excerpt,
        excerpt_text=plain_text(excerpt),
        content_html=content,
        enclosure=_enclosure(catalog.media.get(post.path), site),
        image=image or site.default_image,
    )


def beside(post: Post, path: str, site: SiteInfo) -> str:
    """The absolute address of a file named relative to its column (or already absolute)."""
    if "://" in path:
        return clean(path)
    folder = posixpath.dirname(post.relative)
    return clean(site.url + quote(posixpath.normpath(posixpath.join(site.posts_prefix + folder, path))))


def _content(rendered: Rendered, page: str, site: SiteInfo) -> str:
    # The <!-- more --> marker means something to the site's list pages only.
    return absolute(MORE_MARKER.sub("", clean(rendered.html)), page, site.url)


def _person(person: Person | None, key: str) -> Person:
    if person is None:  # a site that lists no authors names them by their key
        return Person(clean(key))
    return Person(
        clean(person.name),
        person.email and clean(person.email),
        person.url and clean(person.url),
        person.avatar and clean(person.avatar),
    )


def _enclosure(media: Media | None, site: SiteInfo) -> Enclosure | None:
    if media is None or media.length is None:
        return None
    url = media.url if media.url else site.url + quote(site.posts_prefix + (media.path or ""))
    return Enclosure(clean(url), media.length, media.type or "application/octet-stream", media.duration)


# --- channels ---------------------------------------------------------------------------------------------


def _site_channel(site: SiteInfo, items: Sequence[FeedItem]) -> Channel:
    return Channel(
        title=clean(site.title),
        link=site.url,
        description=clean(site.description) or clean(site.title),
        language=clean(site.language),
        copyright=plain_text(clean(site.copyright)) if site.copyright else None,
        image=clean(site.image) if site.image else None,
        items=tuple(items),
        authors=writers(items),
    )


def writers(items: Sequence[FeedItem]) -> tuple[Person, ...]:
    """Everyone who wrote one of ``items``, once each, in the order they first appear."""
    return tuple(dict.fromkeys(person for item in items for person in item.authors))


def _category_channel(site: SiteInfo, name: str, slug: str, items: Sequence[FeedItem]) -> Channel:
    whole = _site_channel(site, items)
    return replace(
        whole,
        title=f"{whole.title}: {clean(name)}",
        link=f"{site.url}category/{slug}/",
        description=f"Columns in {clean(name)}, from {whole.title}",
    )


def _categories(catalog: Catalog) -> list[tuple[str, str, list[Post]]]:
    """(name, slug, columns newest first) of every category with a published column, by slug."""
    found = [(name, catalog.slug("categories", name), posts) for name, posts in catalog.by_category().items()]
    return sorted(found, key=lambda entry: entry[1])


def category_feed_path(slug: str) -> str:
    return f"category/{slug}/{RSS_PATH}"


def feed_paths(catalog: Catalog) -> list[str]:
    """Every feed file the site gets, relative to the site root."""
    categories = [category_feed_path(slug) for _, slug, _ in _categories(catalog)]
    return [RSS_PATH, ATOM_PATH, JSON_PATH, *categories]


class FeedItems:
    """Each column as feeds show it, made once per build and shared by every feed and the podcast.

    Making an item means making every address in the column's HTML absolute, which parses it.
    """

    def __init__(self, catalog: Catalog, rendered: Mapping[str, Rendered], site: SiteInfo) -> None:
        self.catalog, self.rendered, self.site = catalog, rendered, site
        self.made: dict[tuple[str, bool], FeedItem] = {}

    def item(self, post: Post, full_content: bool) -> FeedItem:
        key = (post.path, full_content)
        if key not in self.made:
            options = FeedOptions(full_content=full_content)
            self.made[key] = feed_item(post, self.catalog, self.rendered[post.path], self.site, options)
        return self.made[key]


def render_feeds(
    catalog: Catalog,
    rendered: Mapping[str, Rendered],
    site: SiteInfo,
    options: FeedOptions,
    made: FeedItems | None = None,
) -> dict[str, bytes]:
    """Every feed, by its path: ``feed.xml``, ``atom.xml``, ``feed.json``, ``category/<slug>/feed.xml``."""
    made = made or FeedItems(catalog, rendered, site)

    def items(posts: Sequence[Post]) -> list[FeedItem]:
        return [made.item(post, options.full_content) for post in posts[: options.items]]

    whole = _site_channel(site, items(catalog.posts))
    feeds = {
        RSS_PATH: formats.rss(whole, site.url + RSS_PATH),
        ATOM_PATH: formats.atom(whole, site.url + ATOM_PATH),
        JSON_PATH: formats.json_feed(whole, site.url + JSON_PATH),
    }
    for name, slug, posts in _categories(catalog):
        path = category_feed_path(slug)
        feeds[path] = formats.rss(_category_channel(site, name, slug, items(posts)), site.url + path)
    return feeds


# --- the formats ------------------------------------------------------------------------------------------
