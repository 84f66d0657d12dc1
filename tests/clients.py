"""Feeds as parsers we did not write read them, each brought to one common shape to compare.

``written_show`` reads a podcast feed with XPath, straight from the XML and independent of the code
that wrote it. Each ``*_show`` function asks one real client (podcastparser, feedparser, and through
Node podcast-partytime and feedsmith) and keeps only what that client reports, under the same names.
A field a client reads is then compared value for value; a field it does not read at all is named in
``NOT_READ`` (and in the README's podcast table), so a field that silently goes missing fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
from lxml import etree

CLIENTS_DIR = Path(__file__).parent / "clients"
NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}

#: Fields each client has no reader for at all (checked against the client's own source), so they are not
#: asked of it. podcastparser knows the podcast namespace only under its old GitHub address, not the
#: https://podcastindex.org/namespace/1.0 that PSP-1 requires, so it sees no podcast:* tag.
PODCAST_TAGS = {
    "guid", "locked", "locked_owner", "funding_url", "funding_text", "medium", "update_rrule", "persons",
}  # fmt: skip
PODCAST_EPISODE_TAGS = {"transcript", "chapters", "persons", "podcast_season", "podcast_episode"}
NOT_READ: dict[str, tuple[set[str], set[str]]] = {
    "podcastparser": (PODCAST_TAGS | {"copyright"}, PODCAST_EPISODE_TAGS),
    "feedparser": ({"explicit", "categories", "persons", "locked", "funding_text"}, {"explicit", "persons"}),
    "partytime": ({"categories", "update_rrule"}, {"podcast_season", "podcast_episode"}),
    "feedsmith": ({"category_terms"}, set()),
}


def seconds(moment: str) -> int:
    return int(parsedate_to_datetime(moment).timestamp())


# --- what we wrote, by XPath -------------------------------------------------------------------------------


def _person(element: etree._Element) -> tuple[str, str, str | None, str | None]:
    return (element.text, element.get("role", "host"), element.get("href"), element.get("img"))


def written_show(data: bytes) -> dict[str, Any]:
    """The podcast's show and episode fields, as the XML itself holds them."""
    channel = etree.fromstring(data).find("channel")

    def text(path: str) -> str | None:
        return channel.findtext(path, namespaces=NS)

    def attribute(path: str, name: str) -> str | None:
        element = channel.find(path, NS)
        return None if element is None else element.get(name)

    categories = []
    for parent in channel.findall("itunes:category", NS):
        children = parent.findall("itunes:category", NS)
        categories += [f"{parent.get('text')}/{c.get('text')}" for c in children] or [parent.get("text")]
    show = {
        "title": text("title"),
        "description": text("description"),
        "link": text("link"),
        "language": text("language"),
        "image": attribute("itunes:image", "href"),
        "author": text("itunes:author"),
        "owner_name": text("itunes:owner/itunes:name"),
        "owner_email": text("itunes:owner/itunes:email"),
        "explicit": {"true": True, "false": False}.get(text("itunes:explicit")),
        "type": text("itunes:type"),
        "categories": categories,
        "category_terms": [c.get("text") for c in channel.iterfind(".//itunes:category", NS)],
        "copyright": text("copyright"),
        "guid": text("podcast:guid"),
        "locked": {"yes": True, "no": False}.get(text("podcast:locked")),
        "locked_owner": attribute("podcast:locked", "owner"),
        "funding_url": attribute("podcast:funding", "url"),
        "funding_text": text("podcast:funding"),
        "medium": text("podcast:medium"),
        "update_rrule": attribute("podcast:updateFrequency", "rrule"),
        "persons": [_person(p) for p in channel.findall("podcast:person", NS)],
        "episodes": {},
    }
    for item in channel.findall("item"):
        episode = _written_episode(item)
        show["episodes"][episode["guid"]] = episode
    return _present(show)


