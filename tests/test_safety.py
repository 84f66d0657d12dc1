"""Hostile input, big input, and nothing lost: what Columnist guarantees whatever authors paste."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree
from mkdocs.exceptions import Abort

from columnist import cli
from columnist.catalog import CatalogSettings, load_catalog
from columnist.problems import ColumnistError
from conftest import build_at, copy_site


def errors_of(log) -> list[str]:
    return [record.getMessage() for record in log.records if record.levelname == "ERROR"]


def write_post(source: Path, name: str, front: str, body: str = "Body.\n") -> Path:
    path = source / "posts" / name
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
    return path


def files_of(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }


@pytest.fixture(scope="module")
def last_good(tmp_path_factory):
    """The basic site and the site it builds, built once: each test refuses a change on a copy."""
    root = tmp_path_factory.mktemp("good")
    source = copy_site("basic", root)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795348800")
    build_at(source, root / "site")
    return source, root / "site"


@pytest.fixture
def refused(last_good, tmp_path, mkdocs_log):
    """Apply ``change`` to a copy of the basic site; the build must fail with exactly ``lines`` and keep
    the last good site byte for byte, and ``columnist check`` must print the same lines."""

    def run(change, *lines: str, check: bool = True) -> Path:
        source = tmp_path / "source"
        shutil.copytree(last_good[0], source)
        site = tmp_path / "site"
        shutil.copytree(last_good[1], site)
        change(source)
        with pytest.raises(Abort):
            build_at(source, site)
        errors = "error" if len(lines) == 1 else "errors"
        assert errors_of(mkdocs_log) == [
            "\n".join(
                (f"Columnist found {len(lines)} {errors} in your columns; nothing was published:", *lines)
            )
        ]
        assert files_of(site) == files_of(last_good[1])
        if not check:
            return source
        checked = CliRunner().invoke(cli.cli, ["check", "-f", str(source / "mkdocs.yml")])
        assert checked.exit_code == 1
        assert checked.stdout.splitlines()[1 : len(lines) + 1] == list(lines)
        return source

    return run


def column(front: str, name: str = "x.md"):
    """A change that adds one column with this front matter."""
    return lambda source: write_post(source, name, front)


def option(text: str):
    """A change that adds ``text`` to the plugin's options in mkdocs.yml."""

    def change(source: Path) -> None:
        config = source / "mkdocs.yml"
        config.write_text(
            config.read_text().replace("timezone: Europe/London", f"timezone: Europe/London\n{text}")
        )

    return change


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
        scripts = [s.text or "" for s in tree.iter("script")]
        assert not any("alert(1)" in script for script in scripts), page
    json.loads(built.read("feed.json"))


# --- what would stop a build half way is refused before anything is written ---------------------------------------


