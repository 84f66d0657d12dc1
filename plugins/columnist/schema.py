"""The front matter schema: every key a column may have, its type, its limits and its messages.

pydantic checks the values; each validator says what is wrong in an author's words, so a
problem reads ``posts/x.md:5: number: must be a whole number, not 'three'``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainValidator
from pydantic_core import PydanticCustomError

from columnist.addresses import link_refusal
from columnist.dates import parse_date
from columnist.words import LINE_BREAKS, shorten

#: Keys a column may have, in the order the author's guide lists them.
KNOWN_KEYS = (
    "title", "date", "updated", "categories", "tags", "authors", "number", "quotes", "summary",
    "audio", "image", "slug", "guid", "aliases", "draft", "comments",
)  # fmt: skip
#: Singular spellings accepted for list keys.
SINGULAR_KEYS = {"category": "categories", "author": "authors"}
#: Keys Material and MkDocs themselves read from a page; passed through untouched.
PAGE_KEYS = ("description", "hide", "search")

#: What Material can hide on a page (``hide:``).
HIDE_NAMES = ("navigation", "toc", "footer", "tags", "feedback", "path")
#: The largest column, episode or season number, and the largest audio file, in bytes (a terabyte).
MOST_NUMBER = 1_000_000
MOST_AUDIO_BYTES = 10**12
#: The longest audio edition, in seconds (a thousand hours).
MOST_SECONDS = 3_600_000


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("columnist", "{reason}", {"reason": message})


def describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    if value is None:
        return "empty"
    if isinstance(value, int) and abs(value) >= 10**60:
        return f"a number of {len(str(abs(value)))} digits"
    return shorten(repr(value), 80)


def _text(value: object) -> str:
    # YAML reads `title: 1984` as a number; an author means the text.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise _fail(f"must be text, not {describe(value)}")
    return value


def _text_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [_text(value)]
    if not isinstance(value, list):
        raise _fail(f"must be a list of names, not {describe(value)}")
    items = []
    for position, item in enumerate(value, start=1):
        try:
            items.append(_text(item))
        except PydanticCustomError:
            raise _fail(f"item {position} must be text, not {describe(item)}") from None
    return items


def _date(value: object) -> date | datetime:
    try:
        return parse_date(value)
    except ValueError as error:
        raise _fail(str(error)) from None


def _line(value: object) -> str:
    text = _text(value).strip()
    if any(character in text for character in LINE_BREAKS):
        raise _fail("must be one line of text; join its lines")
    return text


def _link(value: object) -> str:
    address = _text(value)
    refused = link_refusal(address)
    if refused:
        raise _fail(refused)
    return address


def _counter(most: int, unit: str = "") -> Callable[[object], int]:
    """A whole number from 1 to ``most``: YAML reads ``number: 309`` as one, ``"309"`` as text."""

    def count(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise _fail(f"must be a whole number, not {describe(value)}")
        try:
            number = int(value)
        except ValueError:
            raise _fail(f"must be a whole number, not {describe(value)}") from None
        if number < 1:
            raise _fail(f"must be 1 or more, not {describe(number)}")
        if number > most:
            raise _fail(f"must be at most {most}{unit}, not {describe(number)}")
        return number

    return count


def _hide(value: object) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list):
        raise _fail(f"must be a list of what to hide ({', '.join(HIDE_NAMES)}), not {describe(value)}")
    for position, name in enumerate(names, start=1):
        if name not in HIDE_NAMES:
            listed = ", ".join(HIDE_NAMES[:-1]) + f" or {HIDE_NAMES[-1]}"
            raise _fail(f"item {position}: {describe(name)} is not something a page can hide; use {listed}")
    return tuple(names)


def _search(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise _fail(f"must be a mapping of keys (exclude: true, boost: 2), not {describe(value)}")
    for key, setting in value.items():
        if key == "exclude" and not isinstance(setting, bool):
            raise _fail(f"exclude: must be true or false, not {describe(setting)}")
        if key == "boost" and not (
            isinstance(setting, int | float) and not isinstance(setting, bool) and math.isfinite(setting)
        ):
            raise _fail(f"boost: must be a number, like 2 or 0.5, not {describe(setting)}")
        if key not in ("exclude", "boost"):
            raise _fail(f"{describe(key)} is not a key here; use exclude, boost")
    return dict(value)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"must be true or false, not {describe(value)}")
    return value


def parse_duration(value: object) -> float:
    """Seconds from a number of seconds or from ``H:MM:SS`` / ``MM:SS`` text.

    >>> parse_duration("1:02:03"), parse_duration("04:05"), parse_duration(90)
    (3723.0, 245.0, 90.0)
    """
    seconds = None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        seconds = float(min(value, MOST_SECONDS + 1))  # a 400-digit number is too large for a float
    elif isinstance(value, float) and value >= 0:
        seconds = value
    elif isinstance(value, str) and re.fullmatch(r"\d+(:[0-5]?\d){0,2}(\.\d+)?", value.strip()):
        seconds = 0.0
        for part in value.strip().split(":"):
            seconds = seconds * 60 + float(part)
    if seconds is None or not math.isfinite(seconds):
        raise _fail(f"must be a length of time like 1:02:03 or a number of seconds, not {describe(value)}")
    if seconds > MOST_SECONDS:
        raise _fail(f"must be under {MOST_SECONDS // 3600} hours, not {describe(value)}")
    return seconds


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
Number = Annotated[int, PlainValidator(_counter(MOST_NUMBER))]
Bytes = Annotated[int, PlainValidator(_counter(MOST_AUDIO_BYTES, " bytes"))]
Line = Annotated[str, PlainValidator(_line)]
Link = Annotated[str, PlainValidator(_link)]
Hide = Annotated[tuple[str, ...], PlainValidator(_hide)]
Search = Annotated[dict[str, object], PlainValidator(_search)]
Flag = Annotated[bool, PlainValidator(_flag)]
Seconds = Annotated[float, PlainValidator(_duration)]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuoteSchema(_Schema):
    text: Text
    by: Text | None = None
    source: Text | None = None


class AudioSchema(_Schema):
    src: Link
    length: Bytes | None = None
    type: Text | None = None
    duration: Seconds | None = None
    title: Text | None = None
    episode: Number | None = None
    season: Number | None = None
    episode_type: Literal["full", "trailer", "bonus"] = "full"
    explicit: Flag | None = None
    transcript: Link | None = None
    chapters: Link | None = None


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
    number: Number | None = None
    quotes: Annotated[
        list[Annotated[QuoteSchema, BeforeValidator(_wrap("text"))]], BeforeValidator(_listed)
    ] = []
    summary: Text | None = None
    audio: Annotated[AudioSchema, BeforeValidator(_wrap("src"))] | None = None
    image: Link | None = None
    slug: Text | None = None
    guid: Text | None = None
    aliases: TextList = []
    draft: Flag = False
    comments: Annotated[list[CommentSchema], BeforeValidator(_listed)] = []
    description: Line | None = None  # the keys below are Material's, passed on to the page
    hide: Hide = ()
    search: Search | None = None


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


def schema_problem(error: Mapping[str, Any], key_written: Callable[[str], str]) -> tuple[str, str]:
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
        message = template.format(value=describe(error.get("input")), **(error.get("ctx") or {}))
    if where:
        message = f"{', '.join(where)}: {message}"
    return key_written(top), message


def _nested_fields(top: str) -> list[str]:
    schema = {"quotes": QuoteSchema, "audio": AudioSchema, "comments": CommentSchema}.get(top)
    return list(schema.model_fields) if schema else []