def _written_episode(item: etree._Element) -> dict[str, Any]:
    def text(path: str) -> str | None:
        return item.findtext(path, namespaces=NS)

    def attribute(path: str, name: str) -> str | None:
        element = item.find(path, NS)
        return None if element is None else element.get(name)

    def number(path: str) -> int | None:
        value = text(path)
        return None if value is None else int(value)

    transcript = item.find("podcast:transcript", NS)
    chapters = item.find("podcast:chapters", NS)
    return _present(
        {
            "guid": text("guid"),
            "title": text("title"),
            "link": text("link"),
            "published": seconds(text("pubDate")),
            "enclosure": (
                attribute("enclosure", "url"), int(attribute("enclosure", "length")),
                attribute("enclosure", "type"),
            ),
            "duration": number("itunes:duration"),
            "episode": number("itunes:episode"),
            "season": number("itunes:season"),
            "podcast_episode": number("podcast:episode"),
            "podcast_season": number("podcast:season"),
            "episode_type": text("itunes:episodeType"),
            "explicit": {"true": True, "false": False}.get(text("itunes:explicit")),
            "transcript": None if transcript is None else (transcript.get("url"), transcript.get("type")),
            "chapters": None if chapters is None else (chapters.get("url"), chapters.get("type")),
            "image": attribute("itunes:image", "href"),
            "persons": [_person(p) for p in item.findall("podcast:person", NS)],
        }
    )  # fmt: skip


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    """Only the fields the feed has: an absent tag is not a field to look for."""
    return {key: value for key, value in fields.items() if value not in (None, [], {})}


# --- what each client reads ----------------------------------------------------------------------------------


def podcastparser_show(path: Path, feed_url: str) -> dict[str, Any]:
    with open(path, "rb") as stream:
        found = podcastparser.parse(feed_url, stream)
    owner = found.get("itunes_owner") or {}
    show = {
        "title": found.get("title"),
        "description": found.get("description"),
        "link": found.get("link"),
        "language": found.get("language"),
        "image": found.get("cover_url"),
        "author": found.get("itunes_author"),
        "owner_name": owner.get("name"),
        "owner_email": owner.get("email"),
        "explicit": found.get("explicit"),
        "type": found.get("type"),
        # podcastparser lists a parent followed by its children: [["Business", "Management", "Careers"]].
        "categories": [
            f"{names[0]}/{child}" if child else names[0]
            for names in found.get("itunes_categories", [])
            for child in (names[1:] or [None])
        ],
        "category_terms": [name for names in found.get("itunes_categories", []) for name in names],
        "episodes": {},
    }
    for entry in found["episodes"]:
        enclosure = entry["enclosures"][0] if entry.get("enclosures") else {}
        show["episodes"][entry["guid"]] = {
            "guid": entry["guid"],
            "title": entry.get("title"),
            "link": entry.get("link"),
            "published": entry.get("published"),
            "enclosure": (enclosure.get("url"), enclosure.get("file_size"), enclosure.get("mime_type")),
            "duration": entry.get("total_time"),
            "episode": entry.get("number"),
            "season": entry.get("season"),
            "episode_type": entry.get("type"),
            "explicit": entry.get("explicit"),
            "image": entry.get("episode_art_url"),
        }
    return show


def feedparser_show(path: Path) -> dict[str, Any]:
    found = feedparser.parse(path.read_bytes())
    assert found.bozo == 0, found.get("bozo_exception")
    feed = found.feed
    owner = feed.get("publisher_detail") or {}
    locked = feed.get("podcast_locked") or {}
    funding = feed.get("podcast_funding") or {}
    show = {
        "title": feed.get("title"),
        "description": feed.get("subtitle"),
        "link": feed.get("link"),
        "language": feed.get("language"),
        "image": (feed.get("image") or {}).get("href"),
        "author": feed.get("author"),
        "owner_name": owner.get("name"),
        "owner_email": owner.get("email"),
        "type": feed.get("itunes_type"),
        "category_terms": [
            tag.term for tag in feed.get("tags", []) if tag.get("scheme") == "http://www.itunes.com/"
        ],
        "copyright": feed.get("rights"),
        "guid": feed.get("podcast_guid"),
        # feedparser keeps one attribute set per unknown tag, and no text beside attributes.
        "locked_owner": locked.get("owner"),
        "funding_url": funding.get("url"),
        "funding_text": funding.get("value") or None,
        "medium": feed.get("podcast_medium"),
        "update_rrule": (feed.get("podcast_updatefrequency") or {}).get("rrule"),
        "episodes": {},
    }
    for entry in found.entries:
        enclosure = entry.enclosures[0] if entry.get("enclosures") else {}
        transcript, chapters = entry.get("podcast_transcript"), entry.get("podcast_chapters")
        show["episodes"][entry.id] = {
            "guid": entry.id,
            "title": entry.get("title"),
            "link": entry.get("link"),
            "published": seconds(entry.published),
            "enclosure": (enclosure.get("href"), _int(enclosure.get("length")), enclosure.get("type")),
            "duration": _int(entry.get("itunes_duration")),
            "episode": _int(entry.get("itunes_episode")),
            "season": _int(entry.get("itunes_season")),
            "podcast_episode": _int(entry.get("podcast_episode")),
            "podcast_season": _int(entry.get("podcast_season")),
            "episode_type": entry.get("itunes_episodetype"),
            "transcript": transcript and (transcript.get("url"), transcript.get("type")),
            "chapters": chapters and (chapters.get("url"), chapters.get("type")),
            "image": (entry.get("image") or {}).get("href"),
        }
    return show


