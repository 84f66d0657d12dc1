"""Where an import comes from: a file or a web address, a WordPress export or a feed."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

from columnist.importers import feed, wxr
from columnist.importers.model import Export, ImportFailure

USER_AGENT = "columnist-import (+https://pypi.org/project/mkdocs-columnist/)"
TIMEOUT = 60  # seconds; a large export from a slow old server takes a while


def load(source: str) -> Export:
    """Read a WordPress export or an RSS/Atom feed from a file or an http(s) address."""
    data, name = fetch(source)
    if wxr.is_wxr(data):
        return wxr.read(data, name)
    return feed.read(data, name)


def fetch(source: str) -> tuple[bytes, str]:
    """The bytes of ``source`` and the name messages give it."""
    if re.match(r"^https?://", source, re.IGNORECASE):
        request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read(), source
        except urllib.error.HTTPError as error:
            raise ImportFailure(
                f"could not fetch {source}: the server answered {error.code} {error.reason}"
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", None) or error
            raise ImportFailure(f"could not fetch {source}: {reason}") from None
    if re.match(r"^[a-z][a-z0-9+.-]+://", source, re.IGNORECASE):
        raise ImportFailure(f"{source} is not a file or an http(s) address")
    path = Path(source).expanduser()
    if not path.is_file():
        raise ImportFailure(f"there is no file {source}")
    try:
        return path.read_bytes(), path.name
    except OSError as error:
        raise ImportFailure(f"{source} cannot be read: {error.strerror}") from None
