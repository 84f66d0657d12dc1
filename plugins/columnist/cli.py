"""The ``columnist`` command: start a new column, and check every column before publishing.

Each command finds the site's ``mkdocs.yml`` (in the current folder or the nearest folder
above it, or the one given with ``-f``) and reads the plugin's options through MkDocs' own
configuration loading, so they are validated exactly as a build validates them. Columns are
read through the catalog; the site is never built. Problems are printed one per line as
``path:line: field: message``, with paths relative to the site's folder.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import click
from mkdocs.utils import get_build_datetime

from columnist import checks, frontmatter, new_column, questions, remote_audio, settings
from columnist.catalog import Catalog, load_catalog
from columnist.config import WEEKDAYS
from columnist.folders import shown as shown_path
from columnist.problems import ColumnistError, describe
from columnist.settings import Settings
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


def load_site(config_file: str | None, show_warnings: bool = False) -> Settings:
    """The site's settings (``mkdocs.yml`` found as MkDocs finds it); a problem in it stops the command."""
    try:
        site = settings.load(config_file, Path.cwd())
    except settings.SettingsError as error:
        raise Failure(error.lines) from None
    for warning in site.warnings if show_warnings else ():
        click.echo(str(warning), err=True)
    return site


def load_columns(site: Settings, outcome: str) -> Catalog:
    """The site's columns as the build reads them; what stops the build stops the command (``outcome``)."""
    problems = site.problems()
    if problems:
        raise Failure([str(problem) for problem in problems])
    try:
        return load_catalog(site.catalog_settings(now=get_build_datetime()))
    except ColumnistError as error:
        raise Failure(describe(error.problems, outcome).splitlines()) from None


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
@click.option("--number", type=int, metavar="N", help="The column's number (default: one above the highest).")
@click.option(
    "--renumber",
    is_flag=True,
    help="Number a back-dated column in its place, and the later columns one up; shows what changes.",
)
@click.option("--yes", is_flag=True, help="With --renumber: write the changes it shows.")
@config_file_option
def new(
    title: str,
    day: str | None,
    categories: tuple[str, ...],
    tags: tuple[str, ...],
    authors: tuple[str, ...],
    audio: str | None,
    draft: bool,
    number: int | None,
    renumber: bool,
    yes: bool,
    config_file: str | None,
) -> None:
    """Start a new column called TITLE in the posts folder."""
    site = load_site(config_file, show_warnings=True)
    posts_dir = site.posts_dir
    if not authors and len(site.authors) == 1:
        authors = tuple(site.authors)  # the site's only author writes it, unless told otherwise
    when, day_problems = _new_day(site, day)
    audio_src, audio_problem = None, None
    if audio is not None:
        shown_posts = shown_path(posts_dir, site.root)
        audio_src, audio_problem = new_column.audio_source(audio, posts_dir, Path.cwd(), shown_posts)
    numbered = new_column.numbered_columns(posts_dir) if posts_dir.is_dir() else []
    problems = [new_column.title_problem(title), *day_problems]
    problems += [*new_column.author_problems(authors, site.authors), audio_problem]
    if number is not None:
        problems.append(new_column.number_problem(number, numbered, lambda path: shown_path(path, site.root)))
    if number is not None and renumber:
        problems.append("--number and --renumber: give one of them")
    problems = [problem for problem in problems if problem]
    if problems:
        raise fail(*problems)
    assert when is not None

    target = posts_dir / new_column.file_name(title, when)
    shown = shown_path(target, site.root)
    taken = f"{shown} already exists, so nothing was written; choose another title or --date"
    if target.exists():
        raise fail(taken)
    if renumber:
        number = _renumber(when, numbered, site, shown, write=yes)
        if not yes:
            return
    number = number or new_column.next_number(posts_dir)
    text = frontmatter.new_column_text(
        title, when, number=number, guid=str(uuid.uuid4()), categories=categories, tags=tags,
        authors=authors, audio=audio_src, draft=draft,
    )  # fmt: skip
    posts_dir.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise fail(taken) from None
    click.echo(f"Wrote {shown} (number {number}, dated {when.isoformat()}{', a draft' if draft else ''})")
    if audio_src and new_column.is_web_address(audio_src):
        click.echo(
            "Run `columnist check --fetch-media` to fill in the audio file's length, type and duration."
        )


def _new_day(site: Settings, day: str | None) -> tuple[date | None, list[str | None]]:
    """``--date``, or the next publishing day."""
    if day is not None:
        when, problem = new_column.given_day(day)
        return when, [problem]
    schedule = site.options.schedule
    weekday = WEEKDAYS.index(schedule) if schedule else None
    return new_column.publishing_day(new_column.today(site.zone), weekday), []


