"""WordPress's own way of storing a post: paragraphs as blank lines, and shortcodes.

WordPress stores a post's text the way its editor wrote it: paragraphs are blank lines
(its ``wpautop`` adds the ``<p>`` tags on display), and ``[caption]``, ``[audio]`` and
``[gallery]`` shortcodes stand for markup. This turns both into the HTML WordPress would
have shown, for ``text`` to make Markdown of.
"""

from __future__ import annotations

import html as html_entities
import re
from collections.abc import Callable

# WordPress's own list (wp-includes/formatting.php, wpautop) of tags that start a block.
_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    "blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
    "footer|nav|figure|figcaption|details|menu|summary|audio|video|iframe|object|embed|script|noscript"
)
_BLOCK_OPEN = re.compile(rf"(<(?:{_BLOCKS})\b[^>]*>)", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</(?:{_BLOCKS})>)", re.IGNORECASE)
STARTS_BLOCK = re.compile(rf"^</?(?:{_BLOCKS})\b", re.IGNORECASE)
_KEEP_AS_IS = re.compile(r"<(pre|script|style|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SHORTCODE = re.compile(
    r"\[(\[?)(caption|wp_caption|audio|video|gallery|playlist|embed)(?![\w-])([^\]]*?)"
    r"(?:(/)\]|\](?:(.*?)\[/\2\])?)(\]?)",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)"""
)
_CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)


def autop(text: str) -> str:
    """WordPress's paragraphs: blank-line-separated text wrapped in ``<p>``, line breaks as ``<br>``.

    A simplified ``wpautop``: blocks that already start with a block tag are left as they are.

    >>> autop("One\\nline\\n\\n<ul>\\n<li>Item</li>\\n</ul>\\nTwo")
    '<p>One<br />\\nline</p>\\n\\n<ul>\\n\\n<li>Item</li>\\n\\n</ul>\\n\\n<p>Two</p>'
    """
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\n\n\ue000{len(kept) - 1}\ue001\n\n"

    text = _KEEP_AS_IS.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BLOCK_CLOSE.sub(r"\1\n\n", _BLOCK_OPEN.sub(r"\n\n\1", text))
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_BLOCK.match(chunk) or re.fullmatch("\ue000\\d+\ue001", chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br />\n", chunk) + "</p>")
    joined = "\n\n".join(chunks)
    return re.sub("\ue000(\\d+)\ue001", lambda match: kept[int(match.group(1))], joined)


def looks_unwrapped(html: str) -> bool:
    """Text with blank lines between paragraphs and no block markup: needs ``autop`` to keep them.

    >>> looks_unwrapped("One\\n\\nTwo"), looks_unwrapped("<p>One</p>\\n\\n<p>Two</p>")
    (True, False)
    """
    return bool(re.search(r"\n\s*\n", html)) and not _BLOCK_OPEN.search(html)


def shortcode_attributes(text: str) -> tuple[dict[str, str], list[str]]:
    """A shortcode's named and positional attributes, as WordPress's ``shortcode_parse_atts`` reads them.

    >>> shortcode_attributes(' src="a.mp3" loop=on https://x.org/b.mp3')
    ({'src': 'a.mp3', 'loop': 'on'}, ['https://x.org/b.mp3'])
    """
    named: dict[str, str] = {}
    positional: list[str] = []
    for match in _ATTRIBUTE.finditer(html_entities.unescape(text)):
        groups = match.groups()
        for index in (0, 2, 4):
            if groups[index]:
                named[groups[index].lower()] = groups[index + 1]
                break
        else:
            positional.append(next(value for value in groups[6:] if value is not None))
    return named, positional


#: The ``[audio]`` and ``[video]`` shortcodes: the attributes that may name the file, in order.
_PLAYERS = {
    "audio": (("src", "mp3", "m4a", "ogg", "wav", "wma", "flac"), "an audio"),
    "video": (("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv"), "a video"),
}


def shortcodes(text: str, left_out: Callable[[str], str]) -> str:
    """WordPress's shortcodes as the HTML they stand for; ``left_out(what)`` for one with no Markdown form."""

    def replace(match: re.Match[str]) -> str:
        opening, name, attributes, _, content, closing = match.groups()
        if opening and closing:  # [[audio]] is WordPress for the text "[audio]"
            return match.group(0)[1:-1]
        named, positional = shortcode_attributes(attributes)
        name = name.lower()
        content = content or ""
        if name in ("caption", "wp_caption"):
            captioned = _CAPTIONED.match(content)
            picture, words = (captioned.group(1), captioned.group(2)) if captioned else (content, "")
            words = (words.strip() or named.get("caption", "")).strip()
            caption = f"<figcaption>{words}</figcaption>" if words else ""
            return f"\n\n<figure>{picture}{caption}</figure>\n\n"
        if name in _PLAYERS:
            keys, kind = _PLAYERS[name]
            src = next((named[key] for key in keys if named.get(key)), positional[0] if positional else "")
            if not src:
                return left_out(f"{kind} player with no file named")
            return f'\n\n<{name} src="{html_entities.escape(src)}"></{name}>\n\n'
        if name == "embed":
            url = content.strip() or (positional[0] if positional else "")
            return f'\n\n<p><a href="{html_entities.escape(url)}">{html_entities.escape(url)}</a></p>\n\n'
        ids = named.get("ids") or named.get("include") or ""
        pictures = f" (pictures {', '.join(part.strip() for part in ids.split(',') if part.strip())})"
        return left_out(f"a {name}{pictures if ids else ''}")

    return _SHORTCODE.sub(replace, text)
