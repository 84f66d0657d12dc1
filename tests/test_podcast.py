"""The podcast: audio editions on the page and a podcast feed that podcast apps accept."""

from __future__ import annotations

import json
import shutil
import subprocess
import wave
from pathlib import Path

import feedparser
import lxml.html
import podcastparser
import pytest
from lxml import etree
from mkdocs.exceptions import Abort

from columnist.podcast import APPLE_CATEGORIES, podcast_guid
from conftest import SITES, assert_matches_golden, build_at, copy_site

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}
SITE = "https://pod.example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("podcast")
    return build_at(copy_site("podcast", root), root / "site")


def xml(built, path="podcast.xml"):
    return etree.fromstring((built.site / path).read_bytes())


def errors_of(log) -> list[str]:
    return [record.getMessage() for record in log.records if record.levelname == "ERROR"]


def warnings_of(log) -> list[str]:
    return [record.getMessage() for record in log.records if record.levelname == "WARNING"]


def test_podcast_feed_matches_its_golden_file(built):
    assert_matches_golden(
        (built.site / "podcast.xml").read_bytes(), SITES / "podcast" / "expected" / "podcast.xml"
    )


def test_podcast_apps_read_every_episode(built):
    with open(built.site / "podcast.xml", "rb") as stream:
        show = podcastparser.parse(SITE + "podcast.xml", stream)
    assert show["title"] == "Podcast Column"
    assert show["cover_url"] == SITE + "images/cover.png"
    assert show["type"] == "serial"
    episodes = [
        (e["title"], e["guid"], e["enclosures"][0]["url"], e["enclosures"][0]["file_size"],
         e["enclosures"][0]["mime_type"], e["total_time"], e.get("number"), e.get("type"))
        for e in sorted(show["episodes"], key=lambda e: e["title"])
    ]  # fmt: skip
    local = (built.site / "posts/audio/first.mp3").stat().st_size
    assert episodes == [
        ("A remote episode & more", episodes[0][1], "https://media.example.net/column/2.mp3", 1234567,
         "audio/mpeg", 754, 2, "bonus"),
        ("The first episode", "podcast-column-1", SITE + "posts/audio/first.mp3", local, "audio/mpeg",
         episodes[1][5], 1, "full"),
    ]  # fmt: skip
    assert episodes[1][5] in (2, 3, 4)
    assert (built.site / "posts/audio/first.mp3").read_bytes() == (
        SITES / "podcast/posts/audio/first.mp3"
    ).read_bytes()


def test_feedparser_reads_it_well_formed(built):
    feed = feedparser.parse((built.site / "podcast.xml").read_bytes())
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == ["A remote episode & more", "The first episode"]
    assert feed.feed.author == "Ana Ruiz"
    assert feed.feed.publisher_detail.email == "ana@example.org"
    assert feed.entries[1].enclosures[0].href == SITE + "posts/audio/first.mp3"


def test_channel_tags_apple_and_podcasting_2_0_ask_for(built):
    root = xml(built)
    channel = root.find("channel")

    def text(path):
        return channel.findtext(path, namespaces=NS)

    assert text("title") == "Podcast Column"
    assert text("link") == SITE
    assert text("description") == "A column that is also read aloud."
    assert text("language") == "en-US"
    assert text("copyright") == "© 2024 Ana Ruiz"
    assert channel.find("atom:link", NS).attrib == {
        "href": SITE + "podcast.xml", "rel": "self", "type": "application/rss+xml"
    }  # fmt: skip
    assert text("itunes:author") == "Ana Ruiz"
    assert (text("itunes:owner/itunes:name"), text("itunes:owner/itunes:email")) == (
        "Ana Ruiz",
        "ana@example.org",
    )
    assert channel.find("itunes:image", NS).get("href") == SITE + "images/cover.png"
    # Apple reads the name from the text attribute only (a name as element text is no category at all).
    categories = [
        (c.get("text"), [sub.get("text") for sub in c.findall("itunes:category", NS)])
        for c in channel.findall("itunes:category", NS)
    ]
    assert categories == [("Business", ["Management"]), ("Education", [])]
    assert text("itunes:explicit") == "false"
    assert text("itunes:type") == "serial"
    assert text("podcast:guid") == podcast_guid(SITE + "podcast.xml")
    locked = channel.find("podcast:locked", NS)
    assert (locked.text, locked.get("owner")) == ("no", "ana@example.org")
    funding = channel.find("podcast:funding", NS)
    assert (funding.text, funding.get("url")) == ("Support the column", SITE + "support/")


