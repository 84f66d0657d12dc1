"""The end of a column as a reader sees it: who wrote it, and every way to get the next one."""

from __future__ import annotations

import posixpath
from pathlib import Path

import lxml.html
import pytest
from mkdocs.exceptions import Abort

from columnist import settings
from conftest import build_at, copy_site

TWO_AUTHORS = "2024/01/17/a-column-without-audio/"
ONE_AUTHOR = "2024/01/10/a-remote-episode-more/"
LISTEN_IN = [
    ("Apple Podcasts", "https://podcasts.apple.com/us/podcast/column-end/id100000001"),
    ("Spotify", "https://open.spotify.com/show/0000000000000000000001"),
    ("Overcast", "https://overcast.fm/itunes100000001"),
    ("Pocket Casts", "https://pca.st/columnend"),
]
SIGNUP = "https://letters.example.org/subscribe?list=end&ref=column"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("column-end")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795348800")
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        return build_at(copy_site("column-end", root), root / "site")


def end_of(site: Path, column: str) -> lxml.html.HtmlElement:
    page = lxml.html.fromstring((site / column / "index.html").read_text(encoding="utf-8"))
    (end,) = page.cssselect(".columnist-post .columnist-end")
    return end


def resolved(column: str, href: str) -> str:
    """Where a link on a column's page leads, as a path from the site root."""
    return posixpath.normpath(posixpath.join(column, href))


def boxes(end: lxml.html.HtmlElement) -> list[dict[str, object]]:
    found = []
    for box in end.cssselect(".columnist-author-box"):
        found.append(
            {
                "label": box.get("aria-label"),
                "name": box.cssselect(".columnist-author-box__name")[0].text_content(),
                "description": [
                    p.text_content() for p in box.cssselect(".columnist-author-box__description")
                ],
                "images": [dict(img.attrib) for img in box.cssselect("img")],
                "markup": [element.tag for element in box.iter() if element.tag in ("em", "and", "script")],
            }
        )
    return found


def test_each_author_of_a_column_has_a_box_with_name_description_and_avatar(built):
    found = boxes(end_of(built.site, TWO_AUTHORS))
    assert [box["name"] for box in found] == ["Ana Ruiz", "Tomas Reyes"]
    assert [box["label"] for box in found] == ["About Ana Ruiz", "About Tomas Reyes"]
    assert found[0]["description"] == ["Ana writes about clients, listening & <em>trust</em>."]
    assert found[1]["description"] == ["Answers the letters <and> edits the column."]
    # The author's HTML is shown as text, never as markup.
    assert [box["markup"] for box in found] == [[], []]
    (avatar,) = found[0]["images"]
    assert avatar["alt"] == "" and avatar["loading"] == "lazy"
    assert resolved(TWO_AUTHORS, avatar["src"]) == "images/ana.png"
    assert (built.site / "images/ana.png").is_file()
    assert found[1]["images"] == []  # Tomas (posts/.authors.yml) has no avatar


def test_the_author_name_leads_to_the_author_page(built):
    end = end_of(built.site, TWO_AUTHORS)
    links = [resolved(TWO_AUTHORS, a.get("href")) for a in end.cssselect(".columnist-author-box__name a")]
    assert links == ["author/ana", "author/tomas"]
    assert all((built.site / link / "index.html").is_file() for link in links)


def test_a_column_by_one_author_has_one_box(built):
    assert [box["name"] for box in boxes(end_of(built.site, ONE_AUTHOR))] == ["Ana Ruiz"]


def test_the_end_invites_the_reader_to_subscribe(built):
    (follow,) = end_of(built.site, ONE_AUTHOR).cssselect(".columnist-follow")
    assert "Liked this column? Get the next one:" in follow.text_content()
    links = [(a.text_content(), a.get("href")) for a in follow.cssselect("ul a")]
    assert [name for name, _ in links] == ["RSS feed", "Podcast feed", "Sign up for the email edition"]
    assert resolved(ONE_AUTHOR, links[0][1]) == "feed.xml" and (built.site / "feed.xml").is_file()
    assert resolved(ONE_AUTHOR, links[1][1]) == "podcast.xml" and (built.site / "podcast.xml").is_file()
    assert links[2][1] == SIGNUP


def test_listen_in_links_name_each_podcast_app(built):
    (line,) = end_of(built.site, TWO_AUTHORS).cssselect(".columnist-listen-in")
    assert line.text_content().startswith("Listen in: ")
    assert [(a.text_content(), a.get("href")) for a in line.cssselect("a")] == LISTEN_IN


def test_the_home_page_subscribe_box_has_the_listen_in_links(built):
    home = lxml.html.fromstring(built.read("index.html"))
    (line,) = home.cssselect(".columnist-subscribe .columnist-listen-in")
    assert [(a.text_content(), a.get("href")) for a in line.cssselect("a")] == LISTEN_IN


def test_a_site_without_sign_up_or_app_links_shows_neither(build_site):
    site = build_site("podcast")
    column = "2024/01/17/a-column-without-audio/"
    end = end_of(site.site, column)
    assert [box["name"] for box in boxes(end)] == ["Ana Ruiz"]
    assert [a.text_content() for a in end.cssselect(".columnist-follow a")] == ["RSS feed", "Podcast feed"]
    assert end.cssselect(".columnist-listen-in") == []
    assert lxml.html.fromstring(site.read("index.html")).cssselect(".columnist-listen-in") == []


def test_without_a_sign_up_address_the_site_s_subscribe_page_is_offered(build_site):
    def add_subscribe_page(source: Path) -> None:
        (source / "docs" / "subscribe.md").write_text("# Subscribe\n\nWrite to us.\n", encoding="utf-8")

    site = build_site("podcast", add_subscribe_page)
    column = "2024/01/17/a-column-without-audio/"
    links = [
        (a.text_content(), a.get("href")) for a in end_of(site.site, column).cssselect(".columnist-follow a")
    ]
    assert [name for name, _ in links] == ["RSS feed", "Podcast feed", "By email"]
    assert resolved(column, links[2][1]) == "subscribe" and site.exists("subscribe/index.html")


def test_a_site_without_a_podcast_offers_the_feed_alone(build_site):
    site = build_site("basic")
    columns = sorted(Path(page).parent.as_posix() + "/" for page in site.pages() if page.count("/") == 4)
    end = end_of(site.site, columns[0])
    assert [a.text_content() for a in end.cssselect(".columnist-follow a")] == ["RSS feed"]


@pytest.mark.parametrize(
    ("written", "hostile", "line", "field"),
    [
        (
            "spotify: https://open.spotify.com/show/0000000000000000000001",
            "spotify: 'javascript:alert(1)'",
            21,
            "podcast.links.spotify",
        ),
        (f"signup: {SIGNUP}", "signup: ' JaVa\tScript:alert(1)'", 25, "email.signup"),
    ],
)
def test_a_hostile_address_is_refused_with_its_line(tmp_path, written, hostile, line, field):
    source = copy_site("column-end", tmp_path)
    config_file = source / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    assert written in text
    config_file.write_text(text.replace(written, hostile), encoding="utf-8")
    with pytest.raises(settings.SettingsError) as refused:
        settings.load(None, source)
    value = hostile.split(": ", 1)[1].strip("'").replace("\t", "\\t")
    assert refused.value.lines == [
        f"mkdocs.yml:{line}: {field}: '{value}' is not allowed: use an address starting with https:// or "
        "http://, or a path on the site"
    ]
    assert config_file.read_text(encoding="utf-8").splitlines()[line - 1].strip() == hostile
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    assert not (tmp_path / "site").exists()
