"""Clashes between the columns' addresses and the site's other pages, found before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from columnist.catalog import Catalog
from columnist.listings import Listing, url_of
from columnist.problems import Problem
from columnist.redirects import alias_dest
from columnist.structure import dest_uri_for


def output_collisions(
    catalog: Catalog, listings: list[Listing], config: MkDocsConfig, extra_paths: list[str]
) -> list[Problem]:
    """Columns or old addresses that would be written where another page already goes.

    Found before the build starts, from the catalog and a walk of ``docs/``, so the last
    good site is still in place when there is a clash.
    """
    taken: dict[str, str] = {}  # dest (lower case) -> what goes there
    docs_dir = Path(config.docs_dir)
    for folder, subfolders, names in os.walk(docs_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            relative = Path(folder, name).relative_to(docs_dir).as_posix()
            file = File(relative, src_dir=str(docs_dir), dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls)  # fmt: skip
            taken.setdefault(file.dest_uri.lower(), f"docs/{relative}")
    for listing in listings:
        dest = dest_uri_for(url_of(listing.src_uri).removeprefix("./"))
        if dest != "index.html":  # docs/index.md is the home page by design
            taken.setdefault(dest.lower(), f"the {listing.kind} page {url_of(listing.src_uri)}")
    for path in extra_paths:
        taken.setdefault(path.lower(), path)
    problems = []
    for post in catalog.posts:
        dest = dest_uri_for(catalog.url(post))
        if dest.lower() in taken:
            problems.append(
                Problem(
                    post.path,
                    post.line_of("slug") if "slug" in post.lines else post.line_of("title"),
                    "slug",
                    f"the web address {catalog.url(post)} is already taken by {taken[dest.lower()]}",
                )
            )
        else:
            taken[dest.lower()] = post.path
        for alias in post.aliases:
            dest = alias_dest(alias)
            if dest.lower() in taken and taken[dest.lower()] != post.path:
                problems.append(
                    Problem(
                        post.path,
                        post.line_of("aliases"),
                        "aliases",
                        f"the old address /{alias} is already taken by {taken[dest.lower()]}",
                    )
                )
    return problems  # fmt: skip
