"""What a new newsletter is made of: the files ``columnist init`` writes, from a columnist's answers.

The files are kept as package data in ``starter/`` and filled in with the answers, each value
written the way its file reads it back (quoted for YAML, escaped for Markdown), so a name like
``Notes: #1 & "more"`` arrives exactly as typed. Nothing is written where any of the files is
already there: a folder that may hold a site is left as it was.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from importlib import resources
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

import yaml

from columnist.dates import load_zone
from columnist.frontmatter import new_column_text
from columnist.slugs import slugify

#: Each file of a new site, and the template in ``starter/`` it is made from.
TEMPLATES = {
    "mkdocs.yml": "mkdocs.yml",
    "docs/index.md": "index.md",
    "docs/about.md": "about.md",
    "docs/subscribe.md": "subscribe.md",
    "requirements.txt": "requirements.txt",
    ".gitignore": "gitignore",
    ".github/workflows/publish.yml": "publish.yml",
}
FIRST_TITLE = "Welcome"
#: The hour, in the site's time zone, at which the workflow publishes on the publishing day.
PUBLISHING_HOUR = 6
#: The Columnist line of requirements.txt when the copy in use cannot be named from here.
COLUMNIST_PLACEHOLDER = "mkdocs-columnist @ git+https://github.com/YOUR-ACCOUNT/columnist.git"
_CRON_DAYS = ("1", "2", "3", "4", "5", "6", "0")  # cron counts from Sunday, Python from Monday
_ADDRESS_SPECIALS = set('()<>@,;:\\".[]')


@dataclass(frozen=True)
class Answers:
    """What the columnist answered, each answer already checked."""

    name: str = "My Newsletter"
    url: str = "https://example.org/"
    author: str = "Your Name"
    email: str = "you@example.org"
    timezone: str = "UTC"
    schedule: str = "wednesday"
    language: str = "en"
    columnist: str = COLUMNIST_PLACEHOLDER  # the requirements.txt line that installs Columnist

    @property
    def author_key(self) -> str:
        """The author's short name, by which a column names them."""
        return slugify(self.author) or "author"


def site_files(answers: Answers, first_day: date, guid: str) -> dict[str, str]:
    """Every file of the new site, by its path in the site's folder, the first column dated ``first_day``."""
    values = _values(answers, first_day)
    files = {path: _fill(template, values[path]) for path, template in TEMPLATES.items()}
    files[first_column_path(first_day)] = new_column_text(
        FIRST_TITLE, first_day, number=1, guid=guid, authors=[answers.author_key]
    )
    return files


def first_column_path(first_day: date) -> str:
    """Where the first column goes.

    >>> first_column_path(date(2026, 12, 2))
    'posts/2026-12-02-welcome.md'
    """
    return f"posts/{first_day.isoformat()}-{slugify(FIRST_TITLE)}.md"


def _values(answers: Answers, first_day: date) -> dict[str, dict[str, str]]:
    """What fills each template, written as that file reads it."""
    weekday = answers.schedule.capitalize()
    cron, when = publishing_cron(first_day, answers.timezone)
    markdown = {
        "title": markdown_text(answers.name),
        "name": f"*{markdown_text(answers.name)}*",
        "author": markdown_text(answers.author),
        "email": answers.email,
        "weekday": weekday,
    }
    site = {
        "site_name": yaml_value(answers.name),
        "site_description": yaml_value(f"A column by {answers.author}, every {weekday}."),
        "site_url": yaml_value(answers.url),
        "author_name": yaml_value(answers.author),
        "author_email": yaml_value(answers.email),
        "author_key": answers.author_key,
        "language": yaml_value(answers.language),
        "timezone": yaml_value(answers.timezone),
        "schedule": answers.schedule,
        "sender": yaml_value(sender(answers.name, answers.email)),
    }
    pages = {path: markdown for path in TEMPLATES if path.startswith("docs/")}
    return {
        **pages,
        "mkdocs.yml": site,
        "requirements.txt": {"columnist": answers.columnist},
        ".gitignore": {},
        ".github/workflows/publish.yml": {"cron": cron, "when": when},
    }


