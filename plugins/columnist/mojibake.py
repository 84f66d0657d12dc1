"""Text garbled by an old blog's migration, repaired where the evidence allows.

ftfy repairs most mojibake (``Itâ€™s`` → ``It’s``). A closing quote ``”`` is UTF-8
``E2 80 9D``; read as Windows-1252 its last byte has no character, so migrations
often dropped it and left ``â€`` alone, ``â€�``, or a ``†`` where the quote was.
ftfy cannot know those meant ``”``; this module decides from what is around them:
an open ``“`` not yet closed in the same paragraph. A ``†`` with no open quote
before it is a dagger (``d. 1923†``, a footnote mark) and stays one.
``findings``, ``looks_garbled`` and ``note`` say what is still suspicious, for ``columnist check``.
"""

from __future__ import annotations

import difflib
import re

import ftfy
from ftfy.badness import is_bad

# Only the mojibake repairs: curly quotes, ligatures and HTML entities an author wrote stay as they are.
FIX = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
)

# Characters that can follow ``â€`` in a sequence ftfy decodes (``â€™`` is ``’``, ``â€œ`` is ``“``...).
_THIRD_BYTES = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u0080-\u00bf"
# ``â€`` whose last byte was lost: followed by the replacement character, or by nothing ftfy can decode.
_LOST_BYTE = re.compile(f"â€(?:\ufffd|(?![{_THIRD_BYTES}]))")
# ``â€†`` in a closing position: after a word or punctuation, before a space, punctuation or the end.
_CLOSING_DAGGER_SEQUENCE = re.compile(r"(?<=\S)â€†(?=[\s.,;:!?)\]<]|$)")
# Where a paragraph ends, in text or in HTML: an open quote does not carry over it.
_PARAGRAPH = re.compile(r"(\n|</?p\b[^>]*>|<br\s*/?>)", re.IGNORECASE)
_LEFTOVER = re.compile(r"â€|Ã[\u0080-\u00bf]")


def repair(text: str, config: ftfy.TextFixerConfig = FIX) -> str:
    """``text`` with its mojibake repaired, lost bytes of closing quotes included; ftfy runs with ``config``.

    >>> repair("“coming in.†Or so.")
    '“coming in.” Or so.'
    >>> repair("Itâ€™s “done.â€\ufffd Yes.")
    'It’s “done.” Yes.'
    >>> repair("Born 1870, d. 1923† (see below)")
    'Born 1870, d. 1923† (see below)'
    """
    text = _CLOSING_DAGGER_SEQUENCE.sub("”", text)
    text = _LOST_BYTE.sub("”", text)
    text = ftfy.fix_text(text, config)
    text = _LOST_BYTE.sub("”", text)
    return "".join(_close_quotes(part) for part in _PARAGRAPH.split(text))


def _close_quotes(paragraph: str) -> str:
    """``†`` turned into ``”`` where it closes a ``“`` opened before it in ``paragraph``.

    >>> _close_quotes("“saviors†of “clients” and a note†")
    '“saviors” of “clients” and a note†'
    """
    if "†" not in paragraph:
        return paragraph
    out = []
    open_quote = False
    for index, char in enumerate(paragraph):
        if char == "“":
            open_quote = True
        elif char == "”":
            open_quote = False
        elif char == "†" and open_quote and index and not paragraph[index - 1].isspace():
            # The migrations that left ``†`` for ``”`` took the space after it too (``“saviors†of``).
            following = paragraph[index + 1 : index + 2]
            char = "” " if following.isalnum() or following == "(" else "”"
            open_quote = False
        out.append(char)
    return "".join(out)


def findings(text: str) -> list[str]:
    """What in ``text`` still looks garbled, each said once, for an editor's note.

    >>> findings("a “note† and Ã© here")
    ['"†" after an open quote (probably ”)', '"Ã©" (probably é)']
    """
    found = []
    if "\ufffd" in text:
        found.append('"\ufffd" (a character lost in a migration)')
    if any("†" in part and _close_quotes(part) != part for part in _PARAGRAPH.split(text)):
        found.append('"†" after an open quote (probably ”)')
    for sequence in dict.fromkeys(match.group() for match in _LEFTOVER.finditer(text)):
        repaired = repair(sequence) if sequence != "â€" else "”"
        found.append(f'"{sequence}" (probably {repaired})')
    return found


def looks_garbled(text: str | None) -> bool:
    """Whether ``text`` holds mojibake, a lost character, or a dagger where a closing quote belongs."""
    return bool(text) and not text.isascii() and (is_bad(text) or bool(findings(text)))


def note(text: str) -> str:
    """What looks garbled in ``text`` and what it probably said, word by word.

    >>> note("Itâ€™s a cafÃ©.")
    'looks garbled: "Itâ€™s" is probably "It’s", "cafÃ©." is probably "café."'
    >>> note("We are “saviors†of clients.")
    'looks garbled: "“saviors†of" is probably "“saviors” of"'
    >>> note("Lost \ufffd here.")
    'looks garbled: "\ufffd" (a character lost in a migration); retype the odd characters'
    """
    fixed = repair(text)
    if fixed == text:
        found = findings(text)
        if found:
            return "looks garbled: " + ", ".join(found) + "; retype the odd characters"
        return "looks garbled, as text from an old blog's export sometimes is; retype the odd characters"
    before, after = text.split(" "), fixed.split(" ")
    changes = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for kind, i1, i2, j1, j2 in matcher.get_opcodes():
        if kind != "equal":
            changes.append(
                f'"{_clip(" ".join(before[i1:i2]))}" is probably "{_clip(" ".join(after[j1:j2]))}"'
            )
    left = findings(fixed)
    also = "; also " + ", ".join(left) + ": retype it" if left else ""
    return "looks garbled: " + ", ".join(changes[:3]) + (", ..." if len(changes) > 3 else "") + also


def _clip(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 3] + "..."
