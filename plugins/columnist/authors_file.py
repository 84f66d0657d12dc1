"""The authors file beside the columns (``posts/.authors.yml``): who wrote the imported columns.

``columnist import`` meets authors the site does not know yet; rather than rewrite the
site's ``mkdocs.yml``, it adds them here, where the build and every command read them
along with the authors in ``mkdocs.yml``. The file is read with the same limits as front
matter, each author at its line; it is only ever added to, whole or not at all, so what a
columnist wrote in it (a description, an avatar, a comment) is kept byte for byte.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from columnist import safe_yaml
from columnist.problems import Problem

NAME = ".authors.yml"
FIELDS = ("name", "email", "url", "avatar", "description")
HEADER = """\
# The authors of this site's columns, read together with the authors in mkdocs.yml.
# "columnist import" adds the authors of an old blog here and never changes an entry.
# Give an author a description or a picture by adding lines under their name, e.g.
#   description: Writes about listening.
#   avatar: https://example.org/maren.jpg
# Each author is listed once: here or in mkdocs.yml, not in both.
"""

Author = TypeVar("Author")
#: Turns an entry's values into the site's author, with what is wrong with each field.
MakeAuthor = Callable[[Mapping[str, Any]], tuple[Author, list[tuple[str, str]]]]


@dataclass(frozen=True)
class Entry:
    """One author as the file writes it, with the line of the author and of each field."""

    key: str
    line: int
    values: Mapping[str, Any] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)


def read(path: Path, shown: str) -> tuple[list[Entry], list[Problem]]:
    """The entries of the file at ``path`` (named ``shown`` in problems); none when there is no file."""
    if not path.is_file():
        return [], []
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = safe_yaml.load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # the same text again, for its lines
    except UnicodeDecodeError:
        return [], [Problem(shown, 1, "authors", "is not UTF-8 text; save it as UTF-8")]
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = error.line if isinstance(error, safe_yaml.Unreadable) else (mark.line if mark else 0)
        reason = getattr(error, "reason", None) or getattr(error, "problem", None) or str(error)
        message = f"cannot be read ({reason}); check the quotes, colons and indentation"
        return [], [Problem(shown, line + 1, "authors", message)]
    if data is None:
        return [], []
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        example = "maren: {name: Maren Holt}"
        return [], [Problem(shown, 1, "authors", f"must list authors by key, one a line, as in {example}")]
    return _entries(data, root, shown)


def _entries(data: dict[Any, Any], root: yaml.MappingNode, shown: str) -> tuple[list[Entry], list[Problem]]:
    entries, problems, seen = [], [], set()
    for key_node, value_node in root.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key in seen:
            problems.append(Problem(shown, line, key, "is listed twice; keep one of the two"))
            continue
        seen.add(key)
        values = data.get(key_node.value)
        if not isinstance(values, dict) or not isinstance(value_node, yaml.MappingNode):
            message = f"must give the author's fields, as in {key}: {{name: ...}}"
            problems.append(Problem(shown, line, key, message))
            continue
        lines = {str(name.value): name.start_mark.line + 1 for name, _ in value_node.value}
        for name in lines:
            if name not in FIELDS:
                message = f"is not a field of an author; use {', '.join(FIELDS)}"
                problems.append(Problem(shown, lines[name], f"{key}.{name}", message))
        if "name" not in values:
            problems.append(Problem(shown, line, f"{key}.name", "is missing: give the name readers see"))
        entries.append(Entry(key, line, {str(name): value for name, value in values.items()}, lines))
    return entries, problems


def merge(
    known: Mapping[str, Author], entries: list[Entry], make: MakeAuthor[Author], shown: str, config_name: str
) -> tuple[dict[str, Author], list[Problem]]:
    """The file's authors not in ``known`` (``mkdocs.yml``'s), each made by ``make``; and what is wrong."""
    authors: dict[str, Author] = {}
    problems = []
    for entry in entries:
        if entry.key in known:
            message = f"is also under authors in {config_name}; keep it in one of the two"
            problems.append(Problem(shown, entry.line, entry.key, message))
            continue
        author, faults = make({name: value for name, value in entry.values.items() if name in FIELDS})
        for name, message in faults:
            line = entry.lines.get(name, entry.line)
            problems.append(Problem(shown, line, f"{entry.key}.{name}", message))
        if not faults:
            authors[entry.key] = author
    return authors, problems


def add(path: Path, names: Mapping[str, str]) -> list[str]:
    """Add the authors in ``names`` (key -> name) to the file; the keys added, in order.

    The existing text is kept as it is and the new entries follow it; the file is replaced
    whole, so an interrupted write leaves the old one.
    """
    if not names:
        return []
    existing = path.read_bytes() if path.is_file() else HEADER.encode()
    newline = b"\r\n" if b"\r\n" in existing else b"\n"  # the file's own line ends, kept
    if existing and not existing.endswith(b"\n"):
        existing += newline
    added = sorted(names)
    entries = yaml.safe_dump(
        {key: {"name": names[key]} for key in added}, allow_unicode=True, sort_keys=True, width=10**9
    )
    mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=".authors-", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, mode)  # as readable as a file the author made, not private to one user
        with os.fdopen(handle, "wb") as out:
            out.write(existing + entries.encode().replace(b"\n", newline))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return added
