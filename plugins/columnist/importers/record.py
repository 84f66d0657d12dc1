"""The record of what was imported: ``posts/.columnist-import.json``.

It remembers each old post an import brought in (its ``guid``), the file it went to and the fields
it brought (letters, audio...), so a column or a field the author deleted afterwards is not
brought back by the next import. Hidden (its name starts with a dot), so no build publishes it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from columnist.problems import Problem

RECORD_NAME = ".columnist-import.json"
_ABOUT = (
    "Old posts imported into this folder: guid -> its file and the fields the import brought. A column "
    "deleted here stays deleted on the next import, and so does a field taken out of one; to bring it "
    "back, remove the column's entry (or the field's name) and import again."
)


@dataclass
class Imported:
    """One old post the record knows: its file (relative to the posts folder), the fields brought in."""

    file: str
    fields: list[str] = field(default_factory=list)


class RecordProblem(Exception):
    """The record cannot be read; the import stops before writing anything."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_record(posts_dir: Path, shown: str) -> dict[str, Imported]:
    """Every imported ``guid`` -> what was imported; empty when there is no record yet.

    ``shown`` is how the record's path is printed in a message.
    """
    path = posts_dir / RECORD_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise RecordProblem(_unreadable(shown, 1, f"cannot be read ({error})")) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordProblem(_unreadable(shown, error.lineno, error.msg)) from None
    imported = data.get("imported") if isinstance(data, dict) else None
    if not isinstance(imported, dict) or not all(map(_well_formed, imported.values())):
        raise RecordProblem(_unreadable(shown, 1, 'has no "imported" list of guid -> file and fields'))
    return {guid: Imported(entry["file"], list(entry["fields"])) for guid, entry in imported.items()}


def write_record(posts_dir: Path, imported: dict[str, Imported]) -> None:
    """Write the record whole (a temporary file renamed over it), the same posts giving the same bytes."""
    path = posts_dir / RECORD_NAME
    entries = {guid: {"file": entry.file, "fields": entry.fields} for guid, entry in sorted(imported.items())}
    text = json.dumps({"about": _ABOUT, "imported": entries}, indent=1, ensure_ascii=False)
    temporary = path.with_name(f"{RECORD_NAME}.{os.getpid()}.tmp")
    temporary.write_text(text + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _well_formed(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("file"), str)
        and isinstance(entry.get("fields"), list)
        and all(isinstance(name, str) for name in entry["fields"])
    )


def _unreadable(shown: str, line: int, why: str) -> Problem:
    return Problem(
        shown, line, "file",
        f"the record of earlier imports {why}, so nothing was imported; mend it, or delete it "
        "(columns you deleted since an import would then come back)",
    )  # fmt: skip
