"""Columns from an old blog written into the posts folder, without ever losing anything.

A column whose ``guid`` is already in the posts folder is skipped, so an import can be run
again; a file is never overwritten (``plan``); each column is written whole or not at all
(``folder``); one post that cannot be converted stops no other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from columnist import authors_file
from columnist.importers import merge, text
from columnist.importers.addresses import OldBlog
from columnist.importers.folder import existing_columns, write_column
from columnist.importers.model import Export
from columnist.importers.plan import Planned, Settings, make_plan, spellings
from columnist.importers.privacy import withhold_addresses
from columnist.importers.record import RECORD_NAME, Imported, RecordProblem, read_record, write_record
from columnist.importers.render import Made, render
from columnist.problems import Problem
from columnist.words import count

Progress = Callable[[Sequence[Planned]], AbstractContextManager[Iterable[Planned]]]


@dataclass
class Outcome:
    """What an import did (or, with ``dry_run``, would do)."""

    dry_run: bool
    written: list[str] = field(default_factory=list)  # paths as shown, in the order written
    skipped: int = 0
    deleted: int = 0  # imported before, then deleted by the author: not brought back
    filled: list[str] = field(default_factory=list)  # "path: letters, audio" for each column given more
    problems: list[Problem] = field(default_factory=list)
    unknown_authors: dict[str, str] = field(default_factory=dict)  # key -> the name the old blog showed
    authors_file: str = authors_file.NAME  # where they are added, as shown
    media: set[str] = field(default_factory=set)
    left_out: Mapping[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def lines(self) -> list[str]:
        """What ``columnist import`` prints."""
        verb = "Would write" if self.dry_run else "Wrote"
        lines = [f"{verb} {path}" for path in self.written]
        filled = "Would fill in" if self.dry_run else "Filled in"
        lines.extend(f"{filled} {what}" for what in self.filled)
        problems = [str(problem) for problem in self.problems]
        if self.unknown_authors:
            added = ", ".join(f'{key} as "{name}"' for key, name in sorted(self.unknown_authors.items()))
            verb = "Would add" if self.dry_run else "Added"
            lines.append(
                f"{verb} {count(len(self.unknown_authors), 'author')} to {self.authors_file}, "
                f"where you can give each a description or a picture: {added}"
            )
        if problems:
            lines.append("Problems to check:")
            lines.extend(problems)
        if self.left_out:
            listed = ", ".join(f"{kind} {times}" for kind, times in sorted(self.left_out.items()))
            lines.append(f"Left out what is not a column or a letter: {listed}.")
        if self.media:
            lines.append("These files are on the old blog; --download-media brings them home:")
            lines.extend(sorted(self.media))
        columns, problem_count = count(len(self.written), "column"), count(len(problems), "problem")
        problem_count = "no problems" if not problems else problem_count
        if self.dry_run:
            lines.append(
                f"Would import {columns}, skip {self.skipped} already here, {problem_count}; "
                "nothing was written (dry run)."
            )
        else:
            lines.append(f"Imported {columns}, skipped {self.skipped} already here, {problem_count}.")
        if self.deleted:
            lines.append(
                f"Left out {count(self.deleted, 'column')} you deleted after an earlier import; to bring "
                f"one back, remove its line from {RECORD_NAME} in the posts folder and import again."
            )
        return lines


def import_columns(
    export: Export, settings: Settings, *, dry_run: bool = False, progress: Progress | None = None
) -> Outcome:
    """Write every column of ``export`` that is not in the posts folder yet."""
    outcome = Outcome(dry_run, problems=list(export.problems), left_out=dict(export.left_out))
    folder = settings.posts_dir
    try:
        imported = read_record(folder, _shown(folder / RECORD_NAME, settings.project_dir))
    except RecordProblem as error:
        outcome.problems.append(error.problem)
        return outcome
    taken = {entry.name.lower() for entry in folder.iterdir()} if folder.is_dir() else set()
    plan = make_plan(export.columns, settings, existing_columns(folder), taken, imported)
    outcome.skipped, outcome.deleted = plan.skipped, plan.deleted
    blog = OldBlog(export.site, [column.link for column in export.columns if column.link])
    names = spellings(plan.planned)
    with (progress or nullcontext)(plan.planned) as items:
        for item in items:
            path = _shown(folder / item.name, settings.project_dir)
            try:
                made = render(item, settings, blog, plan.targets, names, path)
            except (ValueError, TypeError, OverflowError, RecursionError, yaml.YAMLError) as error:
                # Real blogs hold odd markup: one post that cannot be converted stops no other.
                title = text.one_line(item.column.title) or item.column.guid
                outcome.problems.append(
                    Problem(export.name, item.column.line, "item",
                            f"'{title}' could not be converted ({type(error).__name__}: {error}), "
                            "so it was not imported; please report this")
                )  # fmt: skip
                continue
            if not dry_run and not _written(folder, item.name, made.text, settings, path, outcome):
                continue
            outcome.written.append(path)
            imported[item.column.guid] = Imported(item.name, merge.imported_fields(made.text))
            outcome.problems.extend(made.problems)
            outcome.media.update(made.media)
            for key in item.column.authors:
                if settings.authors and key not in settings.authors:
                    shown = withhold_addresses(export.author_names.get(key) or key)
                    outcome.unknown_authors.setdefault(key, shown)
    for item in plan.known:
        _fill_in(item, folder, settings, imported, outcome, lambda item, path: render(
            item, settings, blog, plan.targets, names, path))  # fmt: skip
    if not dry_run and imported:
        write_record(folder, imported)
    outcome.authors_file = _shown(folder / authors_file.NAME, settings.project_dir)
    if not dry_run:
        _add_authors(folder, outcome)
    return outcome


def _add_authors(folder: Path, outcome: Outcome) -> None:
    """The old blog's authors the site does not know yet, added to the authors file so the site builds."""
    try:
        authors_file.add(folder / authors_file.NAME, outcome.unknown_authors)
    except OSError as error:
        outcome.problems.append(
            Problem(outcome.authors_file, 1, "authors", f"could not be written ({error.strerror or error}); "
                    "run the import again")
        )  # fmt: skip
        outcome.unknown_authors = {}


