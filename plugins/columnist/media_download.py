"""Bringing the old blog's files home: ``columnist import SOURCE --download-media``.

Every image, recording, transcript and chapter file a column links on the old blog's hosts is
fetched into ``posts/media/<year>/``, and the column is pointed at the local copy. A file is
first written under a ``.part`` name and renamed only when whole, so an interrupted run goes
on where it stopped; a file already there is never written over. At most ``CONNECTIONS``
downloads run at once, and each stops at ``limit`` bytes (``COLUMNIST_DOWNLOAD_LIMIT``).
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import click
import yaml

from columnist.frontmatter import add_audio_facts, split, write_whole
from columnist.importers.addresses import OldBlog
from columnist.importers.model import Export
from columnist.media import AUDIO_TYPES, read_audio
from columnist.remote_audio import format_duration
from columnist.slugs import slugify

#: How many files are fetched at once: the old host is often a small shared server.
CONNECTIONS = 4
#: The largest file fetched, unless ``COLUMNIST_DOWNLOAD_LIMIT`` (in bytes) says otherwise.
DEFAULT_LIMIT = 500 * 1024 * 1024
#: Seconds a server may stay silent before the file is given up.
TIMEOUT = 30
#: The kinds of files a column shows or plays: images, recordings, transcripts and chapters.
SUFFIXES = frozenset(
    (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", *AUDIO_TYPES, ".vtt", ".srt", ".json", ".txt")
)
_ADDRESS = re.compile(r"https?://[^\s\"'<>()\[\]]+")
_PIECE = 256 * 1024


@dataclass
class Downloads:
    """What a run fetched (old address -> file under the posts folder) and what it could not, and why."""

    fetched: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        lines = [f"Downloaded {len(self.fetched)} files of the old blog into posts/media/"]
        if self.failed:
            lines.append("These files could not be downloaded; they stay linked on the old blog:")
            lines.extend(f"{address}: {why}" for address, why in sorted(self.failed.items()))
        return lines


def download_for_import(posts_dir: Path, export: Export) -> bool:
    """Fetch the files of the old blog ``export`` came from, say what was done, and whether all came home."""
    blog = OldBlog(export.site, [column.link for column in export.columns if column.link])
    downloads = download_media(posts_dir, blog.has, progress=_progress_bar)
    for line in downloads.lines():
        click.echo(line)
    return not downloads.failed


def _progress_bar(addresses: list[str]) -> object:
    """A progress bar on the terminal (standard error) only; nothing when the output is a file or a pipe."""
    from contextlib import nullcontext

    if not sys.stderr.isatty():
        return nullcontext(None)
    return click.progressbar(length=len(addresses), label="Downloading", file=sys.stderr)


def download_limit() -> int:
    """The largest file fetched, in bytes."""
    value = os.environ.get("COLUMNIST_DOWNLOAD_LIMIT", "")
    return int(value) if value.isdigit() else DEFAULT_LIMIT


def old_files(text: str, is_old: Callable[[str], bool]) -> list[str]:
    """The addresses of the old blog's files in a column's text, in order, each once.

    >>> old_files("![a](http://old.org/a.jpg) http://old.org/p/ http://new.org/b.jpg", lambda a: "old" in a)
    ['http://old.org/a.jpg']
    """
    found = []
    for address in _ADDRESS.findall(text):
        suffix = posixpath.splitext(urllib.parse.urlsplit(address).path)[1].lower()
        if suffix in SUFFIXES and is_old(address) and address not in found:
            found.append(address)
    return found


def local_name(address: str) -> str | None:
    """The file name an address is kept under, or None when its name would leave its folder.

    The name is made plain (a slug and its suffix), so no link to it needs escaping and every web
    server finds it under the same name.

    >>> local_name("http://old.org/wp/2009/Desk%20Photo.JPG"), local_name("http://old.org/..%2F..%2Fetc")
    ('desk-photo.jpg', None)
    """
    name = urllib.parse.unquote(urllib.parse.urlsplit(address).path.rsplit("/", 1)[-1])
    if not name or name.startswith(".") or any(c in name for c in "/\\\0") or len(name.encode()) > 200:
        return None
    stem, suffix = posixpath.splitext(name)
    return (slugify(stem) or "file") + suffix.lower()


def download_media(
    posts_dir: Path, is_old: Callable[[str], bool], progress: Callable[[list[str]], object] | None = None
) -> Downloads:
    """Fetch the old blog's files every column in ``posts_dir`` links, and point the columns at them."""
    columns = {path: path.read_text(encoding="utf-8") for path in sorted(posts_dir.rglob("*.md"))}
    wanted: dict[str, Path] = {}
    result = Downloads()
    for path, text in columns.items():
        year = path.name[:4] if path.name[:4].isdigit() else "undated"
        for address in old_files(text, is_old):
            name = local_name(address)
            if name is None:
                result.failed[address] = "its name would lead outside the posts folder, so it was not fetched"
            elif address not in wanted:
                wanted[address] = _free(posts_dir / "media" / year / name, wanted.values())
    addresses = list(wanted)
    limit = download_limit()
    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        outcomes = pool.map(lambda address: _fetch(address, wanted[address], limit), addresses)
        bar = progress(addresses) if progress else None
        for address, why in zip(addresses, _advancing(outcomes, bar), strict=True):
            if why:
                result.failed[address] = why
            else:
                result.fetched[address] = wanted[address].relative_to(posts_dir).as_posix()
    for path, text in columns.items():
        _point_at_local(path, text, {a: wanted[a] for a in result.fetched})
    return result


