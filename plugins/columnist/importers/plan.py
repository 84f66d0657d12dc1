"""Before anything is written: which columns are new, the file and the address each one gets.

A column whose ``guid`` is already in the posts folder is skipped; a file name that is taken
gets ``-2``, ``-3``; two columns that would live at one address (the same title on the same
day) get a ``slug`` each, so the site builds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path

from columnist.catalog import post_url
from columnist.dates import as_aware
from columnist.importers import text
from columnist.importers.addresses import add_targets
from columnist.importers.folder import old_address_key, same_day_title
from columnist.importers.model import Column
from columnist.post import Post
from columnist.slugs import name_slug, slugify


@dataclass(frozen=True)
class Settings:
    """Where columns go and how the site reads them."""

    project_dir: Path  # the folder of mkdocs.yml: paths in messages are relative to it
    posts_dir: Path
    zone: tzinfo
    post_url: str = "{year}/{month}/{day}/{slug}/"
    authors: Mapping[str, object] = field(default_factory=dict)  # the site's author keys; empty = any


@dataclass(frozen=True)
class Planned:
    """A column to write, the file name it gets and its title."""

    column: Column
    name: str  # relative to the posts folder
    slug: str | None  # written as ``slug`` when the name or the address needed a number to be free
    title: str  # the old title as text, or its first words when it had none


@dataclass
class Plan:
    """Every column to write, and where each old address now leads."""

    planned: list[Planned] = field(default_factory=list)
    targets: dict[str, str] = field(default_factory=dict)  # an old address (address_key) -> its file
    skipped: int = 0
    deleted: int = 0  # imported once, then deleted by the author: left out
    known: list[Planned] = field(default_factory=list)  # columns already here, named by their file


def make_plan(
    columns: Sequence[Column],
    settings: Settings,
    existing: Mapping[str, tuple[str, bool]],
    taken: set[str],
    imported: Mapping[str, object] | None = None,
) -> Plan:
    """The columns not in the posts folder yet (``existing``: guid -> file, draft), oldest first.

    ``taken`` holds the file names already in the posts folder, in lower case; ``imported`` the
    record of earlier imports (guid -> file): one of those no longer in the folder was deleted.
    """
    plan = Plan()
    addresses: set[str] = set()
    seen: set[str] = set()
    for column in unique_guids(
        sorted(columns, key=lambda column: (local(column, settings.zone), column.guid))
    ):
        by_day = same_day_title(f"{local(column, settings.zone):%Y-%m-%d}", title_of(column, settings.zone))
        known = existing.get(column.guid) or existing.get(by_day) or _by_old_address(column, existing)
        if not known and column.guid in (imported or {}):
            plan.deleted += 1
            continue
        if known or column.guid in seen:
            plan.skipped += 1
            here, draft = known or ("", True)
            if known and column.guid not in seen:
                seen.add(column.guid)
                plan.known.append(Planned(column, here, None, title_of(column, settings.zone)))
            if not draft:
                add_targets(plan.targets, column, here)
            continue
        seen.add(column.guid)
        title = title_of(column, settings.zone)
        slug = slugify(column.slug) or slugify(title) or "column"
        stem = f"{local(column, settings.zone):%Y-%m-%d}-{slug}"
        name, number = f"{stem}.md", 1
        while name.lower() in taken:
            number += 1
            name = f"{stem}-{number}.md"
        taken.add(name.lower())
        written = _free_address(
            column, settings, title, f"{slug}-{number}" if number > 1 else None, addresses
        )
        plan.planned.append(Planned(column, name, written, title))
        if not column.draft:
            add_targets(plan.targets, column, name)
    return plan


def _by_old_address(column: Column, existing: Mapping[str, tuple[str, bool]]) -> tuple[str, bool] | None:
    """The column already here that lists one of ``column``'s old addresses among its aliases."""
    for address in (column.link, *column.other_links):
        key = old_address_key(address) if address else None
        if key and key in existing:
            return existing[key]
    return None


def _free_address(
    column: Column, settings: Settings, title: str, slug: str | None, addresses: set[str]
) -> str | None:
    """The ``slug`` to write so that the column's new address is its own (None: the title's will do)."""
    base = slug or slugify(title) or "column"
    candidate, number = slug, 1
    while (address := new_address(column, settings, candidate or base).lower()) in addresses:
        number += 1
        candidate = f"{base}-{number}"
    addresses.add(address)
    return candidate


def new_address(column: Column, settings: Settings, slug: str, categories: Sequence[str] = ()) -> str:
    """Where the site will publish ``column`` under ``slug`` (empty when ``post_url`` cannot say)."""
    post = Post(
        path="", source=Path(), relative="", title=slug, body="",
        date=local(column, settings.zone), slug=slug,
        categories=tuple(categories or clean_names(column.categories)),
    )  # fmt: skip
    try:
        return post_url(settings.post_url, post)
    except (KeyError, ValueError, IndexError):
        return ""


def title_of(column: Column, zone: tzinfo) -> str:
    """The column's title as one line of text: the old one, else its first words, else a dated one."""
    return text.one_line(column.title) or first_words(column) or f"Untitled ({local(column, zone):%Y-%m-%d})"


def first_words(column: Column) -> str:
    """The first words of a column's text, for a title it lacks."""
    words = re.sub(r"\[/?[A-Za-z_][\w-]*[^\]]*\]", " ", column.html)
    return text.first_words(text.paragraph_text(words))


def unique_guids(columns: Sequence[Column]) -> list[Column]:
    """Columns with a ``guid`` of their own: an old blog sometimes gave two posts the same one
    (a copied post, a migration); the later post then takes its old address as its guid."""
    counted = Counter(column.guid for column in columns)
    used: set[str] = set()
    unique = []
    for column in columns:
        guid = column.guid
        if counted[guid] > 1 and guid in used:
            guid = column.link if column.link and column.link not in counted else guid
            number = 2
            while guid in used or (guid != column.link and guid in counted):
                guid, number = f"{column.guid}#{number}", number + 1
            column = replace(column, guid=guid, shared_guid=True)
        used.add(guid)
        unique.append(column)
    return unique


def spellings(planned: Sequence[Planned]) -> dict[str, dict[str, str]]:
    """One spelling per category (and per tag) page, so "client care" and "Client Care" do not ask
    for the same page twice: the spelling most columns use, else the first met."""
    counted: dict[str, Counter[str]] = {"categories": Counter(), "tags": Counter()}
    for item in planned:
        for kind, names in counted.items():
            names.update(clean_names(getattr(item.column, kind)))
    found: dict[str, dict[str, str]] = {"categories": {}, "tags": {}}
    for kind, names in counted.items():
        for name, _ in names.most_common():
            found[kind].setdefault(name_slug(name), name)
    return found


def clean_names(names: Iterable[str]) -> list[str]:
    """Category or tag names as one line of text each, the empty ones left out."""
    return [cleaned for cleaned in (text.one_line(name) for name in names) if cleaned]


def local(column: Column, zone: tzinfo) -> datetime:
    """The column's date in the site's zone."""
    return as_aware(column.date, zone)