def _renumber(
    when: date, numbered: list[new_column.Numbered], site: Settings, shown: str, write: bool
) -> int:
    """Number the new column in its place among the others; without ``write``, only say what would change."""
    number, lines = new_column.renumber(
        when, numbered, lambda path: shown_path(path, site.root), shown, write
    )
    for line in lines:
        click.echo(line)
    return number


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
        done, fetched = remote_audio.fetch_media(report.posts)
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
    for line in report.lines():
        click.echo(line)


# --- wording ---------------------------------------------------------------------------------------------


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

    site = load_site(config_file, show_warnings=True)
    catalog = load_columns(site, "no email was written")
    try:
        column = edition.find_column(catalog, post, [Path.cwd(), site.root, site.posts_dir])
    except ValueError as error:
        raise fail(str(error)) from None
    sending = site.sending(column)
    problems = [
        site.problem(["plugins", PLUGIN, "email", key], f"email.{key}", message)
        for key, message in edition.option_problems(sending)
    ]
    if problems:
        raise Failure([str(problem) for problem in problems])

    made = edition.make_edition(column, catalog, site.email_site(), sending)
    folder = Path(output).resolve() if output else site.root / "email"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, data in (("html", made.html.encode()), ("txt", made.text.encode()), ("eml", made.message)):
        target = folder / f"{column.slug}.{suffix}"
        target.write_bytes(data)
        click.echo(f"Wrote {shown_path(target, site.root)}")
    for note in edition.notes(column, catalog, sending):
        click.echo(note)


# --- bringing old columns home ----------------------------------------------------------------------------


@cli.command("import")
@click.argument("source")
@click.option("--dry-run", is_flag=True, help="Show what would be written, and write nothing.")
@click.option("--download-media", is_flag=True, help="Also fetch the old blog's files into posts/media/.")
@config_file_option
def import_command(source: str, dry_run: bool, download_media: bool, config_file: str | None) -> None:
    """Bring an old blog's columns into the posts folder.

    SOURCE is a WordPress export file (Tools > Export), or an RSS or Atom feed: a file or a web
    address. Columns already imported are skipped and no file is ever overwritten.
    """
    # Imported here so that this command stays in one place.
    from columnist import importers, media_download

    site = load_site(config_file, show_warnings=True)
    try:
        export = importers.load(source)
    except importers.ImportFailure as error:
        raise fail(str(error)) from None
    where = importers.Settings(
        project_dir=site.root,
        posts_dir=site.posts_dir,
        zone=site.zone,
        post_url=site.options.post_url,
        authors=site.authors,
    )
    outcome = importers.import_columns(export, where, dry_run=dry_run, progress=_import_progress)
    for line in outcome.lines():
        click.echo(line)
    whole = not download_media or dry_run or media_download.download_for_import(site.posts_dir, export)
    if outcome.errors or not whole:
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
    from columnist.links import site_links

    site = load_site(config_file, show_warnings=True)
    target = Path(site_dir).resolve()
    if not target.is_dir():
        raise fail(f"{site_dir} is not a folder; build the site first, then publish into its folder")
    shown = shown_path(target, site.root)
    catalog = load_columns(site, "nothing was published")
    try:
        layout = publishing.SiteLayout(site_links(site), language=site.language, words=site.options.labels)
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


# --- a new newsletter -------------------------------------------------------------------------------------


@cli.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@questions.with_flags
@click.option("--columnist-from", "columnist", metavar="LINE", help="Columnist's line in requirements.txt.")
@click.option("--yes", "-y", is_flag=True, help="Ask nothing: take the default of every answer not given.")
def init_command(folder: str, yes: bool, **given: str | None) -> None:
    """Start a new newsletter in FOLDER (default: this folder): a few questions, then its files."""
    from columnist import starter
    from columnist.dates import load_zone

    target = Path(folder)
    in_the_way = starter.in_the_way(target, starter.TEMPLATES)
    if in_the_way:
        raise Failure(starter.refusal(folder, in_the_way))
    columnist = given.pop("columnist") or starter.columnist_requirement(starter.installed_from())
    defaults = starter.Answers(timezone=starter.guess_timezone(), columnist=columnist)
    if not yes:
        click.echo(questions.INTRODUCTION)
    answers, problems = questions.answers(given, ask=not yes, defaults=defaults)
    if problems:
        raise fail(*problems)
    weekday = WEEKDAYS.index(answers.schedule)
    first_day = new_column.publishing_day(new_column.today(load_zone(answers.timezone)), weekday)
    files = starter.site_files(answers, first_day, str(uuid.uuid4()))
    in_the_way = starter.in_the_way(target, files)
    if in_the_way:
        raise Failure(starter.refusal(folder, in_the_way))
    try:
        starter.write(target, files)
    except OSError as error:
        raise fail(f"nothing was written: {error.filename} could not be written ({error.strerror})") from None
    for line in starter.closing_words(folder, files, answers):
        click.echo(line)


def main() -> None:
    """The ``columnist`` console script."""
    cli(prog_name="columnist")


if __name__ == "__main__":
    main()