def _advancing(outcomes: Iterable[str | None], bar: object) -> Iterable[str | None]:
    if bar is None:
        yield from outcomes
        return
    with bar as shown:  # type: ignore[attr-defined]
        for outcome in outcomes:
            if shown is not None:  # None: not a terminal, so no bar
                shown.update(1)
            yield outcome


def _free(target: Path, taken: Iterable[Path]) -> Path:
    """``target``, or ``name-2.jpg`` and on when another old file of this run already takes that name."""
    taken = set(taken)
    candidate, number = target, 2
    while candidate in taken:
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
        number += 1
    return candidate


def _fetch(address: str, target: Path, limit: int) -> str | None:
    """Fetch ``address`` into ``target`` (resuming a ``.part`` file); None when done, else why not."""
    if target.exists():
        return None  # fetched by an earlier run: never written over
    partial = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    have = partial.stat().st_size if partial.exists() else 0
    request = urllib.request.Request(address, headers={"User-Agent": "Columnist (columnist import)"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            resumed = have and response.status == 206
            size = int(response.headers.get("Content-Length") or 0) + (have if resumed else 0)
            if size > limit:
                return f"it is larger than {limit} bytes, the most a download may be"
            with partial.open("ab" if resumed else "wb") as stream:
                written = have if resumed else 0
                while piece := response.read(_PIECE):
                    written += len(piece)
                    if written > limit:
                        return f"it is larger than {limit} bytes, the most a download may be"
                    stream.write(piece)
    except urllib.error.HTTPError as error:
        return f"the server answered {error.code} {error.reason}"
    except (urllib.error.URLError, OSError) as error:
        return f"the server could not be reached ({getattr(error, 'reason', error)})"
    os.replace(partial, target)
    return None


def _point_at_local(path: Path, text: str, local: dict[str, Path]) -> None:
    """The column with each fetched address replaced by its local file, and its recording measured."""
    changed = text
    for address in sorted(local, key=len, reverse=True):  # a longer address before one it starts with
        relative = posixpath.relpath(local[address].as_posix(), path.parent.as_posix())
        changed = changed.replace(address, urllib.parse.quote(relative))
    if changed == text:
        return
    raw = changed.encode("utf-8")
    audio = _audio_of(changed)
    if isinstance(audio, dict) and isinstance(audio.get("src"), str):
        source = path.parent / urllib.parse.unquote(audio["src"])
        measured = read_audio(source) if source.is_file() else None
        if measured is not None:
            facts = {
                "length": source.stat().st_size,
                "type": AUDIO_TYPES.get(source.suffix.lower()),
                "duration": format_duration(measured.info.length),
            }
            raw = _without_audio_keys(raw, [key for key, value in facts.items() if value])
            left = _audio_of(raw.decode("utf-8"))
            missing = {key: value for key, value in facts.items() if value and key not in left}
            if missing:
                raw = add_audio_facts(raw, missing)
    write_whole(path, raw)


def _audio_of(text: str) -> object:
    try:
        data = yaml.safe_load(split(text)[0]) or {}
    except (ValueError, yaml.YAMLError):
        return None
    audio = data.get("audio") if isinstance(data, dict) else None
    return {"src": audio} if isinstance(audio, str) else audio


def _without_audio_keys(raw: bytes, keys: list[str]) -> bytes:
    """The column without the ``keys`` lines of its block ``audio:`` mapping: the old blog's guesses,
    which the measured file replaces. Any other way of writing ``audio`` is left as it is.

    >>> _without_audio_keys(b"---\\naudio:\\n  src: a.mp3\\n  length: 9\\ntitle: A\\n---\\n", ["length"])
    b'---\\naudio:\\n  src: a.mp3\\ntitle: A\\n---\\n'
    """
    lines = raw.decode("utf-8").splitlines(keepends=True)
    kept, inside = [], False
    for line in lines:
        if line.rstrip() == "audio:":
            inside = True
        elif inside and not line.startswith((" ", "\t")):
            inside = False
        elif inside and line.strip().split(":", 1)[0] in keys:
            continue
        kept.append(line)
    return "".join(kept).encode("utf-8")
