"""The editor's checks: what ``columnist check`` finds beyond what stops a build.

A build only needs the front matter to be valid. A careful editor also catches links
that lead nowhere, missing pictures, text garbled by an old blog's export, two columns
with one title, and podcast episodes that apps will show without a length. This module
runs the catalog's own checks and those, and returns one report; it knows nothing of
MkDocs or of the command line.

What ``--fetch-media`` fills in is ``remote_audio``'s.
"""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from columnist import folders, mojibake
from columnist.catalog import Catalog, CatalogSettings, find_post_files, is_scheduled, load_catalog
from columnist.frontmatter import PLACEHOLDER
from columnist.post import Post, read_post
from columnist.problems import ColumnistError, Problem
from columnist.words import count

#: The first paragraph ``columnist new`` writes, for the author to replace.

# Links to old web pages (``2012/09/x.html``) may be kept working by aliases; only files are checked.
_WEB_PAGE_SUFFIXES = {".html", ".htm", ".php", ".asp", ".aspx", ".jsp", ".cfm"}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TARGET = r"\(\s*(?:<([^>\n]*)>|([^)\s]+))"
_IMAGE = re.compile(r"!\[[^\]]*\]" + _TARGET)
_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]" + _TARGET)
_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*(?:<([^>\n]*)>|(\S+))")
_HTML_SOURCE = re.compile(r"<(img|audio|source)\b[^>]*?\ssrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_HTML_LINK = re.compile(r"<a\b[^>]*?\shref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


@dataclass(frozen=True)
class Report:
    """What ``columnist check`` found: problems of every column, and the columns not yet published."""

    columns: int  # column files found
    problems: tuple[Problem, ...]  # sorted: by file, then line
    scheduled: tuple[Post, ...] = ()  # dated after "now", oldest first
    drafts: tuple[Post, ...] = ()
    posts: tuple[Post, ...] = field(default=(), repr=False)  # every column that could be read
    catalog: Catalog | None = field(default=None, repr=False)  # as the build sees it, when it loaded

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "warning"]

    def lines(self) -> list[str]:
        """What ``columnist check`` prints: the problems by kind, what is not published yet, a summary."""
        lines = []
        for heading, found in (
            ("Errors (fix these before publishing):", self.errors),
            ("Warnings (check these too):", self.warnings),
            ("Editor's notes (the build does not look for these):", self.editorial),
        ):
            if found:
                lines.append(heading)
                lines.extend(str(problem) for problem in found)
        if self.scheduled or self.drafts:
            lines.append("Not published yet:")
            lines.extend(
                f"scheduled: {post.path} ({post.date.date().isoformat()})" for post in self.scheduled
            )
            lines.extend(f"draft: {post.path}" for post in self.drafts)
            upcoming = self.next_to_appear()
            if upcoming:
                lines.append(upcoming)
        found = [
            count(len(self.errors), "error"),
            count(len(self.warnings), "warning"),
            count(len(self.editorial), "editor's note"),
        ]
        summary = ", ".join(part for part in found if not part.startswith("0 ")) or "no problems"
        lines.append(f"Checked {count(self.columns, 'column')}: {summary}.")
        return lines

    def next_to_appear(self) -> str | None:
        """The line about the next column the build will publish on its day, when one is scheduled."""
        if not self.scheduled:
            return None
        first = min(self.scheduled, key=lambda post: (post.date, post.path))
        return f"Next to appear: {first.path} on {first.date.date().isoformat()}"

    @property
    def editorial(self) -> list[Problem]:
        """What only an editor catches: the build publishes these as they are."""
        return [problem for problem in self.problems if problem.severity == "editorial"]


def check_columns(settings: CatalogSettings) -> Report:
    """Every problem a build would find in the posts folder, and every one an editor would.

    The catalog is loaded once; when it fails, the columns that did read are read again for
    the other checks (the catalog keeps only its problems then), so every file is read once
    on a site that builds.
    """
    files = find_post_files(settings.posts_dir)
    try:
        catalog = load_catalog(settings)
    except ColumnistError as error:
        catalog = None
        problems = list(error.problems)
        posts = _read_posts(files, settings)
        published = [post for post in posts if not post.draft and not _held_for_later(post, settings)]
        problems.extend(_link_problems(published, posts, settings))
    else:
        posts = [*catalog.posts, *catalog.held_back]
        problems = build_warnings(catalog, settings)
    posts.sort(key=lambda post: (post.date, post.slug, post.path))
    problems.extend(editor_problems(posts, settings))

    drafts = tuple(post for post in posts if post.draft)
    scheduled = tuple(post for post in posts if not post.draft and _held_for_later(post, settings))
    return Report(
        columns=len(files),
        problems=tuple(sorted(set(problems))),
        scheduled=scheduled,
        drafts=tuple(sorted(drafts, key=lambda post: post.path)),
        posts=tuple(posts),
        catalog=catalog,
    )


