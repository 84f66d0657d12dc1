"""The catalog as MkDocs sees it: files, navigation and what goes into each page's head.

This module and ``plugin.py`` are the ones that know MkDocs' structure: the columns, the
files beside them, the list pages and the redirect pages become MkDocs files here, the
navigation gets the list pages, and each page's head the links to the feeds.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from columnist import metadata
from columnist.addresses import dest_of
from columnist.catalog import Catalog
from columnist.feeds import FeedItems, SiteInfo
from columnist.folders import files_under
from columnist.labels import Labels
from columnist.listings import Listing
from columnist.post import Post
from columnist.redirects import REDIRECTS_FILE, redirect_pages, redirect_rules

TEMPLATES_DIR = Path(__file__).parent / "templates"

POST_TEMPLATE = "columnist/post.html"

STYLESHEET = "assets/columnist/columnist.css"


def post_files(catalog: Catalog, config: MkDocsConfig, posts_dir: Path) -> list[File]:
    """One MkDocs file per published column, at its ``post_url``, kept out of the navigation."""
    files = []
    for post in catalog.posts:
        file = File(
            f"{posts_dir.name}/{post.relative}",
            src_dir=str(posts_dir.parent),
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
            dest_uri=dest_of(catalog.url(post)),
            # Not in the navigation, and no "not included in the nav" line per column in the log.
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        files.append(file)
    return files


def add_post_files(files: Files, new_files: list[File]) -> None:
    """Add the columns, replacing MkDocs' own copy when the posts folder is inside ``docs/``."""
    for file in new_files:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)


def asset_files(config: MkDocsConfig, posts_dir: Path) -> list[File]:
    """Images, audio and other files beside the columns, at the same place in the site.

    A column's links to them (``audio/x.mp3``, ``images/y.jpg``) then work as written.
    """
    return [
        File(
            f"{posts_dir.name}/{path.relative_to(posts_dir).as_posix()}",
            src_dir=str(posts_dir.parent),
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
        )
        for path in files_under(posts_dir)
        if path.suffix != ".md"
    ]


def stylesheet_file(config: MkDocsConfig) -> File:
    css = (Path(__file__).parent / "assets" / "columnist.css").read_text(encoding="utf-8")
    return File.generated(config, STYLESHEET, content=css)


def redirect_files(
    catalog: Catalog, config: MkDocsConfig, site_url: str, words: Mapping[str, str] | None = None
) -> list[File]:
    """A small page at each old address (``aliases``) that sends readers and search engines to the column."""
    language = config.theme.get("language") or "en"
    files = [
        File.generated(config, dest, content=page)
        for dest, page in redirect_pages(catalog, site_url, language, words).items()
    ]
    rules = redirect_rules(catalog, site_url)
    if rules:
        files.append(File.generated(config, REDIRECTS_FILE, content=rules))
    return files


#: Pages the navigation offers beside the site's own, by the name `navigation` uses.
NAV_PAGES = {"archive": ("Archive", "archive/index.md"), "categories": ("Categories", "category/index.md"),
             "tags": ("Tags", "tag/index.md"), "quotes": ("Quotes", "quotes/index.md")}  # fmt: skip


def drop_columns_from_navigation(items: list, posts_dir_name: str) -> list:  # type: ignore[type-arg]
    """The navigation without columns, even where ``nav`` lists one: the list pages lead to them."""
    kept = []
    for item in items:
        file = getattr(item, "file", None)
        if file is not None and file.src_uri.startswith(f"{posts_dir_name}/"):
            continue
        children = getattr(item, "children", None)
        if children:
            item.children = drop_columns_from_navigation(children, posts_dir_name)
            if not item.children:
                continue
        kept.append(item)
    return kept


def add_navigation(
    nav: Navigation, wanted: list[str], files: Files, config: MkDocsConfig, words: Labels
) -> None:
    """Put Home, Archive, Categories (and what else ``navigation`` names) first, unless ``nav`` has them;
    titled in the site's language (``words``)."""
    listed = {page.file.src_uri for page in nav.pages}
    position = 0
    if "index.md" in listed:
        position = (
            1
            if nav.items and getattr(nav.items[0], "file", None) is files.get_file_from_path("index.md")
            else 0
        )
    for title, src_uri in [("Home", "index.md")] + [NAV_PAGES[name] for name in wanted]:
        file = files.get_file_from_path(src_uri)
        if file is None or src_uri in listed:
            continue
        page = file.page or Page(words.gettext(title), file, config)
        nav.items.insert(position, page)
        position += 1


def hide_navigation(page: Page) -> None:
    """A column or list page reads like a newsletter: no navigation sidebar (Material's ``hide``), whose
    only entry would be Home; the menu tabs still lead everywhere, and phones keep their drawer."""
    hidden = page.meta.get("hide")
    hidden = list(hidden) if isinstance(hidden, list) else []
    if "navigation" not in hidden:
        page.meta["hide"] = [*hidden, "navigation"]


def tab_of(listing: Listing | None, nav: Navigation) -> Page | None:
    """The navigation page whose menu tab a category page lights up: the list of categories.

    A category page is outside the navigation, so Material would mark no tab; the caller marks this page
    active while the category page is rendered (MkDocs passes it on to its sections) and unmarks it after.
    """
    if listing is None or listing.kind != "category":
        return None
    items = list(nav.items)  # add_navigation puts its pages in the items only, not in nav.pages
    while items:
        item = items.pop(0)
        if isinstance(item, Page) and item.file.src_uri == NAV_PAGES["categories"][1]:
            return item
        items.extend(getattr(item, "children", None) or [])
    return None