def _fill_in(
    item: Planned,
    folder: Path,
    settings: Settings,
    imported: dict[str, Imported],
    outcome: Outcome,
    render_one: Callable[[Planned, str], Made],
) -> None:
    """Give a column already here what this import knows and it lacks (``merge``), and record it."""
    path = _shown(folder / item.name, settings.project_dir)
    entry = imported.get(item.column.guid)
    try:
        before = entry.fields if entry else merge.imported_fields((folder / item.name).read_text("utf-8-sig"))
        made = render_one(item, path)
        may_add = merge.FILLABLE if entry else merge.FROM_THE_OLD_BLOG
        added = merge.fill_in(
            folder / item.name, made.text, before, may_add=may_add, write=not outcome.dry_run
        )
    except (ValueError, TypeError, OSError, RecursionError, yaml.YAMLError) as error:
        outcome.problems.append(
            Problem(path, 1, "file", f"was kept as it is, without what this import could add: {error}",
                    "warning")
        )  # fmt: skip
        return
    imported[item.column.guid] = Imported(item.name, [*before, *(key for key in added if key not in before)])
    if added:
        outcome.filled.append(f"{path}: {merge.shown(added)}")


def _written(folder: Path, name: str, content: str, settings: Settings, path: str, outcome: Outcome) -> bool:
    """Write one column; a problem in ``outcome`` when it could not be."""
    try:
        write_column(folder, name, content, settings.zone)
    except FileExistsError:
        outcome.problems.append(
            Problem(path, 1, "file", "appeared while importing, so this column was not written; "
                    "run the import again")
        )  # fmt: skip
        return False
    except ValueError as error:
        outcome.problems.append(Problem(path, 1, "file", f"was not written: {error}"))
        return False
    return True


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
