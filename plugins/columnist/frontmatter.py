"""Writing a column's front matter: what ``columnist new``, ``columnist import`` and ``--fetch-media`` write.

Every value is written so that YAML reads it back exactly as it was meant (a title with a
colon, a tag that starts with ``#``, a name with a line separator in it), one line per key
where it fits. The ``---`` lines that fence the front matter off from the text are found
by one pattern, ``FENCE``, here: the readers of a column's first lines use it too.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

import yaml

#: A line that opens or closes the front matter: three or more dashes, nothing else.
FENCE = re.compile(r"^-{3,}\s*$")
#: The first paragraph ``columnist new`` writes, for the author to replace (``columnist check`` says so).
PLACEHOLDER = "Replace this paragraph with the opening of your column: the home page and the feeds show it."
_FENCES = re.compile(FENCE.pattern, re.MULTILINE)
_AUDIO_KEY = re.compile(r"^(['\"]?)audio\1\s*:(?P<rest>.*)$")


def starts_with_front_matter(text: str) -> bool:
    """Does a column's text open with a ``---`` line?

    >>> starts_with_front_matter("---\\ntitle: A\\n---\\n"), starts_with_front_matter("title: A\\n")
    (True, False)
    """
    return FENCE.match(text.split("\n", 1)[0]) is not None


def split(text: str) -> tuple[str, str]:
    """A column's text as (front matter, body); ``ValueError`` when the closing ``---`` is missing.

    The same split as python-frontmatter's ``YAMLHandler.split``, so a reader may use either.

    >>> split("---\\ntitle: A\\n---\\n\\nBody.\\n")
    ('\\ntitle: A\\n', '\\nBody.\\n')
    """
    parts = _FENCES.split(text, 2)
    if len(parts) != 3:
        raise ValueError("the front matter has no closing --- line")
    return parts[1], parts[2]


def header(lines: Iterable[str]) -> Iterator[str]:
    """The lines of the front matter, between its ``---`` lines; none when the first line is not one.

    A column whose front matter does not read as YAML still gives its lines, so its
    ``number`` and ``guid`` are known.

    >>> list(header(["---", "number: 3", "---", "number: 9"])), list(header(["number: 3"]))
    (['number: 3'], [])
    """
    lines = iter(lines)
    if not FENCE.match(next(lines, "")):
        return
    for line in lines:
        if FENCE.match(line):
            return
        yield line


# --- one key, one line ------------------------------------------------------------------------------------


def yaml_line(key: str, value: object) -> str:
    """``key: value`` as YAML reads it back: quoted when the value needs it, lists as ``[a, b]``.

    Text holding a line break (even one YAML alone counts, like U+2028) is written in double
    quotes with the break escaped, so the value stays on its line and nothing can start a key.

    >>> yaml_line("title", "Pricing: a primer"), yaml_line("tags", ["a", "#b"])
    ("title: 'Pricing: a primer'", "tags: [a, '#b']")
    >>> yaml_line("title", "a\\r\\nBcc: x@evil.org")
    'title: "a\\\\r\\\\nBcc: x@evil.org"'
    """
    # Flow style for a list only: a mapping of one plain value would be written {key: value}.
    flow = None if isinstance(value, list) else False
    text = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=flow, width=10**9)
    if len(text.splitlines()) != 1:  # str.splitlines knows every break YAML knows, and more
        quoted = yaml.safe_dump(
            value, default_style='"', default_flow_style=True, allow_unicode=True, width=10**9
        )
        text = f"{key}: {quoted.splitlines()[0]}"
    return text.rstrip("\n")


def lines_for(key: str, value: object) -> list[str]:
    """``key: value`` as YAML lines: one line when it fits (as ``columnist new`` writes), a block for
    mappings, lists of mappings and text of several paragraphs, so an author can read and edit them.

    >>> lines_for("audio", {"src": "a.mp3", "length": 9})
    ['audio:', '  src: a.mp3', '  length: 9']
    """
    nested = isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))
    if not nested and not (isinstance(value, str) and "\n" in value):
        return [yaml_line(key, value)]
    dumped = yaml.dump(
        {key: value},
        Dumper=_BlockDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10**9,
    )
    return dumped.rstrip("\n").split("\n")


try:  # libyaml's emitter writes letters and audio several times faster
    _SafeDumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _SafeDumper = yaml.SafeDumper


class _BlockDumper(_SafeDumper):  # type: ignore[valid-type, misc]
    """PyYAML's safe dumper, with text of several lines as a ``|`` block."""


