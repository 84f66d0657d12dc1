"""The three formats feed readers read, RSS 2.0, Atom 1.0 and JSON Feed 1.1, and the one way XML is written.

``feeds`` works out what each feed holds (its channel and items); this module writes it,
through lxml for XML and ``json`` for JSON. ``add_element`` and ``xml_bytes`` are the only
XML writers of the package: the podcast feed is written with them too.
"""

from __future__ import annotations

import html
import json
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from lxml import etree

from columnist.urls import HAS_SCHEME

if TYPE_CHECKING:
    from columnist.feeds import Channel, Enclosure, FeedItem, Person

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
#: Atom requires an <updated> date; a site without columns has had none, so it gets a fixed one.
NO_DATE = datetime(1970, 1, 1, tzinfo=timezone.utc)


def atom_id(guid: str, site_url: str) -> str:
    """An Atom id (which must be an IRI) for a ``guid`` from front matter.

    >>> atom_id("11111111-1111-4111-8111-111111111111", "https://ex.org/")
    'urn:uuid:11111111-1111-4111-8111-111111111111'
    >>> atom_id("https://old.blog/?p=12", "https://ex.org/"), atom_id("col 7", "https://ex.org/")
    ('https://old.blog/?p=12', 'https://ex.org/#col%207')
    """
    if HAS_SCHEME.match(guid):
        return guid
    try:
        return uuid.UUID(guid).urn
    except ValueError:
        return f"{site_url}#{quote(guid, safe='')}"


def add_element(
    parent: etree._Element, tag: str, text: str | None = None, /, **attributes: str
) -> etree._Element:
    """A child ``tag`` of ``parent`` with ``text`` inside and ``attributes`` (``text=`` is an attribute)."""
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def rss(channel: Channel, self_url: str) -> bytes:
    """RSS 2.0, with the content, Dublin Core and Atom (for the self link) namespaces."""
    root = etree.Element("rss", {"version": "2.0"}, nsmap={"atom": ATOM, "content": CONTENT, "dc": DC})
    head = add_element(root, "channel")
    add_element(head, "title", channel.title)
    add_element(head, "link", channel.link)
    # Readers take an RSS description for HTML, so the plain text is escaped once more for them.
    add_element(head, "description", html.escape(channel.description, quote=False))
    add_element(head, f"{{{ATOM}}}link", href=self_url, rel="self", type="application/rss+xml")
    add_element(head, "language", channel.language)
    if channel.copyright:
        add_element(head, "copyright", channel.copyright)
    if channel.updated:
        add_element(head, "lastBuildDate", format_datetime(channel.updated))
    if channel.image:
        image = add_element(head, "image")
        add_element(image, "url", channel.image)
        add_element(image, "title", channel.title)
        add_element(image, "link", channel.link)
    for item in channel.items:
        _rss_item(add_element(head, "item"), item)
    return xml_bytes(root)


def _rss_item(entry: etree._Element, item: FeedItem) -> None:
    add_element(entry, "title", item.title)
    add_element(entry, "link", item.link)
    add_element(entry, "guid", item.guid, isPermaLink="true" if item.guid_is_permalink else "false")
    add_element(entry, "pubDate", format_datetime(item.published))
    # RSS's <author> must hold an email; a reader should not get both it and dc:creator for one column.
    if len(item.authors) == 1 and item.authors[0].email:
        add_element(entry, "author", f"{item.authors[0].email} ({item.authors[0].name})")
    else:
        for person in item.authors:
            add_element(entry, f"{{{DC}}}creator", person.name)
    for name in item.categories:
        add_element(entry, "category", name)
    add_element(entry, "description", item.excerpt_html)
    if item.content_html is not None:
        add_element(entry, f"{{{CONTENT}}}encoded", item.content_html)
    if item.enclosure:
        enclosure = item.enclosure
        add_element(entry, "enclosure", url=enclosure.url, length=str(enclosure.length), type=enclosure.type)