def test_episode_tags(built):
    items = xml(built).findall("channel/item")
    assert len(items) == 2  # the column without audio is not an episode
    first = items[1]
    assert first.findtext("itunes:title", namespaces=NS) == "The first episode, read aloud"
    assert first.find("guid").attrib == {"isPermaLink": "false"}
    assert first.findtext("pubDate") == "Wed, 03 Jan 2024 00:00:00 +0000"
    assert (
        first.findtext("itunes:season", namespaces=NS),
        first.findtext("itunes:episode", namespaces=NS),
    ) == ("1", "1")
    assert first.findtext("itunes:episodeType", namespaces=NS) == "full"
    assert first.findtext("itunes:explicit", namespaces=NS) == "false"
    assert first.find("podcast:transcript", NS).attrib == {
        "url": SITE + "posts/audio/first.vtt",
        "type": "text/vtt",
    }
    assert first.find("podcast:chapters", NS).attrib == {
        "url": SITE + "posts/audio/first-chapters.json", "type": "application/json+chapters"
    }  # fmt: skip
    remote = items[0]
    assert remote.findtext("itunes:duration", namespaces=NS) == "754"
    assert remote.findtext("itunes:explicit", namespaces=NS) == "true"
    assert "hosted elsewhere" in remote.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")


def test_episode_guid_survives_a_new_title(tmp_path):
    source = copy_site("podcast", tmp_path)
    before = build_at(source, tmp_path / "one")
    remote = source / "posts/2024/2024-01-10-remote.md"
    remote.write_text(
        remote.read_text().replace('title: "A remote episode & more"', "title: A renamed episode")
    )
    after = build_at(source, tmp_path / "two")

    def guids(site):
        return [item.findtext("guid") for item in xml(site).findall("channel/item")]

    assert guids(before) == guids(after)
    assert [i.findtext("link") for i in xml(before).findall("channel/item")] != [
        i.findtext("link") for i in xml(after).findall("channel/item")
    ]


def test_every_episode_not_cut_to_feed_items(tmp_path):
    source = copy_site("podcast", tmp_path)
    config = source / "mkdocs.yml"
    config.write_text(config.read_text().replace("      podcast:", "      feeds: {items: 1}\n      podcast:"))
    built = build_at(source, tmp_path / "site")
    assert len(xml(built, "feed.xml").findall("channel/item")) == 1
    assert len(xml(built).findall("channel/item")) == 2


def test_duration_of_a_real_recording_is_measured(tmp_path):
    source = copy_site("podcast", tmp_path)
    speech = tmp_path / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-w", str(speech), "Every week a new column, read aloud for the people who listen."],
        check=True,
    )
    with wave.open(str(speech)) as recording:
        seconds = recording.getnframes() / recording.getframerate()
    subprocess.run(
        ["lame", "--quiet", "-m", "m", "-b", "32", str(speech), str(source / "posts/audio/first.mp3")],
        check=True,
    )
    built = build_at(source, tmp_path / "site")
    with open(built.site / "podcast.xml", "rb") as stream:
        show = podcastparser.parse(SITE + "podcast.xml", stream)
    first = next(e for e in show["episodes"] if e["guid"] == "podcast-column-1")
    assert abs(first["total_time"] - seconds) <= 1
    assert first["enclosures"][0]["file_size"] == (source / "posts/audio/first.mp3").stat().st_size
    page = lxml.html.fromstring(built.read("2024/01/03/the-first-episode/index.html"))
    shown = page.cssselect(".columnist-audio time")[0]
    assert shown.get("datetime") == f"PT{round(seconds)}S"


def test_the_page_has_a_labelled_player_a_download_and_the_transcript(built):
    page = lxml.html.fromstring(built.read("2024/01/03/the-first-episode/index.html"))
    player = page.cssselect("audio")[0]
    assert player.get("preload") == "none"
    assert player.get("aria-label") == "Audio edition: The first episode, read aloud"
    assert player.get("src") == "../../../../posts/audio/first.mp3"
    links = {a.text_content().strip(): a.get("href") for a in page.cssselect(".columnist-audio__links a")}
    assert links == {
        "Download the audio (0.0 MB)": "../../../../posts/audio/first.mp3",
        "Read the transcript": "../../../../posts/audio/first.vtt",
    }
    home = lxml.html.fromstring(built.read("index.html"))
    marked = [
        e.cssselect("h2 a")[0].text_content() for e in home.cssselect("article.columnist-entry")
        if e.cssselect(".columnist-audio-mark")
    ]  # fmt: skip
    assert marked == ["A remote episode & more", "The first episode"]


def test_the_podcast_is_linked_from_every_page_and_the_subscribe_block(built):
    for page in ("index.html", "2024/01/17/a-column-without-audio/index.html"):
        head = lxml.html.fromstring(built.read(page)).head
        titles = [link.get("title") for link in head.cssselect('link[rel="alternate"]')]
        assert "Podcast Column (podcast)" in titles
    subscribe = lxml.html.fromstring(built.read("index.html")).cssselect(".columnist-subscribe a")
    assert "podcast.xml" in [a.get("href") for a in subscribe]


def test_a_site_without_audio_has_no_podcast(build_site):
    built = build_site("basic")
    assert not built.exists("podcast.xml")
    assert "podcast" not in built.read("index.html").split("<body", 1)[0]


# --- what directories would refuse, as warnings -------------------------------------------------------------


def edited(tmp_path: Path, old: str, new: str) -> Path:
    source = copy_site("podcast", tmp_path)
    config = source / "mkdocs.yml"
    assert old in config.read_text()
    config.write_text(config.read_text().replace(old, new))
    return source


