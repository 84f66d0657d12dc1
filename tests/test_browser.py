"""The sample site in a real browser, as a reader uses it, and what the HTML and accessibility checkers say.

Playwright drives Debian's Chromium over the sample site, built once for this module and served on
127.0.0.1 (see ``tests/browser/harness.py``). The Nu Html Checker (``vnu-jar``, run on Debian's Java) and
axe-core come from ``tests/browser/node_modules`` (``npm ci --prefix tests/browser``). Nothing here skips:
a missing browser, Java or checker fails with what to install. The link check needs none of them.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import harness

from conftest import REPOSITORY, BuiltSite

HOME = ""
COLUMN_WITH_AUDIO = "2022/05/18/the-backup-nobody-tested/"
COLUMN_WITHOUT_AUDIO = "2025/03/12/trust-is-a-maintenance-task/"
ARCHIVE, YEAR, CATEGORY, QUOTES = "archive/", "archive/2019/", "category/listening/", "quotes/"
AUTHOR, TAG, CATEGORIES = "author/maren/", "tag/email/", "category/"
#: The columns with an audio edition: address -> (title, the recording in the site).
AUDIO_COLUMNS = {
    "2019/03/06/listen-first-fix-second/": ("Listen first, fix second", "posts/audio/listening-first.mp3"),
    COLUMN_WITH_AUDIO: ("The backup nobody tested", "posts/audio/the-backup-nobody-tested.mp3"),
}
#: One page of each kind Columnist's templates make, for the checkers.
OUR_PAGES = [HOME, "page/2/", COLUMN_WITH_AUDIO, COLUMN_WITHOUT_AUDIO, ARCHIVE, YEAR, CATEGORY, CATEGORIES,
             TAG, AUTHOR, QUOTES]  # fmt: skip
#: Plain Material pages of the same build: what the theme itself does is measured on them.
MATERIAL_PAGES = ["about/", "subscribe/", harness.PLAIN_PAGE.removesuffix(".md") + "/"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


# --- the site, the server and the browser ------------------------------------------------------------------


@dataclass
class Served:
    built: BuiltSite
    base: str

    def url(self, path: str) -> str:
        return self.base + path

    def file(self, path: str) -> Path:
        """The file a page's address serves."""
        return self.built.site / (path if path.endswith(".html") else path + "index.html")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("browser")
    with harness.serve(root / "site") as base:
        # Built for the address it is served at, as a published site is.
        yield Served(harness.build_sample(root, base, plain_page=True), base)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with harness.chromium() as launched:
        yield launched


@dataclass
class Reader:
    """A browser tab on the served site that keeps every console error and uncaught exception."""

    page: Page
    served: Served
    outside: harness.Outside
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        response = self.page.goto(self.served.url(path))
        assert response is not None, path
        assert response.status == 200, f"{path}: HTTP {response.status}"
        return self.page

    def follow(self, link: Locator) -> Page:
        """Click a link as a reader does and wait for the page it leads to."""
        with self.page.expect_navigation():
            link.click()
        return self.page

    def h1(self) -> str:
        """The page's main heading, without the "¶" of its permanent link."""
        text = self.page.locator("h1").first.evaluate(
            "h => [...h.childNodes].filter(n => !n.classList?.contains('headerlink'))"
            ".map(n => n.textContent).join('')"
        )
        return " ".join(text.split())

    def assert_no_errors(self) -> None:
        assert not self.errors, "the browser console shows errors:\n" + "\n".join(self.errors)
        assert not self.outside.refused, "pages asked for other sites:\n" + "\n".join(self.outside.refused)


