"""Clashes between the columns' addresses and the site's other pages, found before anything is written."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from columnist import addresses
from columnist.catalog import Catalog
from columnist.listings import Listing
from columnist.problems import Problem


def output_collisions(
    catalog: Catalog, listings: list[Listing], config: MkDocsConfig, extra_paths: list[str]
) -> list[Problem]:
    """Columns or old addresses that would be written where another page already goes.

    Found before the build starts, from the catalog and a walk of ``docs/``, so the last
    good site is still in place when there is a clash.
    """
    project_dir = Path(config.config_file_path or ".").resolve().parent
    posts_dir = project_dir / config.plugins["columnist"].config.posts_dir
    outputs = addresses.site_files(posts_dir, Path(config.docs_dir), config.use_directory_urls)
    for listing in listings:
        dest = addresses.dest_of(listing.url.removeprefix("./"))
        outputs.setdefault(dest, f"the {listing.kind} page {listing.url}")
    outputs.update({path: path for path in extra_paths if path not in outputs})
    return addresses.collisions(catalog.posts, catalog.urls, addresses.Taken(outputs))
