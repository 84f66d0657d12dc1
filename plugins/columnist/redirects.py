"""Old addresses that keep working: a small page at each of a column's ``aliases``.

Each page sends readers on at once (meta refresh), tells search engines where the column
now lives (canonical link), and offers a plain link for everything else. An old address with a
query (WordPress's ``/?p=309``) cannot be a file: Netlify gets a rule for it in ``_redirects``
(Cloudflare Pages reads that file too, but not its query rules), and the home page carries a
small script that sends a reader who arrives at ``/?p=309`` on to the column on any host.
"""

from __future__ import annotations

import html
import json
import posixpath
import urllib.parse
from collections.abc import Mapping

from columnist.addresses import dest_of, same_page
from columnist.catalog import Catalog
from columnist.labels import translations

REDIRECT_PAGE = """<!doctype html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{absolute}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={relative}">
</head>
<body>
<p>{moved}</p>
</body>
</html>
"""


#: The file of redirect rules that Netlify and Cloudflare Pages read at the site's root.
REDIRECTS_FILE = "_redirects"
#: Characters a ``_redirects`` rule may keep as written; every other one (a space, a ``#``) is escaped.
RULE_SAFE = "/:@!$&'()*+,;=-._~%"


def alias_dest(alias: str) -> str:
    """Where an old address is written, where a server looks: escapes decoded, folders end in ``index.html``.

    >>> alias_dest("old/x"), alias_dest("old/x.html"), alias_dest("caf%C3%A9/")
    ('old/x/index.html', 'old/x.html', 'café/index.html')
    """
    return dest_of(urllib.parse.unquote(alias))


def has_query(alias: str) -> bool:
    """Whether an old address asks with a query (``?p=309``), which no file can stand for."""
    return "?" in alias


def redirect_pages(
    catalog: Catalog, site_url: str, language: str, words: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Every published column's old addresses: the path of each page in the site, and the page."""
    moved = translations(language, words).gettext("This column has moved to %(link)s.")
    pages = {}
    for post in catalog.posts:
        target = catalog.url(post)
        for alias in post.aliases:
            if has_query(alias):
                continue  # in _redirects and the home page's script instead
            dest = alias_dest(alias)
            if same_page(alias, target):
                continue  # the column lives at its old address: no redirect over it
            relative = posixpath.relpath(target or ".", posixpath.dirname(dest) or ".")
            if target.endswith("/") and not relative.endswith("/"):
                relative += "/"
            pages[dest] = REDIRECT_PAGE.format(
                language=html.escape(language),
                title=html.escape(post.title),
                absolute=html.escape(site_url + target),
                relative=html.escape(relative),
                moved=moved % {"link": f'<a href="{html.escape(relative)}">{html.escape(post.title)}</a>'},
            )
    return pages


def redirect_rules(catalog: Catalog, site_url: str) -> str:
    """The ``_redirects`` file: one line per old address, ``/old /new 301``, queries as ``/ p=309 /new 301``.

    Every part is percent-escaped, so a space, a tab or a ``#`` in an address cannot split a rule or
    start a comment; rules come in the order of the columns, so the same posts give the same bytes.
    """
    base = urllib.parse.urlsplit(site_url).path.rstrip("/")
    lines = []
    for post in catalog.posts:
        target = _rule_part(f"{base}/{catalog.url(post)}")
        for alias in post.aliases:
            path, _, query = alias.partition("?")
            if not has_query(alias) and same_page(alias, catalog.url(post)):
                continue
            words = [_rule_part(f"{base}/{path}")]
            for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
                words.append(f"{_rule_part(name)}={_rule_part(value)}")
            lines.append(" ".join([*words, target, "301"]))
    return "".join(line + "\n" for line in lines)


def _rule_part(text: str) -> str:
    return urllib.parse.quote(text, safe=RULE_SAFE)


def home_queries(catalog: Catalog) -> dict[str, str]:
    """The home page's old query addresses (``?p=309``), each with its column relative to the home page."""
    found = {}
    for post in catalog.posts:
        for alias in post.aliases:
            path, _, query = alias.partition("?")
            if has_query(alias) and path.strip("/") in ("", "index.html", "index.php"):
                found.setdefault(query, catalog.url(post) or "./")
    return found


#: Sends a reader who arrives at the home page with an old query on to the column; every
#: parameter of the old address must be there, others (``utm_source``) may be added.
HOME_SCRIPT = (
    "<script>(function () {"
    "var data = document.getElementById('columnist-old-addresses');"
    "var asked = new URLSearchParams(location.search);"
    "if (!data || !location.search) return;"
    "var table = JSON.parse(data.textContent);"
    "for (var query in table) {"
    "var wanted = new URLSearchParams(query), all = true;"
    "wanted.forEach(function (value, name) { if (asked.get(name) !== value) all = false; });"
    "if (all) { location.replace(new URL(table[query], location.href.split('?')[0]).href); return; }"
    "}})()</script>"
)


def home_script(catalog: Catalog) -> str:
    """The data and the script for the home page, or nothing when no column has an old query address.

    The data is JSON whose ``<``, ``>`` and ``&`` are escaped, so an old address cannot close the element.
    """
    queries = home_queries(catalog)
    if not queries:
        return ""
    data = json.dumps(queries, ensure_ascii=True, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="columnist-old-addresses">{data}</script>' + HOME_SCRIPT
