"""The ``columnist`` command: start a new column, and check every column before publishing.

Each command finds the site's ``mkdocs.yml`` (in the current folder or the nearest folder
above it, or the one given with ``-f``) and reads the plugin's options through MkDocs' own
configuration loading, so they are validated exactly as a build validates them. Columns are
read through the catalog; the site is never built. Problems are printed one per line as
``path:line: field: message``, with paths relative to the site's folder.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import click
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils import get_build_datetime

from columnist import checks, frontmatter, new_column, remote_audio, views
from columnist.catalog import CatalogSettings
from columnist.config import WEEKDAYS
from columnist.dates import load_zone
from columnist.problems import Problem

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN = "columnist"


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


@dataclass(frozen=True)
class Site:
    """A site's ``mkdocs.yml``, read and validated, and the Columnist options in it."""

    config_file: Path
    options: Any  # columnist.config.ColumnistConfig, as MkDocs validated it
    site_url: str | None = None
    strict: bool = False
    warnings: tuple[Problem, ...] = ()
    lines: tuple[str, ...] = field(default=(), repr=False)  # mkdocs.yml, to name the line of an option
    mkdocs_config: Any = field(default=None, repr=False)  # the whole of mkdocs.yml, as MkDocs read it

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def posts_dir(self) -> Path:
        return (self.root / self.options.posts_dir).resolve()

    @property
    def zone(self) -> tzinfo:
        return load_zone(self.options.timezone)

    def settings(self, now: datetime | None) -> CatalogSettings:
        return CatalogSettings(
            project_dir=self.root,
            posts_dir=self.posts_dir,
            zone=self.zone,
            post_url=self.options.post_url,
            now=now,
            future_posts=self.options.future_posts,
            authors=self.options.authors,
        )

    def problem(self, keys: Sequence[str], field: str, message: str, severity: str = "error") -> Problem:
        """A problem with an option of ``mkdocs.yml``, on the line where the option is written."""
        return Problem(self.config_file.name, _line_of(self.lines, keys), field, message, severity)  # type: ignore[arg-type]


def find_config_file(start: Path) -> Path | None:
    """``mkdocs.yml`` in ``start`` or in the nearest folder above it that has one."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def load_site(config_file: str | None) -> Site:
    """Find and read ``mkdocs.yml`` as MkDocs does; every problem in it becomes one line of a ``Failure``."""
    if config_file:
        path = Path(config_file).resolve()
        if not path.is_file():
            raise fail(f"there is no file {path} (given with -f)")
    else:
        here = Path.cwd()
        found = find_config_file(here)
        if found is None:
            raise fail(
                f"no mkdocs.yml in {here} or in any folder above it; run columnist in your site's folder, "
                "or name the file with -f path/to/mkdocs.yml"
            )
        path = found.resolve()
    lines = tuple(path.read_text(encoding="utf-8-sig", errors="replace").splitlines())
    shell = Site(path, None, lines=lines)

    with _mkdocs_messages() as messages:
        try:
            config = load_config(str(path))
        except ConfigurationError as error:
            raise Failure([str(_unreadable(shell, error))]) from None
        except Abort:
            errors = [record for record in messages if record.levelno >= logging.ERROR] or messages
            lines = [str(_config_problem(shell, record.getMessage())) for record in errors]
            raise Failure(lines or [f"Error: {path.name} could not be read"]) from None
    warnings = tuple(_config_problem(shell, record.getMessage(), "warning") for record in messages)
    if PLUGIN not in config.plugins:
        raise Failure(
            [str(shell.problem(["plugins"], "plugins", "add columnist to the plugins to use Columnist"))]
        )
    return Site(
        path,
        config.plugins[PLUGIN].config,
        site_url=config.site_url,
        strict=bool(config.strict),
        warnings=warnings,
        lines=lines,
        mkdocs_config=config,
    )


@contextmanager
def _mkdocs_messages() -> Iterator[list[logging.LogRecord]]:
    """MkDocs' warnings and errors while it reads the configuration, kept to be shown as problems."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("mkdocs")
    handler = Keep(logging.WARNING)
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