LIST_FRONT_MATTER = "---\ntitle: {title}\ntemplate: columnist/{kind}.html\nsearch:\n  exclude: true\n---\n"

TEMPLATE_OF_KIND = {
    "home": "home", "category": "category", "tag": "archive", "author": "archive", "archive": "archive",
    "year": "archive", "categories": "names", "tags": "names", "quotes": "quotes",
}  # fmt: skip


def listing_files(listings: list[Listing], config: MkDocsConfig, files: Files) -> list[File]:
    """Generated Markdown files for the list pages; ``docs/index.md``, when there, stays the home page."""
    made = []
    for listing in listings:
        if files.get_file_from_path(listing.src_uri) is not None:
            continue  # the site's own page (docs/index.md) shows the list under its text
        content = LIST_FRONT_MATTER.format(
            title=json.dumps(listing.title), kind=TEMPLATE_OF_KIND[listing.kind]
        )
        made.append(
            File.generated(config, listing.src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        )
    return made


@dataclass(frozen=True)
class Channels:
    """Where readers subscribe, relative to the site root; ``None`` where the site has none."""

    rss: str = "feed.xml"
    atom: str = "atom.xml"
    json: str = "feed.json"
    podcast: str | None = None
    subscribe: str | None = None  # the site's own subscribe page


def channels(files: Files) -> Channels:
    podcast = files.get_file_from_path("podcast.xml")
    subscribe = files.get_file_from_path("subscribe.md")
    return Channels(
        podcast="podcast.xml" if podcast else None, subscribe=subscribe.url if subscribe else None
    )


def discovery_links(
    channels: Channels, site: SiteInfo, category_feed: str | None, category: str | None
) -> str:
    """``<link rel="alternate">`` tags so browsers and feed readers find the feeds from any page."""

    def link(kind: str, path: str, title: str) -> str:
        return (
            f'<link rel="alternate" type="{kind}" href="{html.escape(site.url + path)}" '
            f'title="{html.escape(title)}" data-columnist-feed>'
        )

    tags = [
        link("application/rss+xml", channels.rss, f"{site.title} (RSS)"),
        link("application/atom+xml", channels.atom, f"{site.title} (Atom)"),
        link("application/feed+json", channels.json, f"{site.title} (JSON Feed)"),
    ]
    if channels.podcast:
        tags.append(link("application/rss+xml", channels.podcast, f"{site.title} (podcast)"))
    if category_feed:
        tags.append(link("application/rss+xml", category_feed, f"{site.title}: {category} (RSS)"))
    return "".join(tags) + FEED_LINKS_APART


#: Material's script reads every ``link[rel=alternate]`` as another language of the site and requests a
#: sitemap.xml beside it: four needless requests on every page, errors where the feeds' address is not the
#: page's (``mkdocs serve``) and a 404 beside a category feed. Feed readers read the page as published,
#: with ``rel="alternate"``; in the browser, before Material's script runs, the feed links get the extra
#: token ``feed`` (still "alternate", as autodiscovery asks), which Material's exact match passes over.
FEED_LINKS_APART = (
    "<script>document.querySelectorAll('link[data-columnist-feed]')"
    ".forEach(function (link) { link.relList.add('feed') })</script>"
)


def page_metadata(
    page: Page,
    post: Post | None,
    listing: Listing | None,
    items: FeedItems,
    site: SiteInfo,
    channels: Channels,
) -> metadata.PageMeta:
    """What a link preview shows of ``page``: a column, the home page, a list or one of the site's pages."""
    url = page.canonical_url
    if post is not None and post.path in items.rendered:
        # The feeds' view of the column: clean text and absolute addresses, as a preview needs them.
        item = items.item(post, full_content=False)
        return metadata.column_meta(item, post.tags, site, url, post.description)
    if page.is_homepage or (listing is not None and listing.kind == "home" and listing.page_number == 1):
        return metadata.home_meta(site, url, site.url + channels.podcast if channels.podcast else None)
    own = page.meta.get("description") if page.meta else None
    if isinstance(own, Markup):  # escaped already for Material, which prints it as it is
        own = own.unescape()
    return metadata.list_meta(page.title or site.title, str(own or site.description), site, url)


def set_description(page: Page, meta: metadata.PageMeta) -> None:
    """The page's one ``<meta name="description">``, written by Material from ``page.meta``, escaped here.

    Material prints the value as it is (its templates do not escape): the author's words are escaped once.
    """
    page.meta["description"] = escape(meta.description)


def add_to_head(output: str, tags: str) -> str:
    """Insert ``tags`` just before ``</head>``; a page without a head is left as it is."""
    index = output.find("</head>")
    return output if index < 0 else output[:index] + tags + output[index:]


def add_problems_banner(output: str, problems: list[str]) -> str:
    """In the preview, the columns' problems at the top of every page, until they are fixed."""
    items = "".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    banner = (
        '<div class="columnist-problems" role="alert">'
        "<p><strong>Columnist found problems in your columns.</strong> The preview shows the last good "
        f"version until they are fixed:</p><ul>{items}</ul></div>"
    )
    match = re.search(r"<body[^>]*>", output)
    return output[: match.end()] + banner + output[match.end() :] if match else banner + output
