"""Where a column's links lead, and the column rendered with them, for everything outside MkDocs' build.

MkDocs resolves a column's links while it builds the site: a link to another column's
``.md`` file becomes that column's page, a link to ``../docs/guide/README.md`` becomes
``guide/``, a file beside the columns is published under the posts folder's name. The
feeds of ``columnist publish`` and the email edition render columns without MkDocs:
both use the one resolver and the one Markdown renderer here, so a link leads to the
same address on the site, in every feed and in the email.

``SiteLinks`` is the one plain value describing how a site links and renders.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from columnist.catalog import Catalog
from columnist.folders import relative_files
from columnist.post import Post

if TYPE_CHECKING:
    from columnist.settings import Settings

#: The names MkDocs gives a folder's own page, in the order it prefers them.
INDEX_NAMES = ("index.md", "README.md")


@dataclass(frozen=True)
class SiteLinks:
    """How a site links and renders: its address, its folders and its Markdown, as plain values."""

    url: str  # the site's address, ending in "/"
    posts_dir: Path
    docs_dir: Path
    posts_prefix: str = "posts/"  # where files beside the columns are published, relative to ``url``
    use_directory_urls: bool = True
    markdown_extensions: tuple[Any, ...] = ()  # names or Extension objects, as MkDocs hands them over
    mdx_configs: Mapping[str, Any] = field(default_factory=dict)


def site_links(settings: Settings) -> SiteLinks:
    """The links of the site ``mkdocs.yml`` describes."""
    return SiteLinks(
        url=settings.site_url,
        posts_dir=settings.posts_dir,
        docs_dir=settings.docs_dir,
        posts_prefix=f"{settings.posts_dir.name}/",
        use_directory_urls=settings.use_directory_urls,
        markdown_extensions=tuple(settings.markdown_extensions),
        mdx_configs=dict(settings.mdx_configs),
    )


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The address MkDocs gives the page of a Markdown file in ``docs/``, relative to the site.

    >>> page_url("about.md"), page_url("index.md"), page_url("guide/README.md"), page_url("help/index.md")
    ('about/', '', 'guide/', 'help/')
    >>> page_url("a.md", False), page_url("guide/README.md", False)
    ('a.html', 'guide/index.html')
    """
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if use_directory_urls:
            return f"{folder}/" if folder else ""
        return posixpath.join(folder, "index.html")
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def dest_for(url: str) -> str:
    """The file a page with address ``url`` is written to, relative to the site folder.

    >>> dest_for("2024/03/06/x/"), dest_for(""), dest_for("2019/old.html")
    ('2024/03/06/x/index.html', 'index.html', '2019/old.html')
    """
    if url.endswith(".html"):
        return url
    return posixpath.join(url, "index.html") if url else "index.html"


def page_dest(src_uri: str, use_directory_urls: bool = True) -> str:
    """The file MkDocs writes for a file of ``docs/``, relative to the site folder.

    >>> page_dest("about.md"), page_dest("guide/README.md"), page_dest("a.png"), page_dest("a.md", False)
    ('about/index.html', 'guide/index.html', 'a.png', 'a.html')
    """
    return dest_for(page_url(src_uri, use_directory_urls)) if src_uri.endswith(".md") else src_uri


def docs_files(docs_dir: Path) -> set[str]:
    """The files of ``docs/`` MkDocs publishes, ``/`` between folders; a README beside an index is not one."""
    found = set(relative_files(docs_dir)) if docs_dir.is_dir() else set()
    # MkDocs leaves a README.md out when an index.md shares its folder.
    return {
        path
        for path in found
        if posixpath.basename(path) != "README.md"
        or posixpath.join(posixpath.dirname(path), "index.md") not in found
    }


class Links:
    """Where the links of the columns of one catalog lead on the site, as MkDocs resolves them.

    ``drafts`` lets links lead to columns not yet published, at the address they will have:
    the email edition previews a draft that names another.
    """

    def __init__(self, catalog: Catalog, site: SiteLinks, drafts: bool = False) -> None:
        self.catalog = catalog
        self.site = site
        posts = (*catalog.posts, *catalog.held_back) if drafts else catalog.posts
        self.columns = {self.in_tree(post): catalog.url(post) for post in posts}
        self.docs = docs_files(site.docs_dir)

    def in_tree(self, post: Post) -> str:
        """Where the column's file sits in the tree MkDocs builds from: under the posts folder's name."""
        return self.site.posts_prefix + post.relative

    def resolve(self, value: str, post: Post) -> str:
        """The absolute address a link of ``post`` leads to; what is not a file of the site stays as is."""
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or value.startswith(("/", "#")):
            return value
        folder = posixpath.dirname(self.in_tree(post))
        target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        if target in self.columns:
            url = self.columns[target]
        elif target in self.docs:
            url = quote(page_url(target, self.site.use_directory_urls) if target.endswith(".md") else target)
        elif target.startswith(self.site.posts_prefix) and (self.site.posts_dir.parent / target).is_file():
            url = quote(target)
        else:
            return value
        return urlunsplit(("", "", self.site.url + url, parts.query, parts.fragment))

    def render(self, post: Post) -> str:
        """The column's HTML as MkDocs renders it with the site's Markdown extensions, links resolved."""
        renderer = markdown.Markdown(
            extensions=[_LinksExtension(lambda value: self.resolve(value, post)),
                        *self.site.markdown_extensions],
            extension_configs={name: dict(options) for name, options in self.site.mdx_configs.items()},
        )  # fmt: skip
        source = point_links_into_docs(post.body, self.in_tree(post), self.site.posts_dir, self.site.docs_dir)
        return renderer.convert(source)


class _LinksTreeprocessor(Treeprocessor):
    """Links and images of a column pointed at their place in the site, as MkDocs' own link processor does."""

    def __init__(self, md: markdown.Markdown, resolve: Any) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: Element) -> None:
        for element in root.iter():
            name = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(name) if name else None
            if name and value:
                element.set(name, self.resolve(value))


class _LinksExtension(Extension):
    def __init__(self, resolve: Any) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # MkDocs registers its link processor at this priority, after the inline patterns.
        md.treeprocessors.register(_LinksTreeprocessor(md, self.resolve), "columnist_links", 0)


def point_links_into_docs(markdown: str, post_uri: str, posts_dir: Path, docs_dir: Path) -> str:
    """Let a column link to a page as the file sits on disk (``../docs/about.md``).

    MkDocs resolves links inside its own tree, where the posts folder sits beside the
    docs pages (``../about.md``); an author's editor sees ``docs/`` as a folder of its own.

    >>> point_links_into_docs("[a](../docs/about.md)", "posts/x.md", Path("/s/posts"), Path("/s/docs"))
    '[a](../about.md)'
    """
    folder = posixpath.dirname(post_uri)
    on_disk, pattern = _docs_link_pattern(folder, posts_dir, docs_dir)
    if f"{on_disk}/" not in markdown:
        return markdown
    in_tree = posixpath.relpath(".", folder)
    return pattern.sub(lambda match: f"{match.group(1)}{in_tree}/", markdown)


@functools.lru_cache(maxsize=256)
def _docs_link_pattern(folder: str, posts_dir: Path, docs_dir: Path) -> tuple[str, re.Pattern[str]]:
    """How a column in ``folder`` writes the way to ``docs/``, and the links that take it: once per folder."""
    on_disk = Path(posixpath.relpath(docs_dir.as_posix(), (posts_dir.parent / folder).as_posix())).as_posix()
    pattern = re.compile(r"(\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?)" + re.escape(on_disk + "/"), re.MULTILINE)
    return on_disk, pattern
