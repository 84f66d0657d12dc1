"""What a link preview reads in a page's head: its description, Open Graph, Twitter card and JSON-LD.

Chat apps, social sites and search engines show a column by what its head says, not by
its text. The values are plain data made from a column's feed item (clean text, absolute
addresses), then written as escaped HTML; nothing here knows MkDocs.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from columnist.feeds import FeedItem, SiteInfo, clean
from columnist.words import collapse, locale_for, shorten

#: About what search results and previews show of a description before they cut it.
DESCRIPTION_LENGTH = 160

#: What would end a ``<script>`` or start markup in it, as JSON writes the same characters harmlessly.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class PageMeta:
    """One page as a link preview sees it."""

    description: str
    properties: tuple[tuple[str, str], ...]  # Open Graph and article: ``<meta property=... content=...>``
    names: tuple[tuple[str, str], ...]  # Twitter card: ``<meta name=... content=...>``
    json_ld: tuple[dict[str, Any], ...]


def description_of(text: str) -> str:
    """A page's description from plain text: one line, cut at a word near 160 characters.

    >>> description_of("Trust  is   earned.")
    'Trust is earned.'
    >>> len(description_of("word " * 100)) <= 160
    True
    """
    return shorten(collapse(clean(text)), DESCRIPTION_LENGTH)


def og_locale(language: str) -> str:
    """The theme's language as Open Graph writes it.

    >>> og_locale("en-US"), og_locale("de"), og_locale("pt_BR")
    ('en_US', 'de', 'pt_BR')
    """
    return str(locale_for(language))


def iso_duration(seconds: float) -> str:
    """A duration in ISO 8601, as schema.org reads it.

    >>> iso_duration(75.4), iso_duration(3723)
    ('PT1M15S', 'PT1H2M3S')
    """
    hours, rest = divmod(round(seconds), 3600)
    minutes, seconds_left = divmod(rest, 60)
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return f"PT{parts}{seconds_left}S" if seconds_left or not parts else f"PT{parts}"


def _common(
    site: SiteInfo, kind: str, title: str, description: str, url: str | None
) -> list[tuple[str, str]]:
    properties = [("og:type", kind), ("og:title", clean(title)), ("og:description", description)]
    if url:
        properties.append(("og:url", url))
    properties += [("og:site_name", clean(site.title)), ("og:locale", og_locale(site.language))]
    return properties


def _twitter(title: str, description: str, image: str | None) -> tuple[tuple[str, str], ...]:
    names = [("twitter:card", "summary_large_image" if image else "summary")]
    names += [("twitter:title", title), ("twitter:description", description)]
    if image:
        names.append(("twitter:image", image))
    return tuple(names)


def column_meta(
    item: FeedItem, tags: Sequence[str], site: SiteInfo, url: str | None, written: str | None = None
) -> PageMeta:
    """A column's head: an article, with its dates, people, section, tags, image and recording.

    ``written`` is the description the author wrote for search engines; else the excerpt says it.
    """
    description = description_of(written or item.excerpt_text)
    properties = _common(site, "article", item.title, description, url)
    if item.image:
        properties.append(("og:image", item.image))
    properties += [
        ("article:published_time", item.published.isoformat()),
        ("article:modified_time", item.modified.isoformat()),
    ]
    properties += [("article:author", person.url or person.name) for person in item.authors]
    if item.categories:
        properties.append(("article:section", item.categories[0]))
    properties += [("article:tag", tag) for tag in tags]
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": item.title,
        "description": description,
        "datePublished": item.published.isoformat(),
        "dateModified": item.modified.isoformat(),
        "author": [
            {"@type": "Person", "name": person.name, **({"url": person.url} if person.url else {})}
            for person in item.authors
        ],
        "publisher": {"@type": "Organization", "name": clean(site.title), "url": site.url},
        "mainEntityOfPage": url or item.link,
    }
    if item.image:
        posting["image"] = item.image
    if item.enclosure:
        audio = {
            "@type": "AudioObject",
            "contentUrl": item.enclosure.url,
            "encodingFormat": item.enclosure.type,
        }
        if item.enclosure.duration:
            audio["duration"] = iso_duration(item.enclosure.duration)
        posting["audio"] = audio
    return PageMeta(description, tuple(properties), _twitter(item.title, description, item.image), (posting,))


def list_meta(title: str, description: str, site: SiteInfo, url: str | None) -> PageMeta:
    """A list page's (or any other page's) head: a website page with the site's description."""
    description = description_of(description or site.title)
    properties = _common(site, "website", title, description, url)
    return PageMeta(description, tuple(properties), _twitter(clean(title), description, site.image), ())


def home_meta(site: SiteInfo, url: str | None, podcast_feed: str | None) -> PageMeta:
    """The home page's head: the website, and the podcast when the site has one."""
    page = list_meta(site.title, site.description, site, url)
    found: list[dict[str, Any]] = [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": clean(site.title),
            "url": site.url,
            "description": page.description,
        }
    ]
    if podcast_feed:
        found.append(
            {"@context": "https://schema.org", "@type": "PodcastSeries", "name": clean(site.title),
             "url": site.url, "webFeed": podcast_feed}
        )  # fmt: skip
    return PageMeta(page.description, page.properties, page.names, tuple(found))


def script_json(data: dict[str, Any]) -> str:
    """JSON that stays JSON inside ``<script>``: no ``</script>`` or markup can come out of a value.

    >>> script_json({"headline": "</script><b>&"})
    '{"headline": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return json.dumps(data, ensure_ascii=False, sort_keys=False).translate(SCRIPT_SAFE)


def head_html(meta: PageMeta) -> str:
    """The page's preview tags, every value escaped (the description is Material's to write)."""
    tags = [
        f'<meta property="{html.escape(key)}" content="{html.escape(value)}">'
        for key, value in meta.properties
    ]
    tags += [f'<meta name="{html.escape(key)}" content="{html.escape(value)}">' for key, value in meta.names]
    tags += [f'<script type="application/ld+json">{script_json(data)}</script>' for data in meta.json_ld]
    return "".join(tags)
