"""The ``columnist`` command: start a new column, and check every column before publishing.

Each command finds the site's ``mkdocs.yml`` (in the current folder or the nearest folder
above it, or the one given with ``-f``) and reads the plugin's options through MkDocs' own
configuration loading, so they are validated exactly as a build validates them. Columns are
read through the catalog; the site is never built. Problems are printed one per line as
``path:line: field: message``, with paths relative to the site's folder.
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import click
import yaml
from mkdocs.utils import get_build_datetime

from columnist import checks, settings
from columnist.catalog import find_post_files
from columnist.config import WEEKDAYS
from columnist.problems import Problem
from columnist.settings import Settings
from columnist.slugs import slugify
from columnist.words import count

PLUGIN = settings.PLUGIN


class Failure(click.ClickException):
    """Stops a command with exit status 1 after printing ``lines`` exactly as they are."""

    exit_code = 1

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def fail(*messages: str) -> Failure:
    """A failure with one ``Error: ...`` line per message, for problems that belong to no file."""
    return Failure([f"Error: {message}" for message in messages])


# --- the site ---------------------------------------------------------------------------------------------


def site_problems(site: Settings) -> list[Problem]:
    return site.problems()


_mkdocs_messages = settings.mkdocs_messages


def load_site(config_file: str | None) -> Settings:
    """The site's settings (``mkdocs.yml`` found as MkDocs finds it); a problem in it stops the command."""
    try:
        return settings.load(config_file, Path.cwd())
    except settings.SettingsError as error:
        raise Failure(error.lines) from None


# --- the commands -----------------------------------------------------------------------------------------

config_file_option = click.option(
    "-f",
    "--config-file",
    metavar="FILE",
    help="The site's mkdocs.yml (default: the one in this folder or the nearest folder above it).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Write and check the columns of a Columnist site."""


@cli.command()
@click.argument("title")
@click.option(
    "--date", "day", metavar="YYYY-MM-DD", help="The column's date (default: the next publishing day)."
)
@click.option("--category", "categories", multiple=True, metavar="NAME", help="A category; repeat for more.")
@click.option("--tag", "tags", multiple=True, metavar="NAME", help="A tag; repeat for more.")
@click.option("--author", "authors", multiple=True, metavar="KEY", help="An author's key; repeat for more.")
@click.option(
    "--audio", metavar="FILE", help="The audio edition: a file in the posts folder, or a web address."
)
@click.option("--draft", is_flag=True, help="Mark the column as a draft, never published by mkdocs build.")
@config_file_option
def new(
    title: str,
    day: str | None,
    categories: tuple[str, ...],
    tags: tuple[str, ...],
    authors: tuple[str, ...],
    audio: str | None,
    draft: bool,
    config_file: str | None,
) -> None:
    """Start a new column called TITLE in the posts folder."""
    site = load_site(config_file)
    for warning in site.warnings:
        click.echo(str(warning), err=True)
    posts_dir = site.posts_dir
    problems = []
    if not title.strip():
        problems.append('TITLE: is empty; write the title in quotes: columnist new "The quiet client"')
    elif any(unicodedata.category(character) == "Cc" for character in title):
        problems.append("TITLE: must be one line of text, without control characters")
    if day is not None:
        try:
            when = date.fromisoformat(day) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()) else None
        except ValueError:
            when = None
        if when is None:
            problems.append(f"--date: '{day}' is not a date; write it as 2024-03-06")
    else:
        when = publishing_day(today(site.zone), site.options.schedule)
    known = site.options.authors
    for name in authors:
        if known and name not in known:
            problems.append(
                f"--author: '{name}' is not one of the authors in mkdocs.yml ({', '.join(sorted(known))})"
            )
    audio_src = None
    if audio is not None:
        audio_src, problem = _audio_source(audio, posts_dir, site.root)
        if problem:
            problems.append(problem)
    if problems:
        raise fail(*problems)
    assert when is not None

    posts_dir.mkdir(parents=True, exist_ok=True)
    target = posts_dir / f"{when.isoformat()}-{slugify(title) or 'column'}.md"
    shown = _shown(target, site.root)
    number = next_number(posts_dir)
    text = new_column_text(
        title,
        when,
        number=number,
        guid=str(uuid.uuid4()),
        categories=categories,
        tags=tags,
        authors=authors,
        audio=audio_src,
        draft=draft,
    )
    try:
        with target.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise fail(
            f"{shown} already exists, so nothing was written; choose another title or --date"
        ) from None
    click.echo(f"Wrote {shown} (number {number}, dated {when.isoformat()}{', a draft' if draft else ''})")
    if audio_src and re.match(r"^https?://", audio_src, re.IGNORECASE):
        click.echo(
            "Run `columnist check --fetch-media` to fill in the audio file's length, type and duration."
        )


