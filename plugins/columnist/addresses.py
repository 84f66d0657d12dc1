"""Where the site writes each page and file, and which addresses a column may take.

A column is written at its ``post_url`` and a redirect page at each of its ``aliases``. Both
must be well formed (no control character, no ``..``, no part longer than a file name can
be) and must not land where the site itself writes something: a feed, the sitemap, the
search index, the theme's files, a list page, a page of ``docs/`` or a file beside the
columns. Addresses are compared as a web server reads them: case aside, with percent
escapes decoded, ``./`` and doubled slashes dropped, and ``x/index.html`` the same as ``x/``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from columnist.folders import files_under
from columnist.problems import Problem
from columnist.urls import POLICY, is_allowed, refusal, scheme_of

if TYPE_CHECKING:
    from columnist.post import Post

#: Files every site with columns writes at its root, and what they are, for messages.
SITE_FILES = {
    "index.html": "the home page",
    "feed.xml": "the feed feed.xml",
    "atom.xml": "the feed atom.xml",
    "feed.json": "the feed feed.json",
    "podcast.xml": "the podcast feed podcast.xml",
    "sitemap.xml": "the sitemap sitemap.xml",
    "sitemap.xml.gz": "the sitemap sitemap.xml.gz",
    "404.html": "the page for addresses that do not exist, 404.html",
    "search/search_index.json": "the site search's index search/search_index.json",
    "_redirects": "the redirect rules _redirects",
}
#: Folders the theme fills.
SITE_FOLDERS = {"assets": "the theme's files under assets/"}
#: Addresses the list pages take, now or once a column brings a new year, category, tag or author.
LIST_PAGES = (
    (re.compile(r"page/\d+/index\.html"), "the home page's later pages (page/2/ and on)"),
    (re.compile(r"archive/index\.html"), "the archive page archive/"),
    (re.compile(r"archive/\d+/index\.html"), "the archive pages of each year (archive/2024/ and on)"),
    (re.compile(r"category/index\.html"), "the categories page category/"),
    (re.compile(r"category/[^/]+/(page/\d+/)?index\.html"), "the category pages (category/<name>/)"),
    (re.compile(r"category/[^/]+/feed\.xml"), "the category feeds (category/<name>/feed.xml)"),
    (re.compile(r"tag/index\.html"), "the tags page tag/"),
    (re.compile(r"tag/[^/]+/index\.html"), "the tag pages (tag/<name>/)"),
    (re.compile(r"author/[^/]+/index\.html"), "the author pages (author/<name>/)"),
    (re.compile(r"quotes/index\.html"), "the quotes page quotes/"),
)
#: The URL policy for an image or a sound, which cannot be an email address.
WEB_POLICY = "use an address starting with https:// or http://, or a path on the site"
#: The longest name most file systems take for one file or folder.
MOST_BYTES = 255


def dest_of(url: str) -> str:
    """The file a page at ``url`` is written to: a folder's ``index.html``, or the ``.html`` file itself.

    >>> dest_of("2024/03/06/x/"), dest_of("old/x"), dest_of("old/x.html"), dest_of("")
    ('2024/03/06/x/index.html', 'old/x/index.html', 'old/x.html', 'index.html')
    """
    url = url.strip("/")
    if url.endswith((".html", ".htm")):
        return url
    return f"{url}/index.html" if url else "index.html"


def normal(dest: str) -> str:
    """``dest`` as a server finds it: percent escapes decoded, ``.`` and empty parts dropped, lower case.

    >>> normal("./Feed%2Exml"), normal("a//b/./C.html"), normal("%2e%2E/x")
    ('feed.xml', 'a/b/c.html', '../x')
    """
    parts = urllib.parse.unquote(dest).split("/")
    return "/".join(part for part in parts if part not in ("", ".")).lower()


def _page_key(dest: str) -> str:
    """The address a reader asks for: ``x/index.html`` and ``x`` are one page, ``x.html`` another."""
    key = normal(dest)
    if key == "index.html":
        return ""
    return key.removesuffix("/index.html")


def fault(address: str) -> str | None:
    """Why ``address`` cannot be written inside ``site/``, or None when it can.

    >>> fault("2012/09/old.html") is None, fault("a/../../x"), fault("a/%2e%2e/x") == fault("a/../x")
    (True, "steps out of its folder with '..'; write the whole path from the site's root", True)
    """
    if any(ord(character) < 32 or ord(character) == 127 for character in address):
        return "holds a control character (a tab, a line break or the like); remove it"
    if "://" in address:
        return "must be a path on this site"
    parts = address.split("/")
    decoded = urllib.parse.unquote(address.partition("?")[0]).split("/")
    if any(urllib.parse.unquote(part) == ".." for part in parts) or ".." in decoded:
        return "steps out of its folder with '..'; write the whole path from the site's root"
    if any(len(part.encode("utf-8")) > MOST_BYTES for part in parts):
        return f"has a part longer than {MOST_BYTES} bytes, more than a file name can hold; shorten it"
    if not normal(address):
        return "must be a path on this site"
    return None


def pattern_fault(pattern: str) -> str | None:
    """Why a ``post_url`` pattern cannot give addresses inside ``site/``, or None when it can.

    >>> pattern_fault("{year}/{slug}/") is None, pattern_fault("{slug}/../../x-{slug}/")
    (True, "must not use '..' or '.' as a folder; write a path like {year}/{month}/{slug}/")
    """
    literal = re.sub(r"\{[a-z]+\}", "x", pattern)
    if any(urllib.parse.unquote(part) in ("..", ".") for part in literal.split("/")):
        return "must not use '..' or '.' as a folder; write a path like {year}/{month}/{slug}/"
    return fault(literal)


def link_refusal(url: str, mail: bool = False) -> str | None:
    """Why a link is refused by the URL policy, or None; ``mail`` allows ``mailto:`` (an author's page).

    >>> link_refusal("https://a.org/x.jpg") is None, link_refusal("mailto:a@b.org", mail=True) is None
    (True, True)
    >>> link_refusal("mailto:a@b.org")
    "'mailto:a@b.org' is not allowed: use an address starting with https:// or http://, or a path on the site"
    """
    if not is_allowed(url):
        return refusal(url) if mail else _web_only(url)
    if not mail and scheme_of(url) == "mailto":
        return _web_only(url)
    return None


def _web_only(url: str) -> str:
    # An image or a sound cannot be an email address: the policy's words less mailto.
    return refusal(url).removesuffix(POLICY) + WEB_POLICY


def site_files(posts_dir: Path, docs_dir: Path | None, use_directory_urls: bool = True) -> dict[str, str]:
    """What the site writes besides columns and redirects: output path -> what it is, for messages."""
    taken = dict(SITE_FILES)
    posts_root = posts_dir.resolve()
    for path in files_under(posts_dir):
        if not path.name.endswith(".md"):
            relative = path.relative_to(posts_dir).as_posix()
            taken.setdefault(f"{posts_dir.name}/{relative}", f"the file {posts_dir.name}/{relative}")
    if docs_dir is not None and docs_dir.is_dir():
        for path in files_under(docs_dir):
            if path.name.endswith(".md") and path.resolve().is_relative_to(posts_root):
                continue  # a column kept inside docs/ is written at its post_url instead
            relative = path.relative_to(docs_dir).as_posix()
            taken.setdefault(docs_output(relative, use_directory_urls), f"docs/{relative}")
    return taken


def docs_output(relative: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs writes a file of ``docs/``: pages become ``index.html`` files, other files stay.

    >>> [docs_output(p) for p in ("about.md", "guide/README.md", "guide/index.md", "img/a.png")]
    ['about/index.html', 'guide/index.html', 'guide/index.html', 'img/a.png']
    >>> docs_output("about.md", use_directory_urls=False)
    'about.html'
    """
    if not relative.endswith(".md"):
        return relative
    folder, _, name = relative.rpartition("/")
    stem = name[:-3]
    prefix = f"{folder}/" if folder else ""
    if stem in ("index", "README"):
        return f"{prefix}index.html"
    return f"{prefix}{stem}/index.html" if use_directory_urls else f"{prefix}{stem}.html"


class Taken:
    """The addresses already spoken for, and what holds each, looked up as a server would."""

    def __init__(self, outputs: Mapping[str, str], shapes: bool = False) -> None:
        self.files: dict[str, str] = {}
        self.pages: dict[str, str] = {}
        self.shapes = shapes  # also the addresses list pages take once a column calls for them
        for dest, what in outputs.items():
            self.add(dest, what)

    def add(self, dest: str, what: str) -> None:
        self.files.setdefault(normal(dest), what)
        self.pages.setdefault(_page_key(dest), what)

    def holder(self, dest: str) -> str | None:
        """What already goes at ``dest``, or in the way of it (a file where its folder would be)."""
        key = normal(dest)
        found = self.pages.get(_page_key(dest)) or self.files.get(key)
        if found:
            return found
        parts = key.split("/")
        folders = ["/".join(parts[:end]) for end in range(1, len(parts))]
        for folder in folders:
            found = self.files.get(folder) or SITE_FOLDERS.get(folder)
            if found:
                return found
        if self.shapes:
            for candidate in (key, _page_key(dest), *folders):
                for shape, what in LIST_PAGES:
                    if shape.fullmatch(candidate):
                        return what
        return None


def collisions(posts: Iterable[Post], urls: Mapping[str, str], taken: Taken) -> list[Problem]:
    """Columns and old addresses that would be written where something else already goes."""
    posts = list(posts)
    problems = []
    for post in posts:
        url = urls[post.path]
        holder = taken.holder(dest_of(url))
        if holder and holder != post.path:
            line = post.line_of("slug") if "slug" in post.lines else post.line_of("title")
            problems.append(
                Problem(post.path, line, "slug", f"the web address {url} is already taken by {holder}")
            )
    for post in posts:
        taken.add(dest_of(urls[post.path]), post.path)
    for post in posts:
        own = _page_key(dest_of(urls[post.path]))
        for alias in post.aliases:
            if "?" in alias:
                continue  # an address with a query is a rule in _redirects, never a file
            dest = dest_of(alias)
            holder = None if _page_key(dest) == own else taken.holder(dest)
            if holder and holder != post.path:
                problems.append(
                    Problem(post.path, post.line_of("aliases"), "aliases",
                            f"the old address /{alias} is already taken by {holder}")
                )  # fmt: skip
    return problems


def same_page(one: str, other: str) -> bool:
    """Whether two addresses lead a reader to one page.

    >>> same_page("Old/X/", "old/x/index.html"), same_page("x.html", "x/")
    (True, False)
    """
    return _page_key(dest_of(one)) == _page_key(dest_of(other))