def _fill(template: str, values: Mapping[str, str]) -> str:
    text = resources.files("columnist").joinpath("starter", template).read_text(encoding="utf-8")
    return Template(text).substitute(values)


# --- the values, each written for its file ----------------------------------------------------------------


def yaml_value(value: str) -> str:
    """``value`` as a YAML scalar on one line, quoted when YAML would read it otherwise.

    >>> yaml_value("The Desk"), yaml_value("Notes: #1"), yaml_value("yes"), yaml_value("Zoë")
    ('The Desk', "'Notes: #1'", "'yes'", 'Zoë')
    """
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    return text.removesuffix("\n...\n").removesuffix("\n")


def markdown_text(value: str) -> str:
    """``value`` as Markdown shows it word for word: no HTML, no emphasis, no link.

    >>> markdown_text("Tips & <b>tricks</b> *now* [1]")
    'Tips &amp; &lt;b&gt;tricks&lt;/b&gt; \\\\*now\\\\* \\\\[1\\\\]'
    """
    return re.sub(r"([\\`*_{}\[\]()#+!|~-])", r"\\\1", html.escape(value, quote=False))


def sender(name: str, address: str) -> str:
    """The email edition's ``from``: the newsletter's name and the author's address.

    >>> sender("The Desk", "d@example.org"), sender('Notes, "weekly"', "d@example.org")
    ('The Desk <d@example.org>', '"Notes, \\\\"weekly\\\\"" <d@example.org>')
    """
    if any(character in _ADDRESS_SPECIALS for character in name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def publishing_cron(day: date, zone_name: str) -> tuple[str, str]:
    """The workflow's weekly schedule: (cron in UTC, the comment saying what it means).

    GitHub reads a schedule in UTC only, so the publishing hour in the site's zone is
    converted, on ``day``: summer time may move it by an hour, which keeps it on the same day.

    >>> publishing_cron(date(2026, 12, 2), "America/Chicago")[0]
    '0 12 * * 3'
    >>> cron, when = publishing_cron(date(2026, 12, 2), "Pacific/Auckland")
    >>> cron, when.split(", ")[1]
    ('0 17 * * 2', 'which is Tuesday at 17:00 in UTC (GitHub reads the time in UTC).')
    """
    zone = load_zone(zone_name)
    local = datetime.combine(day, time(PUBLISHING_HOUR), zone)
    utc = local.astimezone(timezone.utc)
    cron = f"{utc.minute} {utc.hour} * * {_CRON_DAYS[utc.weekday()]}"
    when = (
        f"Every {local:%A} at {local:%H:%M} in {zone_name}, which is {utc:%A} at {utc:%H:%M} in UTC "
        "(GitHub reads the time in UTC)."
    )
    return cron, when


def columnist_requirement(direct_url: str | None) -> str:
    """The requirements.txt line for the copy of Columnist in use, from its ``direct_url.json``.

    A copy installed from a git address or a web archive is named by it; a copy from a
    folder on this machine cannot be reached from elsewhere, so the placeholder is written.

    >>> git = '"vcs_info": {"vcs": "git", "commit_id": "ab12"}'
    >>> columnist_requirement('{"url": "https://git.example.org/c.git", %s}' % git)
    'mkdocs-columnist @ git+https://git.example.org/c.git@ab12'
    >>> folder = '{"url": "file:///home/me/columnist", "dir_info": {"editable": true}}'
    >>> columnist_requirement(folder) == COLUMNIST_PLACEHOLDER
    True
    """
    try:
        origin = json.loads(direct_url or "null") or {}
    except ValueError:
        return COLUMNIST_PLACEHOLDER
    url = origin.get("url", "") if isinstance(origin, dict) else ""
    if not re.match(r"^https://\S+$", url):
        return COLUMNIST_PLACEHOLDER
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        commit = vcs.get("commit_id")
        return f"mkdocs-columnist @ git+{url}" + (f"@{commit}" if commit else "")
    return COLUMNIST_PLACEHOLDER if "dir_info" in origin else f"mkdocs-columnist @ {url}"


def installed_from() -> str | None:
    """Where the copy of Columnist in use was installed from (pip's ``direct_url.json``), when pip says."""
    try:
        return distribution("mkdocs-columnist").read_text("direct_url.json")
    except PackageNotFoundError:
        return None


# --- the machine's time zone ------------------------------------------------------------------------------


def guess_timezone(environ: Mapping[str, str] = os.environ, etc: Path = Path("/etc")) -> str:
    """This machine's time zone name: ``TZ`` when set, else ``/etc/timezone``, else where
    ``/etc/localtime`` links to; ``UTC`` when none of them names a zone."""
    candidates = [environ.get("TZ", "").removeprefix(":")]
    with suppress(OSError, UnicodeDecodeError):
        candidates.append((etc / "timezone").read_text(encoding="utf-8").strip())
    try:
        linked = os.readlink(etc / "localtime")
        candidates.append(linked.split("zoneinfo/", 1)[1] if "zoneinfo/" in linked else "")
    except OSError:
        pass
    return next((name for name in candidates if _is_zone(name)), "UTC")


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return False
    return bool(name) and not name.startswith("/")


# --- writing ----------------------------------------------------------------------------------------------


def in_the_way(folder: Path, paths: Iterable[str]) -> list[str]:
    """What is already there in ``folder`` where one of ``paths`` would go: the thing itself (a
    file, a folder, a link), or a file where one of its folders would be."""
    found: dict[str, None] = {}
    for path in paths:
        parts = Path(path).parts
        for end in range(1, len(parts) + 1):
            inside = Path(*parts[:end])
            whole = end == len(parts)
            if os.path.lexists(folder / inside) and (whole or not (folder / inside).is_dir()):
                found[inside.as_posix()] = None
                break
    return list(found)


def refusal(folder: str, paths: Sequence[str]) -> list[str]:
    """What ``columnist init`` says when files are in the way, one line each."""
    where = "this folder" if folder in ("", ".") else folder
    return [
        f"Error: nothing was written, because {where} already has {_these(len(paths))} a new site needs:",
        *(f"  {path}" for path in paths),
        "Start the newsletter in another folder (columnist init my-newsletter), or move these away.",
    ]


def _these(number: int) -> str:
    return "this file" if number == 1 else "these files"


def write(folder: Path, files: Mapping[str, str]) -> None:
    """Write every file into ``folder``, making the folders they go in; never over an existing file.

    When one cannot be written (a full disk, a file where a folder should be, a file that
    appeared meanwhile) what was written so far is removed again, folders made for it too,
    and ``OSError`` says which one failed.
    """
    made: list[Path] = []  # the files and folders written, in order
    try:
        for path, text in files.items():
            target = folder / path
            for parent in reversed(target.parents):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            with target.open("x", encoding="utf-8", newline="\n") as file:
                made.append(target)
                file.write(text)
    except OSError:
        for written in reversed(made):
            if written.is_dir():
                written.rmdir()
            else:
                written.unlink(missing_ok=True)
        raise


# --- what comes out next ----------------------------------------------------------------------------------


def closing_words(folder: str, files: Iterable[str], answers: Answers) -> list[str]:
    """What ``columnist init`` says once the site is written: each file, then what to do next."""
    inside = "" if folder in ("", ".") else folder.rstrip("/") + "/"
    lines = [f"Wrote {inside}{path}" for path in files]
    lines += [
        "",
        "Your newsletter is ready. Next:",
        *([f"  cd {folder}"] if inside else []),
        "  mkdocs serve                 see the website at http://127.0.0.1:8000/ while you write",
        '  columnist new "A title"      start a column, dated for the next publishing day',
        "  columnist check              check every column before it comes out",
    ]
    if answers.columnist == COLUMNIST_PLACEHOLDER:
        lines += [
            "",
            "Before you publish: the last line of requirements.txt must say where your copy of Columnist "
            "comes from (a git address or a folder); change YOUR-ACCOUNT there to where yours is.",
        ]
    return lines
