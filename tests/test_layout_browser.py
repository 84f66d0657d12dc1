"""The sample site reads like a newsletter, not a manual: measured in Chromium on a laptop and a phone.

Playwright drives Debian's Chromium over the sample site, built once for this module into a temporary folder
and served on 127.0.0.1 (``tests/browser/harness.py``); the built pages are also read with lxml.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import Browser, Page, expect

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import harness

from conftest import BuiltSite

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
COLUMN = "2025/03/12/trust-is-a-maintenance-task/"  # with headings and two quotes
CATEGORY = "category/listening/"
LIST_PAGES = ["", "page/2/", CATEGORY, "category/", "archive/", "archive/2019/", "tag/email/", "author/maren/",
              "quotes/"]  # fmt: skip
#: Characters a line of a column's text may hold: around 65-75 is readable, 80 the most.
LONGEST_LINE = 80


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, BuiltSite]]:
    root = tmp_path_factory.mktemp("layout")
    with harness.serve(root / "site") as base:
        yield base, harness.build_sample(root, base, plain_page=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with harness.chromium() as launched:
        yield launched


def open_page(browser: Browser, served: tuple[str, BuiltSite], path: str, viewport: dict[str, int]) -> Page:
    context = browser.new_context(viewport=viewport)
    harness.Outside().attach(context, served[0])
    page = context.new_page()
    response = page.goto(served[0] + path)
    assert response is not None and response.status == 200, path
    return page


def test_the_newest_column_starts_on_the_first_screen_of_a_laptop(browser, served):
    page = open_page(browser, served, "", LAPTOP)
    title = page.locator(".columnist-entry__title").first
    box = title.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= LAPTOP["height"], box
    # Nothing is lost: the quote of the week and every way to subscribe are still above it.
    assert page.locator(".columnist-quote--week blockquote").is_visible()
    links = page.locator(".columnist-subscribe a")
    assert links.count() == 5 and all(links.nth(i).is_visible() for i in range(5))
    page.screenshot(path=str(served[1].site.parent / "home-laptop.png"))


@pytest.mark.parametrize("path", [COLUMN, *LIST_PAGES])
def test_columns_and_lists_have_no_navigation_sidebar(browser, served, path):
    page = open_page(browser, served, path, LAPTOP)
    sidebar = page.locator(".md-sidebar--primary")
    assert sidebar.count() == 0 or not sidebar.is_visible()
    assert page.locator(".md-tabs").is_visible()  # the menu tabs still lead everywhere


def test_a_column_keeps_its_table_of_contents_and_a_plain_page_its_navigation(browser, served):
    column = open_page(browser, served, COLUMN, LAPTOP)
    assert column.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    about = open_page(browser, served, "about/", LAPTOP)
    assert about.locator(".md-sidebar--primary").is_visible()


def test_a_columns_text_keeps_a_readable_line_length(browser, served):
    page = open_page(browser, served, COLUMN, LAPTOP)
    # Characters per line, counted: each paragraph's characters over the lines it takes.
    lengths = page.locator(".columnist-body > p").evaluate_all(
        """paragraphs => paragraphs.map(p => {
             const lineHeight = parseFloat(getComputedStyle(p).lineHeight);
             const lines = Math.round(p.getBoundingClientRect().height / lineHeight);
             return lines > 2 ? p.textContent.length / lines : null;
           }).filter(n => n !== null)"""
    )
    assert lengths, "no paragraph of several lines to measure"
    assert max(lengths) <= LONGEST_LINE, lengths
    assert min(lengths) >= 55, lengths  # and not squeezed: a column, not a sidebar


def test_on_a_phone_the_quotes_follow_the_first_paragraph(browser, served):
    page = open_page(browser, served, COLUMN, PHONE)
    first = page.locator(".columnist-body > p").first.bounding_box()
    quotes = page.locator("aside.columnist-quotes").bounding_box()
    second = page.locator(".columnist-body > p").nth(1).bounding_box()
    assert first and quotes and second
    assert quotes["y"] >= first["y"] + first["height"], (first, quotes)
    assert second["y"] >= quotes["y"] + quotes["height"], (quotes, second)
    page.screenshot(path=str(served[1].site.parent / "column-phone.png"), full_page=True)


def built_page(served: tuple[str, BuiltSite], path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(served[1].read(path + "index.html"))


def test_a_category_page_lights_up_the_categories_tab(served):
    tree = built_page(served, CATEGORY)
    active = tree.xpath("//li[contains(@class, 'md-tabs__item--active')]/a")
    assert [link.text_content().strip() for link in active] == ["Categories"]
    # ...only while that page is drawn: the column after it lights no tab.
    assert not built_page(served, COLUMN).xpath("//li[contains(@class, 'md-tabs__item--active')]")
    home = built_page(served, "").xpath("//li[contains(@class, 'md-tabs__item--active')]/a")
    assert [link.text_content().strip() for link in home] == ["Home"]


def test_a_category_page_announces_its_own_feed(served):
    base = served[0]
    links = built_page(served, CATEGORY).xpath("//head/link[@rel='alternate'][@type='application/rss+xml']")
    hrefs = [link.get("href") for link in links]
    assert base + "category/listening/feed.xml" in hrefs, hrefs
    assert base + "category/listening/feed.xml" not in [
        link.get("href") for link in built_page(served, COLUMN).xpath("//head/link[@rel='alternate']")
    ]


def test_on_a_phone_the_menu_still_opens_on_a_column(browser, served):
    page = open_page(browser, served, COLUMN, PHONE)
    page.locator(".md-header label[for='__drawer']").click()
    archive = page.locator(".md-sidebar--primary .md-nav__link", has_text="Archive").first
    expect(archive).to_be_in_viewport(ratio=1)  # the drawer slides in with the whole navigation
