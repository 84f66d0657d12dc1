"""One column: its front matter read, validated and turned into a plain ``Post``.

Front matter is split off with python-frontmatter and parsed with PyYAML (its C loader
when present); the pydantic schema below checks every key. Problems come back as
``Problem`` lines that name the file, the line and the field; nothing is raised for
bad input, so a catalog can report every post's problems at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape
from pydantic import ValidationError

from columnist import frontmatter, safe_yaml
from columnist.addresses import fault
from columnist.dates import as_aware
from columnist.problems import Problem
from columnist.schema import KNOWN_KEYS, PAGE_KEYS, SINGULAR_KEYS, FrontMatterSchema, describe, schema_problem
from columnist.schema import parse_duration as parse_duration  # where the importers look for it
from columnist.slugs import slugify
from columnist.urls import scheme_of
from columnist.words import shorten

WORDS_PER_MINUTE = 220


# --- the post ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    text: str
    by: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class AudioSpec:
    """The audio edition as the author wrote it; ``media`` measures local files later."""

    src: str
    length: int | None = None
    type: str | None = None
    duration: float | None = None
    title: str | None = None
    episode: int | None = None
    season: int | None = None
    episode_type: str = "full"
    explicit: bool | None = None
    transcript: str | None = None
    chapters: str | None = None

    @property
    def is_remote(self) -> bool:
        return scheme_of(self.src) is not None


@dataclass(frozen=True)
class Letter:
    """A reader's comment kept from an old blog: shown, never edited."""

    name: str
    date: datetime
    text: str


@dataclass(frozen=True)
class Post:
    """One column, validated, with every date aware and every list a tuple."""

    path: str  # as the author sees it, relative to the site folder: posts/2024-03-06-x.md
    source: Path  # absolute
    relative: str  # relative to the posts folder, with forward slashes
    title: str
    date: datetime
    slug: str
    body: str  # the Markdown after the front matter
    updated: datetime | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    number: int | None = None
    quotes: tuple[Quote, ...] = ()
    summary: str | None = None
    audio: AudioSpec | None = None
    image: str | None = None
    guid: str | None = None
    aliases: tuple[str, ...] = ()
    draft: bool = False
    letters: tuple[Letter, ...] = ()
    description: str | None = None  # for search engines, as the author wrote it
    page_meta: Mapping[str, Any] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)  # key as written -> line in the file
    words: int = 0

    @property
    def read_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))

    def line_of(self, key: str) -> int:
        """The line where ``key`` (or its singular spelling) is written, else the first line."""
        for written, canonical in SINGULAR_KEYS.items():
            if canonical == key and written in self.lines:
                return self.lines[written]
        return self.lines.get(key, 1)

    def key_written(self, key: str) -> str:
        """``category`` when the author wrote the singular form of ``categories``."""
        for written, canonical in SINGULAR_KEYS.items():
            if canonical == key and written in self.lines:
                return written
        return key


_TOP_KEY = re.compile(r"^([^\s#:'\"-][^:]*?|'[^']*'|\"[^\"]*\")\s*:(\s|$)")


def _key_lines(front_matter: str, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    for offset, text in enumerate(front_matter.split("\n")):
        match = _TOP_KEY.match(text)
        if match:
            lines.setdefault(match.group(1).strip("'\""), first_line + offset)
    return lines


#: Reports one problem: (line, key, message, severity).
Report = Callable[..., None]


def read_post(
    source: Path, path: str, relative: str, zone: tzinfo, load_yaml: Callable[[str], Any] = safe_yaml.load
) -> tuple[Post | None, list[Problem]]:
    """Read one column file. Returns the post (None when it has errors) and every problem found."""
    problems: list[Problem] = []

    def problem(line: int, key: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, line, key, message, severity))  # type: ignore[arg-type]

    found = _front_matter(source, problem, load_yaml)
    if found is None:
        return None, problems
    data, front_matter, body, first_line = found
    lines = _key_lines(front_matter, first_line)
    matter = _validate(data, lines, first_line, problem)
    if matter is None:
        return None, problems
    for position, alias in enumerate(matter.aliases, start=1):
        reason = fault(alias)
        if reason:
            problem(lines.get("aliases", 1), "aliases", f"item {position}: '{shorten(alias, 80)}' {reason}")
    if any(p.severity == "error" for p in problems):
        return None, problems
    return _post(matter, source, path, relative, zone, body, lines), problems