def _text_scalar(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_BlockDumper.add_representer(str, _text_scalar)


def new_column_text(
    title: str,
    day: date,
    *,
    number: int,
    guid: str,
    categories: Sequence[str] = (),
    tags: Sequence[str] = (),
    authors: Sequence[str] = (),
    audio: str | None = None,
    draft: bool = False,
) -> str:
    """A new column's file: complete front matter, then a first paragraph for the author to replace."""
    values: dict[str, object] = {"title": title, "date": day}
    for key, names in (("categories", categories), ("tags", tags), ("authors", authors)):
        if names:
            values[key] = list(dict.fromkeys(names))
    values["number"] = number
    if audio:
        values["audio"] = audio
    values["guid"] = guid
    if draft:
        values["draft"] = True
    lines = ["---", *(yaml_line(key, value) for key, value in values.items()), "---", "", PLACEHOLDER]
    return "\n".join(lines) + "\n"


# --- the audio facts --fetch-media found ------------------------------------------------------------------


def audio_item(key: str, value: object) -> str:
    """One line under ``audio``; a duration quoted, as the author's guide writes it.

    >>> audio_item("duration", "1:02:03"), audio_item("type", "audio/mpeg")
    ('duration: "1:02:03"', 'type: audio/mpeg')
    """
    if key == "duration":  # 1:02:03 unquoted is a number to YAML 1.1
        return f'{key}: "{value}"'
    return yaml_line(key, value)


def add_audio_facts(raw: bytes, values: dict[str, object]) -> bytes:
    """A column file with ``values`` added under its ``audio`` key, every other byte kept.

    ``audio: https://...`` becomes a mapping with ``src:`` and the new keys; a mapping
    gets the new keys after its last line, with its own indentation; a one-line
    ``{...}`` mapping gets them before its closing brace. Raises ``ValueError`` for any
    other way of writing ``audio``.
    """
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    lines = raw[len(bom) :].decode("utf-8").splitlines(keepends=True)
    if not lines or not FENCE.match(lines[0]):
        raise ValueError("the front matter could not be found")
    end = next((i for i in range(1, len(lines)) if FENCE.match(lines[i])), None)
    if end is None:
        raise ValueError("the front matter has no closing --- line")
    start = next((i for i in range(1, end) if _AUDIO_KEY.match(lines[i].rstrip("\r\n"))), None)
    if start is None:
        raise ValueError("no audio key was found")
    rest = _AUDIO_KEY.match(lines[start].rstrip("\r\n")).group("rest")  # type: ignore[union-attr]
    value = rest.split(" #", 1)[0].strip()
    if value.startswith("{") and value.endswith("}"):
        _into_flow_mapping(lines, start, rest, value, values)
    elif value and not value.startswith(("[", "{", "&", "*", "!", "|", ">")):
        _into_new_mapping(lines, start, rest, values)
    elif not value:
        _into_block_mapping(lines, start, end, values)
    else:
        raise ValueError("audio is written in a way Columnist does not edit")
    edited = "".join(lines)
    _verify(edited, values)
    return bom + edited.encode("utf-8")


def _newline(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :] or "\n"


def _into_flow_mapping(
    lines: list[str], start: int, rest: str, value: str, values: dict[str, object]
) -> None:
    """``audio: {src: ...}``: the new keys before the closing brace."""
    close = rest.index(value) + len(value) - 1
    inner = rest[rest.index("{") + 1 : close].strip()
    added = (", " if inner else "") + ", ".join(audio_item(key, item) for key, item in values.items())
    head = rest[:close].rstrip()
    line = lines[start]
    lines[start] = line[: line.index(":") + 1] + head + added + rest[close:] + _newline(line)


def _into_new_mapping(lines: list[str], start: int, rest: str, values: dict[str, object]) -> None:
    """``audio: https://...``: a mapping of ``src`` and the new keys."""
    newline = _newline(lines[start])
    block = [lines[start][: lines[start].index(":") + 1] + newline, "  src:" + rest + newline]
    block += [f"  {audio_item(key, item)}{newline}" for key, item in values.items()]
    lines[start : start + 1] = block


def _into_block_mapping(lines: list[str], start: int, end: int, values: dict[str, object]) -> None:
    """``audio:`` then indented keys: the new keys after the last, a key left empty given its value."""
    newline = _newline(lines[start])
    members = [i for i in range(start + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    block = []
    for i in members:
        if lines[i][0] not in " \t":
            break
        block.append(i)
    if not block:
        raise ValueError("audio is empty")
    indent = re.match(r"[ \t]*", lines[block[0]]).group(0)  # type: ignore[union-attr]
    if lines[block[0]].lstrip().startswith("-"):
        raise ValueError("audio is written as a list")
    empty = {}
    for i in block:
        match = re.match(re.escape(indent) + r"(\w+)\s*:\s*(#.*)?$", lines[i].rstrip("\r\n"))
        if match and lines[i][len(indent)] not in " \t":
            empty[match.group(1)] = i
    remaining = []
    for key, item in values.items():
        if key in empty:  # written but left empty: give it its value where it stands
            lines[empty[key]] = indent + audio_item(key, item) + newline
        else:
            remaining.append(indent + audio_item(key, item) + newline)
    lines[block[-1] + 1 : block[-1] + 1] = remaining


def _verify(text: str, values: dict[str, object]) -> None:
    """Make sure the edit reads back as meant before anything is written."""
    try:
        data = yaml.safe_load("\n".join(header(text.splitlines())))
    except yaml.YAMLError:
        data = None
    audio = data.get("audio") if isinstance(data, dict) else None
    if not isinstance(audio, dict) or any(str(audio.get(key)) != str(value) for key, value in values.items()):
        raise ValueError("audio could not be changed without changing its meaning")


_NUMBER_LINE = re.compile(r"^(number\s*:\s*)(['\"]?)\d+\2(\s*(?:#.*)?)$")


def set_number(raw: bytes, number: int) -> bytes:
    """A column's file with the value of its ``number:`` line changed, and nothing else.

    >>> set_number(b"---\\r\\ntitle: T\\r\\nnumber: 4  # old\\r\\n---\\r\\nText number: 4\\r\\n", 5)
    b'---\\r\\ntitle: T\\r\\nnumber: 5  # old\\r\\n---\\r\\nText number: 4\\r\\n'
    """
    lines = raw.decode("utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines[1:], start=1):
        text = line.rstrip("\r\n")
        if FENCE.match(text):
            break
        match = _NUMBER_LINE.match(text)
        if match:
            lines[index] = f"{match.group(1)}{number}{match.group(3)}" + line[len(text) :]
            break
    return "".join(lines).encode("utf-8")


def write_whole(path: Path, data: bytes) -> None:
    """Replace a column's file whole or not at all: a reader or a build never sees half of it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".columnist-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)
