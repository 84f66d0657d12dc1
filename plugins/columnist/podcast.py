"""The podcast: every column with an audio edition, as a feed Apple Podcasts, Spotify and every app accept.

RSS 2.0 with the ``itunes`` namespace (Apple's "A Podcaster's Guide to RSS"), the
Podcasting 2.0 ``podcast`` namespace (PSP-1) and ``atom`` for the self link. What a
directory would refuse is reported by ``readiness`` as warnings, so ``--strict`` fails.
"""

from __future__ import annotations

import posixpath
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from columnist.catalog import Catalog
from columnist.feeds import FeedItem, FeedItems, Person, SiteInfo, beside, clean, site_address, writers
from columnist.formats import ATOM, CONTENT, add_element, xml_bytes
from columnist.post import Post
from columnist.problems import Problem
from columnist.rendered import Rendered
from columnist.words import is_language

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
PODCAST_PATH = "podcast.xml"
#: The namespace Podcasting 2.0 defines for deriving a podcast:guid from the feed's address.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
MAX_DESCRIPTION_BYTES = 4000
APPLE_ARTWORK = re.compile(r"\.(jpe?g|png)$", re.IGNORECASE)
#: The build and ``columnist check`` say this alike of an episode without a length.
NO_DURATION = (
    "has no duration, so podcast apps show no length for this episode; "
    "add duration: H:MM:SS under audio, or run `columnist check --fetch-media`"
)

#: Apple Podcasts' categories and subcategories, as Apple lists them.
APPLE_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences",
        "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby",
        "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip

TRANSCRIPT_TYPES = {
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".html": "text/html",
    ".txt": "text/plain",
}


@dataclass(frozen=True)
class PodcastSettings:
    """The podcast's channel, as plain values from mkdocs.yml (defaults already filled in)."""

    title: str
    description: str
    author: str | None = None
    owner_name: str | None = None
    owner_email: str | None = None
    image: str | None = None  # as configured: docs-relative or a URL
    language: str = "en"
    categories: tuple[str, ...] = ()
    explicit: bool = False
    type: str = "episodic"
    copyright: str | None = None
    guid: str | None = None
    funding_url: str | None = None
    funding_text: str | None = None
    locked: bool = False
    schedule: str | None = None  # the publishing weekday ("wednesday"), or None


def image_url(settings: PodcastSettings, site_url: str) -> str | None:
    """The cover's absolute address; a docs-relative path is published at the same place in the site."""
    return site_address(settings.image, site_url) if settings.image else None


def category_tree(names: Sequence[str]) -> dict[str, list[str]]:
    """Apple's ``Parent/Child`` names as parents with their children, each written once.

    >>> category_tree(["Business", "Business/Management", "Education", "Business/Careers", "Business"])
    {'Business': ['Management', 'Careers'], 'Education': []}
    """
    tree: dict[str, list[str]] = {}
    for name in names:
        parent, _, child = (part.strip() for part in name.partition("/"))
        children = tree.setdefault(parent, [])
        if child and child not in children:
            children.append(child)
    return tree


def update_frequency(weekday: str | None) -> str | None:
    """``podcast:updateFrequency``'s RRULE (RFC 5545) for a weekly column published on ``weekday``.

    >>> update_frequency("wednesday"), update_frequency(None)
    ('FREQ=WEEKLY;BYDAY=WE', None)
    """
    return f"FREQ=WEEKLY;BYDAY={weekday[:2].upper()}" if weekday else None


def podcast_guid(feed_url: str) -> str:
    """``podcast:guid`` as Podcasting 2.0 defines it: UUIDv5 of the feed address, no scheme, no end slashes.

    >>> podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml")
    '917393e3-1b1e-5cef-ace4-edaa54e1f810'
    """
    address = re.sub(r"^[a-z][a-z0-9+.-]*://", "", feed_url, flags=re.IGNORECASE).strip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, address))


def episode_guid(post: Post, site_url: str) -> str:
    """The front matter's ``guid``, else one made from the site and the column's date and number.

    Neither changes when a title, a slug or the address pattern does, so apps never see a
    renamed episode as a new one.
    """
    if post.guid:
        return clean(post.guid)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url}#{post.date.isoformat()}#{post.number or ''}"))


def episodes(catalog: Catalog) -> list[Post]:
    """Every published column with an audio edition, newest first; never cut to ``feeds.items``."""
    return [post for post in catalog.posts if post.path in catalog.media]