def new_reader(browser: Browser, served: Served, viewport: dict[str, int]) -> Reader:
    context = browser.new_context(viewport=viewport)
    outside = harness.Outside()
    outside.attach(context, served.base)
    page = context.new_page()
    reader = Reader(page, served, outside)

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        reader.errors.append(f"{page.url}: {message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: reader.errors.append(f"{page.url}: uncaught {error}"))
    return reader


@pytest.fixture
def reader(browser: Browser, served: Served) -> Iterator[Reader]:
    made = new_reader(browser, served, DESKTOP)
    yield made
    made.page.context.close()


@pytest.fixture
def phone(browser: Browser, served: Served) -> Iterator[Reader]:
    made = new_reader(browser, served, PHONE)
    yield made
    made.page.context.close()


# --- what a reader does ------------------------------------------------------------------------------------


def test_the_home_page_leads_to_a_column(reader: Reader) -> None:
    page = reader.open(HOME)
    assert reader.h1() == "The Client Desk"
    first = page.locator("article.columnist-entry h2 a").first
    title = first.inner_text().strip()
    reader.follow(first)
    assert reader.h1() == title
    assert page.locator(".columnist-post .columnist-meta time").count() == 1
    reader.assert_no_errors()


@pytest.mark.parametrize("path", sorted(AUDIO_COLUMNS))
def test_a_column_with_audio_has_a_labelled_player_whose_file_is_served(reader: Reader, path: str) -> None:
    title, media = AUDIO_COLUMNS[path]
    page = reader.open(ARCHIVE)
    reader.follow(page.locator(".columnist-archive a", has_text=title))
    assert page.url == reader.served.url(path)
    assert reader.h1() == title
    player = page.locator(".columnist-audio audio")
    assert player.count() == 1
    assert (player.get_attribute("aria-label") or "").startswith(f"Audio edition: {title}")
    source = player.evaluate("audio => audio.currentSrc || audio.src")
    assert source == reader.served.url(media)
    assert page.locator(".columnist-audio a[download]").evaluate("a => a.href") == source

    response = page.request.get(source)
    assert response.status == 200
    assert response.headers["content-type"] == "audio/mpeg"
    size = (reader.served.built.site / media).stat().st_size
    assert int(response.headers["content-length"]) == size == len(response.body())

    # The browser can play it: the player reads the recording's length from the served file.
    seconds = player.evaluate(
        """audio => new Promise((resolve, reject) => {
            audio.addEventListener('loadedmetadata', () => resolve(audio.duration), {once: true});
            audio.addEventListener('error', () => reject(new Error('cannot play ' + audio.currentSrc)),
                                   {once: true});
            audio.preload = 'metadata';
            audio.load();
        })"""
    )
    assert seconds > 1
    reader.assert_no_errors()


def test_paging_through_the_home_pages(reader: Reader) -> None:
    page = reader.open(HOME)
    newest = page.locator("article.columnist-entry h2 a").first.inner_text()
    reader.follow(page.get_by_role("link", name="Older columns"))
    assert page.url == reader.served.url("page/2/")
    assert reader.h1() == "Home (page 2)"
    older = [title.strip() for title in page.locator("article.columnist-entry h2 a").all_inner_texts()]
    assert older and newest not in older
    assert page.locator(".columnist-pagination [aria-current=page]").inner_text() == "2"
    reader.follow(page.get_by_role("link", name="Newer columns"))
    assert page.url == reader.served.url(HOME)
    assert page.locator("article.columnist-entry h2 a").first.inner_text() == newest
    reader.assert_no_errors()


def from_the_tabs(reader: Reader, tab: str) -> Page:
    page = reader.open(HOME)
    reader.follow(page.locator(".md-tabs").get_by_role("link", name=tab, exact=True))
    return page


def to_archive(reader: Reader) -> str:
    from_the_tabs(reader, "Archive")
    return ".columnist-archive a"


def to_year(reader: Reader) -> str:
    page = from_the_tabs(reader, "Archive")
    reader.follow(page.locator(".columnist-years").get_by_role("link", name="2019", exact=True))
    assert reader.h1() == "Archive 2019"
    return ".columnist-archive a"


def to_category(reader: Reader) -> str:
    page = from_the_tabs(reader, "Categories")
    reader.follow(page.locator(".columnist-names").get_by_role("link", name="Listening", exact=True))
    assert reader.h1() == "Listening"
    return "article.columnist-entry h2 a"


def to_author(reader: Reader) -> str:
    page = reader.open(COLUMN_WITH_AUDIO)
    reader.follow(page.locator(".columnist-post__header").get_by_role("link", name="Maren Holt"))
    assert reader.h1() == "Maren Holt"
    return ".columnist-archive a"


def to_quotes(reader: Reader) -> str:
    from_the_tabs(reader, "Quotes")
    assert reader.h1() == "Quotes"
    return ".columnist-quote figcaption a"


#: How a reader reaches each list (returning the selector of its links to columns), and its address.
LISTS = {"archive": (to_archive, ARCHIVE), "year": (to_year, YEAR), "category": (to_category, CATEGORY),
         "author": (to_author, AUTHOR), "quotes": (to_quotes, QUOTES)}  # fmt: skip


@pytest.mark.parametrize("kind", LISTS)
def test_every_list_leads_to_its_columns(reader: Reader, kind: str) -> None:
    way, address = LISTS[kind]
    links = reader.page.locator(way(reader))
    assert reader.page.url == reader.served.url(address)
    assert links.count() >= 1
    oldest = links.last
    title = " ".join(oldest.inner_text().split())
    reader.follow(oldest)
    assert reader.page.locator(".columnist-post").count() == 1
    assert reader.h1() == title
    reader.assert_no_errors()


def rare_word() -> tuple[str, str]:
    """A word in the text of exactly one column, and that column's title."""
    word = "construction"
    columns = sorted((REPOSITORY / "posts").rglob("*.md"))
    holders = [column for column in columns if word in column.read_text(encoding="utf-8").lower()]
    assert len(holders) == 1, f"choose another word: {word!r} is in {holders}"
    title = re.search(r"^title: (.+)$", holders[0].read_text(encoding="utf-8"), re.MULTILINE)
    assert title
    return word, title.group(1).strip().strip("\"'")


def test_searching_for_a_word_finds_the_one_column_that_has_it(reader: Reader) -> None:
    word, title = rare_word()
    page = reader.open(HOME)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)  # Material searches as the reader types
    results = page.locator(".md-search-result__item")
    # Results change as each letter arrives: wait for the answer to the whole word.
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    expect(results).to_have_count(1)
    reader.follow(results.first.locator("a").first)
    assert urlsplit(page.url).path == "/" + COLUMN_WITHOUT_AUDIO
    assert reader.h1() == title
    assert page.locator(".columnist-body mark", has_text=word).count() >= 1  # search.highlight
    reader.assert_no_errors()


