"""One test per rule of Apple's podcast RSS requirements and of PSP-1 (the Podcast Standards Project's RSS
specification), read with XPath over the XML and independent of the code that writes it.

Every golden podcast feed under ``tests/sites/*/expected/`` and the podcasts of the sample site and the
podcast test site must pass each rule: a golden file records bytes, these say whether the bytes are right.
"""

from __future__ import annotations

import re
import uuid
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from lxml import etree

from conftest import SITES, build_at, copy_site

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}

#: Apple's categories (Apple Podcasts Connect, "Apple Podcasts categories"), written out here apart from
#: the plugin's own table so that a wrong entry there cannot pass a test.
APPLE = {
    "Arts": {"Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"},
    "Business": {"Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"},
    "Comedy": {"Comedy Interviews", "Improv", "Stand-Up"},
    "Education": {"Courses", "How To", "Language Learning", "Self-Improvement"},
    "Fiction": {"Comedy Fiction", "Drama", "Science Fiction"},
    "Government": set(),
    "History": set(),
    "Health & Fitness": {"Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"},
    "Kids & Family": {"Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"},
    "Leisure": {"Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden",
                "Video Games"},
    "Music": {"Music Commentary", "Music History", "Music Interviews"},
    "News": {"Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News",
             "Tech News"},
    "Religion & Spirituality": {"Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion",
                                "Spirituality"},
    "Science": {"Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences",
                "Nature", "Physics", "Social Sciences"},
    "Society & Culture": {"Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"},
    "Sports": {"Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby",
               "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"},
    "Technology": set(),
    "True Crime": set(),
    "TV & Film": {"After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"},
}  # fmt: skip
#: The enclosure types Apple accepts.
APPLE_MEDIA_TYPES = {"audio/x-m4a", "audio/mpeg", "audio/mp4", "audio/aac", "video/quicktime", "video/mp4",
                     "video/x-m4v", "application/pdf"}  # fmt: skip