@pytest.mark.parametrize(
    ("alias", "taken_by"),
    [
        ("/feed.xml", "/feed.xml is already taken by the feed feed.xml"),
        ("/Feed%2Exml", "/Feed%2Exml is already taken by the feed feed.xml"),
        ("./atom.xml", "/./atom.xml is already taken by the feed atom.xml"),
        ("//feed.json/", "/feed.json/ is already taken by the feed feed.json"),
        ("/podcast.xml", "/podcast.xml is already taken by the podcast feed podcast.xml"),
        ("/category/pricing/feed.xml",
         "/category/pricing/feed.xml is already taken by the category feeds (category/<name>/feed.xml)"),
        ("/SITEMAP.xml", "/SITEMAP.xml is already taken by the sitemap sitemap.xml"),
        ("/sitemap.xml.gz", "/sitemap.xml.gz is already taken by the sitemap sitemap.xml.gz"),
        ("/search/search_index.json",
         "/search/search_index.json is already taken by the site search's index search/search_index.json"),
        ("/assets/javascripts/bundle.js",
         "/assets/javascripts/bundle.js is already taken by the theme's files under assets/"),
        ("/404.html", "/404.html is already taken by the page for addresses that do not exist, 404.html"),
        ("/index.html", "/index.html is already taken by the home page"),
        ("/about/index.html", "/about/index.html is already taken by docs/about.md"),
        ("/a%62out", "/a%62out is already taken by docs/about.md"),
        ("/page/2/", "/page/2/ is already taken by the home page's later pages (page/2/ and on)"),
        ("/archive/2023/", "/archive/2023/ is already taken by the archive pages of each year (archive/2024/ and on)"),
        ("/tag/meetings/", "/tag/meetings/ is already taken by the tag pages (tag/<name>/)"),
        ("/author/ana/", "/author/ana/ is already taken by the author pages (author/<name>/)"),
        ("/quotes", "/quotes is already taken by the quotes page quotes/"),
        ("/posts/images/desk.jpg", "/posts/images/desk.jpg is already taken by the file posts/images/desk.jpg"),
        ("/posts/images/desk.jpg/old", "/posts/images/desk.jpg/old is already taken by the file posts/images/desk.jpg"),
        ("/2023/01/04/first-steps/index.html",
         "/2023/01/04/first-steps/index.html is already taken by posts/2023-01-04-first-steps.md"),
    ],
)  # fmt: skip
def test_an_old_address_cannot_land_where_the_site_writes(refused, alias, taken_by):
    def change(source: Path) -> None:
        (source / "posts" / "images").mkdir()
        (source / "posts" / "images" / "desk.jpg").write_bytes(b"\xff\xd8\xff")
        write_post(source, "x.md", f"title: X\ndate: 2023-05-03\naliases: [{json.dumps(alias)}]")

    refused(change, f"posts/x.md:4: aliases: the old address {taken_by}")


@pytest.mark.parametrize(
    ("post_url", "front", "message"),
    [
        ('"{slug}.xml"', "title: Feed\ndate: 2023-05-03",
         "posts/x.md:2: slug: the web address feed.xml is already taken by the feed feed.xml"),
        ('"{slug}/"', "title: X\ndate: 2023-05-03\nslug: Quotes",
         "posts/x.md:4: slug: the web address quotes/ is already taken by the quotes page quotes/"),
        ('"{slug}/"', "title: X\ndate: 2023-05-03\nslug: assets",
         "posts/x.md:4: slug: the web address assets/ is already taken by the theme's files under assets/"),
        ('"{slug}/search_index.json"', "title: Search\ndate: 2023-05-03",
         "posts/x.md:2: slug: the web address search/search_index.json is already taken by "
         "the site search's index search/search_index.json"),
    ],
)  # fmt: skip
def test_a_column_cannot_land_where_the_site_writes(refused, post_url, front, message):
    def change(source: Path) -> None:
        option(f"      post_url: {post_url}")(source)
        write_post(source, "x.md", front)

    refused(change, message)


def test_with_page_urls_ending_in_html_a_page_of_docs_keeps_its_address(refused):
    def change(source: Path) -> None:
        config = source / "mkdocs.yml"
        config.write_text(config.read_text() + "use_directory_urls: false\n")
        write_post(source, "x.md", "title: X\ndate: 2023-05-03\naliases: [/About.html]")

    # columnist check sees this clash once the catalog is told use_directory_urls (CatalogSettings).
    refused(
        change,
        "posts/x.md:4: aliases: the old address /About.html is already taken by docs/about.md",
        check=False,
    )


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ('"/old\\u0000x.html"', "item 1: '/old\\x00x.html' holds a control character (a tab, a line break or the like); remove it"),
        ('"/old\\tx.html"', "item 1: '/old\\tx.html' holds a control character (a tab, a line break or the like); remove it"),
        ('"/' + "a" * 300 + '/"', "item 1: '/" + "a" * 78 + "…' has a part longer than 255 bytes, more than a file name can hold; shorten it"),
        ('"/' + "é" * 128 + '.html"', "item 1: '/" + "é" * 78 + "…' has a part longer than 255 bytes, more than a file name can hold; shorten it"),
        ('"/2012/../../x/"', "item 1: '/2012/../../x/' steps out of its folder with '..'; write the whole path from the site's root"),
        ('"/%2e%2E/x/"', "item 1: '/%2e%2E/x/' steps out of its folder with '..'; write the whole path from the site's root"),
        ('"https://old.example.org/x/"', "item 1: 'https://old.example.org/x/' must be a path on this site"),
        ('"/./"', "item 1: '/./' must be a path on this site"),
    ],
)  # fmt: skip
def test_an_old_address_must_be_a_path_a_file_can_have(refused, alias, message):
    refused(column(f"title: X\ndate: 2023-05-03\naliases: [{alias}]"), f"posts/x.md:4: aliases: {message}")