def build_warnings(catalog: Catalog, settings: CatalogSettings) -> list[Problem]:
    """What ``mkdocs build`` warns about in the columns: the catalog's warnings and links that lead nowhere.

    The plugin logs these and ``columnist check`` lists them, so ``--strict`` stops both on the same
    columns. A broken link warns rather than stops: MkDocs itself only warns about one.
    """
    every = [*catalog.posts, *catalog.held_back]
    return [*catalog.warnings, *_link_problems(catalog.posts, every, settings)]


def _link_problems(
    published: Iterable[Post], every: Iterable[Post], settings: CatalogSettings
) -> list[Problem]:
    by_source = {Path(os.path.normpath(post.source)): post for post in every}
    names_in = functools.cache(_names_in)  # one listing per folder, for this check only
    problems = []
    for post in published:
        problems.extend(broken_links(post, _Body(post), by_source, settings, names_in))
    return problems


def _held_for_later(post: Post, settings: CatalogSettings) -> bool:
    return not settings.future_posts and is_scheduled(post, settings.now)


def _read_posts(files: Iterable[Path], settings: CatalogSettings) -> list[Post]:
    posts = []
    for source in files:
        try:
            path = source.relative_to(settings.project_dir).as_posix()
        except ValueError:
            path = source.as_posix()
        relative = source.relative_to(settings.posts_dir).as_posix()
        post, _ = read_post(source, path, relative, settings.zone)
        if post is not None:
            posts.append(post)
    return posts


def editor_problems(posts: list[Post], settings: CatalogSettings) -> list[Problem]:
    """The editor's own checks, which the build does not make; ``posts`` sorted oldest first.

    Links in a column not yet published are looked at too: the build does not render it.
    """
    problems = duplicate_titles(posts)
    unpublished = [post for post in posts if post.draft or _held_for_later(post, settings)]
    problems.extend(_as_editorial(_link_problems(unpublished, posts, settings)))
    for post in posts:
        body = _Body(post)
        problems.extend(garbled_text(post, body))
        problems.extend(placeholder_left(post, body))
    return problems


def _as_editorial(problems: Iterable[Problem]) -> list[Problem]:
    return [replace(problem, severity="editorial") for problem in problems]


# --- the checks -------------------------------------------------------------------------------------------


def duplicate_titles(posts: list[Post]) -> list[Problem]:
    """A warning on every column whose title an older column already has (case and spacing aside)."""
    first_with: dict[str, Post] = {}
    problems = []
    for post in posts:
        key = " ".join(post.title.casefold().split())
        if key in first_with:
            problems.append(
                Problem(
                    post.path,
                    post.line_of("title"),
                    "title",
                    f"the title '{post.title}' is already used by {first_with[key].path}; "
                    "give one of them another title so readers can tell them apart",
                    "editorial",
                )
            )
        else:
            first_with[key] = post
    return problems


def broken_links(
    post: Post,
    body: _Body,
    by_source: dict[Path, Post],
    settings: CatalogSettings,
    names_in: Callable[[Path, str], list[str]],
) -> list[Problem]:
    """Links to columns, pages and files beside the column that lead nowhere, and missing images."""
    problems = []
    for index, kind, target in _links(post.body):
        path = _local_path(target)
        if path is None:
            continue
        suffix = posixpath.splitext(path)[1].lower()
        if kind == "link" and (not suffix or suffix in _WEB_PAGE_SUFFIXES):
            continue
        # normpath, not resolve: the same answer for a link, without asking the disk about each folder.
        resolved = Path(os.path.normpath(post.source.parent / path))
        if not resolved.is_file():
            shown = folders.shown(resolved, settings.project_dir)
            if kind == "image":
                message = f"'{target}' is missing: there is no file {shown}"
            else:
                hint = _did_you_mean(path, resolved, names_in)
                message = f"'{target}' leads nowhere: there is no file {shown}{hint}"
            problems.append(Problem(post.path, body.line(index), kind, message, "warning"))
            continue
        linked = by_source.get(resolved)
        # A draft's links are only followed once it is published; by then the other column may be too.
        if linked is not None and kind == "link" and not post.draft:
            if linked.draft:
                message = f"'{target}' is a draft, so this link leads nowhere until that column is published"
            elif not settings.future_posts and is_scheduled(linked, settings.now):
                message = (
                    f"'{target}' is dated {linked.date.date().isoformat()}, "
                    "so this link leads nowhere until that day"
                )
            else:
                continue
            problems.append(Problem(post.path, body.line(index), kind, message, "warning"))
    return problems