def _rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def atom(channel: Channel, self_url: str) -> bytes:
    """Atom 1.0 (RFC 4287)."""
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", channel.language)
    add_element(root, f"{{{ATOM}}}title", channel.title, type="text")
    add_element(root, f"{{{ATOM}}}subtitle", channel.description, type="text")
    add_element(root, f"{{{ATOM}}}link", href=channel.link, rel="alternate", type="text/html")
    add_element(root, f"{{{ATOM}}}link", href=self_url, rel="self", type="application/atom+xml")
    add_element(root, f"{{{ATOM}}}id", channel.link)
    add_element(root, f"{{{ATOM}}}updated", _rfc3339(channel.updated or NO_DATE))
    if channel.image:
        add_element(root, f"{{{ATOM}}}icon", channel.image)
    if channel.copyright:
        add_element(root, f"{{{ATOM}}}rights", channel.copyright, type="text")
    if not channel.items or not all(item.authors for item in channel.items):
        # Atom needs an author for every entry; the site stands in for columns that name none.
        _atom_person(root, channel.title, None, channel.link)
    for item in channel.items:
        _atom_entry(add_element(root, f"{{{ATOM}}}entry"), item, channel.link)
    return xml_bytes(root)


def _atom_person(parent: etree._Element, name: str, email: str | None, url: str | None) -> None:
    author = add_element(parent, f"{{{ATOM}}}author")
    add_element(author, f"{{{ATOM}}}name", name)
    if email:
        add_element(author, f"{{{ATOM}}}email", email)
    if url:
        add_element(author, f"{{{ATOM}}}uri", url)


def _atom_entry(entry: etree._Element, item: FeedItem, site_url: str) -> None:
    add_element(entry, f"{{{ATOM}}}title", item.title, type="text")
    add_element(entry, f"{{{ATOM}}}link", href=item.link, rel="alternate", type="text/html")
    add_element(entry, f"{{{ATOM}}}id", item.link if item.guid_is_permalink else atom_id(item.guid, site_url))
    add_element(entry, f"{{{ATOM}}}published", _rfc3339(item.published))
    add_element(entry, f"{{{ATOM}}}updated", _rfc3339(item.modified))
    for person in item.authors:
        _atom_person(entry, person.name, person.email, person.url)
    for name in item.categories:
        add_element(entry, f"{{{ATOM}}}category", term=name)
    add_element(entry, f"{{{ATOM}}}summary", item.excerpt_html, type="html")
    if item.content_html is not None:
        add_element(entry, f"{{{ATOM}}}content", item.content_html, type="html")
    if item.enclosure:
        add_element(
            entry,
            f"{{{ATOM}}}link",
            href=item.enclosure.url,
            rel="enclosure",
            type=item.enclosure.type,
            length=str(item.enclosure.length),
        )


def json_feed(channel: Channel, self_url: str) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.link,
        "feed_url": self_url,
        "description": channel.description,
        "language": channel.language,
    }
    if channel.image:
        feed["icon"] = channel.image
    if channel.authors:
        feed["authors"] = [_json_person(person) for person in channel.authors]
    feed["items"] = [_json_item(item) for item in channel.items]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: FeedItem) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": item.guid,
        "url": item.link,
        "title": item.title,
        "content_html": item.excerpt_html if item.content_html is None else item.content_html,
        "summary": item.excerpt_text,
        "date_published": _rfc3339(item.published),
    }
    if item.updated:
        entry["date_modified"] = _rfc3339(item.modified)
    if item.authors:
        entry["authors"] = [_json_person(person) for person in item.authors]
    if item.categories:
        entry["tags"] = list(item.categories)
    if item.image:
        entry["image"] = item.image
    if item.enclosure:
        entry["attachments"] = [_json_attachment(item.enclosure)]
    return entry


def _json_person(person: Person) -> dict[str, str]:
    # JSON Feed has no place for an email address.
    found = {"name": person.name}
    if person.url:
        found["url"] = person.url
    if person.avatar:
        found["avatar"] = person.avatar
    return found


def _json_attachment(enclosure: Enclosure) -> dict[str, Any]:
    attachment: dict[str, Any] = {
        "url": enclosure.url,
        "mime_type": enclosure.type,
        "size_in_bytes": enclosure.length,
    }
    if enclosure.duration is not None:
        attachment["duration_in_seconds"] = enclosure.duration
    return attachment
