"""Web-address names (slugs) for titles, categories, tags and authors."""

from __future__ import annotations

from slugify import slugify as _slugify


def slugify(text: str) -> str:
    """An ASCII, lower-case, hyphenated slug that stays the same from build to build.

    >>> slugify("Tips & Tricks")
    'tips-tricks'
    >>> slugify("Café au lait, s'il vous plaît")
    'cafe-au-lait-sil-vous-plait'
    """
    return _slugify(text, lowercase=True, max_length=80, word_boundary=True, replacements=[["'", ""], ["’", ""]])
