"""A column's picture as a list shows it: where it is, and its real size so the page does not jump.

Nothing here knows MkDocs; the size is read from the file itself, never guessed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import lxml.html
from PIL import Image, UnidentifiedImageError

from columnist.urls import scheme_of


@dataclass(frozen=True)
class Picture:
    """``src`` is an address on another site (``remote``) or relative to the site root."""

    src: str
    remote: bool
    width: int | None = None
    height: int | None = None


def size_of(image: Path) -> tuple[int, int] | None:
    """The image's width and height in pixels, or ``None`` when the file is no image Pillow reads."""
    try:
        with Image.open(image) as opened:
            return opened.size
    except (OSError, UnidentifiedImageError):
        return None


def picture_of(image: str | None, source: Path, relative: str, posts_prefix: str) -> Picture | None:
    """A column's ``image`` (named relative to the column, or an address), with its size when known.

    An image on another site has no size we know: it gets none rather than a wrong one.
    """
    if not image:
        return None
    if scheme_of(image) is not None:
        return Picture(image, remote=True)
    folder = posixpath.dirname(relative)
    src = quote(posixpath.normpath(posixpath.join(posts_prefix + folder, image)))
    size = size_of(source.parent / image)
    return Picture(src, False, *size) if size else Picture(src, False)


def image_html(src: str, alt: str) -> str:
    """The image as a paragraph for the top of a feed's content, escaped by the HTML library.

    >>> image_html("https://ex.org/a.jpg?x=1&y=2", 'Say "hi" <now>')
    '<p><img src="https://ex.org/a.jpg?x=1&amp;y=2" alt=\\'Say "hi" &lt;now&gt;\\'></p>'
    """
    paragraph = lxml.html.Element("p")
    paragraph.append(lxml.html.Element("img", src=src, alt=alt))
    return lxml.html.tostring(paragraph, encoding="unicode")


def default_address(image: str | None, site_url: str) -> str | None:
    """The absolute address of the site's ``image`` option (docs-relative, or a web address).

    >>> default_address("images/cover.jpg", "https://ex.org/"), default_address(None, "https://ex.org/")
    ('https://ex.org/images/cover.jpg', None)
    """
    if not image:
        return None
    return image if scheme_of(image) is not None else site_url + quote(image.lstrip("/"))


def missing_default(image: str | None, docs_dir: Path) -> str | None:
    """What is wrong with the ``image`` option, when it names a file the docs folder does not hold."""
    if not image or scheme_of(image) is not None or (docs_dir / image.lstrip("/")).is_file():
        return None
    return f"'{image}' does not exist in the docs folder; put the picture there or give its web address"
