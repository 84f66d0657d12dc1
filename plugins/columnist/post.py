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
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from frontmatter.default_handlers import YAMLHandler
from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from columnist.dates import as_aware, parse_date
from columnist.problems import Problem
from columnist.slugs import slugify

try:  # The C loader is several times faster on a thousand columns.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: Keys a column may have, in the order the author's guide lists them.
KNOWN_KEYS = (
    "title", "date", "updated", "categories", "tags", "authors", "number", "quotes", "summary",
    "audio", "image", "slug", "guid", "aliases", "draft", "comments",
)  # fmt: skip
#: Singular spellings accepted for list keys.
SINGULAR_KEYS = {"category": "categories", "author": "authors"}
#: Keys Material and MkDocs themselves read from a page; passed through untouched.
PAGE_KEYS = ("description", "hide", "search")

WORDS_PER_MINUTE = 220


# --- the schema -------------------------------------------------------------------------------------------


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("columnist", "{reason}", {"reason": message})


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    if value is None:
        return "empty"
    return repr(value)


def _text(value: object) -> str:
    # YAML reads `title: 1984` as a number; an author means the text.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise _fail(f"must be text, not {_describe(value)}")
    return value


def _text_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [_text(value)]
    if not isinstance(value, list):
        raise _fail(f"must be a list of names, not {_describe(value)}")
    items = []
    for position, item in enumerate(value, start=1):
        try:
            items.append(_text(item))
        except PydanticCustomError:
            raise _fail(f"item {position} must be text, not {_describe(item)}") from None
    return items


def _date(value: object) -> date | datetime:
    try:
        return parse_date(value)
    except ValueError as error:
        raise _fail(str(error)) from None


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _fail(f"must be a whole number, not {_describe(value)}")
    try:
        number = int(value)
    except ValueError:
        raise _fail(f"must be a whole number, not {_describe(value)}") from None
    if number < 1:
        raise _fail(f"must be 1 or more, not {number}")
    return number


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"must be true or false, not {_describe(value)}")
    return value


def parse_duration(value: object) -> float:
    """Seconds from a number of seconds or from ``H:MM:SS`` / ``MM:SS`` text.

    >>> parse_duration("1:02:03"), parse_duration("04:05"), parse_duration(90)
    (3723.0, 245.0, 90.0)
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"\d+(:[0-5]?\d){0,2}(\.\d+)?", value.strip()):
        seconds = 0.0
        for part in value.strip().split(":"):
            seconds = seconds * 60 + float(part)
        return seconds
    raise _fail(f"must be a length of time like 1:02:03 or a number of seconds, not {_describe(value)}")


def _duration(value: object) -> float:
    return parse_duration(value)


def _wrap(key: str) -> Callable[[object], object]:
    """Let a plain string stand for a mapping with only ``key`` (``audio: x.mp3``, a quote as text)."""

    def wrap(value: object) -> object:
        if isinstance(value, str):
            return {key: value}
        return value

    return wrap


def _listed(value: object) -> object:
    return [value] if isinstance(value, str | dict) else value


Text = Annotated[str, PlainValidator(_text)]
TextList = Annotated[list[str], PlainValidator(_text_list)]
When = Annotated[date | datetime, PlainValidator(_date)]
Count = Annotated[int, PlainValidator(_count)]
Flag = Annotated[bool, PlainValidator(_flag)]
Seconds = Annotated[float, PlainValidator(_duration)]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuoteSchema(_Schema):
    text: Text
    by: Text | None = None
    source: Text | None = None


class AudioSchema(_Schema):
    src: Text
    length: Count | None = None
    type: Text | None = None
    duration: Seconds | None = None
    title: Text | None = None
    episode: Count | None = None
    season: Count | None = None
    episode_type: Literal["full", "trailer", "bonus"] = "full"
    explicit: Flag | None = None
    transcript: Text | None = None
    chapters: Text | None = None


class CommentSchema(_Schema):
    name: Text
    date: When
    text: Text


class FrontMatterSchema(_Schema):
    title: Text
    date: When
    updated: When | None = None
    categories: TextList = []
    tags: TextList = []
    authors: TextList = []
    number: Count | None = None
    quotes: Annotated[
        list[Annotated[QuoteSchema, BeforeValidator(_wrap("text"))]], BeforeValidator(_listed)
    ] = []
    summary: Text | None = None
    audio: Annotated[AudioSchema, BeforeValidator(_wrap("src"))] | None = None
    image: Text | None = None
    slug: Text | None = None
    guid: Text | None = None
    aliases: TextList = []
    draft: Flag = False
    comments: Annotated[list[CommentSchema], BeforeValidator(_listed)] = []


_BUILTIN_MESSAGES = {
    "missing": "is required",
    "model_type": "must be a mapping of keys, not {value}",
    "model_attributes_type": "must be a mapping of keys, not {value}",
    "list_type": "must be a list, not {value}",
    "literal_error": "must be one of {expected}, not {value}",
}

_REQUIRED_HELP = {
    "title": "is required: every column needs a title",
    "date": "is required: every column needs a date, like 2024-03-06",
}


def _schema_problem(error: Mapping[str, Any], key_written: Callable[[str], str]) -> tuple[str, str]:
    """(field, message) in an author's words for one pydantic error."""
    location = [
        part for part in error["loc"] if not isinstance(part, str) or not part.startswith("function-")
    ]
    top = str(location[0]) if location else "front matter"
    where = []
    for part in location[1:]:
        where.append(f"item {part + 1}" if isinstance(part, int) else str(part))
    kind = error["type"]
    if kind == "columnist":
        message = error["ctx"]["reason"]
    elif kind == "missing" and not where:
        message = _REQUIRED_HELP.get(top, "is required")
    elif kind == "extra_forbidden":
        name = where.pop() if where else top
        allowed = ", ".join(f.replace("_", "_") for f in _nested_fields(top))
        message = f"'{name}' is not a key here; use {allowed}"
    else:
        template = _BUILTIN_MESSAGES.get(kind, error["msg"])
        message = template.format(value=_describe(error.get("input")), **(error.get("ctx") or {}))
    if where:
        message = f"{', '.join(where)}: {message}"
    return key_written(top), message


