"""Where an import comes from: a file or a web address, a WordPress export or a feed."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

from columnist import downloads
from columnist.importers import feed, wxr
from columnist.importers.model import Export, ImportFailure

USER_AGENT = "columnist-import (+https://pypi.org/project/mkdocs-columnist/)"
#: Seconds the whole download may take: a large export from a slow old server takes a while.
TIMEOUT = 300
#: The largest export or feed read from the web (256 MB): a larger one is downloaded by hand.
MOST_BYTES = 256 * 1024 * 1024
_BY_HAND = "download it with a browser and import the file"


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
            answer = downloads.download(request, limit=MOST_BYTES, seconds=TIMEOUT, too_large=True)
        except downloads.TooLarge:
            size = f"{MOST_BYTES / (1024 * 1024):.3g} MB"
            raise ImportFailure(f"could not fetch {source}: it is larger than {size}; {_BY_HAND}") from None
        except downloads.TooSlow as error:
            raise ImportFailure(
                f"could not fetch {source}: {downloads.reason(error, TIMEOUT)}; {_BY_HAND}"
            ) from None
        except (urllib.error.URLError, OSError) as error:
            raise ImportFailure(f"could not fetch {source}: {_why(error)}") from None
        return answer.data, source
    if re.match(r"^[a-z][a-z0-9+.-]+://", source, re.IGNORECASE):
        raise ImportFailure(f"{source} is not a file or an http(s) address")
    path = Path(source).expanduser()
    if not path.is_file():
        raise ImportFailure(f"there is no file {source}")
    try:
        return path.read_bytes(), path.name
    except OSError as error:
        raise ImportFailure(f"{source} cannot be read: {error.strerror}") from None


def _why(error: BaseException) -> str:
    """Why the server could not be asked, as the old messages said it."""
    if isinstance(error, urllib.error.HTTPError):
        return f"the server answered {error.code} {error.reason}"
    return str(getattr(error, "reason", None) or error)
