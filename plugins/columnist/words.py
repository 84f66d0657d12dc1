"""How Columnist words things for people: plain text from HTML, durations, counts and a language.

One home for each, so the site, the feeds, the podcast, the email edition and the
command line say the same thing the same way.
"""

from __future__ import annotations

import lxml.html
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

#: Characters that end a line for someone: a header, a log line or a title must hold none of them.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, on one line.

    >>> plain_text("<p>Tips &amp; <em>tricks</em></p>\\n<p>More.</p>")
    'Tips & tricks More.'
    """
    if not fragment.strip():
        return ""
    return collapse(lxml.html.fragment_fromstring(fragment, create_parent="div").text_content())


def collapse(text: str) -> str:
    """Text with its white space collapsed to single spaces.

    >>> collapse("  Tips &\\n <here> ")
    'Tips & <here>'
    """
    return " ".join(text.split())


def one_line(text: str) -> str:
    """``text`` unchanged when it is one line, else with its white space collapsed.

    >>> one_line("a  b"), one_line("a\\nBcc: c")
    ('a  b', 'a Bcc: c')
    """
    return collapse(text) if any(character in text for character in LINE_BREAKS) else text


def shorten(text: str, most: int) -> str:
    """At most ``most`` characters, cut at a word, with an ellipsis when cut.

    >>> shorten("one two three", 9), shorten("one", 9)
    ('one two…', 'one')
    """
    if len(text) <= most:
        return text
    return text[: most - 1].rsplit(" ", 1)[0] + "…"


def clock(seconds: float) -> str:
    """A duration as a player shows it.

    >>> clock(75.4), clock(3723)
    ('1:15', '1:02:03')
    """
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def count(number: int, noun: str) -> str:
    """A number of things, with the noun in the plural when it is not one.

    >>> count(1, "column"), count(0, "error"), count(3, "warning")
    ('1 column', '0 errors', '3 warnings')
    """
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def is_language(code: str) -> bool:
    """A language code babel knows (``en``, ``en-US``, ``pt_BR``).

    >>> is_language("de-CH"), is_language("xx"), is_language("")
    (True, False, False)
    """
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def megabytes(length: int, locale: Locale) -> str:
    """A file's size as a listener reads it, in the site's language.

    >>> megabytes(2_400_000, locale_for("en")), megabytes(2_400_000, locale_for("de"))
    ('2.4 MB', '2,4 MB')
    """
    return f"{format_decimal(length / 1_000_000, format='0.0', locale=locale)} MB"


def locale_for(code: str) -> Locale:
    """The babel locale of a language code, English when the code is not one.

    >>> str(locale_for("de-CH")), str(locale_for("xx"))
    ('de_CH', 'en')
    """
    return Locale.parse(code.replace("-", "_")) if is_language(code) else Locale.parse("en")