@pytest.mark.parametrize("path", [HOME, COLUMN_WITH_AUDIO, ARCHIVE, CATEGORY, QUOTES])
def test_no_sideways_scrolling_on_a_phone(phone: Reader, path: str) -> None:
    page = phone.open(path)
    width, viewport = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert viewport == PHONE["width"]
    assert width <= viewport, f"{path or 'home'} is {width} px wide on a {viewport} px phone"
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('.md-content *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName.toLowerCase() + '.' + e.className)"""
    )
    assert too_wide == [], f"{path or 'home'}: wider than the phone"
    phone.assert_no_errors()


@pytest.mark.parametrize("path", [*OUR_PAGES, *MATERIAL_PAGES, "404.html"])
def test_no_console_errors(reader: Reader, path: str) -> None:
    reader.open(path)
    reader.page.wait_for_load_state("networkidle")  # Material's late requests (search index, sitemaps)
    reader.assert_no_errors()


def test_feed_links_lead_material_to_no_missing_file(reader: Reader) -> None:
    missing: list[str] = []
    reader.page.on("response", lambda answer: missing.append(answer.url) if answer.status == 404 else None)
    reader.open(CATEGORY)
    reader.page.wait_for_load_state("networkidle")
    assert missing == []


@pytest.mark.parametrize("path", [COLUMN_WITH_AUDIO, CATEGORY, HOME])
def test_feed_links_send_material_for_no_sitemap(reader: Reader, path: str) -> None:
    asked: list[str] = []
    reader.page.on("request", lambda request: asked.append(request.url))
    reader.open(path)
    reader.page.wait_for_load_state("networkidle")
    assert [url for url in asked if url.endswith("sitemap.xml")] == []
    # Feed readers still find every feed, as the page is published and as the browser holds it.
    published = lxml.html.fromstring(reader.served.file(path).read_bytes())
    feeds = [link.get("href") for link in published.cssselect('link[rel="alternate"][type]')]
    assert reader.served.url("feed.xml") in feeds and reader.served.url("podcast.xml") in feeds
    in_browser = reader.page.evaluate(
        "() => [...document.querySelectorAll('link[type]')].filter(l => l.relList.contains('alternate'))"
        ".map(l => l.href)"
    )
    assert in_browser == feeds
    reader.assert_no_errors()


