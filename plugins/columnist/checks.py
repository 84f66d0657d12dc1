"""The editor's checks: what ``columnist check`` finds beyond what stops a build.

A build only needs the front matter to be valid. A careful editor also catches links
that lead nowhere, missing pictures, text garbled by an old blog's export, two columns
with one title, and podcast episodes that apps will show without a length. This module
runs the catalog's own checks and those, and returns one report; it knows nothing of
MkDocs or of the command line.

``fetch_media`` fills in what a remote audio file lacks (its size, type and length) by
asking the server, and writes only those lines into the column's front matter.
"""

from __future__ import annotations

import difflib
import functools
import io
import os
import posixpath
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import ftfy
import mutagen
import mutagen.mp3
import mutagen.mp4
import yaml
from ftfy.badness import is_bad

from columnist.catalog import Catalog, CatalogSettings, find_post_files, is_scheduled, load_catalog
from columnist.media import AUDIO_TYPES
from columnist.post import Post, read_post
from columnist.problems import ColumnistError, Problem

#: The first paragraph ``columnist new`` writes, for the author to replace.
PLACEHOLDER = "Replace this paragraph with the opening of your column: the home page and the feeds show it."

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

# Only the mojibake repairs: curly quotes, ligatures and HTML entities an author wrote stay as they are.
_FIX = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
)


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
            shown = _shown(resolved, settings.project_dir)
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
        if text and not text.isascii() and is_bad(text):
            problems.append(Problem(post.path, line, key, prefix + _garbled_message(text), "editorial"))

    look(post.title, post.line_of("title"), "title")
    look(post.summary, post.line_of("summary"), "summary")
    for position, quote in enumerate(post.quotes, start=1):
        for part in ("text", "by", "source"):
            look(getattr(quote, part), post.line_of("quotes"), "quotes", f"item {position}: {part}: ")
    for index, text in enumerate(post.body.split("\n")):
        if text and not text.isascii() and is_bad(text):
            problems.append(Problem(post.path, body.line(index), "text", _garbled_message(text), "editorial"))
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


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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


def _garbled_message(text: str) -> str:
    """What looks garbled in ``text`` and what it probably said, word by word.

    >>> _garbled_message("Itâ€™s a cafÃ©.")
    'looks garbled: "Itâ€™s" is probably "It’s", "cafÃ©." is probably "café."'
    """
    fixed = ftfy.fix_text(text, _FIX)
    if fixed == text:
        return "looks garbled, as text from an old blog's export sometimes is; retype the odd characters"
    before, after = text.split(" "), fixed.split(" ")
    changes = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for kind, i1, i2, j1, j2 in matcher.get_opcodes():
        if kind != "equal":
            changes.append(
                f'"{_clip(" ".join(before[i1:i2]))}" is probably "{_clip(" ".join(after[j1:j2]))}"'
            )
    return "looks garbled: " + ", ".join(changes[:3]) + (", ..." if len(changes) > 3 else "")


def _clip(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 3] + "..."


# --- filling in remote audio ------------------------------------------------------------------------------

#: Bytes asked for to read an MP3's length: enough for its headers and a few frames.
CHUNK = 256 * 1024
TIMEOUT = 30
USER_AGENT = "Columnist (columnist check --fetch-media)"
_GENERIC_TYPES = {"application/octet-stream", "binary/octet-stream", "application/x-download", "text/plain"}


class FetchError(Exception):
    """The server could not be asked, or did not answer as expected; the message says why."""


@dataclass(frozen=True)
class AudioFacts:
    length: int | None  # bytes
    type: str | None
    duration: float | None  # seconds


def fetch_audio_facts(url: str, opener: Callable[..., object] = urllib.request.urlopen) -> AudioFacts:
    """The size, type and length of a remote audio file, downloading only its first bytes.

    A HEAD request gives the size and type; a ranged GET of the first ``CHUNK`` bytes gives
    mutagen what it needs. When the file is not downloaded whole, an MP3's length comes from
    its Xing/VBRI header when it has one, else from its bitrate and size (size × 8 / bitrate).
    """
    length = kind = None
    try:
        with opener(_request(url, "HEAD"), timeout=TIMEOUT) as response:  # type: ignore[attr-defined]
            length = _int(response.headers.get("Content-Length"))
            kind = _media_type(response.headers.get("Content-Type"))
    except urllib.error.HTTPError as error:
        if error.code not in (403, 405, 501):  # some servers refuse HEAD but serve GET
            raise FetchError(f"the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        raise FetchError(_why(error)) from None

    data, total, kind_got = _get_range(url, 0, opener)
    length = length or total
    kind = kind or kind_got
    suffix = posixpath.splitext(urllib.parse.urlsplit(url).path)[1].lower()
    if not kind or kind in _GENERIC_TYPES or not kind.startswith(("audio/", "video/")):
        kind = AUDIO_TYPES.get(suffix, kind)
    return AudioFacts(length, kind, _duration(url, data, length, kind, suffix, opener))


def _request(url: str, method: str, headers: dict[str, str] | None = None) -> urllib.request.Request:
    return urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})})


