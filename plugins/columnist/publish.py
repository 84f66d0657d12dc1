"""Feeds for a site built by anything else: what the plugin writes that needs no theme.

A site built by Zensical, or by MkDocs without the plugin, still gets Columnist's feeds,
podcast, audio files and redirect pages: the columns are rendered here with Python-Markdown
and the Markdown extensions the site names, with links resolved as MkDocs resolves them,
so the feeds come out as the plugin writes them.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from columnist import feeds, podcast
from columnist.catalog import Catalog, find_post_files
from columnist.redirects import redirect_pages
from columnist.rendered import Rendered, excerpt_of, point_links_into_docs


@dataclass(frozen=True)
class SiteLayout:
    """Where things are, and how the site renders Markdown, as plain values from mkdocs.yml."""

    posts_dir: Path
    docs_dir: Path
    extensions: Sequence[Any] = ()  # names or Extension objects, as MkDocs hands them to Python-Markdown
    extension_configs: Mapping[str, Any] = field(default_factory=dict)
    use_directory_urls: bool = True
    language: str = "en"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """A docs page's URL as MkDocs gives it: ``about.md`` -> ``about/``, ``index.md`` -> ``""``.

    >>> page_url("about.md"), page_url("guide/index.md"), page_url("index.md"), page_url("a.md", False)
    ('about/', 'guide/', '', 'a.html')
    """
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


class _Links(Treeprocessor):
    """Links and images of a column pointed at their place in the site, as MkDocs' own link processor does."""

    def __init__(self, md: markdown.Markdown, resolve: Any) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: Element) -> None:
        for element in root.iter():
            name = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(name) if name else None
            if value:
                element.set(name, self.resolve(value))  # type: ignore[arg-type]


class _LinksExtension(Extension):
    def __init__(self, resolve: Any) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # MkDocs registers its link processor at this priority, after the inline patterns.
        md.treeprocessors.register(_Links(md, self.resolve), "columnist_links", 0)


class Renderer:
    """Renders columns as MkDocs renders them in the plugin's site."""

    def __init__(self, catalog: Catalog, layout: SiteLayout, site_url: str) -> None:
        self.catalog = catalog
        self.layout = layout
        self.site_url = site_url
        self.prefix = layout.posts_dir.name
        self.post_urls = {f"{self.prefix}/{post.relative}": catalog.url(post) for post in catalog.posts}
        self.docs_pages = {
            path.relative_to(layout.docs_dir).as_posix()
            for path in layout.docs_dir.rglob("*")
            if path.is_file()
            and not any(part.startswith(".") for part in path.relative_to(layout.docs_dir).parts)
        }

    def resolve(self, value: str, post_uri: str) -> str:
        """The address a link of the column at ``post_uri`` leads to; unknown targets stay as written."""
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or value.startswith(("/", "#")):
            return value
        target = posixpath.normpath(posixpath.join(posixpath.dirname(post_uri), parts.path))
        if target in self.post_urls:
            url = self.post_urls[target]
        elif target in self.docs_pages:
            url = (
                page_url(target, self.layout.use_directory_urls) if target.endswith(".md") else quote(target)
            )
        elif target.startswith(f"{self.prefix}/") and (self.layout.posts_dir.parent / target).is_file():
            url = quote(target)
        else:
            return value
        return urlunsplit(("", "", self.site_url + url, parts.query, parts.fragment))

    def render(self) -> dict[str, Rendered]:
        """Every published column's HTML and excerpt, by the column's path."""
        rendered = {}
        for post in self.catalog.posts:
            post_uri = f"{self.prefix}/{post.relative}"
            md = markdown.Markdown(
                extensions=[_LinksExtension(lambda value, uri=post_uri: self.resolve(value, uri)),
                            *self.layout.extensions],
                extension_configs=dict(self.layout.extension_configs),
            )  # fmt: skip
            source = point_links_into_docs(post.body, post_uri, self.layout.posts_dir, self.layout.docs_dir)
            rendered[post.path] = excerpt_of(post, md.convert(source))
        return rendered


def publish(
    catalog: Catalog,
    layout: SiteLayout,
    site: feeds.SiteInfo,
    options: feeds.FeedOptions,
    podcast_settings: podcast.PodcastSettings,
    site_dir: Path,
) -> list[str]:
    """Write the feeds, the podcast, the files beside the columns and the redirect pages into ``site_dir``."""
    rendered = Renderer(catalog, layout, site.url).render()
    made = feeds.FeedItems(catalog, rendered, site)
    outputs: dict[str, bytes] = dict(feeds.render_feeds(catalog, rendered, site, options, made))
    if podcast.episodes(catalog):
        outputs[podcast.PODCAST_PATH] = podcast.render_podcast(
            catalog, rendered, site, podcast_settings, made
        )
    for dest, page in redirect_pages(catalog, site.url, layout.language).items():
        outputs[dest] = page.encode("utf-8")
    written = []
    for path, data in outputs.items():
        _write(site_dir / path, data)
        written.append(path)
    for source in _files_beside_columns(layout.posts_dir):
        relative = f"{layout.posts_dir.name}/{source.relative_to(layout.posts_dir).as_posix()}"
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        written.append(relative)
    return sorted(written)


def _files_beside_columns(posts_dir: Path) -> list[Path]:
    columns = set(find_post_files(posts_dir))
    found = []
    for folder, subfolders, names in os.walk(posts_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if not name.startswith(".") and path not in columns:
                found.append(path)
    return found


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a reader never fetches half a feed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".columnist-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)