@pytest.mark.parametrize("path", OUR_PAGES)
def test_headings_go_down_one_level_at_a_time(reader: Reader, path: str) -> None:
    levels = reader.open(path).evaluate(
        "() => [...document.querySelectorAll('.md-content :is(h1, h2, h3, h4, h5, h6)')]"
        ".map(h => Number(h.tagName[1]))"
    )
    assert levels[:1] == [1] and levels.count(1) == 1, f"{path or 'home'}: one h1, first: {levels}"
    skips = [(higher, lower) for higher, lower in itertools.pairwise(levels) if lower > higher + 1]
    assert skips == [], f"{path or 'home'}: a heading level is skipped: {levels}"


#: The captions of the quotes on a page, from the speakers in the sample's front matter.
SPEAKERS = {
    HOME: ["the owner of a family hardware shop, in Raising your rates with the clients you already have"],
    COLUMN_WITH_AUDIO: ["a bookkeeper"],
}


@pytest.mark.parametrize("path", SPEAKERS)
def test_quotes_are_blockquotes_captioned_with_their_speaker(reader: Reader, path: str) -> None:
    speakers = SPEAKERS[path]
    page = reader.open(path)
    figures = page.locator("figure.columnist-quote")
    assert figures.count() >= 1
    for figure in figures.all():
        assert figure.locator(":scope > blockquote").inner_text().strip()
    captions = page.locator("figure.columnist-quote > figcaption").all_inner_texts()
    assert [" ".join(caption.split()) for caption in captions] == speakers


def test_every_quote_on_the_quotes_page_is_captioned_with_its_column(reader: Reader) -> None:
    page = reader.open(QUOTES)
    figures = page.locator("figure.columnist-quote").all()
    assert len(figures) >= 10
    for figure in figures:
        assert figure.locator(":scope > blockquote").inner_text().strip()
        assert figure.locator(":scope > figcaption a").count() == 1


# --- what the checkers say ---------------------------------------------------------------------------------


def normalised(message: str) -> str:
    """A checker's message without what varies from element to element (font sizes, spacing)."""
    message = re.sub(r", font size: [^,]+, font weight: \w+", "", message)
    return " ".join(message.split())


