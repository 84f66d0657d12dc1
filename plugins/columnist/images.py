"""A column's own image (front matter ``image``), as its page, the lists and the feeds show it.

The lists show it as a thumbnail with its real width and height, read from the file, so the page
does not jump as images arrive; an image on another host gets no size rather than a guessed one.
Nothing here knows MkDocs.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

import lxml.html
from PIL import Image, UnidentifiedImageError

from columnist.post import Post


@dataclass(frozen=True)
class ColumnImage:
    """Where a column's image is (from the site root, or a full URL), what it shows, and its size."""

    src: str
    alt: str
    width: int | None = None
    height: int | None = None

    @property
    def remote(self) -> bool:
        return "://" in self.src

    def href(self, root: str) -> str:
        """The address from a page whose way to the site root is ``root``.

        >>> ColumnImage("posts/a.jpg", "A").href("../../")
        '../../posts/a.jpg'
        >>> ColumnImage("https://cdn.ex/a.jpg", "A").href("../")
        'https://cdn.ex/a.jpg'
        """
        return self.src if self.remote else root + self.src


def column_image(post: Post, posts_prefix: str) -> ColumnImage | None:
    """The column's image, sized from its file when it is one beside the column."""
    if not post.image:
        return None
    if "://" in post.image:
        return ColumnImage(post.image, post.title)
    folder = posixpath.dirname(post.relative)
    src = quote(posixpath.normpath(posixpath.join(posts_prefix + folder, post.image)))
    width, height = _size_of(post)
    return ColumnImage(src, post.title, width, height)


def _size_of(post: Post) -> tuple[int | None, int | None]:
    try:
        with Image.open(post.source.parent / str(post.image)) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        # The catalog names a missing image; a file Pillow cannot read still shows, unsized.
        return None, None


def image_html(src: str, alt: str) -> str:
    """The image as a paragraph for the top of a feed's content, escaped by the HTML library.

    >>> image_html("https://ex.org/a.jpg?x=1&y=2", 'Say "hi" <now>')
    '<p><img src="https://ex.org/a.jpg?x=1&amp;y=2" alt=\\'Say "hi" &lt;now&gt;\\'></p>'
    """
    paragraph = lxml.html.Element("p")
    paragraph.append(lxml.html.Element("img", src=src, alt=alt))
    return lxml.html.tostring(paragraph, encoding="unicode")
