"""``mkdocs.yml`` read once into the engine's settings, for the plugin and every command alike.

MkDocs reads and validates the file (the plugin gets it from the build, a command through
``load``); everything the engine needs is then taken from it here, once: the site's address
normalised, the defaults the site already gives (its name, description, language, authors),
and the line of each option, so that a problem with a setting is shown where it is written.
``problems`` is the one list of what is wrong with the settings themselves, the podcast's
readiness included, so ``mkdocs build`` and ``columnist check`` say the same thing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from columnist import authors_file, feeds, images, listings, podcast
from columnist.catalog import Catalog, CatalogSettings
from columnist.config import AuthorConfig, ColumnistConfig, author_from
from columnist.dates import load_zone
from columnist.edition import EmailSite, Sending, default_sender
from columnist.feeds import FeedOptions, Person, SiteInfo, site_address
from columnist.labels import Labels, translations, unknown_label
from columnist.links import site_links
from columnist.listings import Listing
from columnist.podcast import PodcastSettings, image_url
from columnist.post import Post
from columnist.problems import Problem
from columnist.words import plain_text

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN = "columnist"


class SettingsError(Exception):
    """``mkdocs.yml`` cannot be used; ``lines`` are what to show, one problem each."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True)
class Settings:
    """A site's ``mkdocs.yml``, read and validated by MkDocs, as the plain values the engine needs."""

    config_file: Path
    options: ColumnistConfig  # the plugin's options, as MkDocs validated them
    site_name: str = ""
    site_url: str = ""  # the site's address ending in "/", or "" when mkdocs.yml has none
    site_description: str = ""
    site_author: str | None = None
    copyright: str | None = None  # may hold HTML, as MkDocs' own footer does
    language: str = "en"
    docs_dir: Path = Path("docs")
    site_dir: Path = Path("site")
    use_directory_urls: bool = True
    markdown_extensions: tuple[Any, ...] = ()
    mdx_configs: Mapping[str, Any] = field(default_factory=dict)
    theme_dirs: tuple[Path, ...] = ()  # where templates are looked for, the site's own overrides first
    strict: bool = False
    warnings: tuple[Problem, ...] = ()  # MkDocs' own warnings while it read the file
    lines: tuple[str, ...] = field(default=(), repr=False)  # mkdocs.yml, to name the line of an option
    file_authors: Mapping[str, AuthorConfig] = field(default_factory=dict)  # from posts/.authors.yml
    authors_problems: tuple[Problem, ...] = ()  # what is wrong in that file

    @property
    def authors(self) -> dict[str, AuthorConfig]:
        """Every author: those in mkdocs.yml, then those the authors file beside the columns adds."""
        return {**self.options.authors, **self.file_authors}

    @property
    def root(self) -> Path:
        """The site's folder: the one holding ``mkdocs.yml``."""
        return self.config_file.parent

    @property
    def posts_dir(self) -> Path:
        return (self.root / self.options.posts_dir).resolve()

    @property
    def zone(self) -> tzinfo:
        return load_zone(self.options.timezone)

    def problem(self, keys: Sequence[str], field: str, message: str, severity: str = "error") -> Problem:
        """A problem with an option of ``mkdocs.yml``, on the line where the option is written."""
        return Problem(self.config_file.name, line_of(self.lines, keys), field, message, severity)  # type: ignore[arg-type]

    def catalog_settings(self, now: datetime | None, preview: bool = False) -> CatalogSettings:
        return CatalogSettings(
            project_dir=self.root,
            posts_dir=self.posts_dir,
            zone=self.zone,
            post_url=self.options.post_url,
            now=now,
            future_posts=self.options.future_posts,
            preview=preview,
            authors=self.authors,
            docs_dir=self.docs_dir,
            use_directory_urls=self.use_directory_urls,
        )

    def email_site(self) -> EmailSite:
        """The site as the email edition shows it."""
        return EmailSite(
            name=self.site_name,
            links=site_links(self),
            description=self.site_description,
            language=self.language,
            words=dict(self.options.labels),
            copyright=self.copyright,
            authors={key: author.name for key, author in self.authors.items()},
            theme_dirs=self.theme_dirs,
            default_image=images.default_address(self.options.image, self.site_url),
        )

    def sending(self, post: Post) -> Sending:
        """Who a column's email edition is from: ``email.from``, else its first author with an address."""
        options = self.options.email
        emails = {key: (author.name, author.email) for key, author in self.authors.items()}
        sender = options.sender or default_sender(post, emails, self.site_author)
        return Sending(sender, options.reply_to, options.unsubscribe)

    def feed_options(self) -> FeedOptions:
        return FeedOptions(items=self.options.feeds.items, full_content=self.options.feeds.full_content)

    def podcast_settings(self) -> PodcastSettings:
        """The podcast's channel, with the site's own name, description and language as defaults."""
        options = self.options.podcast
        authors = " and ".join(author.name for author in self.authors.values())
        copyright_text = options.copyright or self.copyright
        return PodcastSettings(
            title=options.title or self.site_name,
            description=options.description or self.site_description,
            author=options.author or self.site_author or authors or None,
            owner_name=options.owner.name,
            owner_email=options.owner.email,
            image=options.image,
            language=options.language or self.language,
            categories=tuple(options.categories),
            explicit=options.explicit,
            type=options.type,
            copyright=plain_text(copyright_text) if copyright_text else None,
            guid=options.guid,
            funding_url=options.funding.url,
            funding_text=options.funding.text,
            locked=options.locked,
            schedule=self.options.schedule,
        )

    def site_info(self) -> SiteInfo:
        """The site as feeds describe it."""
        return SiteInfo(
            title=self.site_name,
            url=self.site_url,
            # Files beside the columns are published under the posts folder's name.
            posts_prefix=f"{Path(self.options.posts_dir).name}/",
            image=image_url(self.podcast_settings(), self.site_url),
            default_image=images.default_address(self.options.image, self.site_url),
            description=self.site_description,
            language=self.language,
            copyright=self.copyright,
            authors={
                key: Person(
                    author.name,
                    author.email,
                    author.url and site_address(author.url, self.site_url),
                    author.avatar and site_address(author.avatar, self.site_url),
                )
                for key, author in self.authors.items()
            },
        )

    def problems(self) -> list[Problem]:
        """What stops a build before any column is read."""
        problems = list(self.authors_problems)
        if not self.site_url:
            problems.append(
                self.problem(
                    ["site_url"],
                    "site_url",
                    "is missing: set it to the site's full address (for example https://example.org/); feeds "
                    "and the podcast need it for their links",
                )
            )
        if not self.posts_dir.is_dir():
            problems.append(
                self.problem(
                    ["plugins", PLUGIN, "posts_dir"],
                    "posts_dir",
                    f"the folder '{self.options.posts_dir}' does not exist next to mkdocs.yml; "
                    "create it or set posts_dir",
                )
            )
        if refusal := images.missing_default(self.options.image, self.docs_dir):
            problems.append(self.problem(["plugins", PLUGIN, "image"], "image", refusal))
        for label in self.options.labels:
            if refusal := unknown_label(label):
                at = ["plugins", PLUGIN, "labels", label]
                problems.append(self.problem(at, "labels", f'"{label}" {refusal}'))
        return problems

    def labels(self) -> Labels:
        """The words of Columnist's labels in the site's language, with the columnist's own where set."""
        return translations(self.language, self.options.labels)

    def plan(self, catalog: Catalog) -> SitePlan:
        """The list pages and feeds the columns call for (the catalog has refused addresses they take)."""
        planned = listings.plan_listings(
            catalog, self.options.per_page, self.site_name, self.authors, self.labels()
        )
        feed_paths = feeds.feed_paths(catalog)
        if podcast.episodes(catalog):
            feed_paths.append(podcast.PODCAST_PATH)
        return SitePlan(planned, feed_paths)

    def podcast_problems(self, catalog: Catalog) -> list[Problem]:
        """What Apple or Spotify would refuse, as warnings on the lines of mkdocs.yml."""
        podcast_settings = self.podcast_settings()
        cover = None
        if podcast_settings.image and "://" not in podcast_settings.image:
            cover = self.docs_dir / podcast_settings.image

        def podcast_line(option: str) -> int:
            return line_of(self.lines, ["plugins", PLUGIN, "podcast", option])

        return podcast.readiness(podcast_settings, catalog, cover, podcast_line, self.config_file.name)