def test_a_link_out_of_the_posts_folder_is_refused(refused, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "notes.md").write_text("---\ntitle: Notes\ndate: 2023-05-03\n---\n\nPrivate.\n")
    (outside / "key.txt").write_text("private")

    def change(source: Path) -> None:
        (source / "posts" / "notes.md").symlink_to(outside / "notes.md")
        (source / "posts" / "files").mkdir()
        (source / "posts" / "files" / "key.txt").symlink_to(outside / "key.txt")
        (source / "posts" / "files" / "real.txt").write_text("public")
        (source / "posts" / "files" / "same.txt").symlink_to(
            source / "posts" / "files" / "real.txt"
        )  # inside: fine

    refused(
        change,
        "posts/files/key.txt:1: file: is a link to a file outside the posts folder; put the file itself in the posts folder",
        "posts/notes.md:1: file: is a link to a file outside the posts folder; put the file itself in the posts folder",
    )


POLICY_WEB = "is not allowed: use an address starting with https:// or http://, or a path on the site"
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("front", "lines"),
    [
        ("image: javascript:alert(1)", [f"posts/x.md:4: image: 'javascript:alert(1)' {POLICY_WEB}"]),
        ('audio: "data:audio/mpeg;base64,AAAA"',
         [f"posts/x.md:4: audio: src: 'data:audio/mpeg;base64,AAAA' {POLICY_WEB}"]),
        ("audio: {src: https://cdn.example.org/x.mp3, length: 10, type: audio/mpeg, "
         "transcript: 'file:///etc/passwd', chapters: ' JaVaScRiPt:x'}",
         [f"posts/x.md:4: audio: chapters: ' JaVaScRiPt:x' {POLICY_WEB}",
          f"posts/x.md:4: audio: transcript: 'file:///etc/passwd' {POLICY_WEB}"]),
        ("number: " + "9" * 4400,
         ["posts/x.md:4: front matter: has a number longer than 4300 digits; put it in quotes if it is text"]),
        ("tags: [0x" + "f" * 4000 + "]",
         ["posts/x.md:4: front matter: has a number longer than 4300 digits; put it in quotes if it is text"]),
        ("number: 99999999999", ["posts/x.md:4: number: must be at most 1000000, not 99999999999"]),
        ("audio: {src: https://cdn.example.org/x.mp3, type: audio/mpeg, length: " + "9" * 401 + "}",
         ["posts/x.md:4: audio: length: must be at most 1000000000000 bytes, not a number of 401 digits"]),
        ("audio: {src: https://cdn.example.org/x.mp3, type: audio/mpeg, length: 10, duration: .inf}",
         ["posts/x.md:4: audio: duration: must be a length of time like 1:02:03 or a number of seconds, not inf"]),
        ("audio: {src: https://cdn.example.org/x.mp3, type: audio/mpeg, length: 10, duration: .nan}",
         ["posts/x.md:4: audio: duration: must be a length of time like 1:02:03 or a number of seconds, not nan"]),
        ("audio: {src: https://cdn.example.org/x.mp3, type: audio/mpeg, length: 10, duration: -90}",
         ["posts/x.md:4: audio: duration: must be a length of time like 1:02:03 or a number of seconds, not -90"]),
        ("audio: {src: https://cdn.example.org/x.mp3, type: audio/mpeg, length: 10, duration: '9999:00:00'}",
         ["posts/x.md:4: audio: duration: must be under 1000 hours, not '9999:00:00'"]),
        ("updated: 9999-12-31T23:00:00-05:00",
         ["posts/x.md:4: updated: '9999-12-31 23:00:00-05:00' is too far in the past or future; "
          "use a date from 0001-01-03 to 9999-12-29"]),
        ("comments: [{name: Jo, date: 0001-01-01 00:00, text: Hello.}]",
         ["posts/x.md:4: comments: item 1, date: '0001-01-01 00:00' is too far in the past or future; "
          "use a date from 0001-01-03 to 9999-12-29"]),
        (BOMB, ["posts/x.md:7: front matter: has aliases (*name) that stand for more than 1000 values; "
                "write the values out"]),
        ("tags: " + "[" * 300 + "]" * 300,
         ["posts/x.md:4: front matter: nests lists or mappings more than 20 deep; write it flatter"]),
        ("tags: &t [a, *t]",
         ["posts/x.md:4: front matter: has an alias (*name) inside the value it names; write the value out"]),
        ("hide: [toc, sidebar]",
         ["posts/x.md:4: hide: item 2: 'sidebar' is not something a page can hide; "
          "use navigation, toc, footer, tags, feedback or path"]),
        ("hide: {toc: true}",
         ["posts/x.md:4: hide: must be a list of what to hide (navigation, toc, footer, tags, feedback, path), "
          "not a mapping of keys"]),
        ("search: {boost: high}", ["posts/x.md:4: search: boost: must be a number, like 2 or 0.5, not 'high'"]),
        ("search: {exclude: maybe}", ["posts/x.md:4: search: exclude: must be true or false, not 'maybe'"]),
        ("search: {hidden: true}", ["posts/x.md:4: search: 'hidden' is not a key here; use exclude, boost"]),
        ("search: true", ["posts/x.md:4: search: must be a mapping of keys (exclude: true, boost: 2), not true (yes/no)"]),
        ("description: [a, b]", ["posts/x.md:4: description: must be text, not a list"]),
        ('description: "One\\nTwo"', ["posts/x.md:4: description: must be one line of text; join its lines"]),
    ],
)  # fmt: skip
def test_a_value_a_build_cannot_use_is_named(refused, front, lines):
    refused(column(f"title: X\ndate: 2023-05-03\n{front}"), *lines)


