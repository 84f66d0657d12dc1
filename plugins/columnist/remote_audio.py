"""Filling in what a remote audio file lacks: ``columnist check --fetch-media``.

A podcast app needs an episode's size and type, and shows its length. For a recording
that lives on another server, this asks that server: a HEAD request for the size and type,
then the file's first bytes (never the whole file) for mutagen to read its length from.
Only the new lines are written into the column (``frontmatter.add_audio_facts``).
"""

from __future__ import annotations

import io
import posixpath
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import mutagen
import mutagen.mp3
import mutagen.mp4

from columnist import downloads
from columnist.frontmatter import add_audio_facts, audio_item
from columnist.media import AUDIO_TYPES
from columnist.post import Post
from columnist.problems import Problem

#: Bytes asked for to read an MP3's length: enough for its headers and a few frames.
CHUNK = 256 * 1024
#: Seconds one request may take in all, however slowly the server sends.
TIMEOUT = 30
USER_AGENT = "Columnist (columnist check --fetch-media)"
_GENERIC_TYPES = {"application/octet-stream", "binary/octet-stream", "application/x-download", "text/plain"}


class FetchError(Exception):
    """The server could not be asked, or did not answer as expected; the message says why."""


@dataclass(frozen=True)
class AudioFacts:
    """What a server told of an audio file."""

    length: int | None  # bytes
    type: str | None
    duration: float | None  # seconds


def fetch_audio_facts(url: str) -> AudioFacts:
    """The size, type and length of a remote audio file, downloading only its first bytes.

    A HEAD request gives the size and type; a ranged GET of the first ``CHUNK`` bytes gives
    mutagen what it needs. When the file is not downloaded whole, an MP3's length comes from
    its Xing/VBRI header when it has one, else from its bitrate and size (size × 8 / bitrate).
    """
    length = kind = None
    try:
        answer = downloads.download(_request(url, "HEAD"), limit=0, seconds=TIMEOUT)
        length = _int(answer.headers.get("Content-Length"))
        kind = _media_type(answer.headers.get("Content-Type"))
    except urllib.error.HTTPError as error:
        if error.code not in (403, 405, 501):  # some servers refuse HEAD but serve GET
            raise FetchError(downloads.reason(error, TIMEOUT)) from None
    except (urllib.error.URLError, OSError, downloads.TooSlow) as error:
        raise FetchError(downloads.reason(error, TIMEOUT)) from None

    data, total, kind_got = _get_range(url, 0)
    length = length or total
    kind = kind or kind_got
    suffix = posixpath.splitext(urllib.parse.urlsplit(url).path)[1].lower()
    if not kind or kind in _GENERIC_TYPES or not kind.startswith(("audio/", "video/")):
        kind = AUDIO_TYPES.get(suffix, kind)
    return AudioFacts(length, kind, _duration(url, data, length, kind, suffix))


def _request(url: str, method: str, headers: dict[str, str] | None = None) -> urllib.request.Request:
    return urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})})


def _get_range(url: str, start: int) -> tuple[bytes, int | None, str | None]:
    """Up to ``CHUNK`` bytes from ``start``, the file's whole size when the server tells it, and its type."""
    request = _request(url, "GET", {"Range": f"bytes={start}-{start + CHUNK - 1}"})
    try:
        answer = downloads.download(request, limit=CHUNK, seconds=TIMEOUT)
    except (urllib.error.URLError, OSError, downloads.TooSlow) as error:
        raise FetchError(downloads.reason(error, TIMEOUT)) from None
    data, headers = answer.data, answer.headers
    if answer.status == 206:
        match = re.search(r"/(\d+)\s*$", headers.get("Content-Range") or "")
        total = int(match.group(1)) if match else None
    else:  # the server sent the whole file from the start
        if start:
            data = b""
        total = _int(headers.get("Content-Length"))
    return data, total, _media_type(headers.get("Content-Type"))


def _duration(url: str, data: bytes, length: int | None, kind: str | None, suffix: str) -> float | None:
    whole = length is not None and len(data) >= length
    try:
        if kind == "audio/mpeg" or suffix == ".mp3":
            start = _id3_size(data)
            if start and start + 4096 > len(data) and not whole and length:
                # A large ID3 tag (cover art) fills the first bytes: ask for the audio after it.
                data, _, _ = _get_range(url, start)
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
    """Bytes taken by an ID3v2 tag at the start of an MP3 (0 when there is none).

    >>> _id3_size(b"ID3\\x04\\x00\\x00\\x00\\x00\\x01\\x00" + bytes(200)), _id3_size(b"\\xff\\xfb")
    (138, 0)
    """
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


def format_duration(seconds: float) -> str:
    """``H:MM:SS``, as the author's guide writes a duration, never under a second.

    Not ``words.clock``: that drops the hours of a short recording (``1:15``), and the
    front matter of every column says ``0:01:15``.

    >>> format_duration(3723.4), format_duration(59.6), format_duration(0.2)
    ('1:02:03', '0:01:00', '0:00:01')
    """
    whole = max(1, round(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


# --- writing what was found -------------------------------------------------------------------------------


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

        def problem(message: str) -> None:
            problems.append(Problem(post.path, post.line_of("audio"), "audio", message))  # noqa: B023

        try:
            facts = fetch(src)
        except FetchError as error:
            problem(f"could not fetch {src}: {error}")
            continue
        found = {"length": facts.length, "type": facts.type, "duration": facts.duration}
        values: dict[str, object] = {name: found[name] for name in missing if found[name]}
        if "duration" in values:
            values["duration"] = format_duration(facts.duration or 0)
        if values:
            try:
                post.source.write_bytes(add_audio_facts(post.source.read_bytes(), values))
            except ValueError as error:
                lines = ", ".join(audio_item(key, value) for key, value in values.items())
                problem(f"{error}; add these lines under audio by hand: {lines}")
                continue
            filled = ", ".join(f"{name} {value}" for name, value in values.items())
            done.append(f"Filled in {post.path}: {filled}")
        unknown = [name for name in missing if name not in values]
        if unknown:
            problem(f"the server did not tell the {' or '.join(unknown)} of {src}; add it by hand")
    return done, problems
