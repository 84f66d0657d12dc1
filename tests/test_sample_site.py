"""The sample newsletter a new user serves first: it builds strictly and is a complete weekly column."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import mutagen
import pytest

from columnist.catalog import find_post_files
from columnist.post import read_post
from conftest import REPOSITORY, build_at, copy_site


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    return build_at(copy_site("sample", root), root / "site")


def sample_posts():
    posts = []
    for source in find_post_files(REPOSITORY / "posts"):
        post, problems = read_post(source, source.name, source.name, ZoneInfo("America/Chicago"))
        assert problems == [], problems
        posts.append(post)
    return posts


def test_the_sample_is_a_complete_weekly_column():
    posts = sample_posts()
    assert len(posts) >= 14
    assert len({post.date.year for post in posts}) >= 5
    assert len(Counter(name for post in posts for name in post.categories)) >= 4
    assert {author for post in posts for author in post.authors} == {"maren", "tomas"}
    numbers = [post.number for post in posts]
    assert None not in numbers and len(set(numbers)) == len(numbers)
    assert sum(bool(post.quotes) for post in posts) >= 10
    assert all(post.tags for post in posts)
    assert [post.title for post in posts if post.draft] == ["The quiet client"]
    assert [post.title for post in posts if post.date.year == 2027] == ["A new-year review with every client"]
    with_audio = [post for post in posts if post.audio]
    assert len(with_audio) >= 2
    for post in with_audio:
        audio = mutagen.File(post.source.parent / post.audio.src)
        assert audio is not None and audio.info.length > 5


def test_the_sample_builds_strictly_with_every_page(sample):
    pages = sample.pages()
    published = [page for page in pages if page[:4].isdigit() and page.count("/") == 4]
    assert len(published) == 19  # 21 columns, less the draft and the one dated 2027
    for path in (
        "index.html",
        "archive/index.html",
        "quotes/index.html",
        "category/index.html",
        "about/index.html",
    ):
        assert path in pages
    for path in ("feed.xml", "atom.xml", "feed.json", "podcast.xml", "images/cover.jpg"):
        assert sample.exists(path)
    assert not any("quiet-client" in page or "new-year-review" in page for page in pages)


def test_the_readme_pictures_stay_out_of_the_published_site(sample):
    published = [path.name for path in sample.site.rglob("*.png")]
    pictures = sorted(path.name for path in (REPOSITORY / "screenshots").glob("*.png"))
    assert pictures, "the README's screenshots are in screenshots/"
    assert not set(pictures) & set(published)
    assert not sample.exists("images/screenshots")


def test_the_subscribe_page_links_every_way_to_follow(sample):
    page = lxml.html.fromstring(sample.read("subscribe/index.html"))
    links = [a.get("href") for a in page.cssselect("article a")]
    for target in ("../feed.xml", "../atom.xml", "../feed.json", "../podcast.xml", "../archive/"):
        assert target in links
        assert (Path(sample.site / "subscribe") / target).resolve().exists()
