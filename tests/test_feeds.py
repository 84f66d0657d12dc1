"""Feeds for feed readers, read back the way readers read them: feedparser, podcastparser, json.

Every feed is also compared byte for byte with a golden file under ``tests/sites/<site>/expected/``.
Set ``COLUMNIST_UPDATE_GOLDEN=1`` to rewrite those files after a deliberate change, then read the diff.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import lxml.html
import podcastparser
import pytest
from lxml import etree
from mkdocs.exceptions import Abort

from columnist.catalog import Catalog
from columnist.feeds import FeedOptions, Person, SiteInfo, feed_paths, render_feeds
from columnist.media import Media
from columnist.post import AudioSpec, Post
from columnist.rendered import Rendered
from conftest import SITES, BuiltSite, assert_matches_golden, build_at, copy_site

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"

BASIC = "https://basic.example.org/"
HOSTILE = "https://hostile.example.org/blog/"
TIPS = HOSTILE + "2024/01/03/tips-tricks-script-alert-1-script-double-single/"
TIPS_TITLE = "Tips & Tricks: <script>alert(1)</script> \"double\" 'single' ]]> 🎉"
DANA = 'Dana "D" O\'Neil & <Co> 🎉'
NUR = "نور & Lee"
MP3 = HOSTILE + "posts/audio/hello.mp3"
MP3_SIZE = (SITES / "hostile/posts/audio/hello.mp3").stat().st_size

FEEDS = {
    "basic": [
        "feed.xml",
        "atom.xml",
        "feed.json",
        "category/listening/feed.xml",
        "category/pricing/feed.xml",
        "category/trust/feed.xml",
    ],
    "hostile": [
        "feed.xml",
        "atom.xml",
        "feed.json",
        "category/bryt/feed.xml",
        "category/n-c20dbb2b/feed.xml",
        "category/plain/feed.xml",
        "category/q-a-live/feed.xml",
    ],
}


# --- helpers ----------------------------------------------------------------------------------------------


def read_feed(built: BuiltSite, path: str) -> feedparser.FeedParserDict:
    """The feed as feedparser reads it; a feed it has to repair is a failure."""
    parsed = feedparser.parse((built.site / path).read_bytes())
    assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def read_xml(built: BuiltSite, path: str) -> etree._Element:
    return etree.fromstring((built.site / path).read_bytes())


def read_json(built: BuiltSite, path: str = "feed.json") -> dict:
    return json.loads((built.site / path).read_bytes().decode("utf-8"))


def html_fragments(built: BuiltSite, path: str) -> list[str]:
    """Every piece of HTML a feed carries: RSS descriptions and content, Atom summaries and content."""
    if path.endswith(".json"):
        return [item["content_html"] for item in read_json(built, path)["items"]]
    root = read_xml(built, path)
    found = root.xpath(
        "//item/description | //item/content:encoded | //atom:entry/atom:summary | //atom:entry/atom:content",
        namespaces=NS,
    )
    return [element.text or "" for element in found]


def addresses(fragment: str) -> list[str]:
    if not fragment.strip():
        return []
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return [value for name in ("href", "src") for value in tree.xpath(f"//@{name}")]


def xml_element_names(root: etree._Element) -> set[str]:
    return {etree.QName(element).localname for element in root.iter(etree.Element)}


def built_feeds(built: BuiltSite) -> dict[str, bytes]:
    return {
        path.relative_to(built.site).as_posix(): path.read_bytes()
        for path in sorted(built.site.rglob("*"))
        if path.name in ("feed.xml", "atom.xml", "feed.json")
    }


def edit_config(source: Path, old: str, new: str) -> None:
    config = source / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


# --- golden files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("site", sorted(FEEDS))
def test_feeds_match_their_golden_files_byte_for_byte(build_site, site):
    built = build_site(site)
    expected_dir = SITES / site / "expected"
    assert sorted(built_feeds(built)) == sorted(FEEDS[site])
    for path in FEEDS[site]:
        assert_matches_golden((built.site / path).read_bytes(), expected_dir / path)


def test_golden_files_sit_outside_the_site_sources():
    for site in FEEDS:
        expected = SITES / site / "expected"
        assert expected.is_dir()
        assert not (SITES / site / "docs" / "expected").exists()
        assert not (SITES / site / "posts" / "expected").exists()


# --- RSS, as a reader sees it -----------------------------------------------------------------------------


def test_rss_lists_published_columns_newest_first(build_site):
    built = build_site("basic")
    rss = read_feed(built, "feed.xml")
    assert rss.version == "rss20"
    assert rss.feed.title == "Basic Column"
    assert rss.feed.link == BASIC
    assert rss.feed.language == "en"
    assert [entry.title for entry in rss.entries] == [
        "Third Column",
        'Second Thoughts & "Quotes"',
        "First Steps",
    ]
    assert [entry.link for entry in rss.entries] == [
        BASIC + "2024/03/06/third-column/",
        BASIC + "2023/01/11/second-thoughts-quotes/",
        BASIC + "2023/01/04/first-steps/",
    ]
    # No draft, no column dated after the build.
    text = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert "A Draft" not in text and "Far Future" not in text


def test_rss_channel_names_itself_and_takes_its_date_from_the_newest_column(build_site):
    root = read_xml(build_site("basic"), "feed.xml")
    channel = root.find("channel")
    assert root.get("version") == "2.0"
    assert root.nsmap == {"atom": NS["atom"], "content": NS["content"], "dc": NS["dc"]}
    self_link = channel.find("atom:link", NS)
    assert self_link.attrib == {"href": BASIC + "feed.xml", "rel": "self", "type": "application/rss+xml"}
    assert channel.findtext("lastBuildDate") == "Wed, 06 Mar 2024 08:15:00 +0000"
    assert channel.find("image") is None  # no podcast image configured


def test_rss_guids_dates_authors_and_categories(build_site):
    entries = read_feed(build_site("basic"), "feed.xml").entries
    third, second, first = entries
    assert (third.id, first.id) == (
        BASIC + "2024/03/06/third-column/",
        "11111111-1111-4111-8111-111111111111",
    )
    assert first.guidislink is False
    # 09:30 in New York, written in the site's zone (London) with its offset.
    assert second.published == "Wed, 11 Jan 2023 14:30:00 +0000"
    assert datetime(*second.published_parsed[:6], tzinfo=timezone.utc) == datetime(
        2023, 1, 11, 14, 30, tzinfo=timezone.utc
    )
    # An author with an email is an RSS <author>; several, or one without, are dc:creator names.
    assert first.author_detail == {"name": "Ana Ruiz", "email": "ana@example.org"}
    assert [person.name for person in third.authors] == ["Ana Ruiz", "Ben Cole"]
    assert [person.name for person in second.authors] == ["Ben Cole"]
    assert [tag.term for tag in third.tags] == ["Listening", "Trust"]


def test_rss_carries_excerpts_and_whole_columns_with_absolute_links(build_site):
    entries = read_feed(build_site("basic"), "feed.xml").entries
    third, second, first = entries
    assert third.summary == "<p>A summary written by hand.</p>"
    assert third.content[0].value == "<p>Third column body with <strong>bold</strong> text.</p>"
    assert first.summary == "<p>The first column's opening paragraph.</p>"
    assert "more" not in first.content[0].value
    assert "<p>The rest of the first column.</p>" in first.content[0].value
    assert second.content[0].value == (
        f'<p>The second column links back to <a href="{BASIC}2023/01/04/first-steps/">the first</a> '
        f'and to <a href="{BASIC}about/">the about page</a>.</p>'
    )


def test_hostile_text_reaches_readers_exactly(build_site):
    built = build_site("hostile")
    rss = read_feed(built, "feed.xml")
    assert rss.feed.title == "Hostile & <Column> \"Quoted\" 'Site' 🎉"
    assert [entry.title for entry in rss.entries] == [
        "Listen to this column",
        "שלום, עולם — مرحبا بالعالم",
        "Bell here, escape there",  # the bell and escape characters are gone
        TIPS_TITLE,
    ]
    tips = rss.entries[3]
    assert (tips.id, tips.guidislink, tips.link) == ("tips & <tricks> ]]>", False, TIPS)
    assert tips.author_detail == {"name": DANA, "email": "dana@example.org"}
    assert [tag.term for tag in tips.tags] == ["Q&A <Live>", "🎉"]
    assert tips.published == "Wed, 03 Jan 2024 09:00:00 -0500"
    assert [person.name for person in rss.entries[0].authors] == [DANA, NUR]
    assert rss.entries[1].tags[0].term == "עברית"
    # Readers take an RSS description for HTML: the escaped text shows as written.
    description = lxml.html.fragment_fromstring(rss.feed.subtitle, create_parent="div").text_content()
    assert description == "Escaping on trial: & < > \" ' ]]> 🎉, and a bell that must not ring"
    assert rss.feed.rights == "Copyright © 2024 Hostile & Co"


def test_hostile_html_is_text_in_the_xml_never_markup(build_site):
    built = build_site("hostile")
    for path in FEEDS["hostile"]:
        data = (built.site / path).read_bytes()
        assert b"\x07" not in data and b"\x1b" not in data and b"\\u00" not in data, path
        if path.endswith(".xml"):
            assert b"<script" not in data, path
            assert data.startswith(DECLARATION), path
            root = etree.fromstring(data)
            assert "script" not in xml_element_names(root), path
    root = read_xml(built, "feed.xml")
    tips = root.xpath("//item[guid='tips & <tricks> ]]>']")[0]
    assert tips.findtext("title") == TIPS_TITLE
    content = tips.findtext("content:encoded", namespaces=NS)
    assert "5 &lt; 6 &amp; 7 &gt; 3" in content
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in content
    summary = lxml.html.fragment_fromstring(tips.findtext("description"), create_parent="div")
    assert summary.text_content() == (
        "A summary with <script>alert(1)</script>, & ampersands, \"quotes\", 'apostrophes', ]]> and 🎉."
    )
    assert summary.xpath("//script") == []


@pytest.mark.parametrize("site", sorted(FEEDS))
def test_every_link_image_and_audio_address_in_the_feeds_is_absolute(build_site, site):
    built = build_site(site)
    seen = set()
    for path in FEEDS[site]:
        for fragment in html_fragments(built, path):
            for address in addresses(fragment):
                assert address.startswith(("https://", "mailto:")), f"{path}: {address}"
                seen.add(address)
    if site == "hostile":
        assert {
            HOSTILE + "2024/02/07/bell-here-escape-there/",  # a link to another column
            HOSTILE + "posts/images/pixel.png",  # an image beside the columns
            MP3,  # a link to the audio file
            "https://example.com/?a=1&b=2",
            "mailto:dana@example.org?subject=Hi%20there",
            "https://hostile.example.org/about/",  # from the host's root, not the site's folder
            TIPS + "#links-of-every-kind",
        } <= seen


def test_an_audio_edition_is_an_enclosure(build_site):
    built = build_site("hostile")
    listen = read_feed(built, "feed.xml").entries[0]
    assert listen.enclosures == [{"href": MP3, "length": str(MP3_SIZE), "type": "audio/mpeg"}]
    assert listen.id == "2d5f7c1e-8b1a-4c33-9e55-0a7d1f3b6c21"
    assert all(not entry.enclosures for entry in read_feed(built, "feed.xml").entries[1:])
    # The file is really there, at the address the feed gives.
    assert (built.site / "posts/audio/hello.mp3").read_bytes() == (
        SITES / "hostile/posts/audio/hello.mp3"
    ).read_bytes()
    # A podcast app's parser finds the same file.
    with (built.site / "feed.xml").open("rb") as stream:
        podcast = podcastparser.parse(HOSTILE + "feed.xml", stream)
    assert [
        (episode["title"], [(e["url"], e["file_size"], e["mime_type"]) for e in episode["enclosures"]])
        for episode in podcast["episodes"]
        if episode["enclosures"]
    ] == [("Listen to this column", [(MP3, MP3_SIZE, "audio/mpeg")])]


def test_last_build_date_is_the_latest_change_not_the_clock(build_site):
    root = read_xml(build_site("hostile"), "feed.xml")
    # The audio column, dated April 3rd, was updated on April 10th.
    assert root.findtext("channel/lastBuildDate") == "Wed, 10 Apr 2024 12:00:00 -0400"


# --- Atom and JSON Feed -----------------------------------------------------------------------------------


def test_atom_has_the_same_items(build_site):
    built = build_site("hostile")
    atom = read_feed(built, "atom.xml")
    assert atom.version == "atom10"
    assert atom.feed.title == "Hostile & <Column> \"Quoted\" 'Site' 🎉"
    assert atom.feed.updated == "2024-04-10T12:00:00-04:00"
    assert [link.href for link in atom.feed.links] == [HOSTILE, HOSTILE + "atom.xml"]
    rss = read_feed(built, "feed.xml")
    assert [entry.title for entry in atom.entries] == [entry.title for entry in rss.entries]
    assert [entry.link for entry in atom.entries] == [entry.link for entry in rss.entries]
    assert [entry.id for entry in atom.entries] == [
        "urn:uuid:2d5f7c1e-8b1a-4c33-9e55-0a7d1f3b6c21",
        HOSTILE + "2024/03/06/shlvm-vlm-mrhb-bl-lm/",
        HOSTILE + "2024/02/07/bell-here-escape-there/",
        HOSTILE + "#tips%20%26%20%3Ctricks%3E%20%5D%5D%3E",  # Atom ids must be addresses
    ]
    listen, tips = atom.entries[0], atom.entries[3]
    assert (listen.published, listen.updated) == ("2024-04-03T07:30:00-04:00", "2024-04-10T12:00:00-04:00")
    assert [person.name for person in listen.authors] == [DANA, NUR]
    assert tips.author_detail == {
        "name": DANA,
        "email": "dana@example.org",
        "href": "https://example.org/dana?x=1&y=2",
    }
    assert [tag.term for tag in tips.tags] == ["Q&A <Live>", "🎉"]
    assert listen.enclosures == [{"href": MP3, "type": "audio/mpeg", "length": str(MP3_SIZE)}]
    assert tips.title_detail.type == "text/plain"
    assert tips.content[0].value == rss.entries[3].content[0].value


def test_atom_names_the_site_as_author_when_a_column_names_none(build_site):
    root = read_xml(build_site("basic", prepare=lambda source: _drop_authors(source)), "atom.xml")
    assert root.xpath("/atom:feed/atom:author/atom:name/text()", namespaces=NS) == ["Basic Column"]


def _drop_authors(source: Path) -> None:
    column = source / "posts" / "2024" / "2024-03-06-third-column.md"
    column.write_text(
        column.read_text(encoding="utf-8").replace("authors: [ana, ben]\n", ""), encoding="utf-8"
    )


def test_json_feed_has_the_same_items(build_site):
    built = build_site("hostile")
    feed = read_json(built)
    assert list(feed) == [
        "version", "title", "home_page_url", "feed_url", "description", "language", "icon", "authors", "items"
    ]  # fmt: skip
    assert feed["authors"] == [
        {"name": 'Dana "D" O\'Neil & <Co> 🎉', "url": "https://example.org/dana?x=1&y=2"},
        {"name": "نور & Lee"},
    ]
    assert feed["icon"] == "https://hostile.example.org/cover.png?size=1400&format=png"
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert (feed["home_page_url"], feed["feed_url"]) == (HOSTILE, HOSTILE + "feed.json")
    assert feed["description"] == "Escaping on trial: & < > \" ' ]]> 🎉, and a bell that must not ring"
    rss = read_feed(built, "feed.xml")
    assert [item["title"] for item in feed["items"]] == [entry.title for entry in rss.entries]
    assert [item["url"] for item in feed["items"]] == [entry.link for entry in rss.entries]
    assert [item["id"] for item in feed["items"]] == [entry.id for entry in rss.entries]
    listen, tips = feed["items"][0], feed["items"][3]
    assert listen["date_published"] == "2024-04-03T07:30:00-04:00"
    assert listen["date_modified"] == "2024-04-10T12:00:00-04:00"
    assert listen["authors"] == [{"name": DANA, "url": "https://example.org/dana?x=1&y=2"}, {"name": NUR}]
    assert listen["attachments"] == [
        {"url": MP3, "mime_type": "audio/mpeg", "size_in_bytes": MP3_SIZE, "duration_in_seconds": 0.784}
    ]
    assert tips["title"] == TIPS_TITLE
    assert tips["tags"] == ["Q&A <Live>", "🎉"]
    assert tips["summary"] == (
        "A summary with <script>alert(1)</script>, & ampersands, \"quotes\", 'apostrophes', ]]> and 🎉."
    )
    encoded = read_xml(built, "feed.xml").xpath("//item[4]/content:encoded/text()", namespaces=NS)
    assert tips["content_html"] == encoded[0]
    assert "date_modified" not in tips and "attachments" not in tips
    # Written as UTF-8 text, not \u escapes.
    assert "🎉".encode() in (built.site / "feed.json").read_bytes()


# --- per category -----------------------------------------------------------------------------------------


def test_each_category_gets_a_feed_of_its_own_columns(build_site):
    built = build_site("basic")
    listening = read_feed(built, "category/listening/feed.xml")
    assert listening.feed.title == "Basic Column: Listening"
    assert listening.feed.link == BASIC + "category/listening/"
    assert [entry.title for entry in listening.entries] == ["Third Column", "First Steps"]
    assert [entry.title for entry in read_feed(built, "category/pricing/feed.xml").entries] == [
        'Second Thoughts & "Quotes"'
    ]
    trust = read_xml(built, "category/trust/feed.xml")
    assert trust.find("channel/atom:link", NS).get("href") == BASIC + "category/trust/feed.xml"
    assert trust.findtext("channel/lastBuildDate") == "Wed, 06 Mar 2024 08:15:00 +0000"


def test_category_feeds_for_hostile_names(build_site):
    built = build_site("hostile")
    live = read_feed(built, "category/q-a-live/feed.xml")
    assert live.feed.title == "Hostile & <Column> \"Quoted\" 'Site' 🎉: Q&A <Live>"
    assert [entry.title for entry in live.entries] == [TIPS_TITLE]
    party = read_feed(built, "category/n-c20dbb2b/feed.xml")
    assert party.feed.title == "Hostile & <Column> \"Quoted\" 'Site' 🎉: 🎉"
    assert [entry.title for entry in read_feed(built, "category/plain/feed.xml").entries] == [
        "Listen to this column",
        "Bell here, escape there",
    ]


# --- options ----------------------------------------------------------------------------------------------


def test_full_content_false_gives_excerpts_only(build_site):
    def excerpts_only(source: Path) -> None:
        edit_config(
            source, "timezone: Europe/London", "timezone: Europe/London\n      feeds: {full_content: false}"
        )

    built = build_site("basic", prepare=excerpts_only)
    rss = read_xml(built, "feed.xml")
    assert rss.xpath("//content:encoded", namespaces=NS) == []
    assert rss.xpath("//item/description/text()")[0] == "<p>A summary written by hand.</p>"
    atom = read_xml(built, "atom.xml")
    assert atom.xpath("//atom:content", namespaces=NS) == []
    assert len(atom.xpath("//atom:summary", namespaces=NS)) == 3
    items = read_json(built)["items"]
    assert items[0]["content_html"] == "<p>A summary written by hand.</p>"
    assert items[2]["content_html"] == "<p>The first column's opening paragraph.</p>"


def test_items_cuts_every_feed_to_the_newest(build_site):
    def two_items(source: Path) -> None:
        edit_config(source, "timezone: Europe/London", "timezone: Europe/London\n      feeds: {items: 2}")

    built = build_site("basic", prepare=two_items)
    newest = ["Third Column", 'Second Thoughts & "Quotes"']
    assert [entry.title for entry in read_feed(built, "feed.xml").entries] == newest
    assert [entry.title for entry in read_feed(built, "atom.xml").entries] == newest
    assert [item["title"] for item in read_json(built)["items"]] == newest


def test_a_site_without_columns_gets_valid_empty_feeds(build_site):
    def no_columns(source: Path) -> None:
        for column in (source / "posts").rglob("*.md"):
            column.unlink()
        (source / "docs" / "about.md").write_text("# About\n\nNo columns yet.\n", encoding="utf-8")

    built = build_site("basic", prepare=no_columns)
    assert sorted(built_feeds(built)) == ["atom.xml", "feed.json", "feed.xml"]
    rss = read_feed(built, "feed.xml")
    assert (rss.feed.title, rss.entries) == ("Basic Column", [])
    assert read_xml(built, "feed.xml").find("channel/lastBuildDate") is None
    atom = read_feed(built, "atom.xml")
    assert (atom.feed.updated, atom.entries) == ("1970-01-01T00:00:00+00:00", [])
    assert read_json(built)["items"] == []


def test_a_site_without_site_url_is_told_to_set_it(tmp_path, mkdocs_log):
    source = copy_site("basic", tmp_path)
    edit_config(source, "site_url: https://basic.example.org/\n", "")
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    errors = [record.getMessage() for record in mkdocs_log.records if record.levelname == "ERROR"]
    assert errors == [
        "Columnist found 1 error in your settings; nothing was published:\n"
        "mkdocs.yml:1: site_url: is missing: set it to the site's full address (for example https://example.org/); "
        "feeds and the podcast need it for their links"
    ]


def test_two_builds_give_identical_feeds(tmp_path):
    source = copy_site("hostile", tmp_path)
    first = built_feeds(build_at(source, tmp_path / "one"))
    second = built_feeds(build_at(source, tmp_path / "two"))
    assert sorted(first) == sorted(FEEDS["hostile"])
    assert first == second


# --- the engine on its own, without MkDocs ----------------------------------------------------------------


SITE = SiteInfo(
    title="Plain\x00 Site",
    url="https://plain.example/",
    authors={"ann": Person("Ann\x0b Lee", "ann@plain.example")},
    image="https://plain.example/cover.jpg",
)
WHEN = datetime(2024, 6, 5, 8, 0, tzinfo=timezone.utc)


def plain_post(name: str, **values: object) -> Post:
    fields = {"title": name.title(), "date": WHEN, "slug": name, "body": "", **values}
    return Post(path=f"posts/{name}.md", source=Path(f"/x/posts/{name}.md"), relative=f"{name}.md", **fields)


def plain_catalog(
    *posts: Post, media: dict[str, Media] | None = None, held_back: tuple[Post, ...] = ()
) -> Catalog:
    urls = {post.path: f"{post.slug}/" for post in (*posts, *held_back)}
    return Catalog(posts=posts, held_back=held_back, urls=urls, media=media or {})


def test_characters_xml_cannot_hold_are_left_out_and_never_raise():
    post = plain_post(
        "odd",
        title="Nul\x00 Bs\x08 Vt\x0b Ff\x0c Us\x1f Nc\ufffe\uffff Lone\ud800 Tab\tNl\nOK \x7f",
        categories=("Cat\x01egory",),
        authors=("ann",),
    )
    rendered = {post.path: Rendered("<p>Body\x00 \ud83d text</p>", "<p>Body\x00</p>", True)}
    output = render_feeds(plain_catalog(post), rendered, SITE, FeedOptions())
    assert sorted(output) == sorted(feed_paths(plain_catalog(post)))
    title = "Nul Bs Vt Ff Us Nc Lone Tab\tNl\nOK \x7f"
    rss = etree.fromstring(output["feed.xml"])
    assert rss.findtext("channel/title") == "Plain Site"
    assert rss.findtext("channel/item/title") == title
    assert rss.findtext("channel/item/category") == "Category"
    assert rss.findtext("channel/item/author") == "ann@plain.example (Ann Lee)"
    assert rss.findtext("channel/item/content:encoded", namespaces=NS) == "<p>Body  text</p>"
    assert etree.fromstring(output["atom.xml"]).findtext("atom:entry/atom:title", namespaces=NS) == title
    assert json.loads(output["feed.json"])["items"][0]["title"] == title
    assert [item["title"] for item in json.loads(output.pop("feed.json"))["items"]] == [title]
    for path, data in output.items():
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, path
        assert len(parsed.entries) == 1, path


def test_a_remote_audio_edition_keeps_its_address():
    post = plain_post("remote", audio=AudioSpec("https://cdn.example/ep1.mp3"))
    media = Media(post.audio, None, "https://cdn.example/ep1.mp3", 1234, "audio/mpeg", None)
    output = render_feeds(plain_catalog(post, media={post.path: media}), _rendered(post), SITE, FeedOptions())
    enclosure = etree.fromstring(output["feed.xml"]).find("channel/item/enclosure")
    assert enclosure.attrib == {"url": "https://cdn.example/ep1.mp3", "length": "1234", "type": "audio/mpeg"}
    assert json.loads(output["feed.json"])["items"][0]["attachments"] == [
        {"url": "https://cdn.example/ep1.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1234}
    ]


def test_a_local_audio_file_is_published_under_the_posts_folder_name():
    post = plain_post("local", audio=AudioSpec("audio/my take.mp3"))
    media = Media(post.audio, "audio/my take.mp3", None, 99, "audio/mpeg", 1.5)
    site = SiteInfo(title="S", url="https://s.example/", posts_prefix="columns/")
    output = render_feeds(plain_catalog(post, media={post.path: media}), _rendered(post), site, FeedOptions())
    enclosure = etree.fromstring(output["feed.xml"]).find("channel/item/enclosure")
    assert enclosure.get("url") == "https://s.example/columns/audio/my%20take.mp3"


def test_held_back_columns_never_reach_a_feed():
    shown = plain_post("shown", categories=("News",))
    draft = plain_post("draft", categories=("Drafts",), draft=True)
    catalog = plain_catalog(shown, held_back=(draft,))
    assert feed_paths(catalog) == ["feed.xml", "atom.xml", "feed.json", "category/news/feed.xml"]
    output = render_feeds(catalog, {**_rendered(shown), **_rendered(draft)}, SITE, FeedOptions())
    assert all(b"Draft" not in data for data in output.values())


def test_the_channel_image_is_the_site_image():
    post = plain_post("pic")
    output = render_feeds(plain_catalog(post), _rendered(post), SITE, FeedOptions())
    image = etree.fromstring(output["feed.xml"]).find("channel/image")
    assert [(child.tag, child.text) for child in image] == [
        ("url", "https://plain.example/cover.jpg"),
        ("title", "Plain Site"),
        ("link", "https://plain.example/"),
    ]
    assert etree.fromstring(output["atom.xml"]).findtext("atom:icon", namespaces=NS) == SITE.image
    assert json.loads(output["feed.json"])["icon"] == SITE.image


def _rendered(post: Post) -> dict[str, Rendered]:
    return {post.path: Rendered(f"<p>{post.title}</p>", f"<p>{post.title}</p>", False)}