@cli.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too, as mkdocs build --strict does.")
@click.option(
    "--fetch-media",
    is_flag=True,
    help="Fill in the length, type and duration of remote audio files, asking their servers.",
)
@config_file_option
def check(strict: bool, fetch_media: bool, config_file: str | None) -> None:
    """Check every column for what would stop the build, and for what an editor would catch."""
    # "Now" as the build takes it (SOURCE_DATE_EPOCH included), so "scheduled" means what the build does.
    site = load_site(config_file)
    problems = [*site.warnings, *site.problems()]
    if not site.posts_dir.is_dir():
        _print_report(checks.Report(columns=0, problems=tuple(problems)))
        raise SystemExit(1)
    catalog_settings = site.catalog_settings(now=get_build_datetime())
    report = checks.check_columns(catalog_settings)
    if fetch_media:
        done, fetched = checks.fetch_media(report.posts)
        for line in done:
            click.echo(line)
        if done:
            report = checks.check_columns(catalog_settings)
        problems.extend(fetched)
    if report.catalog is not None:
        # The build's own warnings about the podcast, so that check --strict fails where build --strict does.
        problems.extend(site.podcast_problems(report.catalog))
    report = replace(report, problems=tuple(sorted(set(report.problems) | set(problems))))
    _print_report(report)
    if report.errors or (report.warnings and (strict or site.strict)):
        raise SystemExit(1)


def _print_report(report: checks.Report) -> None:
    for line in report_lines(report):
        click.echo(line)


def report_lines(report: checks.Report) -> list[str]:
    """What ``columnist check`` prints: errors, warnings, the columns not yet published, a summary."""
    lines = []
    if report.errors:
        lines.append("Errors (fix these before publishing):")
        lines.extend(str(problem) for problem in report.errors)
    if report.warnings:
        lines.append("Warnings (check these too):")
        lines.extend(str(problem) for problem in report.warnings)
    if report.editorial:
        lines.append("Editor's notes (the build does not look for these):")
        lines.extend(str(problem) for problem in report.editorial)
    if report.scheduled or report.drafts:
        lines.append("Not published yet:")
        lines.extend(f"scheduled: {post.path} ({post.date.date().isoformat()})" for post in report.scheduled)
        lines.extend(f"draft: {post.path}" for post in report.drafts)
    found = [
        count(len(report.errors), "error"),
        count(len(report.warnings), "warning"),
        count(len(report.editorial), "editor's note"),
    ]
    summary = ", ".join(part for part in found if not part.startswith("0 ")) or "no problems"
    lines.append(f"Checked {count(report.columns, 'column')}: {summary}.")
    return lines


# --- a new column -----------------------------------------------------------------------------------------


def today(zone: tzinfo, clock: Callable[[], float] = time.time) -> date:
    """Today's date in the site's time zone."""
    return datetime.fromtimestamp(clock(), zone).date()


def publishing_day(day: date, schedule: str | None) -> date:
    """``day`` if it is the publishing weekday, else the next one; ``day`` itself without a schedule.

    >>> publishing_day(date(2026, 11, 20), "wednesday"), publishing_day(date(2026, 11, 25), "wednesday")
    (datetime.date(2026, 11, 25), datetime.date(2026, 11, 25))
    >>> publishing_day(date(2026, 11, 20), None)
    datetime.date(2026, 11, 20)
    """
    if schedule is None:
        return day
    return day + timedelta(days=(WEEKDAYS.index(schedule) - day.weekday()) % 7)


_FENCE = re.compile(r"^-{3,}\s*$")
_NUMBER = re.compile(r"^number\s*:\s*(['\"]?)(\d+)\1\s*(?:#.*)?$")


