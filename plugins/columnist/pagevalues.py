"""What a page's templates are given, as plain values: the part of its key that changes from page to page.

MkDocs hands the templates its own objects (the page, the navigation, files, the table of contents)
and Columnist its views; each is described here by everything a template can read of it, as JSON
values. What has no such description is ``Unhashable``, and that page is not kept.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import PurePath
from typing import Any

from babel import Locale
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from columnist.buildcache import Unhashable, key_of


class PlainValues:
    """Plain values (for JSON) of everything a template can read of a value; Unhashable when unknown.

    A frozen dataclass (a column, a list page's entry) is described once a build, by the hash of
    its fields: list pages show the same columns many times over.
    """

    def __init__(self) -> None:
        self.frozen: dict[int, tuple[Any, str]] = {}  # id -> (the value, kept alive; its hash)
        self.unread_of_page: frozenset[str] = frozenset()  # what no template reads of the page shown
        self.fields: dict[type, tuple[str, ...]] = {}

    def seen_from(self, value: Any, page: Page) -> Any:
        if value is page:
            return {
                name: self(item)
                for name, item in sorted(vars(page).items())
                if name not in self.unread_of_page
            }
        if isinstance(value, Navigation):
            return {
                "items": [self.nav_item(item) for item in value.items],
                "homepage": None if value.homepage is None else self.other_page(value.homepage),
                "pages": [item.file.src_uri for item in value.pages],
            }
        return self(value)

    def other_page(self, page: Page) -> list[Any]:
        return [page.file.src_uri, page.url, page.title, page.active, self(page.meta)]

    def nav_item(self, item: Any) -> Any:
        if isinstance(item, Page):
            return self.other_page(item)
        if isinstance(item, Section):
            return ["section", item.title, item.active, [self.nav_item(child) for child in item.children]]
        if isinstance(item, Link):
            return ["link", item.title, item.url]
        raise Unhashable(repr(item))

    def __call__(self, value: Any) -> Any:
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, (list, tuple)):
            return [self(item) for item in value]
        if type(value) is dict:
            return [[self(key), self(item)] for key, item in value.items()]
        if hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type):
            return self.dataclass(value)
        if isinstance(value, Mapping):
            # Mapping.items, not value.items: an option of a config may be called "items".
            return [[self(key), self(item)] for key, item in Mapping.items(value)]
        return self.other(value)

    def dataclass(self, value: Any) -> Any:
        kind = type(value)
        frozen = kind.__dataclass_params__.frozen
        if frozen and id(value) in self.frozen:
            return self.frozen[id(value)][1]
        names = self.fields.get(kind)
        if names is None:
            names = self.fields[kind] = tuple(field.name for field in dataclasses.fields(value))
        described = [kind.__qualname__, *(self(getattr(value, name)) for name in names)]
        if not frozen:
            return described
        digest = key_of(json.dumps(described, ensure_ascii=False))
        self.frozen[id(value)] = (value, digest)
        return digest

    def other(self, value: Any) -> Any:
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        if isinstance(value, PurePath):
            return f"path {value}"
        if isinstance(value, Enum):
            return f"{type(value).__qualname__}.{value.name}"
        if isinstance(value, Page):
            return self.other_page(value)
        if isinstance(value, (Section, Link)):
            return [self.nav_item(value), self(value.parent)]
        if isinstance(value, File):
            page = value.page if isinstance(value.page, Page) else None
            return [
                value.src_uri,
                value.dest_uri,
                value.url,
                value.inclusion.name,
                value.generated_by,
                None if page is None else self.other_page(page),
            ]
        if isinstance(value, TableOfContents):
            return ["toc", *(self(item) for item in value)]
        if isinstance(value, AnchorLink):
            return [value.level, value.id, value.title, [self(child) for child in value.children]]
        if isinstance(value, (set, frozenset)):
            return sorted(json.dumps(self(item), ensure_ascii=False) for item in value)
        if isinstance(value, Locale):
            return f"Locale {value}"
        if callable(value) and hasattr(value, "__qualname__"):
            return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
        raise Unhashable(repr(value)[:80])
