"""Columns from an old blog written into the posts folder, without ever losing anything.

A column whose ``guid`` is already in the posts folder is skipped, so an import can be run
again; a file is never overwritten (a taken name gets ``-2``, ``-3``); each column is
written to a hidden temporary file beside the columns, read back as the build reads it,
and only then given its name, so an interrupted import leaves no half-written column.
"""

from __future__ import annotations

import os
import posixpath
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from columnist.catalog import find_post_files, post_url
from columnist.dates import as_aware
from columnist.importers import text
from columnist.importers.model import Column, Export, Recording
from columnist.media import AUDIO_TYPES
from columnist.post import Post, parse_duration, read_post
from columnist.problems import Problem
from columnist.slugs import name_slug, slugify

NO_TITLE = "the old post had no title, so it is named after its first words; change it if you like"
#: Temporary files start with a dot and do not end in .md: the plugin never reads them.
TEMPORARY_PREFIX = ".columnist-import-"
_FENCE = re.compile(r"^-{3,}\s*$")
_GUID = re.compile(r"^guid\s*:(.*)$")
_DRAFT = re.compile(r"^draft\s*:\s*(true|yes|on)\s*(#.*)?$", re.IGNORECASE)

Progress = Callable[[Sequence["Planned"]], AbstractContextManager[Iterable["Planned"]]]


@dataclass(frozen=True)
class Settings:
    """Where columns go and how the site reads them."""

    project_dir: Path  # the folder of mkdocs.yml: paths in messages are relative to it
    posts_dir: Path
    zone: tzinfo
    #: ``key: value`` as one line of YAML (the command line's own writer, shared with ``columnist new``)
    yaml_line: Callable[[str, object], str]
    post_url: str = "{year}/{month}/{day}/{slug}/"
    authors: Mapping[str, object] = field(default_factory=dict)  # the site's author keys; empty = any


@dataclass(frozen=True)
class Planned:
    """A column to write, and the file name it gets."""

    column: Column
    name: str  # relative to the posts folder
    slug: str | None  # written as ``slug`` when the name needed a number to be free