def _get_range(url: str, start: int, opener: Callable[..., object]) -> tuple[bytes, int | None, str | None]:
    """Up to ``CHUNK`` bytes from ``start``, the file's whole size when the server tells it, and its type."""
    request = _request(url, "GET", {"Range": f"bytes={start}-{start + CHUNK - 1}"})
    try:
        with opener(request, timeout=TIMEOUT) as response:  # type: ignore[attr-defined]
            data = response.read(CHUNK)
            headers = response.headers
            if response.status == 206:
                match = re.search(r"/(\d+)\s*$", headers.get("Content-Range") or "")
                total = int(match.group(1)) if match else None
            else:  # the server sent the whole file from the start
                if start:
                    data = b""
                total = _int(headers.get("Content-Length"))
            return data, total, _media_type(headers.get("Content-Type"))
    except urllib.error.HTTPError as error:
        raise FetchError(f"the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        raise FetchError(_why(error)) from None


def _duration(
    url: str, data: bytes, length: int | None, kind: str | None, suffix: str, opener: Callable[..., object]
) -> float | None:
    whole = length is not None and len(data) >= length
    try:
        if kind == "audio/mpeg" or suffix == ".mp3":
            start = _id3_size(data)
            if start and start + 4096 > len(data) and not whole and length:
                # A large ID3 tag (cover art) fills the first bytes: ask for the audio after it.
                data, _, _ = _get_range(url, start, opener)
                return _mp3_length(data, length - start)
            return _mp3_length(data, length or len(data))
        if whole:
            audio = mutagen.File(io.BytesIO(data))
        elif kind in ("audio/mp4", "audio/x-m4a", "audio/aac") or suffix in (".m4a", ".mp4"):
            audio = mutagen.mp4.MP4(_Partial(data, length or len(data)))
        else:
            return None
    except (mutagen.MutagenError, ValueError, OSError, EOFError):
        return None
    value = getattr(getattr(audio, "info", None), "length", 0)
    return float(value) if value and value > 0 else None


def _mp3_length(data: bytes, size: int) -> float | None:
    # mutagen estimates from the file's size when there is no Xing/VBRI header: show it the real size.
    info = mutagen.mp3.MPEGInfo(_Partial(data, size))
    return float(info.length) if info.length and info.length > 0 else None


class _Partial(io.BytesIO):
    """The first bytes of a file, reporting the whole file's size to anyone who seeks to its end."""

    def __init__(self, data: bytes, size: int) -> None:
        super().__init__(data)
        self._size = max(size, len(data))

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == io.SEEK_END:
            return super().seek(self._size + offset, io.SEEK_SET)
        return super().seek(offset, whence)


def _id3_size(data: bytes) -> int:
    """Bytes taken by an ID3v2 tag at the start of an MP3 (0 when there is none)."""
    if len(data) < 10 or data[:3] != b"ID3":
        return 0
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | (byte & 0x7F)
    return size + 10 + (10 if data[5] & 0x10 else 0)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _media_type(value: str | None) -> str | None:
    return value.split(";", 1)[0].strip().lower() or None if value else None


def _why(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"the server did not answer within {TIMEOUT} seconds"
    return f"the server could not be reached ({reason})"


def format_duration(seconds: float) -> str:
    """``H:MM:SS``, as podcast apps show it.

    >>> format_duration(3723.4), format_duration(59.6)
    ('1:02:03', '0:01:00')
    """
    whole = max(1, round(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def missing_audio_facts(post: Post) -> list[str]:
    """Which of length, type and duration a column's remote audio lacks."""
    audio = post.audio
    if audio is None or not audio.src.lower().startswith(("http://", "https://")):
        return []
    return [name for name in ("length", "type", "duration") if getattr(audio, name) is None]


def fetch_media(
    posts: Iterable[Post], fetch: Callable[[str], AudioFacts] = fetch_audio_facts
) -> tuple[list[str], list[Problem]]:
    """Fill in the length, type and duration of every remote audio file that lacks them.

    Returns what was done, one line per column, and the problems met. Only the new lines
    are written into each column, so its layout and comments stay as they were.
    """
    done: list[str] = []
    problems: list[Problem] = []
    for post in posts:
        missing = missing_audio_facts(post)
        if not missing or post.audio is None:
            continue
        src = post.audio.src
        try:
            facts = fetch(src)
        except FetchError as error:
            problems.append(
                Problem(post.path, post.line_of("audio"), "audio", f"could not fetch {src}: {error}")
            )
            continue
        found = {"length": facts.length, "type": facts.type, "duration": facts.duration}
        values: dict[str, object] = {name: found[name] for name in missing if found[name]}
        if "duration" in values:
            values["duration"] = format_duration(facts.duration or 0)
        if values:
            try:
                post.source.write_bytes(add_audio_facts(post.source.read_bytes(), values))
            except ValueError as error:
                message = f"{error}; add these lines under audio by hand: {_as_lines(values)}"
                problems.append(Problem(post.path, post.line_of("audio"), "audio", message))
                continue
            filled = ", ".join(f"{name} {value}" for name, value in values.items())
            done.append(f"Filled in {post.path}: {filled}")
        unknown = [name for name in missing if name not in values]
        if unknown:
            message = f"the server did not tell the {' or '.join(unknown)} of {src}; add it by hand"
            problems.append(Problem(post.path, post.line_of("audio"), "audio", message))
    return done, problems


def _as_lines(values: dict[str, object]) -> str:
    return ", ".join(_yaml_item(key, value) for key, value in values.items())


def _yaml_item(key: str, value: object) -> str:
    if key == "duration":  # quoted, as the author's guide writes it: 1:02:03 unquoted is a number to YAML
        return f'{key}: "{value}"'
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=10**9).strip()


_FRONT_MATTER_FENCE = re.compile(r"^-{3,}\s*$")
_AUDIO_KEY = re.compile(r"^(['\"]?)audio\1\s*:(?P<rest>.*)$")


def add_audio_facts(raw: bytes, values: dict[str, object]) -> bytes:
    """A column file with ``values`` added under its ``audio`` key, every other byte kept.

    ``audio: https://...`` becomes a mapping with ``src:`` and the new keys; a mapping
    gets the new keys after its last line, with its own indentation; a one-line
    ``{...}`` mapping gets them before its closing brace. Raises ``ValueError`` for any
    other way of writing ``audio``.
    """
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom) :].decode("utf-8")
    lines = text.splitlines(keepends=True)
    if not lines or not _FRONT_MATTER_FENCE.match(lines[0]):
        raise ValueError("the front matter could not be found")
    end = next((i for i in range(1, len(lines)) if _FRONT_MATTER_FENCE.match(lines[i])), None)
    if end is None:
        raise ValueError("the front matter has no closing --- line")
    start = next((i for i in range(1, end) if _AUDIO_KEY.match(lines[i].rstrip("\r\n"))), None)
    if start is None:
        raise ValueError("no audio key was found")
    newline = lines[start][len(lines[start].rstrip("\r\n")) :] or "\n"
    rest = _AUDIO_KEY.match(lines[start].rstrip("\r\n")).group("rest")  # type: ignore[union-attr]
    value = rest.split(" #", 1)[0].strip()
    items = [_yaml_item(key, item) for key, item in values.items()]

    if value.startswith("{") and value.endswith("}"):
        close = rest.index(value) + len(value) - 1
        inner = rest[rest.index("{") + 1 : close].strip()
        added = (", " if inner else "") + ", ".join(items)
        head = rest[:close].rstrip()
        lines[start] = lines[start][: lines[start].index(":") + 1] + head + added + rest[close:] + newline
    elif value and not value.startswith(("[", "{", "&", "*", "!", "|", ">")):
        key_end = lines[start].index(":") + 1
        block = [lines[start][:key_end] + newline, "  src:" + rest + newline]
        block += [f"  {item}{newline}" for item in items]
        lines[start : start + 1] = block
    elif not value:
        members = [
            i for i in range(start + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")
        ]
        block = []
        for i in members:
            if lines[i][0] not in " \t":
                break
            block.append(i)
        if not block:
            raise ValueError("audio is empty")
        indent = re.match(r"[ \t]*", lines[block[0]]).group(0)  # type: ignore[union-attr]
        if lines[block[0]].lstrip().startswith("-"):
            raise ValueError("audio is written as a list")
        empty = {}
        for i in block:
            match = re.match(re.escape(indent) + r"(\w+)\s*:\s*(#.*)?$", lines[i].rstrip("\r\n"))
            if match and lines[i][len(indent)] not in " \t":
                empty[match.group(1)] = i
        remaining = []
        for key, item in zip(values, items, strict=True):
            if key in empty:  # written but left empty: give it its value where it stands
                lines[empty[key]] = indent + item + newline
            else:
                remaining.append(indent + item + newline)
        lines[block[-1] + 1 : block[-1] + 1] = remaining
    else:
        raise ValueError("audio is written in a way Columnist does not edit")

    edited = "".join(lines)
    _verify(edited, values)
    return bom + edited.encode("utf-8")


def _verify(text: str, values: dict[str, object]) -> None:
    """Make sure the edit reads back as meant before anything is written."""
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if _FRONT_MATTER_FENCE.match(lines[i]))
    try:
        data = yaml.safe_load("".join(lines[1:end]))
    except yaml.YAMLError:
        data = None
    audio = data.get("audio") if isinstance(data, dict) else None
    if not isinstance(audio, dict) or any(str(audio.get(key)) != str(value) for key, value in values.items()):
        raise ValueError("audio could not be changed without changing its meaning")
