"""The search index's sections of each page, kept in the build cache by what they are made from.

Material's search plugin cuts every page's HTML into sections with Python's HTML parser, every
build, for every page: a tenth of a warm build. The same HTML, table of contents, address and
title give the same sections, so they are looked up first. Only Material's own index is known
here; with any other search, or with Chinese word splitting (jieba, whose dictionaries the key
cannot see), the index is made as usual.
"""

from __future__ import annotations

import sys
from typing import Any

from mkdocs.plugins import PluginCollection
from mkdocs.structure.pages import Page

from columnist.buildcache import BuildCache, Unhashable, key_of, version_of
from columnist.rendercache import token_of

KIND = "search"
MATERIAL_SEARCH = "material.plugins.search.plugin"
#: What Material's index reads of a page's front matter.
META_READ = ("search", "title", "tags")


def use_cache(plugins: PluginCollection, cache: BuildCache) -> None:
    """Give Material's search index, made anew each build, a way in that looks in the cache first."""
    plugin = plugins.get("material/search")
    module = sys.modules.get(MATERIAL_SEARCH)
    index = getattr(plugin, "search_index", None)
    if (
        module is None
        or type(plugin).__module__ != MATERIAL_SEARCH
        or getattr(module, "jieba", None) is not None
        or not isinstance(getattr(index, "entries", None), list)
        or not callable(getattr(index, "add_entry_from_context", None))
    ):
        return
    shared = key_of(version_of("mkdocs-material"), version_of("mkdocs"), dict(index.config))
    original = index.add_entry_from_context

    def add_entry_from_context(page: Page) -> None:
        try:
            key = key_of(
                shared,
                page.url,
                page.title,
                page.content or "",
                [token_of(item) for item in page.toc],
                [page.meta.get(name) for name in META_READ],
            )
        except Unhashable:
            original(page)
            return
        entry = cache.read(KIND, key)
        if entry is not None and _valid(entry.get("sections")):
            index.entries.extend(entry["sections"])
            return
        before = len(index.entries)
        original(page)
        made = index.entries[before:]
        if _valid(made):
            # Kept as they are: the index only reads its sections, to write them out at the end.
            cache.write(KIND, key, {"sections": made})

    index.add_entry_from_context = add_entry_from_context


def _valid(sections: Any) -> bool:
    return isinstance(sections, list) and all(
        isinstance(section, dict) and isinstance(section.get("location"), str) for section in sections
    )