@dataclass
class Outcome:
    """What an import did (or, with ``dry_run``, would do)."""

    dry_run: bool
    written: list[str] = field(default_factory=list)  # paths as shown, in the order written
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    unknown_authors: dict[str, str] = field(default_factory=dict)  # key -> the name the old blog showed
    media: set[str] = field(default_factory=set)
    left_out: Mapping[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def lines(self, author_problem: Callable[[str], Problem]) -> list[str]:
        """What ``columnist import`` prints; ``author_problem`` places a message on mkdocs.yml's authors."""
        verb = "Would write" if self.dry_run else "Wrote"
        lines = [f"{verb} {path}" for path in self.written]
        problems = [str(problem) for problem in self.problems]
        for key, name in sorted(self.unknown_authors.items()):
            entry = yaml.safe_dump(
                {key: {"name": name}}, default_flow_style=True, allow_unicode=True, width=10**9
            )
            problems.append(
                str(
                    author_problem(
                        f"'{key}' is not one of the authors, so the build will stop at its columns; "
                        f"add it under authors in mkdocs.yml: {entry.strip()[1:-1]}"
                    )
                )
            )
        if problems:
            lines.append("Problems to check:")
            lines.extend(problems)
        if self.left_out:
            listed = ", ".join(f"{kind} {count}" for kind, count in sorted(self.left_out.items()))
            lines.append(f"Left out what is not a column or a letter: {listed}.")
        if self.media:
            lines.append("These files are still on the old blog; move them before it goes away:")
            lines.extend(sorted(self.media))
        columns, problem_count = _count(len(self.written), "column"), _count(len(problems), "problem")
        problem_count = "no problems" if not problems else problem_count
        if self.dry_run:
            lines.append(
                f"Would import {columns}, skip {self.skipped} already here, {problem_count}; "
                "nothing was written (dry run)."
            )
        else:
            lines.append(f"Imported {columns}, skipped {self.skipped} already here, {problem_count}.")
        return lines


def import_columns(
    export: Export, settings: Settings, *, dry_run: bool = False, progress: Progress | None = None
) -> Outcome:
    """Write every column of ``export`` that is not in the posts folder yet."""
    outcome = Outcome(dry_run, problems=list(export.problems), left_out=dict(export.left_out))
    existing = existing_columns(settings.posts_dir)
    taken = (
        {entry.name.lower() for entry in settings.posts_dir.iterdir()}
        if settings.posts_dir.is_dir()
        else set()
    )
    columns = sorted(export.columns, key=lambda column: (_local(column, settings.zone), column.guid))

    planned: list[Planned] = []
    targets: dict[str, str] = {}  # an old address (see address_key) -> the file it now is
    seen: dict[str, Column] = {}
    columns = _unique_guids(columns)
    for column in columns:
        if column.guid in existing or column.guid in seen:
            outcome.skipped += 1
            here, draft = existing.get(column.guid, ("", True))
            if not draft:
                _add_targets(targets, column, here)
            continue
        seen[column.guid] = column
        slug = (
            slugify(column.slug)
            or slugify(text.one_line(column.title))
            or slugify(_words(column))
            or "column"
        )
        stem = f"{_local(column, settings.zone):%Y-%m-%d}-{slug}"
        name, number = f"{stem}.md", 1
        while name.lower() in taken:
            number += 1
            name = f"{stem}-{number}.md"
        taken.add(name.lower())
        planned.append(Planned(column, name, f"{slug}-{number}" if number > 1 else None))
        if not column.draft:
            _add_targets(targets, column, name)

    blog = OldBlog(export.site, [column.link for column in columns if column.link])
    names = _spellings(planned)
    with (progress or nullcontext)(planned) as items:
        for item in items:
            path = _shown(settings.posts_dir / item.name, settings.project_dir)
            try:
                made = render(item, settings, blog, targets, names, path)
            except (ValueError, TypeError, RecursionError, yaml.YAMLError) as error:
                # Real blogs hold odd markup: one post that cannot be converted stops no other.
                title = text.one_line(item.column.title) or item.column.guid
                outcome.problems.append(
                    Problem(export.name, item.column.line, "item",
                            f"'{title}' could not be converted ({type(error).__name__}: {error}), "
                            "so it was not imported; please report this")
                )  # fmt: skip
                continue
            try:
                if not dry_run:
                    write_column(settings.posts_dir, item.name, made.text, settings.zone)
            except FileExistsError:
                outcome.problems.append(
                    Problem(path, 1, "file", "appeared while importing, so this column was not written; "
                            "run the import again")
                )  # fmt: skip
                continue
            except ValueError as error:
                outcome.problems.append(Problem(path, 1, "file", f"was not written: {error}"))
                continue
            outcome.written.append(path)
            outcome.problems.extend(made.problems)
            outcome.media.update(made.media)
            for key in item.column.authors:
                if settings.authors and key not in settings.authors:
                    outcome.unknown_authors.setdefault(key, export.author_names.get(key) or key)
    return outcome


# --- one column -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    text: str
    problems: list[Problem]
    media: list[str]


def render(
    item: Planned,
    settings: Settings,
    blog: OldBlog,
    targets: Mapping[str, str],
    names: Mapping[str, Mapping[str, str]],
    path: str,
) -> Made:
    """A column's file: front matter in the author's guide's order, then the Markdown."""
    column = item.column
    notes: list[tuple[str, str]] = []  # (field, message)

    def link_to(address: str) -> str | None:
        key = address_key(address)
        return targets.get(key) if key else None

    converted = text.to_markdown(
        column.html,
        base=column.link or blog.site,
        raw_wordpress=column.raw_wordpress,
        link_to=link_to,
        on_old_blog=blog.has,
    )
    title = text.one_line(column.title)
    if not title:
        title = _words(column) or f"Untitled ({_local(column, settings.zone):%Y-%m-%d})"
        notes.append(("title", NO_TITLE))

    replacements: dict[str, str] = {}
    audio = _audio(column.recording, notes)
    for heard in converted.heard:
        same = column.recording is not None and _same_file(heard.src, column.recording.src)
        replacements[heard.marker] = "" if same else text.listen_line(heard.src)
    for left in converted.left_out:
        replacements[left.marker] = _left_out_comment(left.what)
    body = text.finish(converted.markdown, replacements)

    values: dict[str, object] = {"title": title, "date": column.date}
    for kind in ("categories", "tags"):
        spelled = [names[kind].get(name_slug(name), name) for name in _clean_names(getattr(column, kind))]
        if spelled:
            values[kind] = list(dict.fromkeys(spelled))
    if column.authors:
        values["authors"] = list(column.authors)
    if item.slug:
        values["slug"] = item.slug
    values["guid"] = column.guid
    if column.shared_guid:
        notes.append(("guid", "the old blog gave this post the same guid as an earlier one, "
                      "so it now has its old address as its guid"))  # fmt: skip
    aliases = _aliases(column, blog, settings, title, item.slug, values.get("categories"))
    if aliases:
        values["aliases"] = aliases
    summary = text.plain_text(column.excerpt_html) if column.excerpt_html else ""
    if summary:
        values["summary"] = summary
    if audio:
        values["audio"] = audio
    if column.draft:
        values["draft"] = True
        if column.protected:
            notes.append(("draft", "the old post was protected by a password, so it comes in as a draft; "
                          "remove draft: true to publish it"))  # fmt: skip
    letters = []
    for letter in column.letters:
        words = text.plain_text(letter.html)
        if words:
            letters.append(
                {"name": text.one_line(letter.name) or "A reader", "date": letter.date, "text": words}
            )
    if letters:
        values["comments"] = letters

    lines = ["---"]
    at: dict[str, int] = {}
    for key, value in values.items():
        at[key] = len(lines) + 1
        lines.extend(front_matter_lines(key, value, settings.yaml_line))
    lines += ["---", ""]
    body_start = len(lines) + 1
    problems = [Problem(path, at.get(key, 1), key, message, "warning") for key, message in notes]
    left_out = Counter(left.what for left in converted.left_out)
    for what, times in left_out.items():
        line = text.marker_line(body, _left_out_comment(what))
        where = f"{times} times; comments mark the places" if times > 1 else "a comment marks the place"
        problems.append(
            Problem(path, body_start + (line or 1) - 1, "text",
                    f"{what} from the old blog has no Markdown form and was left out ({where})", "warning")
        )  # fmt: skip
    if audio and "audio" in at:
        problems.extend(
            Problem(path, at["audio"], "audio", message, "warning") for message in _audio_gaps(audio)
        )
    media = list(converted.media)
    if audio and blog.has(str(audio["src"])):
        media.append(str(audio["src"]))
    return Made("\n".join([*lines, body]).rstrip("\n") + "\n", problems, media)


def _left_out_comment(what: str) -> str:
    """An HTML comment where something was left out: invisible on the page, found by the author."""
    return f"<!-- {what.replace('--', '–')} from the old blog was left out here -->"


def front_matter_lines(key: str, value: object, yaml_line: Callable[[str, object], str]) -> list[str]:
    """``key: value`` as YAML lines: one line when it fits (as ``columnist new`` writes), a block for
    mappings, lists of mappings and text of several paragraphs, so an author can read and edit them."""
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


def _audio(recording: Recording | None, notes: list[tuple[str, str]]) -> dict[str, object] | None:
    """The enclosure as ``audio: {src, length, type, duration}``, with what the source knew."""
    if recording is None:
        return None
    audio: dict[str, object] = {"src": recording.src}
    if recording.length:
        audio["length"] = recording.length
    kind = recording.type or AUDIO_TYPES.get(posixpath.splitext(urlsplit(recording.src).path)[1].lower())
    if kind:
        audio["type"] = kind
    duration = (recording.duration or "").strip()
    if duration:
        try:
            parse_duration(duration)
        except Exception:  # pydantic's error for a value it cannot read
            notes.append(("audio", f"the old duration '{duration}' is not a length of time; it was left out"))
        else:
            audio["duration"] = int(duration) if duration.isdigit() else duration
    return audio


def _audio_gaps(audio: Mapping[str, object]) -> list[str]:
    words = {"length": "size", "type": "type", "duration": "duration"}
    missing = [words[key] for key in ("length", "type", "duration") if key not in audio]
    if not missing:
        return []
    return [
        f"the old blog gave no {' or '.join(missing)} for the recording; "
        "run `columnist check --fetch-media` to fill it in"
    ]


def _aliases(
    column: Column, blog: OldBlog, settings: Settings, title: str, slug: str | None, categories: object
) -> list[str]:
    """The old permalink's path, when it was public, is on the old blog, and is not the new address."""
    if not column.published or not column.link:
        return []
    parts = urlsplit(column.link)
    if parts.query or not blog.has(column.link):
        return []
    path = unquote(parts.path)
    if not path.strip("/") or ".." in path.split("/"):
        return []
    new = Post(
        path="", source=Path(), relative="", title=title, body="",
        date=as_aware(column.date, settings.zone),
        slug=slugify(slug or title) or "column",
        categories=tuple(categories) if isinstance(categories, list) else (),
    )  # fmt: skip
    try:
        own = post_url(settings.post_url, new)
    except (KeyError, ValueError, IndexError):
        own = ""
    if own.strip("/").lower() == path.strip("/").lower():
        return []  # the column keeps its old address: nothing to redirect
    return [path if path.startswith("/") else f"/{path}"]


def _unique_guids(columns: Sequence[Column]) -> list[Column]:
    """Columns with a ``guid`` of their own: an old blog sometimes gave two posts the same one
    (a copied post, a migration); the later post then takes its old address as its guid."""
    counted = Counter(column.guid for column in columns)
    used: set[str] = set()
    unique = []
    for column in columns:
        guid = column.guid
        if counted[guid] > 1 and guid in used:
            guid = column.link if column.link and column.link not in counted else guid
            number = 2
            while guid in used or (guid != column.link and guid in counted):
                guid, number = f"{column.guid}#{number}", number + 1
            column = replace(column, guid=guid, shared_guid=True)
        used.add(guid)
        unique.append(column)
    return unique


def _same_file(one: str, other: str) -> bool:
    first, second = urlsplit(one), urlsplit(other)
    return (first.hostname or "", first.path) == (second.hostname or "", second.path)


def _words(column: Column) -> str:
    """The first words of a column's text, for a title it lacks."""
    words = re.sub(r"\[/?[A-Za-z_][\w-]*[^\]]*\]", " ", column.html)
    return text.first_words(text.plain_text(words))


def _clean_names(names: Iterable[str]) -> list[str]:
    return [cleaned for cleaned in (text.one_line(name) for name in names) if cleaned]


def _spellings(planned: Sequence[Planned]) -> dict[str, dict[str, str]]:
    """One spelling per category (and per tag) page, so "client care" and "Client Care" do not ask
    for the same page twice: the spelling most columns use, else the first met."""
    counted: dict[str, Counter[str]] = {"categories": Counter(), "tags": Counter()}
    for item in planned:
        for kind, names in counted.items():
            names.update(_clean_names(getattr(item.column, kind)))
    spellings: dict[str, dict[str, str]] = {"categories": {}, "tags": {}}
    for kind, names in counted.items():
        for name, _ in names.most_common():
            spellings[kind].setdefault(name_slug(name), name)
    return spellings


def _local(column: Column, zone: tzinfo) -> datetime:
    return as_aware(column.date, zone)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- the old blog's addresses ----------------------------------------------------------------------------


class OldBlog:
    """The old blog's address, to tell its own pages and files from the rest of the web."""

    def __init__(self, site: str | None, links: Sequence[str]) -> None:
        self.site = site
        hosts = [urlsplit(site).hostname] if site else []
        if not any(hosts):  # no address in the source: the one most of its posts live at
            counted = Counter(urlsplit(link).hostname for link in links if urlsplit(link).hostname)
            hosts = [counted.most_common(1)[0][0]] if counted else []
        self.hosts = {host.lower().removeprefix("www.") for host in hosts if host}
        for host in list(self.hosts):
            if host.endswith(".wordpress.com"):  # WordPress.com keeps uploads on a files. host
                self.hosts.add(host.removesuffix(".wordpress.com") + ".files.wordpress.com")

    def has(self, address: str) -> bool:
        """Is ``address`` on the old blog (its host, a subdomain, or WordPress's image proxy for it)?

        >>> blog = OldBlog("https://www.old.example.org/", [])
        >>> blog.has("http://old.example.org/a.mp3"), blog.has("https://i0.wp.com/old.example.org/b.jpg")
        (True, True)
        >>> blog.has("https://other.example.org/c.mp3")
        False
        """
        parts = urlsplit(address)
        host = (parts.hostname or "").lower().removeprefix("www.")
        if not host:
            return False
        if re.fullmatch(r"i\d\.wp\.com", host):
            host = parts.path.lstrip("/").split("/", 1)[0].lower().removeprefix("www.")
        return any(host == known or host.endswith("." + known) for known in self.hosts)


def address_key(address: str) -> str | None:
    """An old address reduced to what identifies a post: host without www, path without the
    trailing slash, letter case ignored, and WordPress's ``?p=123`` kept.

    >>> address_key("https://www.Old.example.org/2012/09/19/Some-Post/?utm_source=x#c")
    'old.example.org/2012/09/19/some-post'
    >>> address_key("http://old.example.org/?p=555")
    'old.example.org?p=555'
    """
    parts = urlsplit(address.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    path = unquote(parts.path).rstrip("/").lower()
    query = parse_qs(parts.query)
    for name in ("p", "page_id"):
        if query.get(name):
            return f"{host}{path}?{name}={query[name][0]}"
    return f"{host}{path}" if path else None


def _add_targets(targets: dict[str, str], column: Column, file: str) -> None:
    for address in (column.link, *column.other_links):
        key = address_key(address) if address else None
        if key:
            targets.setdefault(key, file)


# --- the posts folder ------------------------------------------------------------------------------------


def existing_columns(posts_dir: Path) -> dict[str, tuple[str, bool]]:
    """Every ``guid`` in the posts folder -> (its file, relative to the folder; is it a draft).

    Only the front matter's ``guid:`` and ``draft:`` lines are read, so a column with an error
    elsewhere still counts as already imported.
    """
    found: dict[str, tuple[str, bool]] = {}
    if not posts_dir.is_dir():
        return found
    for source in find_post_files(posts_dir):
        guid, draft = None, False
        try:
            with source.open(encoding="utf-8-sig", errors="replace") as file:
                if not _FENCE.match(file.readline()):
                    continue
                for line in _until_fence(file):
                    match = _GUID.match(line)
                    if match:
                        guid = _scalar(match.group(1))
                    elif _DRAFT.match(line.strip()):
                        draft = True
        except OSError:
            continue
        if guid:
            found.setdefault(guid, (source.relative_to(posts_dir).as_posix(), draft))
    return found


def _until_fence(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if _FENCE.match(line):
            return
        yield line


def _scalar(value: str) -> str | None:
    try:
        loaded = yaml.safe_load(value)
    except yaml.YAMLError:
        return value.strip() or None
    return None if loaded is None else str(loaded)


def write_column(posts_dir: Path, name: str, content: str, zone: tzinfo) -> Path:
    """Write a new column file whole, or not at all; never replace a file.

    The text goes to a hidden temporary file in the posts folder, is read back as the build
    reads it (``ValueError`` if it would not build), then takes its name with a hard link, which
    fails if the name is taken (``FileExistsError``). Where hard links are not possible, it is
    moved into place with ``os.replace`` after checking that the name is still free.
    """
    posts_dir.mkdir(parents=True, exist_ok=True)
    temporary = posts_dir / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}.tmp"
    target = posts_dir / name
    try:
        with temporary.open("x", encoding="utf-8", newline="\n") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        _, problems = read_post(temporary, name, name, zone)
        if problems:
            raise ValueError(f"it would not read back ({problems[0]}); please report this")
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links on this drive
            if target.exists():
                raise FileExistsError(target) from None
            os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target
