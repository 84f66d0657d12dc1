"""The list pages readers browse: home, archive, categories, tags, authors and quotes."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from mkdocs.exceptions import Abort

from columnist.listings import page_window
from conftest import build_at, copy_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795348800")
    return build_at(copy_site("archive", root), root / "site")


def tree(site, path):
    return lxml.html.fromstring(site.read(path))


def entries(site, path):
    """(title, link) of each column listed on a page."""
    page = tree(site, path)
    return [(a.text_content().strip(), a.get("href")) for a in page.cssselect("article.columnist-entry h2 a")]


def dated(site, path):
    """The columns of a dated list (archive, year, tag, author), as a reader sees each line."""
    return [
        " ".join(li.text_content().split()) for li in tree(site, path).cssselect("ul.columnist-archive li")
    ]


def titles(site, path):
    return [title for title, _ in entries(site, path)]


def test_home_pages_list_newest_first_in_pages_of_per_page(site):
    assert titles(site, "index.html") == ["Column 11", "Column 10", "Column 09"]
    assert titles(site, "page/2/index.html") == ["Column 08", "Column 07", "Column 06"]
    assert titles(site, "page/3/index.html") == ["Column 05", "Column 04", "Column 03"]
    assert titles(site, "page/4/index.html") == ["Column 02", "Column 01"]
    assert not site.exists("page/5/index.html")


def test_home_entries_show_date_number_author_category_excerpt_and_link(site):
    page = tree(site, "index.html")
    first = page.cssselect("article.columnist-entry")[0]
    meta = " ".join(first.cssselect(".columnist-meta")[0].text_content().split())
    assert meta == "No. 11 · September 27, 2023 · by Kim Park · in Trust"
    assert first.cssselect("h2 a")[0].get("href") == "2023/09/27/column-11/"
    excerpt = first.cssselect(".columnist-entry__excerpt")[0]
    assert (
        excerpt.text_content().strip() == "Opening paragraph of column 11, with a link to the first column."
    )
    # The excerpt's link was written for the column's page; here it must still reach column 1.
    assert excerpt.cssselect("a")[0].get("href") == "2022/01/05/column-01/"
    more = first.cssselect(".columnist-entry__more a")[0]
    assert more.get("href") == "2023/09/27/column-11/"
    assert more.text_content() == "Continue reading: Column 11"
    assert [a.get("href") for a in first.cssselect(".columnist-meta a")] == ["author/kim/", "category/trust/"]


def test_excerpt_links_work_from_deeper_pages(site):
    page = tree(site, "page/2/index.html")
    hrefs = [a.get("href") for a in page.cssselect(".columnist-entry__excerpt a")]
    assert hrefs == ["../../2022/01/05/column-01/"] * 3


def test_pagination_links(site):
    def pagination(path):
        nav = tree(site, path).cssselect("nav.columnist-pagination")[0]
        return [(a.text_content().strip(), a.get("href")) for a in nav.cssselect("a")], nav.cssselect(
            "[aria-current=page]"
        )[0].text_content()

    assert pagination("index.html") == (
        [("2", "page/2/"), ("3", "page/3/"), ("4", "page/4/"), ("Older columns", "page/2/")],
        "1",
    )
    assert pagination("page/2/index.html") == (
        [
            ("Newer columns", "../../"),
            ("1", "../../"),
            ("3", "../3/"),
            ("4", "../4/"),
            ("Older columns", "../3/"),
        ],
        "2",
    )
    links, current = pagination("page/4/index.html")
    assert current == "4" and links[-1] == ("3", "../3/")


def test_quote_of_the_week_is_the_newest_quote(site):
    featured = tree(site, "index.html").cssselect(".columnist-quote--week")[0]
    assert featured.cssselect("blockquote")[0].text_content().strip() == "Quote number 8."
    assert " ".join(featured.cssselect("figcaption")[0].text_content().split()) == "Speaker 8, in Column 08"
    assert not tree(site, "page/2/index.html").cssselect(".columnist-quote--week")


def test_audio_mark_and_subscribe_block_on_home(site):
    home = tree(site, "index.html")
    subscribe = home.cssselect(".columnist-subscribe a")
    assert [a.get("href") for a in subscribe][:3] == ["feed.xml", "atom.xml", "feed.json"]


def test_archive_groups_every_column_by_year_and_month(site):
    page = tree(site, "archive/index.html")
    years = [" ".join(li.text_content().split()) for li in page.cssselect(".columnist-years li")]
    assert years == ["2023 (5 columns)", "2022 (6 columns)"]
    assert [h.text_content() for h in page.cssselect(".columnist-archive-year h2")] == ["2023", "2022"]
    months = [h.text_content() for h in page.cssselect(".columnist-archive-year h3")]
    assert months[:3] == ["September 2023", "July 2023", "May 2023"]
    items = [" ".join(li.text_content().split()) for li in page.cssselect("ul.columnist-archive li")]
    assert len(items) == 11
    assert items[0] == "September 27, 2023 · Column 11 No. 11"
    assert items[-1] == "January 5, 2022 · Column 01 No. 1"


def test_a_year_page_lists_that_year(site):
    page = tree(site, "archive/2022/index.html")
    assert page.cssselect("h1")[0].text_content() == "Archive 2022"
    links = [a.get("href") for a in page.cssselect("ul.columnist-archive a")]
    assert links[0] == "../../2022/11/16/column-06/" and len(links) == 6
    assert page.cssselect(".columnist-years [aria-current=page]")[0].text_content() == "2022"


def test_categories_index_with_counts_and_paginated_category_pages(site):
    page = tree(site, "category/index.html")
    assert [" ".join(li.text_content().split()) for li in page.cssselect(".columnist-names li")] == [
        "Listening (3 columns)",
        "Pricing (5 columns)",
        "Trust (4 columns)",
    ]
    assert titles(site, "category/pricing/index.html") == ["Column 10", "Column 07", "Column 05"]
    assert titles(site, "category/pricing/page/2/index.html") == ["Column 04", "Column 01"]
    pricing = tree(site, "category/pricing/index.html")
    assert pricing.cssselect("h1")[0].text_content() == "Pricing"
    feed = pricing.cssselect('head link[rel~=alternate][title$="Pricing (RSS)"]')[0]
    assert feed.get("href") == "https://archive.example.org/category/pricing/feed.xml"


def test_tags_and_a_category_of_one(site):
    assert [
        " ".join(li.text_content().split())
        for li in tree(site, "tag/index.html").cssselect(".columnist-names li")
    ] == [
        "solo (1 column)",
        "weekly (10 columns)",
    ]
    assert dated(site, "tag/solo/index.html") == ["January 18, 2023 · Column 07 No. 7"]
    assert tree(site, "tag/solo/index.html").cssselect("h1")[0].text_content() == "Tag: solo"


def test_author_pages(site):
    page = tree(site, "author/kim/index.html")
    assert page.cssselect("h1")[0].text_content() == "Kim Park"
    assert page.cssselect(".columnist-author-card img")[0].get("src") == "https://archive.example.org/kim.png"
    assert "Writes about teams." in page.cssselect(".columnist-author-card")[0].text_content()
    listed = dated(site, "author/kim/index.html")
    assert [entry.split(" · ")[1].split(" No.")[0] for entry in listed] == [
        "Column 11", "Column 09", "Column 07", "Column 05", "Column 03", "Column 01"
    ]  # fmt: skip
    assert page.cssselect(".columnist-archive-year h2")[0].text_content() == "2023"
    assert not site.exists("author/lee/page/2/index.html")


def test_quotes_page_lists_every_quote_newest_first(site):
    page = tree(site, "quotes/index.html")
    quotes = [
        (fig.cssselect("blockquote")[0].text_content().strip(), fig.cssselect("figcaption a")[0].get("href"))
        for fig in page.cssselect("figure.columnist-quote")
    ]
    assert quotes == [
        ("Quote number 8.", "../2023/03/22/column-08/"),
        ("Quote number 4.", "../2022/07/13/column-04/"),
    ]


def test_post_page_links_neighbours_in_its_first_category(site):
    page = tree(site, "2022/09/14/column-05/index.html")
    category = page.cssselect("nav.columnist-pager--category")[0]
    assert category.get("aria-label") == "More in Trust"
    links = [(" ".join(a.text_content().split()), a.get("href")) for a in category.cssselect("a")]
    assert links == [
        ("Previous in Trust Column 02", "../../../03/09/column-02/"),
        ("Next in Trust Column 08", "../../../../2023/03/22/column-08/"),
    ]


def test_navigation_offers_home_archive_categories_quotes(site):
    nav = tree(site, "about/index.html").cssselect("nav.md-nav--primary")[0]
    labels = [" ".join(a.text_content().split()) for a in nav.cssselect("a.md-nav__link")]
    assert labels == ["Home", "Archive", "Categories", "Quotes", "About"]


def test_search_finds_columns_not_lists(site):
    index = json.loads(site.read("search/search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "2023/09/27/column-11/" in locations
    assert not any(
        loc.startswith(("category/", "tag/", "author/", "archive/", "quotes/", "page/")) for loc in locations
    )


@pytest.mark.parametrize("count", [0, 1])
def test_empty_and_single_column_sites_build(tmp_path, count):
    source = copy_site("archive", tmp_path)
    for extra in sorted((source / "posts").glob("*.md"))[count:]:
        extra.unlink()
    built = build_at(source, tmp_path / "site")
    home = lxml.html.fromstring(built.read("index.html"))
    assert len(home.cssselect("article.columnist-entry")) == count
    assert built.exists("archive/index.html") and built.exists("quotes/index.html")
    if count == 0:
        assert "No columns yet: the first one will appear here." in built.read("index.html")


def test_names_that_slug_alike_are_an_error_naming_both(tmp_path, mkdocs_log):
    source = copy_site("archive", tmp_path)
    column = source / "posts" / "2023-09-27-column-11.md"
    column.write_text(column.read_text().replace("categories: [Trust]", "categories: [trust!]"))
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    errors = [r.getMessage() for r in mkdocs_log.records if r.levelname == "ERROR"]
    assert errors == [
        "Columnist found 1 error in your columns; nothing was published:\n"
        "posts/2023-09-27-column-11.md:4: categories: 'trust!' and 'Trust' (in posts/2022-03-09-column-02.md) "
        "would share the page trust; write them the same way"
    ]


def test_docs_index_text_is_shown_above_the_newest_columns(build_site):
    def add_intro(source: Path) -> None:
        (source / "docs" / "index.md").write_text("# Welcome\n\nHello, readers.\n")

    built = build_site("archive", prepare=add_intro)
    home = lxml.html.fromstring(built.read("index.html"))
    intro = home.cssselect(".columnist-intro")[0]
    assert intro.cssselect("h1")[0].text_content().strip().startswith("Welcome")
    assert len(home.cssselect("article.columnist-entry")) == 3


def test_old_addresses_lead_to_the_column(site):
    for path, relative in [
        ("old/column-1.html", "../2022/01/05/column-01/"),
        ("legacy/one/index.html", "../../2022/01/05/column-01/"),
    ]:
        page = lxml.html.fromstring(site.read(path))
        assert page.cssselect('link[rel="canonical"]')[0].get("href") == (
            "https://archive.example.org/2022/01/05/column-01/"
        )
        assert page.cssselect('meta[http-equiv="refresh"]')[0].get("content") == f"0; url={relative}"
        assert page.cssselect("a")[0].get("href") == relative
        target = (site.site / path).parent / relative / "index.html"
        assert target.resolve().is_file()


def test_two_columns_cannot_share_an_old_address(tmp_path, mkdocs_log):
    source = copy_site("archive", tmp_path)
    column = source / "posts" / "2023-09-27-column-11.md"
    column.write_text(column.read_text().replace("number: 11\n", "number: 11\naliases: [/legacy/one/]\n"))
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    errors = [r.getMessage() for r in mkdocs_log.records if r.levelname == "ERROR"]
    assert errors == [
        "Columnist found 1 error in your columns; nothing was published:\n"
        "posts/2023-09-27-column-11.md:8: aliases: the old address /legacy/one/ already leads to "
        "posts/2022-01-05-column-01.md"
    ]


def test_a_last_page_of_one_column(build_site):
    def two_per_page(source: Path) -> None:
        config = source / "mkdocs.yml"
        config.write_text(config.read_text().replace("per_page: 3", "per_page: 2"))

    built = build_site("archive", prepare=two_per_page)
    assert titles(built, "page/6/index.html") == ["Column 01"]
    assert not built.exists("page/7/index.html")
    assert titles(built, "category/trust/page/2/index.html") == ["Column 05", "Column 02"]


def test_long_lists_show_the_page_numbers_around_the_one_being_read():
    # A reader on page 7 of 100 sees the first and last page, the two either side, and gaps between.
    assert page_window(7, 100) == [1, None, 5, 6, 7, 8, 9, None, 100]
    assert page_window(1, 100) == [1, 2, 3, None, 100]
    assert page_window(100, 100) == [1, None, 98, 99, 100]
    # A gap of a single page shows that page rather than an ellipsis.
    assert page_window(4, 7) == [1, 2, 3, 4, 5, 6, 7]
    assert page_window(5, 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert page_window(1, 1) == [1]


@pytest.mark.parametrize("post_url", ["{year}/{month}/{day}/{slug}/", "{year}/{slug}.html", "{slug}/"])
def test_links_between_columns_work_whatever_the_post_url(tmp_path, post_url):
    source = copy_site("archive", tmp_path)
    config = source / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      per_page: 3\n", f'      per_page: 3\n      post_url: "{post_url}"\n'
        )
    )
    built = build_at(source, tmp_path / "site")
    followed = 0
    for page in built.site.rglob("*.html"):
        here = "https://archive.example.org/" + page.relative_to(built.site).as_posix()
        for link in lxml.html.fromstring(page.read_text(encoding="utf-8")).cssselect(
            "nav.columnist-pager a, nav.columnist-pagination a, article.columnist-entry a, ul.columnist-archive a"
        ):
            # As a web server reads the address: a path ending in / is a folder with its index.html.
            path = urlsplit(urljoin(here, link.get("href"))).path.lstrip("/")
            target = built.site / (path + "index.html" if path.endswith("/") or not path else path)
            assert target.is_file(), f"{page.relative_to(built.site)}: {link.get('href')} leads nowhere"
            followed += 1
    assert followed > 50