@dataclass(frozen=True)
class SitePlan:
    """What the site will hold beside the columns, worked out before anything is written."""

    listings: list[Listing]
    feed_paths: list[str]


def from_mkdocs(config: MkDocsConfig, warnings: Sequence[Problem] = ()) -> Settings:
    """The settings of a configuration MkDocs has read and validated."""
    config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
    try:
        lines = tuple(config_file.read_text(encoding="utf-8-sig", errors="replace").splitlines())
    except OSError:
        lines = ()
    url = config.site_url or ""
    options = config.plugins[PLUGIN].config
    authors_path = (config_file.parent / options.posts_dir).resolve() / authors_file.NAME
    shown = f"{Path(options.posts_dir).as_posix().rstrip('/')}/{authors_file.NAME}"
    entries, authors_problems = authors_file.read(authors_path, shown)
    file_authors, faults = authors_file.merge(options.authors, entries, author_from, shown, config_file.name)
    return Settings(
        config_file=config_file,
        options=options,
        site_name=config.site_name,
        site_url=url if not url or url.endswith("/") else url + "/",
        site_description=config.site_description or "",
        site_author=config.site_author,
        copyright=config.copyright,
        language=config.theme.get("language") or "en",
        docs_dir=Path(config.docs_dir).resolve(),
        site_dir=Path(config.site_dir).resolve(),
        use_directory_urls=config.use_directory_urls,
        markdown_extensions=tuple(config.markdown_extensions),
        mdx_configs=dict(config.mdx_configs),
        theme_dirs=tuple(Path(folder) for folder in config.theme.dirs),
        strict=bool(config.strict),
        warnings=tuple(warnings),
        lines=lines,
        file_authors=file_authors,
        authors_problems=(*authors_problems, *faults),
    )