def _nested_fields(top: str) -> list[str]:
    schema = {"quotes": QuoteSchema, "audio": AudioSchema, "comments": CommentSchema}.get(top)
    return list(schema.model_fields) if schema else []


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
        return bool(re.match(r"^[a-z][a-z0-9+.-]*://", self.src, re.IGNORECASE))


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


class _FrontMatterLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML, but an impossible date (2021-02-30) stays text so the schema can name its line."""


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)

_HANDLER = YAMLHandler()
_TOP_KEY = re.compile(r"^([^\s#:'\"-][^:]*?|'[^']*'|\"[^\"]*\")\s*:(\s|$)")


def _key_lines(front_matter: str, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    for offset, text in enumerate(front_matter.split("\n")):
        match = _TOP_KEY.match(text)
        if match:
            lines.setdefault(match.group(1).strip("'\""), first_line + offset)
    return lines


def read_post(source: Path, path: str, relative: str, zone: tzinfo) -> tuple[Post | None, list[Problem]]:
    """Read one column file. Returns the post (None when it has errors) and every problem found."""
    problems: list[Problem] = []

    def problem(line: int, key: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, line, key, message, severity))  # type: ignore[arg-type]

    try:
        text = source.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.read_bytes()[: error.start].count(b"\n") + 1
        problem(line, "file", "is not UTF-8 text; save it as UTF-8 in your editor")
        return None, problems
    except OSError as error:
        problem(1, "file", f"cannot be read: {error.strerror}")
        return None, problems
    text = text.replace("\r\n", "\n")

    if not _HANDLER.detect(text):
        problem(
            1, "front matter", "is missing: start the file with a line of ---, the title and date, and ---"
        )
        return None, problems
    try:
        front_matter, body = _HANDLER.split(text)
    except ValueError:
        problem(1, "front matter", "has no closing --- line")
        return None, problems
    first_line = text.count("\n", 0, text.index(front_matter)) + 1 if front_matter else 2
    try:
        data = yaml.load(front_matter, Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as error:
        # Where an unclosed bracket or quote was opened says more than where YAML gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        reason = getattr(error, "problem", None) or str(error)
        problem(line, "front matter", f"cannot be read ({reason}); check the quotes, brackets and colons")
        return None, problems
    if not isinstance(data, dict):
        problem(first_line, "front matter", f"must be keys and values (title: ...), not {_describe(data)}")
        return None, problems

    lines = _key_lines(front_matter, first_line)
    line_of = lambda key: lines.get(key, 1)  # noqa: E731
    values: dict[str, Any] = {}
    page_meta: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key in SINGULAR_KEYS:
            canonical = SINGULAR_KEYS[key]
            if canonical in data:
                problem(line_of(key), key, f"write either '{key}' or '{canonical}', not both")
                continue
            values[canonical] = value
        elif key in KNOWN_KEYS:
            values[key] = value
        elif key in PAGE_KEYS:
            page_meta[key] = value
        else:
            close = difflib.get_close_matches(key, [*KNOWN_KEYS, *SINGULAR_KEYS, *PAGE_KEYS], n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; the keys are {', '.join(KNOWN_KEYS)}"
            problem(line_of(key), key, f"is not a key Columnist knows, so it is ignored{hint}", "warning")

    singular_written = {canonical: key for key, canonical in SINGULAR_KEYS.items() if key in data}

    def written(key: str) -> str:
        return singular_written.get(key, key)

    try:
        matter = FrontMatterSchema.model_validate(values)
    except ValidationError as invalid:
        seen = set()
        for error in invalid.errors():
            key, message = _schema_problem(error, written)
            if (key, message) not in seen:
                seen.add((key, message))
                line = line_of(key) if key in lines else (first_line if error["type"] == "missing" else 1)
                problem(line, key, message)
        return None, problems

    for position, alias in enumerate(matter.aliases, start=1):
        if ".." in alias.split("/") or "://" in alias or not alias.strip("/"):
            problem(line_of("aliases"), "aliases", f"item {position}: '{alias}' must be a path on this site")

    slug = slugify(matter.slug or matter.title) or slugify(re.sub(r"^\d{4}-\d{2}-\d{2}-?", "", source.stem))
    post = Post(
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
        page_meta=page_meta,
        lines=lines,
        words=len(body.split()),
    )
    return (None if any(p.severity == "error" for p in problems) else post), problems


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        name = name.strip()
        if name:
            seen.setdefault(name, None)
    return list(seen)
