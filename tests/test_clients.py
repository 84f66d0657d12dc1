"""Every feed Columnist writes, read by the clients readers and directories use, none of them ours.

podcastparser (gPodder), podcast-partytime (the Podcast Index's parser), feedsmith and feedparser read
the sample site's and the podcast test site's feeds. For each field the XML holds, every client that
has a reader for it must find the same value; what a client cannot read at all is listed in
``clients.NOT_READ`` and in the README.
"""

from __future__ import annotations

import json

import pytest
from lxml import etree

from clients import (
    NS,
    expected_of,
    read_with_node,
    reported,
    show_as_read,
    written_show,
)
from conftest import build_at, copy_site

PODCAST_CLIENTS = ("podcastparser", "feedparser", "partytime", "feedsmith")
#: Every sample site with columns that builds without a warning, by its address; the first three have audio and so a
#: podcast. (The email site's podcast lacks on purpose what its tests are not about: an owner, a cover.)
SITES = {
    "sample": "https://clientdesk.example.org/",
    "podcast": "https://pod.example.org/",
    "hostile": "https://hostile.example.org/blog/",
    "basic": "https://basic.example.org/",
    "archive": "https://archive.example.org/",
    "cli-site": "https://notes.example.org/",
}
PODCASTS = ("sample", "podcast", "hostile")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for name in SITES:
        root = tmp_path_factory.mktemp(name)
        built[name] = build_at(copy_site(name, root), root / "site")
    return built


@pytest.mark.parametrize("client", PODCAST_CLIENTS)
@pytest.mark.parametrize("site", PODCASTS)
def test_each_client_reads_every_podcast_field_we_write(sites, site, client):
    path = sites[site].site / "podcast.xml"
    written = written_show(path.read_bytes())
    expected = expected_of(client, written)
    assert reported(show_as_read(client, path, SITES[site] + "podcast.xml"), expected) == expected


# What each test site configures, so that a field we stop writing fails here and not only in a golden file.
CONFIGURED_SHOW = {
    "podcast": {
        "title", "description", "link", "language", "image", "author", "owner_name", "owner_email",
        "explicit", "type", "categories", "category_terms", "copyright", "guid", "locked", "locked_owner",
        "funding_url", "funding_text", "medium", "update_rrule", "persons", "episodes",
    },
    "sample": {
        "title", "description", "link", "language", "image", "author", "owner_name", "owner_email",
        "explicit", "type", "categories", "category_terms", "copyright", "guid", "locked", "locked_owner",
        "medium", "update_rrule", "persons", "episodes",
    },
}  # fmt: skip
CONFIGURED_EPISODE = {
    "podcast-column-1": {
        "guid", "title", "link", "published", "enclosure", "duration", "episode", "season",
        "podcast_episode", "podcast_season", "episode_type", "explicit", "transcript", "chapters", "image",
        "persons",
    },
}  # fmt: skip


@pytest.mark.parametrize("site", CONFIGURED_SHOW)
def test_the_podcast_has_every_field_its_site_configures(sites, site):
    written = written_show((sites[site].site / "podcast.xml").read_bytes())
    assert set(written) == CONFIGURED_SHOW[site]
    for guid, fields in CONFIGURED_EPISODE.items():
        if guid in written["episodes"]:
            assert set(written["episodes"][guid]) == fields


def test_the_podcast_test_site_reads_as_configured(sites):
    """The values themselves, from the site's mkdocs.yml and front matter, as podcast-partytime reads them."""
    show = show_as_read("partytime", sites["podcast"].site / "podcast.xml", "")
    assert show["category_terms"] == ["business", "management", "education"]
    assert show["persons"] == [
        ("Ana Ruiz", "host", "https://ana.example.org/", "https://pod.example.org/images/ana.png")
    ]
    first = show["episodes"]["podcast-column-1"]
    assert first["image"] == "https://pod.example.org/posts/audio/first-art.jpg"
    assert first["persons"] == show["persons"]
    feedsmith = show_as_read("feedsmith", sites["podcast"].site / "podcast.xml", "")
    assert feedsmith["categories"] == ["Business/Management", "Education"]
    assert feedsmith["update_rrule"] == "FREQ=WEEKLY;BYDAY=WE"
    assert feedsmith["episodes"]["podcast-column-1"]["podcast_season"] == 1


def test_a_parent_category_named_alone_and_with_a_child_is_written_once(tmp_path):
    source = copy_site("podcast", tmp_path)
    config = source / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "categories: [Business/Management, Education]",
            "categories: [Business, Business/Management, Education, Business/Careers]",
        )
    )
    built = build_at(source, tmp_path / "site")
    path = built.site / "podcast.xml"
    assert show_as_read("podcastparser", path, "")["categories"] == [
        "Business/Management", "Business/Careers", "Education",
    ]  # fmt: skip
    assert show_as_read("feedsmith", path, "")["categories"] == [
        "Business/Management", "Business/Careers", "Education",
    ]  # fmt: skip
    channel = etree.fromstring(path.read_bytes()).find("channel")
    assert [c.get("text") for c in channel.findall("itunes:category", NS)] == ["Business", "Education"]


# --- the feeds for feed readers --------------------------------------------------------------------------------


def written_rss(data: bytes) -> dict:
    channel = etree.fromstring(data).find("channel")
    return {
        "title": channel.findtext("title"),
        "link": channel.findtext("link"),
        "language": channel.findtext("language"),
        "items": [
            (item.findtext("guid"), item.findtext("title"), item.findtext("link"),
             [c.text for c in item.findall("category")],
             item.find("enclosure").get("url") if item.find("enclosure") is not None else None)
            for item in channel.findall("item")
        ],
    }  # fmt: skip