def _int(value: object) -> int | None:
    return None if value in (None, "") else int(value)


@cache
def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is missing: the README's test command installs it"
    assert (CLIENTS_DIR / "node_modules").is_dir(), "run `npm ci --prefix tests/clients` (tests/run does)"
    return found


def read_with_node(client: str, path: Path) -> Any:
    """What podcast-partytime or feedsmith reads in the file at ``path``, as JSON."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "found.json"
        result = subprocess.run(
            [node(), str(CLIENTS_DIR / "read.mjs"), client, str(path), str(output)],
            capture_output=True, text=True, check=False, cwd=folder,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(output.read_text(encoding="utf-8"))


def _node_person(person: dict[str, Any], name_key: str) -> tuple[str, str, str | None, str | None]:
    return (person[name_key], person.get("role", "host").lower(), person.get("href"), person.get("img"))


def partytime_show(path: Path) -> dict[str, Any]:
    found = read_with_node("partytime", path)
    funding = (found.get("podcastFunding") or [{}])[0]
    show = {
        "title": found.get("title"),
        "description": found.get("description"),
        "link": found.get("link"),
        "language": found.get("language"),
        "image": found.get("itunesImage"),
        "author": found.get("author"),
        "owner_name": (found.get("owner") or {}).get("name"),
        "owner_email": (found.get("owner") or {}).get("email"),
        "explicit": found.get("explicit"),
        "type": found.get("itunesType"),
        # partytime lowers the names and flattens parents and children into one list.
        "category_terms": found.get("categories"),
        "copyright": found.get("copyright"),
        "guid": found.get("guid"),
        "locked": found.get("locked"),
        "locked_owner": found.get("podcastOwner"),
        "funding_url": funding.get("url"),
        "funding_text": funding.get("message"),
        "medium": found.get("medium"),
        "persons": [_node_person(p, "name") for p in found.get("podcastPeople", [])],
        "episodes": {},
    }
    for entry in found["items"]:
        enclosure = entry.get("enclosure") or {}
        transcript = (entry.get("podcastTranscripts") or [None])[0]
        chapters = entry.get("podcastChapters")
        show["episodes"][entry["guid"]] = {
            "guid": entry["guid"],
            "title": entry.get("title"),
            "link": entry.get("link"),
            "published": _iso_seconds(entry.get("pubDate")),
            "enclosure": (enclosure.get("url"), enclosure.get("length"), enclosure.get("type")),
            "duration": entry.get("duration"),
            "episode": entry.get("itunesEpisode"),
            "season": entry.get("itunesSeason"),
            "episode_type": entry.get("itunesEpisodeType"),
            "explicit": entry.get("explicit"),
            "transcript": transcript and (transcript["url"], transcript["type"]),
            "chapters": chapters and (chapters["url"], chapters["type"]),
            "image": entry.get("itunesImage") or entry.get("image"),
            "persons": [_node_person(p, "name") for p in entry.get("podcastPeople", [])],
        }
    return show


def _iso_seconds(value: str | None) -> int | None:
    from datetime import datetime

    return None if value is None else int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def feedsmith_show(path: Path) -> dict[str, Any]:
    found = read_with_node("feedsmith", path)
    assert found["format"] == "rss"
    feed = found["feed"]
    itunes, podcast = feed.get("itunes") or {}, feed.get("podcast") or {}
    funding = (podcast.get("fundings") or [{}])[0]
    categories = []
    for parent in itunes.get("categories", []):
        children = parent.get("categories", [])
        categories += [f"{parent['text']}/{c['text']}" for c in children] or [parent["text"]]
    frequency = podcast.get("updateFrequency") or {}
    show = {
        "title": feed.get("title"),
        "description": feed.get("description"),
        "link": feed.get("link"),
        "language": feed.get("language"),
        "image": itunes.get("image"),
        "author": itunes.get("author"),
        "owner_name": (itunes.get("owner") or {}).get("name"),
        "owner_email": (itunes.get("owner") or {}).get("email"),
        "explicit": itunes.get("explicit"),
        "type": itunes.get("type"),
        "categories": categories,
        "copyright": feed.get("copyright"),
        "guid": podcast.get("guid"),
        "locked": (podcast.get("locked") or {}).get("value"),
        "locked_owner": (podcast.get("locked") or {}).get("owner"),
        "funding_url": funding.get("url"),
        "funding_text": funding.get("display"),
        "medium": podcast.get("medium"),
        "update_rrule": frequency.get("rrule"),
        "persons": [_node_person(p, "display") for p in podcast.get("persons", [])],
        "episodes": {},
    }
    for entry in feed.get("items", []):
        enclosure = (entry.get("enclosures") or [{}])[0]
        item_itunes, item_podcast = entry.get("itunes") or {}, entry.get("podcast") or {}
        transcript = (item_podcast.get("transcripts") or [None])[0]
        chapters = item_podcast.get("chapters")
        guid = entry["guid"]["value"]
        show["episodes"][guid] = {
            "guid": guid,
            "title": entry.get("title"),
            "link": entry.get("link"),
            "published": seconds(entry["pubDate"]),
            "enclosure": (enclosure.get("url"), enclosure.get("length"), enclosure.get("type")),
            "duration": item_itunes.get("duration"),
            "episode": item_itunes.get("episode"),
            "season": item_itunes.get("season"),
            "podcast_episode": (item_podcast.get("episode") or {}).get("number"),
            "podcast_season": (item_podcast.get("season") or {}).get("number"),
            "episode_type": item_itunes.get("episodeType"),
            "explicit": item_itunes.get("explicit"),
            "transcript": transcript and (transcript["url"], transcript["type"]),
            "chapters": chapters and (chapters["url"], chapters["type"]),
            "image": item_itunes.get("image"),
            "persons": [_node_person(p, "display") for p in item_podcast.get("persons", [])],
        }
    return show


def show_as_read(client: str, path: Path, feed_url: str) -> dict[str, Any]:
    if client == "podcastparser":
        return podcastparser_show(path, feed_url)
    if client == "feedparser":
        return feedparser_show(path)
    if client == "partytime":
        return partytime_show(path)
    return feedsmith_show(path)


def expected_of(client: str, written: dict[str, Any]) -> dict[str, Any]:
    """What ``client`` should report of ``written``: every field it has a reader for."""
    show_skip, episode_skip = NOT_READ[client]
    expected = {k: v for k, v in written.items() if k not in show_skip and k != "episodes"}
    if client == "partytime" and "category_terms" in expected:
        expected["category_terms"] = [name.lower() for name in expected["category_terms"]]
    expected["episodes"] = {
        guid: {k: v for k, v in episode.items() if k not in episode_skip}
        for guid, episode in written["episodes"].items()
    }
    return expected


def reported(found: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """``found`` cut to the fields ``expected`` names (a client may report more than we look for)."""
    shown = {k: found.get(k) for k in expected if k != "episodes"}
    shown["episodes"] = {
        guid: {k: found.get("episodes", {}).get(guid, {}).get(k) for k in episode}
        for guid, episode in expected["episodes"].items()
    }
    return shown