_CONFIG_VALUE = re.compile(r"Config value '([^']*)': (.*)", re.DOTALL)
_PLUGIN_OPTION = re.compile(r"Plugin '([^']*)' option '([^']*)': (.*)", re.DOTALL)
_SUB_OPTION = re.compile(r"Sub-option '([^']*)': (.*)", re.DOTALL)


def _config_problem(site: Site, message: str, severity: str = "error") -> Problem:
    """MkDocs' ``Config value 'plugins': Plugin 'columnist' option 'x': ...`` as ``mkdocs.yml:N: x: ...``."""
    value = _CONFIG_VALUE.fullmatch(message)
    if not value:
        return site.problem([], "settings", message, severity)
    keys, text = [value.group(1)], value.group(2)
    field = keys[0]
    option = _PLUGIN_OPTION.fullmatch(text) if keys[0] == "plugins" else None
    if option:
        plugin, name, text = option.groups()
        keys += [plugin, name]
        while sub := _SUB_OPTION.fullmatch(text):
            keys.append(sub.group(1))
            text = sub.group(2)
        field = ".".join(keys[2:] if plugin == PLUGIN else keys[1:])
    return site.problem(keys, field, " ".join(text.split()), severity)


def _unreadable(site: Site, error: ConfigurationError) -> Problem:
    cause = error.__cause__ or error.__context__
    if isinstance(cause, yaml.YAMLError):
        mark = getattr(cause, "context_mark", None) or getattr(cause, "problem_mark", None)
        reason = getattr(cause, "problem", None) or str(cause)
        line = mark.line + 1 if mark is not None else 1
        message = f"cannot be read ({reason}); check the quotes, brackets and colons"
        return Problem(site.config_file.name, line, "settings", message)
    return site.problem([], "settings", str(error))


def _line_of(lines: Sequence[str], keys: Sequence[str]) -> int:
    """The line of an option (``plugins``, ``columnist``, ``podcast``, ``type``), or of the nearest found."""
    found, start = 0, 0
    for depth, key in enumerate(keys):
        indent = "" if depth == 0 else r"\s*(?:-\s+)?"
        pattern = re.compile(rf"^{indent}['\"]?{re.escape(key)}['\"]?\s*(?::|$)")
        for index in range(start, len(lines)):
            if pattern.match(lines[index]):
                found, start = index + 1, index + 1
                break
        else:
            break
    return found or 1