def garbled_text(post: Post, body: _Body) -> list[Problem]:
    """Text that looks like mojibake (``Itâ€™s``), with what it probably said."""
    problems = []

    def look(text: str | None, line: int, key: str, prefix: str = "") -> None:
        if mojibake.looks_garbled(text):
            problems.append(Problem(post.path, line, key, prefix + mojibake.note(text), "editorial"))

    look(post.title, post.line_of("title"), "title")
    look(post.summary, post.line_of("summary"), "summary")
    for position, quote in enumerate(post.quotes, start=1):
        for part in ("text", "by", "source"):
            look(getattr(quote, part), post.line_of("quotes"), "quotes", f"item {position}: {part}: ")
    for index, text in enumerate(post.body.split("\n")):
        if mojibake.looks_garbled(text):
            problems.append(Problem(post.path, body.line(index), "text", mojibake.note(text), "editorial"))
    return problems


def placeholder_left(post: Post, body: _Body) -> list[Problem]:
    """The first paragraph ``columnist new`` wrote is still there."""
    for index, text in enumerate(post.body.split("\n")):
        if PLACEHOLDER in text:
            return [
                Problem(
                    post.path,
                    body.line(index),
                    "text",
                    "is still the placeholder from `columnist new`; write the column's opening here",
                    "editorial",
                )
            ]
    return []


# --- helpers ----------------------------------------------------------------------------------------------


class _Body:
    """Maps a line of a column's body to its line in the file.

    The post keeps only the text after its front matter; the file is read again, only for
    a column with a problem in its text, to learn where that text starts.
    """

    def __init__(self, post: Post) -> None:
        self.post = post
        self._first: int | None = None

    def line(self, index: int) -> int:
        if self._first is None:
            self._first = 1
            try:
                text = self.post.source.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
            except (OSError, UnicodeDecodeError):
                text = ""
            if text.endswith(self.post.body):
                self._first = text.count("\n", 0, len(text) - len(self.post.body)) + 1
        return self._first + index


def _links(body: str) -> Iterable[tuple[int, str, str]]:
    """(line index, "link" or "image", target) for every link in Markdown text, code left out."""
    fence: str | None = None
    for index, text in enumerate(body.split("\n")):
        opened = _FENCE.match(text)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if "](" not in text and "]:" not in text and "<" not in text:
            continue
        text = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), text)
        for match in _IMAGE.finditer(text):
            yield index, "image", match.group(1) or match.group(2)
        for match in _LINK.finditer(text):
            yield index, "link", match.group(1) or match.group(2)
        definition = _DEFINITION.match(text)
        if definition:
            yield index, "link", definition.group(1) or definition.group(2)
        for match in _HTML_SOURCE.finditer(text):
            yield index, "image" if match.group(1).lower() == "img" else "link", match.group(2)
        for match in _HTML_LINK.finditer(text):
            yield index, "link", match.group(1)


def _local_path(target: str) -> str | None:
    """The file a link names beside the column, or None for web addresses, anchors and absolute paths.

    >>> _local_path("../docs/about.md#team"), _local_path("https://example.org/x.md"), _local_path("#top")
    ('../docs/about.md', None, None)
    """
    target = target.strip()
    if not target or target.startswith(("#", "/", "\\")) or _SCHEME.match(target):
        return None
    path = urllib.parse.unquote(re.split(r"[#?]", target, maxsplit=1)[0])
    return path or None


def _names_in(folder: Path, suffix: str) -> list[str]:
    try:
        return sorted(name for name in os.listdir(folder) if name.lower().endswith(suffix))
    except OSError:
        return []


def _did_you_mean(written: str, resolved: Path, names_in: Callable[[Path, str], list[str]]) -> str:
    """A hint naming the file in the same folder whose name is closest to the one written."""
    names = names_in(resolved.parent, resolved.suffix.lower())
    # Columns are named by date: try those of the same day first, which is quick in a folder of thousands.
    same_day = [name for name in names if name[:10] == resolved.name[:10]]
    close = difflib.get_close_matches(resolved.name, same_day, n=1, cutoff=0.6) if same_day else []
    close = close or difflib.get_close_matches(resolved.name, names, n=1, cutoff=0.6)
    if not close:
        return ""
    head = written.rsplit("/", 1)[0] + "/" if "/" in written else ""
    return f"; did you mean '{head}{close[0]}'?"
