"""Old addresses that keep working: a small page at each of a column's ``aliases``.

Each page sends readers on at once (meta refresh), tells search engines where the column
now lives (canonical link), and offers a plain link for everything else.
"""

from __future__ import annotations

import html
import posixpath

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


def alias_dest(alias: str) -> str:
    """Where an old address is written: ``x.html`` stays, ``old/x`` becomes ``old/x/index.html``."""
    return dest_of(alias)


def redirect_pages(catalog: Catalog, site_url: str, language: str) -> dict[str, str]:
    """Every published column's old addresses: the path of each page in the site, and the page."""
    moved = translations(language).gettext("This column has moved to %(link)s.")
    pages = {}
    for post in catalog.posts:
        target = catalog.url(post)
        for alias in post.aliases:
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
