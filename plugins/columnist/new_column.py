"""What ``columnist new`` works out before it writes: the day, the number, the file and the audio.

The command line passes in what the author typed and the site's settings; every problem
comes back as one line of text for the author, so all of them are shown at once.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from columnist.catalog import find_post_files
from columnist.frontmatter import header, set_number, write_whole
from columnist.slugs import slugify

_NUMBER = re.compile(r"^number\s*:\s*(['\"]?)(\d+)\1\s*(?:#.*)?$")
_DATE = re.compile(r"^date\s*:\s*['\"]?(\d{4}-\d{2}-\d{2})")
_WEB_ADDRESS = re.compile(r"^https?://", re.IGNORECASE)


def today(zone: tzinfo, clock: Callable[[], float] = time.time) -> date:
    """Today's date in the site's time zone."""
    return datetime.fromtimestamp(clock(), zone).date()


def publishing_day(day: date, weekday: int | None) -> date:
    """``day`` if it is the publishing weekday (0 for Monday), else the next one; ``day`` itself
    without a schedule.

    >>> publishing_day(date(2026, 11, 20), 2), publishing_day(date(2026, 11, 25), 2)
    (datetime.date(2026, 11, 25), datetime.date(2026, 11, 25))
    >>> publishing_day(date(2026, 11, 20), None)
    datetime.date(2026, 11, 20)
    """
    if weekday is None:
        return day
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def given_day(text: str) -> tuple[date | None, str | None]:
    """``--date`` as a date, or the problem when it is not one written as ``YYYY-MM-DD``.

    >>> given_day("2024-03-06")
    (datetime.date(2024, 3, 6), None)
    >>> given_day("2026-02-30")
    (None, "--date: '2026-02-30' is not a date; write it as 2024-03-06")
    """
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return date.fromisoformat(text.strip()), None
    except ValueError:
        pass
    return None, f"--date: '{text}' is not a date; write it as 2024-03-06"


def title_problem(title: str) -> str | None:
    """What is wrong with a new column's title, for the author.

    >>> title_problem("The quiet client") is None, title_problem("Two\\nlines")
    (True, 'TITLE: must be one line of text, without control characters')
    """
    if not title.strip():
        return 'TITLE: is empty; write the title in quotes: columnist new "The quiet client"'
    if any(unicodedata.category(character) == "Cc" for character in title):
        return "TITLE: must be one line of text, without control characters"
    return None


def author_problems(authors: Iterable[str], known: Collection[str]) -> list[str]:
    """An author's key that is not one of the site's authors (any key will do when it lists none).

    >>> author_problems(["maren", "wes"], ["maren", "tomas"])
    ["--author: 'wes' is not one of the authors in mkdocs.yml (maren, tomas)"]
    """
    return [
        f"--author: '{name}' is not one of the authors in mkdocs.yml ({', '.join(sorted(known))})"
        for name in authors
        if known and name not in known
    ]


def file_name(title: str, day: date) -> str:
    """A new column's file name: its date, then its title as a slug.

    >>> file_name("Pricing: a primer", date(2026, 11, 25)), file_name("???", date(2026, 11, 25))
    ('2026-11-25-pricing-a-primer.md', '2026-11-25-column.md')
    """
    return f"{day.isoformat()}-{slugify(title) or 'column'}.md"


@dataclass(frozen=True)
class Numbered:
    """A column that has a ``number``: its file, its number and the day its ``date`` line gives."""

    source: Path
    number: int
    day: date | None


def numbered_columns(posts_dir: Path) -> list[Numbered]:
    """Every column with a ``number`` line, drafts and future ones included.

    Only the ``number:`` and ``date:`` lines are looked at, so a column whose front matter has an
    error elsewhere still keeps its number from being given out twice.
    """
    found = []
    for source in find_post_files(posts_dir):
        try:
            lines = list(header(source.read_text(encoding="utf-8-sig").splitlines()))
        except (OSError, UnicodeDecodeError):
            continue
        numbers = [int(match.group(2)) for match in map(_NUMBER.match, lines) if match]
        days = [match.group(1) for match in map(_DATE.match, lines) if match]
        if numbers:
            try:
                day = date.fromisoformat(days[0]) if days else None
            except ValueError:
                day = None
            found.append(Numbered(source, numbers[0], day))
    return found


def next_number(posts_dir: Path) -> int:
    """One above the highest ``number`` of every column, drafts and future ones included."""
    return max((column.number for column in numbered_columns(posts_dir)), default=0) + 1


def number_problem(number: int, columns: Iterable[Numbered], shown: Callable[[Path], str]) -> str | None:
    """``--number``: a number no other column has, 1 or more."""
    if number < 1:
        return f"--number: must be 1 or more, not {number}"
    taken = next((column for column in columns if column.number == number), None)
    if taken:
        return f"--number: {number} is already used by {shown(taken.source)}; choose another, or --renumber"
    return None


def renumbering(day: date, columns: Iterable[Numbered]) -> tuple[int, list[tuple[Numbered, int]]]:
    """A column dated ``day`` numbered in its place: its number, and the later columns' new numbers.

    >>> old = [Numbered(Path("a.md"), 1, date(2020, 1, 1)), Numbered(Path("c.md"), 2, date(2020, 3, 1))]
    >>> number, moves = renumbering(date(2020, 2, 1), old)
    >>> number, [(column.source.name, new) for column, new in moves]
    (2, [('c.md', 3)])
    """
    columns = sorted(columns, key=lambda column: column.number)
    before = [column.number for column in columns if column.day is not None and column.day <= day]
    number = max(before, default=0) + 1
    return number, [(column, column.number + 1) for column in columns if column.number >= number]


def is_web_address(audio: str) -> bool:
    """Is ``--audio`` a web address (its facts then come from ``--fetch-media``)?

    >>> is_web_address("HTTPS://media.example.org/a.mp3"), is_web_address("audio/a.mp3")
    (True, False)
    """
    return _WEB_ADDRESS.match(audio) is not None


def audio_source(audio: str, posts_dir: Path, here: Path, shown_posts: str) -> tuple[str | None, str | None]:
    """``--audio``: a web address as given, or a file in the posts folder as a path from the new column.

    ``here`` is the folder the command runs in; ``shown_posts`` the posts folder as messages
    name it. Returns the value to write, or the problem.
    """
    if is_web_address(audio):
        return audio, None
    given = Path(audio).expanduser()
    candidates = [given] if given.is_absolute() else [here / given, posts_dir / given]
    found = next((candidate.resolve() for candidate in candidates if candidate.is_file()), None)
    if found is None:
        return None, (
            f"--audio: '{audio}' does not exist; put the audio file in the posts folder "
            f"({shown_posts}/audio/ for example) and give its path"
        )
    if not found.is_relative_to(posts_dir):
        return None, (
            f"--audio: '{audio}' is outside the posts folder; move it into {shown_posts}/ "
            "(into audio/ for example) and give its new path"
        )
    return found.relative_to(posts_dir).as_posix(), None


def renumber(
    day: date, columns: list[Numbered], shown: Callable[[Path], str], new_column: str, write: bool
) -> tuple[int, list[str]]:
    """``--renumber``: the new column's number, and what changes (written only when ``write``)."""
    number, moves = renumbering(day, columns)
    lines = [f"{'Numbering' if write else 'Would number'} {new_column} {number}, and renumber:"]
    lines += [f"  {shown(column.source)}: {column.number} -> {new_number}" for column, new_number in moves]
    lines += [] if moves else ["  no other column"]
    if not write:
        return number, [
            *lines,
            "Nothing was written; run the same command with --yes to write them.",
        ]
    # The highest first, so no two columns ever share a number on disk, even if this stops half-way.
    for column, new_number in sorted(moves, key=lambda move: -move[0].number):
        write_whole(column.source, set_number(column.source.read_bytes(), new_number))
    return number, lines