def test_a_cover_of_the_wrong_size_is_a_warning(tmp_path, mkdocs_log):
    source = edited(tmp_path, "image: images/cover.png", "image: images/small.png")
    with pytest.raises(Abort, match="1 warnings"):
        build_at(source, tmp_path / "site")
    assert warnings_of(mkdocs_log) == [
        "columnist: mkdocs.yml:16: podcast.image: 'small.png' is 800x600 pixels; "
        "it must be square, from 1400x1400 to 3000x3000"
    ]


@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        ("          email: ana@example.org\n", "",
         "mkdocs.yml:13: podcast.owner: has no email: Apple and Spotify write to it to confirm the podcast is yours"),
        ("categories: [Business/Management, Education]", "categories: [Business/Managing]",
         "mkdocs.yml:18: podcast.categories: 'Business/Managing' is not one of Apple's categories (such as Business/Management)"),
        ("image: images/cover.png", "image: images/missing.png",
         "mkdocs.yml:16: podcast.image: 'missing.png' does not exist in the docs folder"),
        ("language: en-US", "language: klingon-ish",
         "mkdocs.yml:17: podcast.language: 'klingon-ish' is not a language code such as en or en-US"),
    ],
)  # fmt: skip
def test_what_apple_or_spotify_would_refuse(tmp_path, mkdocs_log, old, new, warning):
    source = edited(tmp_path, old, new)
    with pytest.raises(Abort, match="1 warnings"):
        build_at(source, tmp_path / "site")
    assert warnings_of(mkdocs_log) == ["columnist: " + warning]


def test_an_episode_without_duration_is_a_warning(tmp_path, mkdocs_log):
    source = copy_site("podcast", tmp_path)
    remote = source / "posts/2024/2024-01-10-remote.md"
    remote.write_text(remote.read_text().replace('  duration: "12:34"\n', ""))
    with pytest.raises(Abort, match="1 warnings"):
        build_at(source, tmp_path / "site")
    assert warnings_of(mkdocs_log) == [
        "columnist: posts/2024/2024-01-10-remote.md:7: audio: has no duration, so podcast apps show no length for "
        "this episode; add duration: H:MM:SS under audio, or run `columnist check --fetch-media`"
    ]


def test_apple_category_list_has_the_ones_the_sample_uses():
    assert "Management" in APPLE_CATEGORIES["Business"] and "Entrepreneurship" in APPLE_CATEGORIES["Business"]


# --- audio that cannot be published is an error naming the post and line ------------------------------------


@pytest.mark.parametrize(
    ("audio", "message"),
    [
        ("audio/missing.mp3", "audio: 'audio/missing.mp3' does not exist next to the column"),
        ("../../outside.mp3", "audio: '../../outside.mp3' is outside the posts folder; put the audio file in it"),
        ("../audio/first.vtt", "audio: '../audio/first.vtt' is not an audio file (MP3, M4A, AAC, Ogg, Opus, FLAC or WAV)"),
        ("https://media.example.net/x.mp3", "audio: a remote file needs length and type in the front matter "
         "(run `columnist check --fetch-media` to fill them in)"),
    ],
)  # fmt: skip
def test_unusable_audio_is_an_error(tmp_path, mkdocs_log, audio, message):
    source = copy_site("podcast", tmp_path)
    (tmp_path / "outside.mp3").write_bytes((source / "posts/audio/first.mp3").read_bytes())
    column = source / "posts/2024/2024-01-17-no-audio.md"
    column.write_text(column.read_text().replace("number: 3\n", f"number: 3\naudio: {audio}\n"))
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    assert errors_of(mkdocs_log) == [
        "Columnist found 1 error in your columns; nothing was published:\n"
        f"posts/2024/2024-01-17-no-audio.md:6: {message}"
    ]


def test_a_symlink_out_of_the_posts_folder_is_refused(tmp_path, mkdocs_log):
    source = copy_site("podcast", tmp_path)
    outside = tmp_path / "secret.mp3"
    shutil.copy(source / "posts/audio/first.mp3", outside)
    (source / "posts/audio/link.mp3").symlink_to(outside)
    column = source / "posts/2024/2024-01-17-no-audio.md"
    column.write_text(column.read_text().replace("number: 3\n", "number: 3\naudio: ../audio/link.mp3\n"))
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    assert "is outside the posts folder" in errors_of(mkdocs_log)[0]


def test_episode_art_is_only_a_jpeg_or_png(tmp_path):
    """Apple refuses other kinds of episode art; the column keeps its image on the site and in JSON Feed."""
    source = copy_site("podcast", tmp_path)
    (source / "posts/audio/first-art.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBP")
    first = source / "posts/2024-01-03-first.md"
    first.write_text(first.read_text().replace("image: audio/first-art.jpg", "image: audio/first-art.webp"))
    built = build_at(source, tmp_path / "site")
    episode = next(i for i in xml(built).findall("channel/item") if i.findtext("guid") == "podcast-column-1")
    assert episode.find("itunes:image", NS) is None
    items = json.loads(built.read("feed.json"))["items"]
    assert (
        next(i for i in items if i["id"] == "podcast-column-1")["image"]
        == SITE + "posts/audio/first-art.webp"
    )
