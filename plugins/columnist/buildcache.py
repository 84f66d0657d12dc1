"""The build cache: what a build worked out, kept on disk by the hash of everything it came from.

An entry is found only by the hash of its inputs, never by a file's time, so a cache can only
save work, never change a page. Each entry is one JSON file, written beside its place and moved
in whole, so two builds at once, or one killed half-way, never leave a torn entry; an entry that
cannot be read is treated as missing and written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

#: Bumped whenever the shape of an entry changes, so an old cache is never misread.
FORMAT = "1"


class Unhashable(ValueError):
    """A value with no stable text (an object known only by its memory address): it cannot key an entry."""


def stable_text(value: Any) -> str:
    """The same text for the same value in every process, or Unhashable.

    >>> stable_text({"b": [1, 2.5], "a": None})
    '{"a": null, "b": [1, 2.5]}'
    >>> stable_text(len)
    '"builtins.len"'
    """
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(stable_text(item) for item in value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    text = repr(value)
    if " at 0x" in text:
        raise Unhashable(text)
    return f"{type(value).__qualname__}:{text}"


def version_of(package: str) -> str:
    """The package's name and installed version, for a key: new code may make other output."""
    try:
        return f"{package} {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package} none"


def _text_header(key: str, text: str) -> str:
    """The first line of a text's file: the format, the key and the hash of the text, so that a damaged
    file, or one moved under another name, is known."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"columnist-cache {FORMAT} {key} {digest}"


def key_of(*parts: Any) -> str:
    """One hash of every part, each part kept apart from the next."""
    digest = hashlib.sha256(FORMAT.encode())
    for part in parts:
        text = part if isinstance(part, str) else stable_text(part)
        digest.update(len(text).to_bytes(8, "big"))
        digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class BuildCache:
    """Entries of each kind in one file per kind under one folder; a disabled cache keeps nothing.

    One file a kind, read whole when first needed and written whole by ``save``: a thousand small
    files cost a cold build more than the rendering they save. What a build did not use is left
    out of what it saves, so the cache never grows past one site's worth.

    Large texts (a page's whole HTML) are kept instead one file each (``read_text``), so a build
    holds in memory only the pages it is writing, and one changed page is one file written.
    """

    def __init__(self, folder: Path | None, previous: BuildCache | None = None) -> None:
        self.folder = folder
        self.hits: Counter[str] = Counter()  # kind -> entries found
        self.misses: Counter[str] = Counter()  # kind -> entries looked for in vain
        self.found: dict[str, dict[str, Any]] = {}  # kind -> key -> entry, as read
        self.kept: dict[str, dict[str, Any]] = {}  # kind -> key -> entry, to save
        self.written: set[str] = set()  # kinds with an entry new this build
        if previous is not None and previous.folder == folder and previous.saved:
            # The preview builds again and again: what the last build saved is what its files hold.
            self.found = {kind: dict(entries) for kind, entries in previous.kept.items()}
            self.kept = {kind: {} for kind in self.found}
        self.saved = False
        self.started = time.time()
        self.texts_used: dict[str, set[str]] = {}  # kind -> keys of texts read or written
        self.writer: ThreadPoolExecutor | None = None

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, kind: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{kind}.json"

    def _entries(self, kind: str) -> dict[str, Any]:
        if kind not in self.found:
            try:
                entries = json.loads(self._path(kind).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                entries = None
            valid = isinstance(entries, dict) and entries.get("format") == FORMAT
            found = entries.get("entries") if valid else None
            self.found[kind] = found if isinstance(found, dict) else {}
            self.kept[kind] = {}
        return self.found[kind]

    def read(self, kind: str, key: str) -> dict[str, Any] | None:
        """The entry, or None when there is none or it is damaged."""
        if self.folder is None:
            return None
        entry = self._entries(kind).get(key)
        if not isinstance(entry, dict):
            self.misses[kind] += 1
            return None
        self.hits[kind] += 1
        self.kept[kind][key] = entry
        return entry

    def write(self, kind: str, key: str, entry: dict[str, Any]) -> None:
        """Keep an entry, to be saved with the others at the end of the build."""
        if self.folder is not None:
            self._entries(kind)
            self.kept[kind][key] = entry
            self.written.add(kind)

    def read_text(self, kind: str, key: str) -> str | None:
        """A text kept in a file of its own, or None when there is none or it is damaged."""
        if self.folder is None:
            return None
        try:
            kept = (self.folder / kind / key).read_bytes().decode("utf-8", "surrogatepass")
            header, _, text = kept.partition("\n")  # bytes, not text: a "\r" in a page stays one
        except (OSError, UnicodeDecodeError):
            header, text = "", ""
        if header != _text_header(key, text):
            self.misses[kind] += 1
            return None
        self.hits[kind] += 1
        self.texts_used.setdefault(kind, set()).add(key)
        return text

    def write_text(self, kind: str, key: str, text: str) -> None:
        """Keep a text in a file of its own, whole or not at all.

        Written by a thread of its own while the build goes on: a thousand files are most of what
        the cache costs a first build, and the disk can write them while the templates run.
        """
        if self.folder is None:
            return
        self.texts_used.setdefault(kind, set()).add(key)
        if self.writer is None:
            self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="columnist-cache")
        self.writer.submit(self._write_text_now, self.folder / kind, key, text)

    @staticmethod
    def _write_text_now(folder: Path, key: str, text: str) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(f"{_text_header(key, text)}\n{text}".encode("utf-8", "surrogatepass"))
            os.replace(temporary, folder / key)
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def _drop_unused_texts(self) -> None:
        # Only what was there before this build began: another build at once may have just written one.
        assert self.folder is not None
        for kind, used in self.texts_used.items():
            with contextlib.suppress(OSError):
                for path in (self.folder / kind).iterdir():
                    if path.name not in used and path.stat().st_mtime < self.started:
                        path.unlink(missing_ok=True)

    def save(self) -> None:
        """Write each kind's file whole, beside its place first: a reader sees the old or the new, never half.

        A cache that cannot be written costs the next build time, never this one.
        """
        if self.folder is None:
            return
        if self.writer is not None:
            self.writer.shutdown(wait=True)
            self.writer = None
        self._drop_unused_texts()
        for kind, entries in self.kept.items():
            if kind not in self.written and entries.keys() == self.found[kind].keys():
                continue  # the file already holds exactly these entries
            path = self._path(kind)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}.", suffix=".part")
            except OSError:
                return
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump({"format": FORMAT, "entries": entries}, out, ensure_ascii=False)
                os.replace(temporary, path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
                return
        self.saved = True