def next_number(posts_dir: Path) -> int:
    """One above the highest ``number`` of every column, drafts and future ones included.

    Only the ``number:`` line is looked at, so a column whose front matter has an error
    still keeps its number from being given out twice.
    """
    highest = 0
    for source in find_post_files(posts_dir):
        try:
            text = source.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        lines = text.splitlines()
        if not lines or not _FENCE.match(lines[0]):
            continue
        for line in lines[1:]:
            if _FENCE.match(line):
                break
            match = _NUMBER.match(line)
            if match:
                highest = max(highest, int(match.group(2)))
    return highest + 1


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
    lines = ["---", *(_yaml_line(key, value) for key, value in values.items()), "---", "", checks.PLACEHOLDER]
    return "\n".join(lines) + "\n"


def _yaml_line(key: str, value: object) -> str:
    """``key: value`` as YAML reads it back: quoted when the value needs it, lists as ``[a, b]``.

    >>> _yaml_line("title", "Pricing: a primer"), _yaml_line("tags", ["a", "#b"])
    ("title: 'Pricing: a primer'", "tags: [a, '#b']")
    """
    # Flow style for a list only: a mapping of one plain value would be written {key: value}.
    flow = None if isinstance(value, list) else False
    text = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=flow, width=10**9)
    if len(text.splitlines()) != 1:  # a line separator inside: escaped in double quotes, on one line
        quoted = yaml.safe_dump(
            value, default_style='"', default_flow_style=True, allow_unicode=True, width=10**9
        )
        text = f"{key}: {quoted.splitlines()[0]}"
    return text.rstrip("\n")


def _audio_source(audio: str, posts_dir: Path, root: Path) -> tuple[str | None, str | None]:
    """``--audio``: a web address as given, or a file in the posts folder as a path from the new column."""
    if re.match(r"^https?://", audio, re.IGNORECASE):
        return audio, None
    given = Path(audio).expanduser()
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, posts_dir / given]
    found = next((candidate.resolve() for candidate in candidates if candidate.is_file()), None)
    if found is None:
        return None, (
            f"--audio: '{audio}' does not exist; put the audio file in the posts folder "
            f"({_shown(posts_dir, root)}/audio/ for example) and give its path"
        )
    if not found.is_relative_to(posts_dir):
        return None, (
            f"--audio: '{audio}' is outside the posts folder; move it into {_shown(posts_dir, root)}/ "
            "(into audio/ for example) and give its new path"
        )
    return found.relative_to(posts_dir).as_posix(), None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- the email edition ------------------------------------------------------------------------------------


@cli.command("email")
@click.argument("post")
@click.option(
    "-o", "--output", metavar="DIR", help="The folder to write into (default: email/ next to mkdocs.yml)."
)
@config_file_option
def email_command(post: str, output: str | None, config_file: str | None) -> None:
    """Write the email edition of POST (a column's file, its slug, or latest) as .html, .txt and .eml."""
    # Imported here so that this command stays in one place.
    from columnist import edition
    from columnist.catalog import load_catalog
    from columnist.links import site_links
    from columnist.problems import ColumnistError, describe

    site = load_site(config_file)
    for warning in site.warnings:
        click.echo(str(warning), err=True)
    problems = [problem for problem in site_problems(site) if problem.severity == "error"]
    if problems:
        raise Failure([str(problem) for problem in problems])
    try:
        catalog = load_catalog(site.settings(now=get_build_datetime()))
    except ColumnistError as error:
        raise Failure(describe(error.problems, "no email was written").splitlines()) from None
    try:
        column = edition.find_column(catalog, post, [Path.cwd(), site.root, site.posts_dir])
    except ValueError as error:
        raise fail(str(error)) from None
    options = site.options.email
    emails = {key: (author.name, author.email) for key, author in site.options.authors.items()}
    sender = options.sender or edition.default_sender(column, emails, site.site_author)
    sending = edition.Sending(sender, options.reply_to, options.unsubscribe)
    problems = [
        site.problem(["plugins", PLUGIN, "email", key], f"email.{key}", message)
        for key, message in edition.option_problems(sending)
    ]
    if problems:
        raise Failure([str(problem) for problem in problems])

    made = edition.make_edition(
        column,
        catalog,
        edition.EmailSite(
            name=site.site_name,
            links=site_links(site),
            description=site.site_description,
            language=site.language,
            copyright=site.copyright,
            authors={key: author.name for key, author in site.options.authors.items()},
            theme_dirs=site.theme_dirs,
        ),
        sending,
    )
    folder = Path(output).resolve() if output else site.root / "email"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, data in (("html", made.html.encode()), ("txt", made.text.encode()), ("eml", made.message)):
        target = folder / f"{column.slug}.{suffix}"
        target.write_bytes(data)
        click.echo(f"Wrote {_shown(target, site.root)}")
    if column.draft:
        click.echo("note: this column is a draft; it is not on the site yet")
    elif not catalog.is_published(column):
        click.echo(
            f"note: this column is dated {column.date.date().isoformat()}; it is not on the site until then"
        )
    if not sending.unsubscribe:
        click.echo(
            "note: email.unsubscribe is not set in mkdocs.yml, so the email has no unsubscribe link; "
            'your sending service must add one (set email.unsubscribe to its tag, like "{{unsubscribe_url}}")'
        )


