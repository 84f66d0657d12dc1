"""The one policy for every address a columnist or an old blog supplies.

A link, an image, an audio file, a transcript, an author's page or a funding page may
be a web address (``http``, ``https``), an email address (``mailto``) or a path on the
site. Anything else (``javascript:``, ``data:``, ``file:``, ``vbscript:``...) could run
in a reader's browser or mail client, or read their disk: front matter that names one
is an error, and an import drops it with a warning.
"""

from __future__ import annotations

import re

ALLOWED_SCHEMES = ("http", "https", "mailto")
#: Browsers drop tabs and line breaks anywhere in a URL and spaces around it: "java\tscript:" runs.
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
#: An address that starts with a scheme (``https:``, ``urn:``, ``mailto:``), as written.
HAS_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
#: What the policy says, to end a message with.
POLICY = "use an address starting with https://, http:// or mailto:, or a path on the site"


def scheme_of(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it, in lower case; ``None`` for a path.

    >>> scheme_of(" HTTPS://example.org"), scheme_of("java\\tscript:alert(1)"), scheme_of("audio/a.mp3")
    ('https', 'javascript', None)
    """
    cleaned = _IGNORED_BY_BROWSERS.sub("", url).strip(" \x00\x0b\x0c\x1f")
    match = HAS_SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def is_allowed(url: str) -> bool:
    """Whether ``url`` keeps to the policy: a web or mail address, or a path.

    >>> [is_allowed(url) for url in ("https://a.org/x", "mailto:a@b.org", "../x.md", "#top", "//cdn.org/a")]
    [True, True, True, True, True]
    >>> [is_allowed(url) for url in ("javascript:alert(1)", " JaVa\\nScRiPt:x", "data:text/html,x", "file:///etc")]
    [False, False, False, False]
    """
    if any(ord(character) < 32 and character not in "\t\n\r" for character in url):
        return False
    scheme = scheme_of(url)
    return scheme is None or scheme in ALLOWED_SCHEMES


def refusal(url: str) -> str:
    """Why ``url`` is refused, for a ``file:line: key:`` message.

    >>> refusal("javascript:alert(1)").startswith("'javascript:alert(1)' is not allowed: use an address")
    True
    """
    shown = url if len(url) <= 80 else url[:77] + "..."
    return f"{shown!r} is not allowed: {POLICY}"
