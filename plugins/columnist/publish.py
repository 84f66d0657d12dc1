"""Feeds for a site built by anything else: what the plugin writes that needs no theme.

A site built by Zensical, or by MkDocs without the plugin, still gets Columnist's feeds,
podcast, audio files and redirect pages: the columns are rendered with the site's own
Markdown extensions and their links resolved as MkDocs resolves them (``columnist.links``),
so the feeds come out as the plugin writes them.

The site folder is never left half-published: everything is written into a copy of it
beside it, which takes its place only when every file is written. An old address that
would replace one of the site's own pages is refused before anything is written.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from columnist import feeds, podcast
from columnist.catalog import Catalog, find_post_files
from columnist.folders import files_under
from columnist.links import Links, SiteLinks, dest_for, docs_files, page_dest
from columnist.problems import ColumnistError, Problem
from columnist.redirects import REDIRECTS_FILE, alias_dest, redirect_pages, redirect_rules
from columnist.rendered import Rendered, excerpt_of
from columnist.staging import StagedSite

#: How the start of a redirect page reads, ours or another tool's: such a page may be replaced.
_REDIRECT_MARK = b'http-equiv="refresh"'


@dataclass(frozen=True)
class SiteLayout:
    """How the site links and renders, and the language its redirect pages are in."""

    links: SiteLinks
    language: str = "en"
    words: Mapping[str, str] = field(default_factory=dict)  # the columnist's own words for labels


def render(catalog: Catalog, links: SiteLinks) -> dict[str, Rendered]:
    """Every published column's HTML and excerpt, by the column's path, as the plugin's build has them."""
    resolver = Links(catalog, links)
    return {post.path: excerpt_of(post, resolver.render(post)) for post in catalog.posts}


def publish(
    catalog: Catalog,
    layout: SiteLayout,
    site: feeds.SiteInfo,
    options: feeds.FeedOptions,
    podcast_settings: podcast.PodcastSettings,
    site_dir: Path,
) -> list[str]:
    """Write the feeds, the podcast, the files beside the columns and the redirect pages into ``site_dir``.

    Raises ``ColumnistError`` (and writes nothing) when an old address would replace a page
    of the site; an ``OSError`` while writing leaves ``site_dir`` as it was.
    """
    rendered = render(catalog, layout.links)
    made = feeds.FeedItems(catalog, rendered, site)
    outputs: dict[str, bytes] = dict(feeds.render_feeds(catalog, rendered, site, options, made))
    if podcast.episodes(catalog):
        outputs[podcast.PODCAST_PATH] = podcast.render_podcast(
            catalog, rendered, site, podcast_settings, made
        )
    clashes = alias_clashes(catalog, layout.links, list(outputs), site_dir)
    if clashes:
        raise ColumnistError(clashes)
    for dest, page in redirect_pages(catalog, site.url, layout.language, layout.words).items():
        outputs[dest] = page.encode("utf-8")
    rules = redirect_rules(catalog, site.url)
    if rules:  # old addresses with a query (/?p=309), for hosts that read _redirects
        outputs[REDIRECTS_FILE] = rules.encode("utf-8")
    copies = {
        layout.links.posts_prefix + source.relative_to(layout.links.posts_dir).as_posix(): source
        for source in _files_beside_columns(layout.links.posts_dir)
    }
    _write_all(site_dir, outputs, copies)
    return sorted([*outputs, *copies])


def alias_clashes(catalog: Catalog, links: SiteLinks, outputs: list[str], site_dir: Path) -> list[Problem]:
    """Old addresses that would be written over a page of the site, where the plugin's build refuses them too.

    Taken are the home page, every page and file of ``docs/``, every column's own address
    and the feeds; and any file already in the site folder that is not a redirect page.
    """
    taken = {"index.html": "the home page"}
    for path in sorted(docs_files(links.docs_dir)):
        taken.setdefault(page_dest(path, links.use_directory_urls).lower(), f"{links.docs_dir.name}/{path}")
    for post in catalog.posts:
        taken.setdefault(dest_for(catalog.url(post)).lower(), post.path)
    for path in outputs:
        taken.setdefault(path.lower(), path)
    problems = []
    for post in catalog.posts:
        own = dest_for(catalog.url(post)).lower()
        for alias in post.aliases:
            dest = alias_dest(alias)
            holder = taken.get(dest.lower()) if dest.lower() != own else None
            if holder is None and _is_a_page(site_dir / dest):
                holder = f"{dest} in the site folder"
            if holder is not None:
                message = f"the old address /{alias} is already taken by {holder}"
                problems.append(Problem(post.path, post.line_of("aliases"), "aliases", message))
    return problems


def _is_a_page(path: Path) -> bool:
    """A file of the site that is not a redirect page (which publishing again may replace)."""
    if not path.is_file():
        return False
    with path.open("rb") as stream:
        return _REDIRECT_MARK not in stream.read(4096)


def _files_beside_columns(posts_dir: Path) -> list[Path]:
    columns = set(find_post_files(posts_dir))
    return [path for path in files_under(posts_dir) if path not in columns]


def _write_all(site_dir: Path, outputs: dict[str, bytes], copies: dict[str, Path]) -> None:
    """Write into a copy of ``site_dir`` beside it, and put the copy in its place only when it is whole."""
    staged = StagedSite(site_dir)
    staging = staged.begin()
    try:
        # Hard links make the copy cheap; every file written below replaces its link, never writes through it.
        shutil.copytree(site_dir, staging, symlinks=True, dirs_exist_ok=True, copy_function=_link_or_copy)
        for path, data in outputs.items():
            _fresh(staging / path).write_bytes(data)
        for path, source in copies.items():
            shutil.copy2(source, _fresh(staging / path))
    except BaseException:
        staged.abandon()
        raise
    staged.commit()


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _fresh(path: Path) -> Path:
    """``path`` with no file at it, its folder made: ready to be written anew."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        path.unlink()
    return path
