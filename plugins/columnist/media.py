"""Audio editions: where the file is, how long it plays, how big it is and what type it is.

A local file (relative to its column) is measured once with mutagen; a remote one is
taken as the front matter describes it, since a build never touches the network.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import mutagen
import mutagen.mp3
import mutagen.mp4

from columnist.post import AudioSpec, Post
from columnist.problems import Problem
from columnist.urls import scheme_of

#: Types podcast apps expect, by file extension (Apple lists these for enclosures).
AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".aac": "audio/aac",
    ".mp4": "audio/mp4",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/opus",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
}


@dataclass(frozen=True)
class Media:
    """An audio edition ready to link: ``path`` is relative to the posts folder, or ``url`` is remote."""

    spec: AudioSpec
    path: str | None  # "audio/column.mp3" under the posts folder, for a local file
    url: str | None  # for a remote file
    length: int | None
    type: str | None
    duration: float | None


def measure(post: Post, root: Path) -> tuple[Media | None, list[Problem]]:
    """The post's audio edition measured, or the problems that stop it from being published.

    ``root`` is the posts folder with its links resolved (``Path.resolve``), worked out once per build.
    """
    spec = post.audio
    if spec is None:
        return None, []
    line = post.line_of("audio")

    def problem(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(post.path, line, "audio", message)]

    for name in ("transcript", "chapters"):
        companion = getattr(spec, name)
        if companion and scheme_of(companion) is None:
            path = (post.source.parent / companion).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                return problem(f"{name}: '{companion}' does not exist next to the column")
    if spec.is_remote:
        return _remote(spec, problem)
    source = (post.source.parent / spec.src).resolve()
    if Path(spec.src).is_absolute() or not source.is_relative_to(root):
        return problem(f"'{spec.src}' is outside the posts folder; put the audio file in it")
    if not source.is_file():
        return problem(f"'{spec.src}' does not exist next to the column")
    audio = read_audio(source)
    if audio is None:
        return problem(f"'{spec.src}' is not an audio file (MP3, M4A, AAC, Ogg, Opus, FLAC or WAV)")
    kind = spec.type or AUDIO_TYPES.get(source.suffix.lower()) or (audio.mime[0] if audio.mime else None)
    return (
        Media(
            spec,
            posixpath.normpath(source.relative_to(root).as_posix()),
            None,
            spec.length or source.stat().st_size,
            kind,
            spec.duration if spec.duration is not None else round(audio.info.length, 3),
        ),
        [],
    )


#: The mutagen reader of each extension whose format is certain; others are sniffed.
_READERS = {".mp3": mutagen.mp3.MP3, ".m4a": mutagen.mp4.MP4, ".mp4": mutagen.mp4.MP4}


def read_audio(source: Path) -> mutagen.FileType | None:
    """The file's audio stream, or None when it holds none.

    The reader its extension names goes first: ``mutagen.File`` tries every format on every
    file, three times the work for an archive of MP3s. A file whose extension lies gets that.
    """
    reader = _READERS.get(source.suffix.lower())
    for read in ([reader] if reader else []) + [mutagen.File]:
        try:
            audio = read(source)
        except (mutagen.MutagenError, OSError, ValueError):
            continue
        if audio is not None and getattr(audio.info, "length", 0):
            return audio
    return None


def _remote(spec: AudioSpec, problem) -> tuple[Media | None, list[Problem]]:  # type: ignore[no-untyped-def]
    if scheme_of(spec.src) not in ("http", "https"):
        return problem(f"'{spec.src}' must be a file next to the column or an http(s) address")
    missing = [name for name in ("length", "type") if getattr(spec, name) is None]
    if missing:
        return problem(
            f"a remote file needs {' and '.join(missing)} in the front matter "
            "(run `columnist check --fetch-media` to fill them in)"
        )
    return Media(spec, None, spec.src, spec.length, spec.type, spec.duration), []