#: PSP-1 and the podcast namespace: podcast:medium's values, podcast:person's roles (its taxonomy).
MEDIA = {"podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "podcastL", "musicL"}
ROLES = {"host", "co-host", "guest", "guest host", "author", "narrator", "editor", "producer"}
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

GOLDEN = sorted(SITES.glob("*/expected/podcast.xml"))
BUILT = ("sample", "podcast", "hostile")  # every sample site with audio that builds without a warning
FEEDS = [f"golden:{path.parent.parent.name}" for path in GOLDEN] + [f"built:{name}" for name in BUILT]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    found = {}
    for name in BUILT:
        root = tmp_path_factory.mktemp(name)
        found[name] = build_at(copy_site(name, root), root / "site").site / "podcast.xml"
    return found


@pytest.fixture(params=FEEDS)
def feed(request, built):
    kind, name = request.param.split(":")
    path = SITES / name / "expected" / "podcast.xml" if kind == "golden" else built[name]
    return etree.fromstring(path.read_bytes())


def test_there_is_a_golden_podcast_feed():
    assert GOLDEN, "tests/sites/podcast/expected/podcast.xml is missing"


def channel_of(feed):
    (channel,) = feed.findall("channel")
    return channel


def one(parent, path):
    found = parent.findall(path, NS)
    assert len(found) == 1, f"{path}: expected once, found {len(found)} times"
    return found[0]


def absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# --- the document ------------------------------------------------------------------------------------------


def test_rss_2_0_with_the_namespaces_spelled_as_the_specs_do(feed):
    assert feed.tag == "rss" and feed.get("version") == "2.0"
    assert feed.nsmap["itunes"] == ITUNES  # Apple: exactly this, in lower case
    assert feed.nsmap["podcast"] == PODCAST  # PSP-1


# --- channel: required ---------------------------------------------------------------------------------------


def test_channel_has_a_title_and_a_description(feed):
    channel = channel_of(feed)
    assert one(channel, "title").text.strip()
    description = one(channel, "description").text
    assert description.strip()
    assert len(description.encode("utf-8")) <= 4000  # PSP-1 and Apple: at most 4,000 bytes


def test_channel_artwork_is_an_absolute_jpeg_or_png_address_in_href(feed):
    image = one(channel_of(feed), "itunes:image")
    assert image.text is None or not image.text.strip()  # the address is in href, never the text
    assert absolute(image.get("href"))
    assert re.search(r"\.(jpe?g|png)$", urlsplit(image.get("href")).path, re.IGNORECASE)


def test_channel_language_is_an_iso_639_code(feed):
    assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", one(channel_of(feed), "language").text)


def test_categories_are_apples_names_in_the_text_attribute(feed):
    categories = channel_of(feed).findall("itunes:category", NS)
    assert categories, "Apple requires at least one category"
    parents = [category.get("text") for category in categories]
    assert len(parents) == len(set(parents)), "a parent category is written once"
    for category in categories:
        assert category.get("text") in APPLE
        assert not (category.text or "").strip(), "the name is the text attribute, not the element's text"
        for child in category.findall("itunes:category", NS):
            assert child.get("text") in APPLE[category.get("text")]
            assert not (child.text or "").strip() and len(child) == 0


def test_channel_explicit_is_true_or_false(feed):
    assert one(channel_of(feed), "itunes:explicit").text in ("true", "false")


# --- channel: recommended and situational --------------------------------------------------------------------


def test_channel_links_to_the_website_and_names_itself(feed):
    channel = channel_of(feed)
    assert absolute(one(channel, "link").text)
    self_link = one(channel, "atom:link[@rel='self']")  # PSP-1: required
    assert absolute(self_link.get("href")) and self_link.get("type") == "application/rss+xml"


def test_channel_owner_has_an_email_apple_can_write_to(feed):
    channel = channel_of(feed)
    assert one(channel, "itunes:author").text.strip()
    owner = one(channel, "itunes:owner")
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", one(owner, "itunes:email").text)


def test_channel_type_is_episodic_or_serial(feed):
    assert one(channel_of(feed), "itunes:type").text in ("episodic", "serial")


def test_a_serial_show_numbers_its_episodes(feed):
    channel = channel_of(feed)
    if one(channel, "itunes:type").text == "serial":
        for item in channel.findall("item"):
            if item.findtext("itunes:episodeType", namespaces=NS) != "trailer":
                assert item.find("itunes:episode", NS) is not None, item.findtext("title")


# --- channel: Podcasting 2.0 ----------------------------------------------------------------------------------


def test_podcast_locked_is_yes_or_no_with_the_owners_email(feed):
    locked = one(channel_of(feed), "podcast:locked")  # PSP-1: required
    assert locked.text in ("yes", "no")
    assert "@" in locked.get("owner", "")


def test_podcast_guid_is_a_uuid_v5(feed):
    guid = uuid.UUID(one(channel_of(feed), "podcast:guid").text)  # PSP-1: required
    assert guid.version == 5


def test_podcast_guid_is_derived_from_the_feed_address_unless_set(feed):
    channel = channel_of(feed)
    address = re.sub(r"^[a-z]+://", "", one(channel, "atom:link[@rel='self']").get("href")).strip("/")
    assert one(channel, "podcast:guid").text == str(uuid.uuid5(PODCAST_GUID_NAMESPACE, address))


def test_podcast_medium_update_frequency_and_people(feed):
    channel = channel_of(feed)
    assert one(channel, "podcast:medium").text in MEDIA
    for frequency in channel.findall("podcast:updateFrequency", NS):
        assert frequency.text.strip()
        rules = dict(part.split("=") for part in frequency.get("rrule").split(";"))
        assert rules["FREQ"] in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
        assert set(rules.get("BYDAY", "MO").split(",")) <= {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
    for person in channel.iter(f"{{{PODCAST}}}person"):
        assert person.text.strip() and person.get("role", "host") in ROLES
        for name in ("href", "img"):
            assert person.get(name) is None or absolute(person.get(name))
    for funding in channel.findall("podcast:funding", NS):
        assert absolute(funding.get("url")) and len(funding.text) <= 128


# --- items -----------------------------------------------------------------------------------------------------


def items_of(feed):
    found = channel_of(feed).findall("item")
    assert found, "a podcast feed has episodes"
    return found


def test_every_episode_has_a_title_an_enclosure_and_a_unique_guid(feed):
    guids = []
    for item in items_of(feed):
        assert one(item, "title").text.strip()
        guids.append(one(item, "guid").text)
        enclosure = one(item, "enclosure")
        assert absolute(enclosure.get("url"))
        assert re.fullmatch(r"[1-9][0-9]*", enclosure.get("length"))
        assert enclosure.get("type") in APPLE_MEDIA_TYPES
    assert len(guids) == len(set(guids))


def test_a_guid_that_is_no_address_says_so(feed):
    for item in items_of(feed):
        guid = one(item, "guid")
        if not absolute(guid.text):
            assert guid.get("isPermaLink") == "false"


def test_episode_dates_are_rfc_2822(feed):
    for item in items_of(feed):
        text = one(item, "pubDate").text
        assert re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}", text)
        assert parsedate_to_datetime(text).tzinfo is not None


def test_episode_duration_is_whole_seconds(feed):
    for item in items_of(feed):
        for duration in item.findall("itunes:duration", NS):
            assert re.fullmatch(r"[0-9]+", duration.text)


def test_episode_numbers_are_positive_integers(feed):
    for item in items_of(feed):
        for path in ("itunes:episode", "itunes:season", "podcast:season", "podcast:episode"):
            for number in item.findall(path, NS):
                assert re.fullmatch(r"[1-9][0-9]*", number.text), path
        for itunes, podcast in (("itunes:episode", "podcast:episode"), ("itunes:season", "podcast:season")):
            assert item.findtext(itunes, namespaces=NS) == item.findtext(podcast, namespaces=NS)


def test_episode_type_and_explicit_have_apples_values(feed):
    for item in items_of(feed):
        assert item.findtext("itunes:episodeType", "full", NS) in ("full", "trailer", "bonus")
        assert item.findtext("itunes:explicit", "false", NS) in ("true", "false")


def test_episode_links_artwork_transcripts_and_chapters_are_absolute(feed):
    for item in items_of(feed):
        assert absolute(one(item, "link").text)
        for image in item.findall("itunes:image", NS):
            assert absolute(image.get("href"))
            assert re.search(r"\.(jpe?g|png)$", urlsplit(image.get("href")).path, re.IGNORECASE)
        for transcript in item.findall("podcast:transcript", NS):
            assert absolute(transcript.get("url"))
            assert transcript.get("type") in (
                "text/plain", "text/html", "text/vtt", "application/json", "application/x-subrip", "application/srt",
            )  # fmt: skip
        for chapters in item.findall("podcast:chapters", NS):
            assert absolute(chapters.get("url")) and chapters.get("type") == "application/json+chapters"


def test_episode_descriptions_fit_apples_limit(feed):
    for item in items_of(feed):
        assert one(item, "description").text.strip()
        assert len(one(item, "description").text.encode("utf-8")) <= 4000