# --- bringing old columns home ----------------------------------------------------------------------------


@cli.command("import")
@click.argument("source")
@click.option("--dry-run", is_flag=True, help="Show what would be written, and write nothing.")
@config_file_option
def import_command(source: str, dry_run: bool, config_file: str | None) -> None:
    """Bring an old blog's columns into the posts folder.

    SOURCE is a WordPress export file (Tools > Export), or an RSS or Atom feed: a file or a web
    address. Columns already imported are skipped and no file is ever overwritten.
    """
    # Imported here so that this command stays in one place.
    from columnist import importers

    site = load_site(config_file)
    for warning in site.warnings:
        click.echo(str(warning), err=True)
    try:
        export = importers.load(source)
    except importers.ImportFailure as error:
        raise fail(str(error)) from None
    settings = importers.Settings(
        project_dir=site.root,
        posts_dir=site.posts_dir,
        zone=site.zone,
        yaml_line=_yaml_line,
        post_url=site.options.post_url,
        authors=site.options.authors,
    )
    outcome = importers.import_columns(export, settings, dry_run=dry_run, progress=_import_progress)
    authors_at = ["plugins", PLUGIN, "authors"]
    for line in outcome.lines(lambda message: site.problem(authors_at, "authors", message, "warning")):
        click.echo(line)
    if outcome.errors:
        raise SystemExit(1)


def _import_progress(items: Sequence[Any]) -> Any:
    """A progress bar on the terminal (standard error) for a long import; nothing for a short one."""
    from contextlib import nullcontext

    if len(items) <= 50:
        return nullcontext(items)
    return click.progressbar(items, label="Importing", file=sys.stderr)


# --- feeds for a site built without the plugin ------------------------------------------------------------


@cli.command("publish")
@click.argument("site_dir", type=click.Path(file_okay=False))
@config_file_option
def publish_command(site_dir: str, config_file: str | None) -> None:
    """Write the feeds, podcast, audio files and redirects into SITE_DIR, a site built without the plugin."""
    from columnist import publish as publishing
    from columnist.catalog import load_catalog
    from columnist.links import site_links
    from columnist.problems import ColumnistError, describe

    site = load_site(config_file)
    for warning in site.warnings:
        click.echo(str(warning), err=True)
    problems = [problem for problem in site_problems(site) if problem.severity == "error"]
    if problems:
        raise Failure([str(problem) for problem in problems])
    target = Path(site_dir).resolve()
    if not target.is_dir():
        raise fail(f"{site_dir} is not a folder; build the site first, then publish into its folder")
    shown = _shown(target, site.root)
    try:
        catalog = load_catalog(site.settings(now=get_build_datetime()))
        layout = publishing.SiteLayout(site_links(site), language=site.language)
        written = publishing.publish(
            catalog, layout, site.site_info(), site.feed_options(), site.podcast_settings(), target
        )
    except ColumnistError as error:
        raise Failure(describe(error.problems, "nothing was published").splitlines()) from None
    except OSError as error:
        message = f"could not write into {shown} ({error}); the folder is as it was, nothing was published"
        raise fail(message) from None
    click.echo(f"Published {count(len(catalog.posts), 'column')} into {shown}: {count(len(written), 'file')}")
    for path in written:
        if not path.startswith(f"{site.posts_dir.name}/"):
            click.echo(f"  {path}")


def main() -> None:
    """The ``columnist`` console script."""
    cli(prog_name="columnist")


if __name__ == "__main__":
    main()
