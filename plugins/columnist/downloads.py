"""Asking a web server for a file, within a size and a time the command can afford.

A server that trickles one byte a second never lets a socket's own timeout expire, and one
that sends an endless body never ends a plain ``read()``: every download here stops at
``limit`` bytes and at a deadline for the whole answer, whichever comes first.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message

#: The most bytes one read from the socket asks for.
_PIECE = 64 * 1024


class TooSlow(Exception):
    """The server took longer than the time allowed for the whole answer."""


class TooLarge(Exception):
    """The server sent more than the bytes allowed."""


@dataclass(frozen=True)
class Answer:
    """What a server sent: its status, its headers and the bytes read of its body."""

    status: int
    headers: Message
    data: bytes


def download(
    request: urllib.request.Request,
    *,
    limit: int,
    seconds: float,
    too_large: bool = False,
    opener: Callable[..., object] = urllib.request.urlopen,
) -> Answer:
    """At most ``limit`` bytes of the answer to ``request``, within ``seconds`` in all.

    With ``too_large`` a body longer than ``limit`` raises ``TooLarge``; without, the
    first ``limit`` bytes are what was wanted. A deadline passed raises ``TooSlow``;
    ``urllib``'s own errors (``HTTPError``, ``URLError``, ``OSError``) pass through.
    """
    deadline = time.monotonic() + seconds
    with opener(request, timeout=seconds) as response:  # type: ignore[attr-defined]
        pieces: list[bytes] = []
        size = 0
        while size < limit + (1 if too_large else 0):
            if time.monotonic() > deadline:
                raise TooSlow
            piece = response.read1(min(_PIECE, limit + 1 - size))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
        if too_large and size > limit:
            raise TooLarge
        return Answer(response.status, response.headers, b"".join(pieces)[:limit])


def reason(error: BaseException, seconds: float) -> str:
    """Why a download failed, in words for the author.

    >>> reason(TooSlow(), 30)
    'the server did not send the whole file within 30 seconds'
    >>> reason(urllib.error.URLError("Name or service not known"), 30)
    'the server could not be reached (Name or service not known)'
    """
    if isinstance(error, TooSlow):
        return f"the server did not send the whole file within {seconds:g} seconds"
    if isinstance(error, urllib.error.HTTPError):
        return f"the server answered {error.code} {error.reason}"
    cause = getattr(error, "reason", None) or error
    if isinstance(cause, TimeoutError) or "timed out" in str(cause):
        return f"the server did not answer within {seconds:g} seconds"
    return f"the server could not be reached ({cause})"