def written_atom(data: bytes) -> dict:
    root = etree.fromstring(data)
    return {
        "title": root.findtext("atom:title", namespaces=NS),
        "link": root.find("atom:link[@rel='alternate']", NS).get("href"),
        "language": root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        "items": [
            (entry.findtext("atom:id", namespaces=NS), entry.findtext("atom:title", namespaces=NS),
             entry.find("atom:link[@rel='alternate']", NS).get("href"),
             [c.get("term") for c in entry.findall("atom:category", NS)],
             next((link.get("href") for link in entry.findall("atom:link[@rel='enclosure']", NS)), None))
            for entry in root.findall("atom:entry", NS)
        ],
    }  # fmt: skip


def written_json(data: bytes) -> dict:
    feed = json.loads(data)
    return {
        "title": feed["title"],
        "link": feed["home_page_url"],
        "language": feed["language"],
        "items": [
            (item["id"], item["title"], item["url"], item.get("tags", []),
             item["attachments"][0]["url"] if item.get("attachments") else None)
            for item in feed["items"]
        ],
    }  # fmt: skip


def feedparser_feed(path) -> dict:
    import feedparser

    found = feedparser.parse(path.read_bytes())
    assert found.bozo == 0, found.get("bozo_exception")
    return {
        "title": found.feed.title,
        "link": found.feed.link,
        "language": found.feed.get("language"),
        "items": [
            (entry.id, entry.title, entry.link, [tag.term for tag in entry.get("tags", [])],
             entry.enclosures[0].href if entry.get("enclosures") else None)
            for entry in found.entries
        ],
    }  # fmt: skip


def feedsmith_feed(path) -> dict:
    found = read_with_node("feedsmith", path)
    feed = found["feed"]
    if found["format"] == "rss":
        return {
            "title": feed["title"],
            "link": feed["link"],
            "language": feed.get("language"),
            "items": [
                (item["guid"]["value"], item["title"], item["link"],
                 [c["name"] for c in item.get("categories", [])],
                 item["enclosures"][0]["url"] if item.get("enclosures") else None)
                for item in feed["items"]
            ],
        }  # fmt: skip
    if found["format"] == "atom":

        def text(value):
            return value["value"] if isinstance(value, dict) else value

        return {
            "title": text(feed["title"]),
            "link": next(link["href"] for link in feed["links"] if link.get("rel") == "alternate"),
            "language": feed.get("lang") or (feed.get("xml") or {}).get("lang"),
            "items": [
                (entry["id"], text(entry["title"]),
                 next(link["href"] for link in entry["links"] if link.get("rel") == "alternate"),
                 [c["term"] for c in entry.get("categories", [])],
                 next((link["href"] for link in entry["links"] if link.get("rel") == "enclosure"), None))
                for entry in feed["entries"]
            ],
        }  # fmt: skip
    assert found["format"] == "json"
    return {
        "title": feed["title"],
        "link": feed["home_page_url"],
        "language": feed.get("language"),
        "items": [
            (item["id"], item["title"], item["url"], item.get("tags", []),
             item["attachments"][0]["url"] if item.get("attachments") else None)
            for item in feed["items"]
        ],
    }  # fmt: skip


FEEDS = {
    "feed.xml": written_rss,
    "atom.xml": written_atom,
    "feed.json": written_json,
    "category": written_rss,
}
READERS = [
    (feed, reader)
    for feed in FEEDS
    for reader in (feedparser_feed, feedsmith_feed)
    # feedparser 6.0 reads RSS and Atom; JSON Feed it does not read at all.
    if not (feed.endswith(".json") and reader is feedparser_feed)
]


def feed_path(built, feed: str):
    """The feed's file; "category" is the first category's feed."""
    if feed == "category":
        return sorted(built.site.glob("category/*/feed.xml"))[0]
    return built.site / feed


@pytest.mark.parametrize(("feed", "reader"), READERS, ids=[f"{f}-{r.__name__}" for f, r in READERS])
@pytest.mark.parametrize("site", SITES)
def test_feed_readers_read_every_item_of_every_feed(sites, site, feed, reader):
    path = feed_path(sites[site], feed)
    written = FEEDS[feed](path.read_bytes())
    assert written["items"], "every sample site's feeds have columns"
    assert reader(path) == written


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml", "category"])
def test_podcast_apps_find_the_audio_editions_in_the_feeds(sites, feed):
    """A podcast app subscribed to the plain feed still gets every audio edition the feed holds."""
    import podcastparser

    path = feed_path(sites["sample"], feed)
    written = FEEDS[feed](path.read_bytes())
    with open(path, "rb") as stream:
        found = podcastparser.parse(SITES["sample"] + "feed.xml", stream)
    assert found["title"] == written["title"]
    audio = sorted((item[0], item[4]) for item in written["items"] if item[4])
    episodes = [e for e in found["episodes"] if e["enclosures"]]
    assert sorted((e["guid"], e["enclosures"][0]["url"]) for e in episodes) == audio
    if feed == "feed.xml":
        assert audio, "the sample's newest columns include an audio edition"
        party = read_with_node("partytime", path)
        assert sorted((i["guid"], i["enclosure"]["url"]) for i in party["items"] if "enclosure" in i) == audio


def test_json_feed_names_its_authors_and_each_columns_image(sites):
    found = read_with_node("feedsmith", sites["podcast"].site / "feed.json")["feed"]
    assert found["authors"] == [
        {
            "name": "Ana Ruiz",
            "url": "https://ana.example.org/",
            "avatar": "https://pod.example.org/images/ana.png",
        }
    ]
    images = {item["id"]: item.get("image") for item in found["items"]}
    assert images["podcast-column-1"] == ("https://pod.example.org/posts/audio/first-art.jpg")