def test_a_date_a_time_zone_pushes_past_the_years_a_computer_counts(refused):
    refused(
        column("title: X\ndate: 0001-01-01T00:00:00+05:00"),
        "posts/x.md:3: date: '0001-01-01 00:00:00+05:00' is too far in the past or future; "
        "use a date from 0001-01-03 to 9999-12-29",
    )


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    assert len(BOMB) < 500
    posts = tmp_path / "posts"
    posts.mkdir()
    write_post(tmp_path, "x.md", f"title: X\ndate: 2023-05-03\n{BOMB}")
    started = datetime.now()
    with pytest.raises(ColumnistError):
        load_catalog(CatalogSettings(project_dir=tmp_path, posts_dir=posts, zone=ZoneInfo("UTC")))
    assert (datetime.now() - started).total_seconds() < 1


def test_a_description_reaches_the_page_head_as_text(tmp_path):
    source = copy_site("basic", tmp_path)
    hostile = '"><script>alert(1)</script> & more'
    write_post(source, "x.md", f"title: X\ndate: 2023-05-03\ndescription: {json.dumps(hostile)}\nhide: [toc]")
    built = build_at(source, tmp_path / "site")
    page = built.read("2023/05/03/x/index.html")
    head = lxml.html.fromstring(page)
    assert [meta.get("content") for meta in head.cssselect('meta[name="description"]')] == [hostile]
    assert "<script>alert(1)" not in page
    assert (
        head.cssselect(".md-sidebar--secondary")[0].get("hidden") is not None
    )  # the contents, hidden as asked