def find_config_file(start: Path) -> Path | None:
    """``mkdocs.yml`` in ``start`` or in the nearest folder above it that has one."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def load(config_file: str | None, cwd: Path) -> Settings:
    """Find and read ``mkdocs.yml`` as MkDocs does; every problem in it is one line of a ``SettingsError``."""
    if config_file:
        path = Path(config_file).resolve()
        if not path.is_file():
            raise SettingsError([f"Error: there is no file {path} (given with -f)"])
    else:
        found = find_config_file(cwd)
        if found is None:
            raise SettingsError(
                [
                    f"Error: no mkdocs.yml in {cwd} or in any folder above it; run columnist in your "
                    "site's folder, or name the file with -f path/to/mkdocs.yml"
                ]
            )
        path = found.resolve()
    lines = tuple(path.read_text(encoding="utf-8-sig", errors="replace").splitlines())
    with mkdocs_messages() as messages:
        try:
            config = load_config(str(path))
        except ConfigurationError as error:
            raise SettingsError([str(_unreadable(path, lines, error))]) from None
        except Abort:
            errors = [record for record in messages if record.levelno >= logging.ERROR] or messages
            shown = [str(_config_problem(path, lines, record.getMessage())) for record in errors]
            raise SettingsError(shown or [f"Error: {path.name} could not be read"]) from None
    warnings = [_config_problem(path, lines, record.getMessage(), "warning") for record in messages]
    if PLUGIN not in config.plugins:
        message = "add columnist to the plugins to use Columnist"
        raise SettingsError([str(Problem(path.name, line_of(lines, ["plugins"]), "plugins", message))])
    return from_mkdocs(config, warnings)


@contextmanager
def mkdocs_messages() -> Iterator[list[logging.LogRecord]]:
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


def _config_problem(path: Path, lines: Sequence[str], message: str, severity: str = "error") -> Problem:
    """MkDocs' ``Config value 'plugins': Plugin 'columnist' option 'x': ...`` as ``mkdocs.yml:N: x: ...``."""
    value = _CONFIG_VALUE.fullmatch(message)
    keys, field, text = [], "settings", message
    if value:
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
    return Problem(path.name, line_of(lines, keys), field, " ".join(text.split()), severity)  # type: ignore[arg-type]


def _unreadable(path: Path, lines: Sequence[str], error: ConfigurationError) -> Problem:
    cause = error.__cause__ or error.__context__
    if isinstance(cause, yaml.YAMLError):
        mark = getattr(cause, "context_mark", None) or getattr(cause, "problem_mark", None)
        reason = getattr(cause, "problem", None) or str(cause)
        line = mark.line + 1 if mark is not None else 1
        message = f"cannot be read ({reason}); check the quotes, brackets and colons"
        return Problem(path.name, line, "settings", message)
    return Problem(path.name, line_of(lines, []), "settings", str(error))


def line_of(lines: Sequence[str], keys: Sequence[str]) -> int:
    """The line of an option (``plugins``, ``columnist``, ``podcast``, ``type``), or of the nearest found.

    >>> line_of(["site_name: x", "plugins:", "  - columnist:", "      podcast:", "        type: a"],
    ...         ["plugins", "columnist", "podcast", "type"])
    5
    >>> line_of(["site_name: x"], ["plugins", "columnist"])
    1
    """
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
