"""What a column's rendered HTML gives list pages and feeds: its excerpt, and links that work elsewhere.

MkDocs renders each column once; everything here works on that HTML, so no Markdown
is ever rendered twice.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html

from columnist.post import Post

MORE_MARKER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
#: Stands for "the site root, as seen from the page showing this" in excerpts until a page is known.
#: The ".invalid" top-level domain is reserved: no real link can point there.
ROOT = "https://columnist-root.invalid/"
URL_ATTRIBUTES = ("href", "src", "poster", "data")


@dataclass(frozen=True)
class Rendered:
    """A column's HTML as MkDocs rendered it, and its excerpt, both as of its own page."""

    html: str
    excerpt: str
    has_more: bool  # the excerpt is shorter than the column


def render_summary(summary: str) -> str:
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", summary) if part.strip()]
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)


def excerpt_of(post: Post, content: str) -> Rendered:
    """The excerpt: ``summary``, else what comes before ``<!-- more -->``, else the first paragraph."""
    if post.summary:
        return Rendered(content, render_summary(post.summary), True)
    marker = MORE_MARKER.search(content)
    if marker:
        return Rendered(content, content[: marker.start()].strip(), True)
    first = _first_paragraph(content)
    return Rendered(content, first, first.strip() != content.strip())


def _first_paragraph(content: str) -> str:
    if not content.strip():
        return ""
    # Most columns open with their first paragraph: parse up to its end, and the whole column
    # only when that holds no paragraph of its own (one inside a quote or a list does not count).
    end = content.find("</p>")
    for head in ([content[: end + 4]] if end >= 0 else []) + [content]:
        for element in lxml.html.fragments_fromstring(head):
            if isinstance(element, lxml.html.HtmlElement) and element.tag == "p":
                return lxml.html.tostring(element, encoding="unicode", with_tail=False)
    return ""


def is_relative(url: str) -> bool:
    """A URL that means something only on the page it sits on (not ``https:``, ``mailto:``, ``//host``)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("/")


def rebase(fragment: str, page_url: str, base: str) -> str:
    """Make every relative URL of ``fragment`` (written for ``page_url``) start at ``base``.

    ``base`` is the site's address for feeds (absolute links), or ``ROOT`` for excerpts
    that list pages will show.

    >>> rebase('<a href="../x/">x</a> <a href="#top">t</a>', "2024/03/06/col/", "https://ex.org/")
    '<a href="https://ex.org/2024/03/06/x/">x</a> <a href="https://ex.org/2024/03/06/col/#top">t</a>'
    """
    if not fragment.strip() or not any(f"{name}=" in fragment for name in URL_ATTRIBUTES):
        return fragment
    # urljoin needs a real host to resolve "../"; the placeholder one never reaches the output.
    placeholder = "https://columnist.invalid/"
    page = urljoin(placeholder, page_url)
    elements = lxml.html.fragments_fromstring(fragment)
    pieces = []
    for element in elements:
        if isinstance(element, str):
            pieces.append(html.escape(element, quote=False))
            continue
        for node in element.iter():
            if not isinstance(node.tag, str):
                continue
            for name in URL_ATTRIBUTES:
                value = node.get(name)
                if value is not None and is_relative(value.strip()):
                    resolved = urljoin(page, value.strip())
                    node.set(name, base + resolved[len(placeholder) :])
        pieces.append(lxml.html.tostring(element, encoding="unicode"))
    return "".join(pieces)


def place(fragment: str, root: str) -> str:
    """An excerpt rebased on ``ROOT``, placed on a page ``root`` (``../../``) away from the site root."""
    return fragment.replace(ROOT, root)
