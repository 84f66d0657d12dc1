"""Hostile input, big input, and nothing lost: what Columnist guarantees whatever authors paste."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from lxml import etree
from mkdocs.exceptions import Abort

from columnist.catalog import CatalogSettings, load_catalog
from conftest import build_at, copy_site


def errors_of(log) -> list[str]:
    return [record.getMessage() for record in log.records if record.levelname == "ERROR"]


def write_post(source: Path, name: str, front: str, body: str = "Body.\n") -> Path:
    path = source / "posts" / name
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
    return path


# --- paths and clashes ------------------------------------------------------------------------------------


def test_a_column_cannot_take_the_address_of_a_page(tmp_path, mkdocs_log):
    source = copy_site("basic", tmp_path)
    config = source / "mkdocs.yml"
    config.write_text(config.read_text().replace("timezone: Europe/London", 'post_url: "{slug}/"'))
    write_post(source, "about-us.md", "title: About\ndate: 2023-05-03")
    write_post(source, "archive.md", "title: Archive\ndate: 2023-05-10\nslug: ARCHIVE")
    site = tmp_path / "site"
    site.mkdir()
    (site / "kept.html").write_text("last good site")
    with pytest.raises(Abort):
        build_at(source, site)
    assert errors_of(mkdocs_log) == [
        "Columnist found 2 errors in your columns; nothing was published:\n"
        "posts/about-us.md:2: slug: the web address about/ is already taken by docs/about.md\n"
        "posts/archive.md:4: slug: the web address archive/ is already taken by the archive page archive/"
    ]
    assert (site / "kept.html").read_text() == "last good site"


def test_an_old_address_cannot_replace_a_page(tmp_path, mkdocs_log):
    source = copy_site("basic", tmp_path)
    write_post(source, "x.md", "title: X\ndate: 2023-05-03\naliases: [/about/]")
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    assert errors_of(mkdocs_log) == [
        "Columnist found 1 error in your columns; nothing was published:\n"
        "posts/x.md:4: aliases: the old address /about/ is already taken by docs/about.md"
    ]


def test_two_columns_whose_addresses_differ_only_by_case_are_an_error(tmp_path, mkdocs_log):
    source = copy_site("basic", tmp_path)
    write_post(source, "one.md", "title: Same Name\ndate: 2023-05-03")
    write_post(source, "two.md", "title: same name\ndate: 2023-05-03\nslug: Same-Name")
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    assert errors_of(mkdocs_log) == [
        "Columnist found 1 error in your columns; nothing was published:\n"
        "posts/two.md:4: slug: the web address 2023/05/03/same-name/ is already used by posts/one.md"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "../../docs/images/x.png",
            "image: '../../docs/images/x.png' is outside the posts folder; put the image in it",
        ),
        ("/etc/passwd", "image: '/etc/passwd' is outside the posts folder; put the image in it"),
        ("images/missing.png", "image: 'images/missing.png' does not exist next to the column"),
    ],
)
def test_an_image_must_be_a_file_beside_the_columns(tmp_path, mkdocs_log, value, message):
    source = copy_site("basic", tmp_path)
    write_post(source, "x.md", f"title: X\ndate: 2023-05-03\nimage: {value}")
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    assert errors_of(mkdocs_log) == [
        f"Columnist found 1 error in your columns; nothing was published:\nposts/x.md:4: {message}"
    ]


def test_letters_are_shown_read_only_and_escaped(tmp_path):
    source = copy_site("basic", tmp_path)
    write_post(
        source, "x.md",
        "title: With letters\ndate: 2023-05-03\ncomments:\n"
        "  - {name: \"Jim <b>\", date: 2023-05-04, text: \"Great column & thanks.\\n\\nSecond <script>x</script>\"}",
    )  # fmt: skip
    built = build_at(source, tmp_path / "site")
    page = built.read("2023/05/03/with-letters/index.html")
    letter = lxml.html.fromstring(page).cssselect(".columnist-letter")[0]
    assert [p.text_content() for p in letter.cssselect("p")] == [
        "Jim <b> · May 4, 2023", "Great column & thanks.", "Second <script>x</script>"
    ]  # fmt: skip
    assert "<script>x" not in page


# --- dates ------------------------------------------------------------------------------------------------


def test_dates_at_the_edges_sort_and_show_right(tmp_path):
    source = copy_site("basic", tmp_path)
    config = source / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "timezone: Europe/London", "timezone: America/New_York\n      future_posts: true"
        )
    )
    for name, date in [
        ("epoch.md", "1970-01-01"),
        ("leap.md", "2024-02-29"),
        ("spring-gap.md", "2024-03-10 02:30"),  # does not exist in New York: clocks jump 2:00 -> 3:00
        ("autumn-twice.md", "2024-11-03 01:30"),  # happens twice in New York
        ("utc-late.md", "2024-11-03T05:45:00+00:00"),  # 01:45 in New York, the first time round
        ("far.md", "2100-12-31"),
    ]:
        write_post(source, name, f"title: {name[:-3]}\ndate: {date}")
    built = build_at(source, tmp_path / "site")
    archive = lxml.html.fromstring(built.read("archive/index.html"))
    listed = [" ".join(li.text_content().split()) for li in archive.cssselect("ul.columnist-archive li")]
    listed = [entry for entry in listed if "No." not in entry]  # the basic site's own numbered columns
    assert listed[:4] == [
        "December 31, 2100 · far",
        "November 3, 2024 · utc-late",
        "November 3, 2024 · autumn-twice",
        "March 10, 2024 · spring-gap",
    ]
    assert listed[-1] == "January 1, 1970 · epoch"
    assert "February 29, 2024 · leap" in listed
    assert built.exists("2024/02/29/leap/index.html")
    assert built.exists("1970/01/01/epoch/index.html")
    feed = etree.fromstring(built.read("feed.xml").encode())
    dates = {i.findtext("title"): i.findtext("pubDate") for i in feed.iter("item")}
    assert dates["utc-late"] == "Sun, 03 Nov 2024 01:45:00 -0400"
    assert dates["autumn-twice"] == "Sun, 03 Nov 2024 01:30:00 -0400"
    assert dates["far"] == "Fri, 31 Dec 2100 00:00:00 -0500"


# --- size -------------------------------------------------------------------------------------------------


def test_a_huge_column_a_long_title_and_many_categories_build(tmp_path):
    source = copy_site("basic", tmp_path)
    paragraph = "A long paragraph about clients and the work we do for them, again and again. " * 40 + "\n\n"
    write_post(source, "huge.md", "title: Huge\ndate: 2023-05-03", paragraph * 1700)  # over 5 MB
    assert (source / "posts/huge.md").stat().st_size > 5_000_000
    write_post(source, "long.md", f"title: {'Long title ' * 91}\ndate: 2023-05-10")
    categories = ", ".join(f"Category {n}" for n in range(500))
    write_post(source, "many.md", f"title: Many\ndate: 2023-05-17\ncategories: [{categories}]")
    built = build_at(source, tmp_path / "site")
    assert built.exists("category/category-499/index.html")
    long_pages = [page for page in built.pages() if page.startswith("2023/05/10/")]
    assert len(long_pages) == 1 and len(long_pages[0]) < 120
    assert "Long title Long title" in built.read(long_pages[0])
    assert (
        len(lxml.html.fromstring(built.read("category/index.html")).cssselect(".columnist-names li")) == 503
    )


def test_ten_thousand_columns_are_read_and_checked(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    for n in range(10_000):
        (posts / f"{n:05d}.md").write_text(
            f"---\ntitle: Column {n}\ndate: {2000 + n // 400}-01-{n % 28 + 1:02d} {n % 24:02d}:00\nnumber: {n + 1}\n"
            f"categories: [C{n % 50}]\n---\n\nText {n}.\n"
        )
    catalog = load_catalog(
        CatalogSettings(
            project_dir=tmp_path,
            posts_dir=posts,
            zone=ZoneInfo("UTC"),
            now=datetime(2100, 1, 1, tzinfo=ZoneInfo("UTC")),
        )
    )
    assert len(catalog.posts) == 10_000
    dates = [post.date for post in catalog.posts]
    assert dates == sorted(dates, reverse=True)
    assert catalog.posts[-1].title == "Column 0"
    assert len(catalog.by_category()) == 50


# --- everything user-supplied is escaped ----------------------------------------------------------------------


def test_hostile_values_are_text_on_every_page(tmp_path):
    built = build_at(copy_site("hostile", tmp_path), tmp_path / "site")
    for page in built.pages():
        text = built.read(page)
        assert "<script>alert(1)</script>" not in text, page
        tree = lxml.html.fromstring(text)
        # JSON-LD is data a browser never runs (test_look reads it back as JSON): only scripts that run count.
        scripts = [s.text or "" for s in tree.iter("script") if s.get("type") != "application/ld+json"]
        assert not any("alert(1)" in script for script in scripts), page
    json.loads(built.read("feed.json"))