def _front_matter(
    source: Path, problem: Report, load_yaml: Callable[[str], Any]
) -> tuple[dict[Any, Any], str, str, int] | None:
    """The column's front matter values, its YAML, its body and the line the YAML starts on."""
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.read_bytes()[: error.start].count(b"\n") + 1
        problem(line, "file", "is not UTF-8 text; save it as UTF-8 in your editor")
        return None
    except OSError as error:
        problem(1, "file", f"cannot be read: {error.strerror}")
        return None
    text = text.replace("\r\n", "\n")
    if not frontmatter.starts_with_front_matter(text):
        missing = "is missing: start the file with a line of ---, the title and date, and ---"
        problem(1, "front matter", missing)
        return None
    try:
        front_matter, body = frontmatter.split(text)
    except ValueError:
        problem(1, "front matter", "has no closing --- line")
        return None
    first_line = text.count("\n", 0, text.index(front_matter)) + 1 if front_matter else 2
    try:
        data = load_yaml(front_matter) or {}
    except safe_yaml.Unreadable as refused:
        problem(first_line + refused.line, "front matter", refused.reason)
        return None
    except yaml.YAMLError as error:
        # Where an unclosed bracket or quote was opened says more than where YAML gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        reason = getattr(error, "problem", None) or str(error)
        problem(line, "front matter", f"cannot be read ({reason}); check the quotes, brackets and colons")
        return None
    if not isinstance(data, dict):
        problem(first_line, "front matter", f"must be keys and values (title: ...), not {describe(data)}")
        return None
    return data, front_matter, body, first_line


def _validate(
    data: dict[Any, Any], lines: Mapping[str, int], first_line: int, problem: Report
) -> FrontMatterSchema | None:
    """The front matter checked against the schema; an unknown key is a warning naming the closest one."""
    line_of = lambda key: lines.get(key, 1)  # noqa: E731
    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key in SINGULAR_KEYS:
            canonical = SINGULAR_KEYS[key]
            if canonical in data:
                problem(line_of(key), key, f"write either '{key}' or '{canonical}', not both")
                continue
            values[canonical] = value
        elif key in KNOWN_KEYS or key in PAGE_KEYS:
            values[key] = value
        else:
            close = difflib.get_close_matches(key, [*KNOWN_KEYS, *SINGULAR_KEYS, *PAGE_KEYS], n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; the keys are {', '.join(KNOWN_KEYS)}"
            problem(line_of(key), key, f"is not a key Columnist knows, so it is ignored{hint}", "warning")

    singular_written = {canonical: key for key, canonical in SINGULAR_KEYS.items() if key in data}
    try:
        return FrontMatterSchema.model_validate(values)
    except ValidationError as invalid:
        seen = set()
        for error in invalid.errors():
            key, message = schema_problem(error, lambda key: singular_written.get(key, key))
            if (key, message) not in seen:
                seen.add((key, message))
                line = line_of(key) if key in lines else (first_line if error["type"] == "missing" else 1)
                problem(line, key, message)
        return None


def _post(
    matter: FrontMatterSchema,
    source: Path,
    path: str,
    relative: str,
    zone: tzinfo,
    body: str,
    lines: Mapping[str, int],
) -> Post:
    slug = slugify(matter.slug or matter.title) or slugify(re.sub(r"^\d{4}-\d{2}-\d{2}-?", "", source.stem))
    return Post(
        path=path,
        source=source,
        relative=relative,
        title=matter.title,
        date=as_aware(matter.date, zone),
        slug=slug or "column",
        body=body,
        updated=as_aware(matter.updated, zone) if matter.updated else None,
        categories=tuple(_unique(matter.categories)),
        tags=tuple(_unique(matter.tags)),
        authors=tuple(_unique(matter.authors)),
        number=matter.number,
        quotes=tuple(Quote(q.text, q.by, q.source) for q in matter.quotes),
        summary=matter.summary,
        audio=AudioSpec(**matter.audio.model_dump()) if matter.audio else None,
        image=matter.image,
        guid=matter.guid,
        aliases=tuple(alias.lstrip("/") for alias in matter.aliases),
        draft=matter.draft,
        letters=tuple(Letter(c.name, as_aware(c.date, zone), c.text) for c in matter.comments),
        description=matter.description,
        page_meta=_page_meta(matter),
        lines=lines,
        words=len(body.split()),
    )


def _page_meta(matter: FrontMatterSchema) -> dict[str, Any]:
    """What Material reads from the page: the description escaped, as Material prints it as it is."""
    meta: dict[str, Any] = {}
    if matter.description is not None:
        meta["description"] = escape(matter.description)
    if matter.hide:
        meta["hide"] = list(matter.hide)
    if matter.search is not None:
        meta["search"] = matter.search
    return meta


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        name = name.strip()
        if name:
            seen.setdefault(name, None)
    return list(seen)