def site_problems(site: Site) -> list[Problem]:
    """What stops a build before any column is read."""
    problems = list(site.warnings)
    if not site.site_url:
        problems.append(
            site.problem(
                ["site_url"],
                "site_url",
                "is missing: set it to the site's full address (for example https://example.org/); "
                "feeds and the podcast need it for their links",
            )
        )
    if not site.posts_dir.is_dir():
        problems.append(
            site.problem(
                ["plugins", PLUGIN, "posts_dir"],
                "posts_dir",
                f"the folder '{site.options.posts_dir}' does not exist next to mkdocs.yml; "
                "create it or set posts_dir",
            )
        )
    return problems


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
    if day is not None:
        when, day_problem = new_column.given_day(day)
    else:
        schedule = site.options.schedule
        weekday = WEEKDAYS.index(schedule) if schedule else None
        when, day_problem = new_column.publishing_day(new_column.today(site.zone), weekday), None
    audio_src, audio_problem = None, None
    if audio is not None:
        shown_posts = _shown(posts_dir, site.root)
        audio_src, audio_problem = new_column.audio_source(audio, posts_dir, Path.cwd(), shown_posts)
    problems = [new_column.title_problem(title), day_problem]
    problems += [*new_column.author_problems(authors, site.options.authors), audio_problem]
    problems = [problem for problem in problems if problem]
    if problems:
        raise fail(*problems)
    assert when is not None

    posts_dir.mkdir(parents=True, exist_ok=True)
    target = posts_dir / new_column.file_name(title, when)
    shown = _shown(target, site.root)
    number = new_column.next_number(posts_dir)
    text = frontmatter.new_column_text(
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
    if audio_src and new_column.is_web_address(audio_src):
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
    problems = site_problems(site)
    if not site.posts_dir.is_dir():
        _print_report(checks.Report(columns=0, problems=tuple(problems)))
        raise SystemExit(1)
    settings = site.settings(now=get_build_datetime())
    report = checks.check_columns(settings)
    if fetch_media:
        done, fetched = remote_audio.fetch_media(report.posts)
        for line in done:
            click.echo(line)
        if done:
            report = checks.check_columns(settings)
        problems.extend(fetched)
    if report.catalog is not None:
        # The build's own warnings about the podcast, so that check --strict fails where build --strict does.
        problems.extend(views.podcast_readiness(site.mkdocs_config, report.catalog))
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
    if report.scheduled or report.drafts:
        lines.append("Not published yet:")
        lines.extend(f"scheduled: {post.path} ({post.date.date().isoformat()})" for post in report.scheduled)
        lines.extend(f"draft: {post.path}" for post in report.drafts)
    found = [_count(len(report.errors), "error"), _count(len(report.warnings), "warning")]
    summary = ", ".join(part for part in found if not part.startswith("0 ")) or "no problems"
    lines.append(f"Checked {_count(report.columns, 'column')}: {summary}.")
    return lines


# --- wording ---------------------------------------------------------------------------------------------


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- the email edition ------------------------------------------------------------------------------------


@cli.command("email")
@click.argument("post")
@click.option(
    "-o", "--output", metavar="DIR", help="The folder to write into (default: email/ next to mkdocs.yml)."
)
@config_file_option
def email_command(post: str, output: str | None, config_file: str | None) -> None:
    """Write the email edition of POST (a column's file, its slug, or latest) as .html, .txt and .eml."""
    # Imported here so that this command stays in one place; columnist.email is not the standard library's.
    from columnist import email as edition
    from columnist.catalog import load_catalog
    from columnist.problems import ColumnistError, describe

    site = load_site(config_file)
    for warning in site.warnings:
        click.echo(str(warning), err=True)
    options = site.options.email
    sending = edition.Sending(options.sender, options.reply_to, options.unsubscribe)
    problems = [problem for problem in site_problems(site) if problem.severity == "error"]
    problems += [
        site.problem(["plugins", PLUGIN, "email", key], f"email.{key}", message)
        for key, message in edition.option_problems(sending)
    ]
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

    with _mkdocs_messages():  # read once already by load_site, which keeps only Columnist's options
        config = load_config(str(site.config_file))
    url = config.site_url or ""
    made = edition.make_edition(
        column,
        catalog,
        edition.EmailSite(
            name=config.site_name,
            description=config.site_description or "",
            url=url if url.endswith("/") else url + "/",
            posts_dir=site.posts_dir,
            posts_prefix=f"{site.posts_dir.name}/",
            docs_dir=Path(config.docs_dir),
            use_directory_urls=config.use_directory_urls,
            language=config.theme.get("language") or "en",
            copyright=config.copyright,
            markdown_extensions=tuple(config.markdown_extensions),
            mdx_configs=dict(config.mdx_configs),
            authors={key: author.name for key, author in site.options.authors.items()},
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
    from columnist import feeds, views
    from columnist import publish as publishing
    from columnist.catalog import load_catalog
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
    try:
        catalog = load_catalog(site.settings(now=get_build_datetime()))
    except ColumnistError as error:
        raise Failure(describe(error.problems, "nothing was published").splitlines()) from None
    with _mkdocs_messages():
        config = load_config(str(site.config_file))
    layout = publishing.SiteLayout(
        posts_dir=site.posts_dir,
        docs_dir=Path(config.docs_dir).resolve(),
        extensions=tuple(config.markdown_extensions),
        extension_configs=dict(config.mdx_configs),
        use_directory_urls=config.use_directory_urls,
        language=config.theme.get("language") or "en",
    )
    options = feeds.FeedOptions(items=site.options.feeds.items, full_content=site.options.feeds.full_content)
    written = publishing.publish(
        catalog, layout, views.site_info(config), options, views.podcast_settings(config), target
    )
    shown = _shown(target, site.root)
    click.echo(
        f"Published {_count(len(catalog.posts), 'column')} into {shown}: {_count(len(written), 'file')}"
    )
    for path in written:
        if not path.startswith(f"{site.posts_dir.name}/"):
            click.echo(f"  {path}")


def main() -> None:
    """The ``columnist`` console script."""
    cli(prog_name="columnist")


if __name__ == "__main__":
    main()
