"""A column already in the posts folder, given what a later import knows that it lacks.

One blog often comes home from two sources: its feed holds the recordings, its WordPress export
the letters. When a second import meets a column it already has, it adds the fields the column
lacks (letters, audio, categories, tags, summary) and changes nothing else. A field the record of
imports says was brought in once and is gone now was taken out by the author, so it stays out.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import yaml

from columnist import safe_yaml
from columnist.frontmatter import FENCE, lines_for, split, write_whole

#: The front matter keys an import fills in; every other key is the author's to keep.
FILLABLE = ("summary", "categories", "tags", "audio", "comments")
#: What a column the author typed (never imported) is given: only what no copy by hand can have.
FROM_THE_OLD_BLOG = ("audio", "comments")
SHOWN = {"comments": "letters"}


def imported_fields(text: str) -> list[str]:
    """The keys among ``FILLABLE`` that a column's text has in its front matter.

    >>> imported_fields("---\\ntitle: A\\naudio: a.mp3\\ncomments: []\\n---\\n")
    ['audio', 'comments']
    """
    values = _front_matter(text)
    return [key for key in FILLABLE if key in values]


def fill_in(
    path: Path,
    imported_text: str,
    had_before: Collection[str],
    *,
    may_add: Collection[str] = FILLABLE,
    write: bool = True,
) -> list[str]:
    """Add to the column at ``path`` the fields of ``imported_text`` (among ``may_add``) it lacks
    and never had.

    Returns the keys added (in ``FILLABLE`` order); every byte already in the file is kept, the new
    lines go at the end of its front matter, in its own line endings. ``ValueError`` when the file's
    front matter cannot be read (then nothing is written).
    """
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    have = _front_matter(text)
    new = _front_matter(imported_text)
    added = [
        key for key in FILLABLE if key in may_add and key in new and key not in have and key not in had_before
    ]
    if not added or not write:
        return added
    lines = text.splitlines(keepends=True)
    closing = next(number for number in range(1, len(lines)) if FENCE.match(lines[number].rstrip("\r\n")))
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    if closing > 0 and not lines[closing - 1].endswith(("\n", "\r")):
        lines[closing - 1] += newline
    extra = [line + newline for key in added for line in lines_for(key, new[key])]
    changed = "".join(lines[:closing] + extra + lines[closing:])
    if _front_matter(changed) != {**have, **{key: new[key] for key in added}}:
        raise ValueError("the letters and audio could not be added without changing what is there")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    write_whole(path, (bom + changed).encode("utf-8"))
    return added


def shown(keys: Collection[str]) -> str:
    """The fields' names as a columnist calls them: "letters, audio"."""
    return ", ".join(SHOWN.get(key, key) for key in keys)


def _front_matter(text: str) -> dict[str, object]:
    try:
        front, _ = split(text)
        values = safe_yaml.load(front)
    except (ValueError, yaml.YAMLError) as error:
        raise ValueError(f"its front matter cannot be read ({error})") from None
    return values if isinstance(values, dict) else {}
