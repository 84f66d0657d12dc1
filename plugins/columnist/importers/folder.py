"""The posts folder as an import sees it: the columns already there, and new files written safely.

A column whose ``guid``, or whose day and title, is already in the folder is not imported
again, wherever it was moved and however it was edited; a new column is written whole or not at all, and never
over a file that is there.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from columnist.catalog import find_post_files
from columnist.frontmatter import header
from columnist.importers.addresses import address_key
from columnist.post import read_post

#: Temporary files start with a dot and do not end in .md: the plugin never reads them.
TEMPORARY_PREFIX = ".columnist-import-"
_GUID = re.compile(r"^guid\s*:(.*)$")
_ALIASES = re.compile(r"^aliases\s*:(.*)$")
_LIST_ITEM = re.compile(r"^\s*-\s+(.*)$")
_MARKS = re.compile(r"[\W_]+")
_TITLE = re.compile(r"^title\s*:(.*)$")
_DATE = re.compile(r"^date\s*:(.*)$")
_DRAFT = re.compile(r"^draft\s*:\s*(true|yes|on)\s*(#.*)?$", re.IGNORECASE)


def existing_columns(posts_dir: Path) -> dict[str, tuple[str, bool]]:
    """Every ``guid`` in the posts folder -> (its file, relative to the folder; is it a draft).

    Each column's day and title (``same_day_title``) is a key too, so that a column typed by
    hand under an old post's date and title is that post, not a second one.

    Only the front matter's ``guid:`` and ``draft:`` lines are read, so a column with an error
    elsewhere still counts as already imported.
    """
    found: dict[str, tuple[str, bool]] = {}
    if not posts_dir.is_dir():
        return found
    for source in find_post_files(posts_dir):
        try:
            with source.open(encoding="utf-8-sig", errors="replace") as file:
                keys = _keys_of(header(line.rstrip("\r\n") for line in file))
        except OSError:
            continue
        here = (source.relative_to(posts_dir).as_posix(), keys.draft)
        for key in keys.all():
            found.setdefault(key, here)
    return found


@dataclass
class _Keys:
    """What a column already in the folder is known by."""

    guid: str | None = None
    draft: bool = False
    title: str | None = None
    day: str | None = None
    aliases: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        keys = [self.guid] if self.guid else []
        if self.title and self.day:
            keys.append(same_day_title(self.day, self.title))
        keys.extend(key for key in map(old_address_key, self.aliases) if key)
        return keys


def _keys_of(lines: Iterable[str]) -> _Keys:
    keys = _Keys()
    in_aliases = False
    for line in lines:
        if in_aliases and (item := _LIST_ITEM.match(line)):
            keys.aliases.append(str(_scalar(item.group(1)) or ""))
            continue
        in_aliases = False
        if match := _GUID.match(line):
            keys.guid = _scalar(match.group(1))
        elif _DRAFT.match(line.strip()):
            keys.draft = True
        elif match := _TITLE.match(line):
            keys.title = _scalar(match.group(1))
        elif match := _DATE.match(line):
            keys.day = _scalar(match.group(1))
        elif match := _ALIASES.match(line):
            value = _flow_list(match.group(1))
            keys.aliases.extend(value)
            in_aliases = not match.group(1).strip()
    return keys


def old_address_key(address: str) -> str | None:
    """An old address or an alias, its host left out: how a column's old addresses are known.

    >>> old_address_key("https://www.old.org/2012/09/19/Post/") == old_address_key("/2012/09/19/post/")
    True
    >>> old_address_key("/?p=309") == old_address_key("http://old.org/?p=309&utm_source=x")
    True
    """
    parts = urlsplit(str(address).strip())
    key = address_key(urlunsplit(("http", "old.invalid", parts.path or "/", parts.query, "")))
    return f"address {key}" if key else None


def _flow_list(value: str) -> list[str]:
    try:
        loaded = yaml.safe_load(value) if value.strip() else None
    except yaml.YAMLError:
        return []
    if isinstance(loaded, list):
        return [str(item) for item in loaded]
    return [str(loaded)] if isinstance(loaded, str) else []


def same_day_title(day: str, title: str) -> str:
    """One key for a day (``YYYY-MM-DD…``) and a title however its case, spaces and marks are typed.

    >>> same_day_title("2009-05-01 10:00", "Hello,  World!") == same_day_title("2009-05-01", "hello world")
    True
    """
    return f"{str(day)[:10]} {_MARKS.sub(' ', str(title).casefold()).strip()}"


def _scalar(value: str) -> str | None:
    try:
        loaded = yaml.safe_load(value)
    except yaml.YAMLError:
        return value.strip() or None
    return None if loaded is None else str(loaded)


def write_column(posts_dir: Path, name: str, content: str, zone: tzinfo) -> Path:
    """Write a new column file whole, or not at all; never replace a file.

    The text goes to a hidden temporary file in the posts folder, is read back as the build
    reads it (``ValueError`` if it would not build), then takes its name with a hard link, which
    fails if the name is taken (``FileExistsError``). Where hard links are not possible, it is
    moved into place with ``os.replace`` after checking that the name is still free.
    """
    posts_dir.mkdir(parents=True, exist_ok=True)
    temporary = posts_dir / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}.tmp"
    target = posts_dir / name
    try:
        with temporary.open("x", encoding="utf-8", newline="\n") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        _, problems = read_post(temporary, name, name, zone)
        if problems:
            raise ValueError(f"it would not read back ({problems[0]}); please report this")
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links on this drive
            if target.exists():
                raise FileExistsError(target) from None
            os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target