@pytest.fixture(scope="module")
def vnu_messages(served: Served) -> dict[str, list[dict]]:
    """What the Nu Html Checker says about each page, in one run of vnu.jar."""
    for missing in (harness.node_modules_missing(), harness.java_missing()):
        if missing:
            pytest.fail(missing)
    paths = [*OUR_PAGES, *MATERIAL_PAGES]
    files = [str(served.file(path)) for path in paths]
    run = subprocess.run(
        ["java", "-jar", str(harness.VNU_JAR), "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1) or not run.stderr.startswith("{"):
        pytest.fail(f"vnu.jar did not run (exit {run.returncode}):\n{run.stderr}{run.stdout}")
    by_path: dict[str, list[dict]] = {path: [] for path in paths}
    path_of = dict(zip(files, paths, strict=True))
    for message in json.loads(run.stderr)["messages"]:
        by_path[path_of[unquote(urlsplit(message["url"]).path)]].append(message)
    return by_path


def test_html_is_valid_beyond_what_material_does(vnu_messages: dict[str, list[dict]]) -> None:
    def errors(path: str) -> list[dict]:
        return [m for m in vnu_messages[path] if m["type"] in ("error", "non-document-error")]

    material = {normalised(m["message"]) for path in MATERIAL_PAGES for m in errors(path)}
    ours = [
        f"{path or 'index'}:{m.get('lastLine')}: {normalised(m['message'])} [{m.get('extract', '').strip()}]"
        for path in OUR_PAGES
        for m in errors(path)
        if normalised(m["message"]) not in material
    ]
    assert not ours, "Columnist's pages have HTML errors a plain Material page has not:\n" + "\n".join(ours)


def test_every_label_names_a_control(vnu_messages: dict[str, list[dict]]) -> None:
    """A column's table of contents keeps its label's checkbox (Material draws it only for pages in the nav)."""
    unlabelled = [
        f"{path}:{m.get('lastLine')}: {m.get('extract', '').strip()}"
        for path in OUR_PAGES
        for m in vnu_messages[path]
        if "“for” attribute of the “label” element" in m["message"]
    ]
    assert unlabelled == []


AXE = """async () => {
  const report = await axe.run(document, {resultTypes: ['violations']});
  const found = [];
  for (const rule of report.violations) {
    for (const node of rule.nodes) {
      const impact = node.impact || rule.impact;
      if (impact !== 'serious' && impact !== 'critical') continue;
      const element = document.querySelector(node.target[0]);
      // Columnist's templates fill Material's content area; the header, tabs and search are Material's.
      const ours = element !== null && element.closest('[class*="columnist-"], .md-content') !== null;
      found.push({rule: rule.id, impact, ours, target: node.target.join(' '), html: node.html.slice(0, 160),
                  summary: node.failureSummary || ''});
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def axe_findings(browser: Browser, served: Served) -> dict[str, list[dict]]:
    """axe-core's serious and critical findings on each page, in the browser."""
    missing = harness.node_modules_missing()
    if missing:
        pytest.fail(missing)
    reader = new_reader(browser, served, DESKTOP)
    found = {}
    for path in [*OUR_PAGES, *MATERIAL_PAGES]:
        reader.open(path)
        reader.page.add_script_tag(path=str(harness.AXE_JS))
        found[path] = reader.page.evaluate(AXE)
    reader.page.context.close()
    return found


def test_no_serious_accessibility_problem_from_our_templates(axe_findings: dict[str, list[dict]]) -> None:
    # What Material does on its own pages (the palette's link colour, its search dialog) is not ours.
    material = {(f["rule"], normalised(f["summary"])) for path in MATERIAL_PAGES for f in axe_findings[path]}
    ours = [
        f"{path or 'index'}: {f['rule']} ({f['impact']}) at {f['target']}: {normalised(f['summary'])} {f['html']}"
        for path in OUR_PAGES
        for f in axe_findings[path]
        if f["ours"] and (f["rule"], normalised(f["summary"])) not in material
    ]
    assert not ours, "serious accessibility problems in Columnist's pages:\n" + "\n".join(ours)


# --- links, without a browser ------------------------------------------------------------------------------

LINKING = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("audio", "src"),
           ("source", "src"), ("track", "src"), ("video", "src"), ("iframe", "src")]  # fmt: skip


def local_targets(page: Path, site: Path, site_url: str) -> Iterator[tuple[str, str]]:
    """(address as written, path in the site) for every link and resource of a page that stays in the site.

    Addresses under ``site_url`` (feed discovery, canonical links) are the site's own too.
    """
    tree = lxml.html.fromstring(page.read_bytes())
    folder = page.parent.relative_to(site).as_posix()
    written = [element.get(attribute) for tag, attribute in LINKING for element in tree.iter(tag)]
    written += [
        c.split("url=", 1)[1] for c in tree.xpath("//meta[@http-equiv='refresh']/@content") if "url=" in c
    ]
    for address in written:
        if not address or address.startswith(("#", "mailto:", "data:", "javascript:")):
            continue
        if address.startswith(site_url):
            path = urlsplit(address).path.removeprefix(urlsplit(site_url).path)
        elif urlsplit(address).scheme or address.startswith("//"):
            continue  # another site
        else:
            path = urlsplit(address).path
            path = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        path = posixpath.normpath(unquote(path)) if path else folder
        yield address, "" if path == "." else path


def test_every_link_and_resource_leads_to_a_file_of_the_site(served: Served) -> None:
    site = served.built.site
    broken = []
    checked = 0
    for page in sorted(site.rglob("*.html")):
        for address, path in local_targets(page, site, served.base):
            target = site / path
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if path.startswith("..") or not target.is_file():
                broken.append(f"{page.relative_to(site).as_posix()}: {address}")
    assert not broken, "links to no file of the site:\n" + "\n".join(broken)
    assert checked > 1000
