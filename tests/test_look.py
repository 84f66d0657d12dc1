"""How pages look to a link preview: the head of built pages read as chat apps and search engines read it."""

from __future__ import annotations

import json

import lxml.html
import pytest

from conftest import build_at, copy_site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The podcast and hostile sample sites, built once for every test here."""
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795348800")
    sites = {}
    for name in ("podcast", "hostile", "basic"):
        root = tmp_path_factory.mktemp(name)
        sites[name] = build_at(copy_site(name, root), root / "site")
    return sites


def head(site, path):
    """What a link preview reads: description, og:/article: properties, twitter: names and JSON-LD."""
    tree = lxml.html.fromstring(site.read(path))
    descriptions = tree.xpath("//head/meta[@name='description']/@content")
    properties = {}
    for meta in tree.xpath("//head/meta[@property]"):
        properties.setdefault(meta.get("property"), []).append(meta.get("content"))
    names = {
        meta.get("name"): meta.get("content")
        for meta in tree.xpath("//head/meta[starts-with(@name, 'twitter:')]")
    }
    data = [json.loads(script.text) for script in tree.xpath("//script[@type='application/ld+json']")]
    return descriptions, properties, names, data


def column_path(site, prefix):
    return next(path for path in site.pages() if path.startswith(prefix) and path.endswith("index.html"))


def test_a_column_with_image_and_audio_previews_as_an_article_with_its_recording(built):
    site = built["podcast"]
    descriptions, og, twitter, data = head(site, "2024/01/03/the-first-episode/index.html")
    assert descriptions == ["The first column, with a recording."]
    url = "https://pod.example.org/2024/01/03/the-first-episode/"
    image = "https://pod.example.org/posts/audio/first-art.jpg"
    assert og["og:type"] == ["article"]
    assert og["og:title"] == ["The first episode"]
    assert og["og:description"] == ["The first column, with a recording."]
    assert og["og:url"] == [url]
    assert og["og:image"] == [image]
    assert og["og:site_name"] == ["Podcast Column"]
    assert og["og:locale"] == ["en"]
    assert og["article:published_time"] == ["2024-01-03T00:00:00+00:00"]
    assert og["article:modified_time"] == ["2024-01-03T00:00:00+00:00"]
    assert og["article:author"] == ["https://ana.example.org/"]
    assert og["article:section"] == ["Listening"]
    assert twitter == {
        "twitter:card": "summary_large_image",
        "twitter:title": "The first episode",
        "twitter:description": "The first column, with a recording.",
        "twitter:image": image,
    }
    [posting] = data
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "The first episode"
    assert posting["datePublished"] == "2024-01-03T00:00:00+00:00"
    assert posting["author"] == [{"@type": "Person", "name": "Ana Ruiz", "url": "https://ana.example.org/"}]
    assert posting["publisher"] == {
        "@type": "Organization",
        "name": "Podcast Column",
        "url": "https://pod.example.org/",
    }
    assert posting["mainEntityOfPage"] == url
    assert posting["image"] == image
    assert posting["audio"] == {
        "@type": "AudioObject",
        "contentUrl": "https://pod.example.org/posts/audio/first.mp3",
        "encodingFormat": "audio/mpeg",
        "duration": "PT3S",
    }


def test_a_plain_column_previews_with_a_summary_card_and_no_image_or_audio(built):
    site = built["podcast"]
    path = column_path(site, "2024/01/17/")
    descriptions, og, twitter, data = head(site, path)
    assert len(descriptions) == 1
    assert descriptions[0] != "A column that is also read aloud."  # the column's words, not the site's
    assert "og:image" not in og
    assert twitter["twitter:card"] == "summary"
    assert "audio" not in data[0] and "image" not in data[0]


def test_the_home_page_previews_as_the_website_and_its_podcast(built):
    descriptions, og, twitter, data = head(built["podcast"], "index.html")
    assert descriptions == ["A column that is also read aloud."]
    assert og["og:type"] == ["website"]
    assert og["og:url"] == ["https://pod.example.org/"]
    assert twitter["twitter:card"] == "summary_large_image"  # the podcast's cover stands for the site
    assert data == [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": "Podcast Column",
            "url": "https://pod.example.org/",
            "description": "A column that is also read aloud.",
        },
        {
            "@context": "https://schema.org",
            "@type": "PodcastSeries",
            "name": "Podcast Column",
            "url": "https://pod.example.org/",
            "webFeed": "https://pod.example.org/podcast.xml",
        },
    ]


def test_a_site_without_a_podcast_names_no_podcast_series(built):
    _, og, _, data = head(built["basic"], "index.html")
    assert [item["@type"] for item in data] == ["WebSite"]
    assert og["og:type"] == ["website"]


def test_list_pages_preview_as_website_pages(built):
    descriptions, og, _, data = head(built["podcast"], "archive/index.html")
    assert descriptions == ["A column that is also read aloud."]
    assert og["og:type"] == ["website"]
    assert og["og:url"] == ["https://pod.example.org/archive/"]
    assert data == []


def test_hostile_titles_neither_break_an_attribute_nor_close_the_script(built):
    site = built["hostile"]
    path = column_path(site, "2024/01/03/")
    page = site.read(path)
    head_html = page[: page.index("</head>")]
    assert "<script>alert(1)</script>" not in head_html
    assert head_html.count("</script>") == head_html.count("<script")
    descriptions, og, twitter, [posting] = head(site, path)
    title = "Tips & Tricks: <script>alert(1)</script> \"double\" 'single' ]]> 🎉"
    assert og["og:title"] == [title]
    assert twitter["twitter:title"] == title
    assert posting["headline"] == title
    summary = "A summary with <script>alert(1)</script>, & ampersands, \"quotes\", 'apostrophes', ]]> and 🎉."
    assert descriptions == [summary]
    assert posting["description"] == summary
    assert og["og:site_name"] == ["Hostile & <Column> \"Quoted\" 'Site' 🎉"]
    assert og["article:section"] == ["Q&A <Live>"]
    assert og["article:tag"] == ["<b>bold</b> & co", "]]>"]
    assert posting["author"][0]["name"] == 'Dana "D" O\'Neil & <Co> 🎉'


def test_the_hostile_site_description_is_escaped_once_without_its_bell(built):
    descriptions, og, _, [website, _podcast] = head(built["hostile"], "index.html")
    expected = "Escaping on trial: & < > \" ' ]]> 🎉, and a bell that must not ring"
    assert descriptions == [expected]
    assert og["og:description"] == [expected]
    assert website["description"] == expected