def render_podcast(
    catalog: Catalog,
    rendered: Mapping[str, Rendered],
    site: SiteInfo,
    settings: PodcastSettings,
    made: FeedItems | None = None,
) -> bytes:
    """``podcast.xml``; ``made`` holds the items the site's feeds already made."""
    feed_url = site.url + PODCAST_PATH
    shows = episodes(catalog)
    made = made or FeedItems(catalog, rendered, site)
    items = [(post, made.item(post, full_content=True)) for post in shows]
    nsmap = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "content": CONTENT}
    root = etree.Element("rss", {"version": "2.0"}, nsmap=nsmap)
    channel = add_element(root, "channel")
    add_element(channel, "title", clean(settings.title))
    add_element(channel, "link", site.url)
    add_element(channel, "description", trim_bytes(clean(settings.description), MAX_DESCRIPTION_BYTES))
    add_element(channel, "language", clean(settings.language))
    if settings.copyright:
        add_element(channel, "copyright", clean(settings.copyright))
    add_element(channel, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    if items:
        add_element(channel, "lastBuildDate", format_datetime(max(item.modified for _, item in items)))
    cover = image_url(settings, site.url)
    _show_itunes(channel, settings, cover)
    _show_podcast_namespace(channel, settings, feed_url)
    for host in writers([item for _, item in items]):
        _person(channel, host)
    if cover:
        image = add_element(channel, "image")
        add_element(image, "url", clean(cover))
        add_element(image, "title", clean(settings.title))
        add_element(image, "link", site.url)
    for post, item in items:
        _episode(add_element(channel, "item"), post, item, catalog, site, settings)
    return xml_bytes(root)


def _show_itunes(channel: etree._Element, settings: PodcastSettings, cover: str | None) -> None:
    """The show's tags in Apple's namespace: owner, author, cover, categories, explicit, type."""
    # The owner comes before the author: feedparser takes the last name it reads for the show's author.
    if settings.owner_name or settings.owner_email:
        owner = add_element(channel, f"{{{ITUNES}}}owner")
        if settings.owner_name:
            add_element(owner, f"{{{ITUNES}}}name", clean(settings.owner_name))
        if settings.owner_email:
            add_element(owner, f"{{{ITUNES}}}email", clean(settings.owner_email))
    if settings.author:
        add_element(channel, f"{{{ITUNES}}}author", clean(settings.author))
    if cover:
        add_element(channel, f"{{{ITUNES}}}image", href=clean(cover))
    # Apple reads a category's name from its text attribute only; as element text it is no category.
    for parent, children in category_tree(settings.categories).items():
        category = add_element(channel, f"{{{ITUNES}}}category", text=clean(parent))
        for child in children:
            add_element(category, f"{{{ITUNES}}}category", text=clean(child))
    add_element(channel, f"{{{ITUNES}}}explicit", "true" if settings.explicit else "false")
    add_element(channel, f"{{{ITUNES}}}type", settings.type)


def _show_podcast_namespace(channel: etree._Element, settings: PodcastSettings, feed_url: str) -> None:
    """The show's tags in the Podcast Index namespace: guid, locked, funding, medium, update frequency."""
    add_element(
        channel, f"{{{PODCAST}}}guid", clean(settings.guid) if settings.guid else podcast_guid(feed_url)
    )
    locked = add_element(channel, f"{{{PODCAST}}}locked", "yes" if settings.locked else "no")
    if settings.owner_email:
        locked.set("owner", clean(settings.owner_email))
    if settings.funding_url:
        add_element(
            channel, f"{{{PODCAST}}}funding", clean(settings.funding_text or "Support the show"),
            url=clean(settings.funding_url),
        )  # fmt: skip
    add_element(channel, f"{{{PODCAST}}}medium", "podcast")
    rrule = update_frequency(settings.schedule)
    if rrule:
        add_element(channel, f"{{{PODCAST}}}updateFrequency", "Weekly", rrule=rrule)


def _episode(
    entry: etree._Element,
    post: Post,
    item: FeedItem,
    catalog: Catalog,
    site: SiteInfo,
    settings: PodcastSettings,
) -> None:
    media = catalog.media[post.path]
    spec = media.spec
    add_element(entry, "title", item.title)
    if spec.title:
        add_element(entry, f"{{{ITUNES}}}title", clean(spec.title))
    add_element(entry, "link", item.link)
    add_element(entry, "guid", episode_guid(post, site.url), isPermaLink="false")
    add_element(entry, "pubDate", format_datetime(item.published))
    add_element(entry, "description", item.excerpt_html)
    if item.content_html:
        add_element(entry, f"{{{CONTENT}}}encoded", item.content_html)
    if item.enclosure:
        enclosure = item.enclosure
        add_element(entry, "enclosure", url=enclosure.url, length=str(enclosure.length), type=enclosure.type)
    if media.duration is not None:
        add_element(entry, f"{{{ITUNES}}}duration", str(round(media.duration)))
    if spec.season:
        add_element(entry, f"{{{ITUNES}}}season", str(spec.season))
        add_element(entry, f"{{{PODCAST}}}season", str(spec.season))
    if spec.episode:
        add_element(entry, f"{{{ITUNES}}}episode", str(spec.episode))
        add_element(entry, f"{{{PODCAST}}}episode", str(spec.episode))
    add_element(entry, f"{{{ITUNES}}}episodeType", spec.episode_type)
    explicit = settings.explicit if spec.explicit is None else spec.explicit
    add_element(entry, f"{{{ITUNES}}}explicit", "true" if explicit else "false")
    if spec.transcript:
        url = beside(post, spec.transcript, site)
        kind = TRANSCRIPT_TYPES.get(posixpath.splitext(spec.transcript)[1].lower(), "text/plain")
        add_element(entry, f"{{{PODCAST}}}transcript", url=url, type=kind)
    if spec.chapters:
        add_element(entry, f"{{{PODCAST}}}chapters", url=beside(post, spec.chapters, site),
                    type="application/json+chapters")  # fmt: skip
    # Apple takes episode art in JPEG or PNG only; another kind of column image stays on the site and in JSON.
    if item.image and APPLE_ARTWORK.search(urlsplit(item.image).path):
        add_element(entry, f"{{{ITUNES}}}image", href=item.image)
    for author in item.authors:
        _person(entry, author)


def _person(parent: etree._Element, person: Person) -> None:
    """``podcast:person``: a column's writer is its episode's host (PSP-1's default role)."""
    attributes = {"role": "host"}
    if person.url:
        attributes["href"] = person.url
    if person.avatar:
        attributes["img"] = person.avatar
    add_element(parent, f"{{{PODCAST}}}person", person.name, **attributes)


def trim_bytes(text: str, limit: int) -> str:
    """At most ``limit`` bytes of UTF-8, cut at a character boundary.

    >>> trim_bytes("héllo", 2)
    'h'
    """
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


# --- readiness: what Apple or Spotify would refuse ----------------------------------------------------------


def readiness(
    settings: PodcastSettings, catalog: Catalog, cover_file: Path | None, line_of: Callable[[str], int],
    config_path: str = "mkdocs.yml",
) -> list[Problem]:  # fmt: skip
    """Warnings for a podcast that directories would refuse; none when the site has no audio.

    ``line_of`` gives the line of a podcast option in ``config_path`` (or of the nearest option found).
    """
    if not episodes(catalog):
        return []
    problems: list[Problem] = []

    def warn(option: str, message: str) -> None:
        problems.append(Problem(config_path, line_of(option), f"podcast.{option}", message, "warning"))

    if not settings.owner_email:
        warn("owner", "has no email: Apple and Spotify write to it to confirm the podcast is yours")
    if not settings.image:
        warn("image", "is missing: podcast apps need a square cover of 1400 to 3000 pixels (JPEG or PNG)")
    elif cover_file is not None:
        problem = cover_problem(cover_file)
        if problem:
            warn("image", problem)
    if not settings.categories:
        warn("categories", "are missing: Apple lists every podcast under at least one category")
    for name in settings.categories:
        parent, _, child = (part.strip() for part in name.partition("/"))
        if parent not in APPLE_CATEGORIES or (child and child not in APPLE_CATEGORIES[parent]):
            warn("categories", f"'{name}' is not one of Apple's categories (such as Business/Management)")
    if len(settings.description.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
        warn("description", f"is longer than Apple's {MAX_DESCRIPTION_BYTES} bytes, so it is cut short")
    if not settings.description.strip():
        warn("description", "is missing: set site_description or the podcast's description")
    if not is_language(settings.language):
        warn("language", f"'{settings.language}' is not a language code such as en or en-US")
    for post in episodes(catalog):
        if catalog.media[post.path].duration is None:
            problems.append(
                Problem(post.path, post.line_of("audio"), "audio", NO_DURATION, "warning")
            )  # fmt: skip
    return problems


def cover_problem(path: Path) -> str | None:
    """Why a local cover image would be refused, or None."""
    from PIL import Image, UnidentifiedImageError  # Pillow is only needed for a local cover

    if not path.is_file():
        return f"'{path.name}' does not exist in the docs folder"
    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError):
        return f"'{path.name}' is not an image Apple accepts (JPEG or PNG)"
    if kind not in ("JPEG", "PNG"):
        return f"'{path.name}' is a {kind} image; Apple accepts JPEG or PNG"
    if width != height or not 1400 <= width <= 3000:
        return f"'{path.name}' is {width}x{height} pixels; it must be square, from 1400x1400 to 3000x3000"
    return None
