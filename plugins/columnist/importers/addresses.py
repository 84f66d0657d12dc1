"""The old blog's addresses: which are its own, which lead to which column, which may be kept.

An old post's permalink becomes an alias (a redirect page) of the new column, and links
between old posts become links between the new files. An address the site itself writes
(its feeds, its sitemap, its 404 page, its theme's files) can never be an alias: the
redirect page would take its place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import parse_qs, unquote, urlsplit

from columnist.importers.model import Column

#: Files every Columnist site writes at its top (MkDocs, Material, the feeds, the podcast).
SITE_FILES = frozenset(
    ("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "feed.xml", "atom.xml", "feed.json",
     "podcast.xml", "_redirects", "robots.txt")
)  # fmt: skip
#: Folders the theme and the search fill: nothing of a column may be written into them.
SITE_FOLDERS = frozenset(("assets", "search"))


class OldBlog:
    """The old blog's address, to tell its own pages and files from the rest of the web."""

    def __init__(self, site: str | None, links: Sequence[str]) -> None:
        self.site = site
        hosts = [urlsplit(site).hostname] if site else []
        if not any(hosts):  # no address in the source: the one most of its posts live at
            counted = Counter(urlsplit(link).hostname for link in links if urlsplit(link).hostname)
            hosts = [counted.most_common(1)[0][0]] if counted else []
        self.hosts = {host.lower().removeprefix("www.") for host in hosts if host}
        for host in list(self.hosts):
            if host.endswith(".wordpress.com"):  # WordPress.com keeps uploads on a files. host
                self.hosts.add(host.removesuffix(".wordpress.com") + ".files.wordpress.com")

    def has(self, address: str) -> bool:
        """Is ``address`` on the old blog (its host, a subdomain, or WordPress's image proxy for it)?

        >>> blog = OldBlog("https://www.old.example.org/", [])
        >>> blog.has("http://old.example.org/a.mp3"), blog.has("https://i0.wp.com/old.example.org/b.jpg")
        (True, True)
        >>> blog.has("https://other.example.org/c.mp3")
        False
        """
        parts = urlsplit(address)
        host = (parts.hostname or "").lower().removeprefix("www.")
        if not host:
            return False
        if re.fullmatch(r"i\d\.wp\.com", host):
            host = parts.path.lstrip("/").split("/", 1)[0].lower().removeprefix("www.")
        return any(host == known or host.endswith("." + known) for known in self.hosts)


def address_key(address: str) -> str | None:
    """An old address reduced to what identifies a post: host without www, path without the
    trailing slash, letter case ignored, and WordPress's ``?p=123`` kept.

    >>> address_key("https://www.Old.example.org/2012/09/19/Some-Post/?utm_source=x#c")
    'old.example.org/2012/09/19/some-post'
    >>> address_key("http://old.example.org/?p=555")
    'old.example.org?p=555'
    """
    parts = urlsplit(address.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    path = unquote(parts.path).rstrip("/").lower()
    query = parse_qs(parts.query)
    for name in ("p", "page_id"):
        if query.get(name):
            return f"{host}{path}?{name}={query[name][0]}"
    return f"{host}{path}" if path else None


def query_alias(address: str) -> str | None:
    """The alias kept for WordPress's default permalink (``?p=N``, ``?page_id=N``), other queries dropped.

    >>> query_alias("http://old.example.org/?p=309&utm_source=x"), query_alias("http://old.example.org/?s=x")
    ('/?p=309', None)
    """
    parts = urlsplit(address.strip())
    query = parse_qs(parts.query)
    for name in ("p", "page_id"):
        value = query.get(name, [""])[0]
        if value.isdigit():
            return f"{unquote(parts.path) or '/'}?{name}={value}"
    return None


def add_targets(targets: dict[str, str], column: Column, file: str) -> None:
    """Remember that every old address of ``column`` now leads to ``file``."""
    for address in (column.link, *column.other_links):
        key = address_key(address) if address else None
        if key:
            targets.setdefault(key, file)


def is_site_address(path: str) -> bool:
    """Is ``path`` (an old permalink's path) one the site writes itself, so no alias may take it?

    >>> [is_site_address(p) for p in ("/feed.xml", "/Search/search_index.json", "/assets/x/", "/404.html")]
    [True, True, True, True]
    >>> [is_site_address(p) for p in ("/category/pricing/feed.xml", "/2012/09/feed-xml/", "/feed/")]
    [True, False, False]
    """
    parts = [part for part in path.lower().split("/") if part]
    if not parts:
        return True
    return parts[0] in SITE_FOLDERS or "/".join(parts) in SITE_FILES or parts[-1] == "feed.xml"
