"""Each column's front matter as read, kept in the build cache by its text.

Reading the YAML is most of the time it takes to read a column, and the same text always gives
the same values; they are kept as tagged JSON (dates and times stay dates and times). Text that
does not read is read again every build, so its problem is reported every build.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from columnist import safe_yaml
from columnist.buildcache import BuildCache, Unhashable, key_of, version_of

KIND = "yaml"


def remembering(cache: BuildCache) -> Callable[[str], Any]:
    """``safe_yaml.load`` that looks in the cache first, and keeps what it reads."""
    if not cache.enabled:
        return safe_yaml.load
    reader = key_of(
        version_of("PyYAML"),
        yaml.__with_libyaml__,
        hashlib.sha256(Path(safe_yaml.__file__).read_bytes()).hexdigest(),  # the limits it reads with
    )

    def load(text: str) -> Any:
        key = key_of(reader, text)
        entry = cache.read(KIND, key)
        if entry is not None:
            try:
                return decoded(entry["values"])
            except (KeyError, TypeError, ValueError):
                pass  # a damaged entry: read the text again
        values = safe_yaml.load(text)
        with contextlib.suppress(Unhashable):  # a value JSON cannot hold: read again next time
            cache.write(KIND, key, {"values": encoded(values)})
        return values

    return load


def encoded(value: Any) -> Any:
    """Plain JSON for what the YAML loader makes; containers and dates tagged with their kind.

    >>> encoded({"date": date(2024, 3, 6), "tags": ["a", 1]})
    ['dict', ['date', ['date', '2024-03-06']], ['tags', ['list', 'a', 1]]]
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return ["datetime", value.isoformat()]
    if isinstance(value, date):
        return ["date", value.isoformat()]
    if isinstance(value, list):
        return ["list", *(encoded(item) for item in value)]
    if isinstance(value, tuple):
        return ["tuple", *(encoded(item) for item in value)]
    if isinstance(value, dict):
        return ["dict", *([encoded(key), encoded(item)] for key, item in value.items())]
    if isinstance(value, (set, frozenset)):
        return ["set", *(encoded(item) for item in value)]
    if isinstance(value, bytes):
        return ["bytes", base64.b64encode(value).decode("ascii")]
    raise Unhashable(type(value).__qualname__)


def decoded(value: Any) -> Any:
    """The values ``encoded`` was given.

    >>> values = {"when": datetime(2024, 3, 6, 9, 30), 2: {"x", "y"}, "raw": b"\\x00"}
    >>> decoded(encoded(values)) == values
    True
    """
    if not isinstance(value, list):
        return value
    kind, *items = value
    if kind == "datetime":
        return datetime.fromisoformat(items[0])
    if kind == "date":
        return date.fromisoformat(items[0])
    if kind == "list":
        return [decoded(item) for item in items]
    if kind == "tuple":
        return tuple(decoded(item) for item in items)
    if kind == "dict":
        return {decoded(key): decoded(item) for key, item in items}
    if kind == "set":
        return {decoded(item) for item in items}
    if kind == "bytes":
        return base64.b64decode(items[0])
    raise ValueError(f"not a kind of value: {kind!r}")
