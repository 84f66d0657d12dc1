"""Web-address names (slugs) for titles, categories, tags and authors."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from slugify import slugify as _slugify


# Slugs are pure and asked for again and again (a category on every column): worth remembering.
@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """An ASCII, lower-case, hyphenated slug that stays the same from build to build.

    >>> slugify("Tips & Tricks")
    'tips-tricks'
    >>> slugify("Café au lait, s'il vous plaît")
    'cafe-au-lait-sil-vous-plait'
    """
    return _slugify(
        text, lowercase=True, max_length=80, word_boundary=True, replacements=[["'", ""], ["’", ""]]
    )


@lru_cache(maxsize=65536)
def name_slug(name: str) -> str:
    """The slug of a category, tag or author name; one with no letters or digits gets a stable code.

    >>> name_slug("Client Care"), name_slug("🎉")
    ('client-care', 'n-c20dbb2b')
    """
    return slugify(name) or "n-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
