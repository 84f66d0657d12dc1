"""An old post's HTML as Markdown: WordPress's shortcodes and paragraphs, garbled characters, links.

WordPress stores a post's text the way its editor wrote it: paragraphs are blank lines
(its ``wpautop`` adds the ``<p>`` tags on display), ``[caption]``, ``[audio]`` and
``[gallery]`` shortcodes stand for markup, and the block editor leaves
``<!-- wp:paragraph -->`` comments. This module turns that, or the finished HTML of a
feed, into Markdown with markdownify, repairs mojibake with ftfy, and reports the audio,
media and links it met so the writer can decide what becomes of them.
"""

from __future__ import annotations

import html as html_entities
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import ftfy
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

#: Files an old blog serves beside its pages: listed so the author can move them.
AUDIO_SUFFIXES = frozenset((".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wav", ".wma"))
MEDIA_SUFFIXES = AUDIO_SUFFIXES | {
    ".mp4", ".m4v", ".mov", ".webm", ".avi", ".wmv", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp",
    ".tif", ".tiff", ".pdf", ".doc", ".docx", ".ppt", ".pptx", ".xls", ".xlsx", ".zip", ".epub",
}  # fmt: skip

_MARK = "COLUMNISTMARK{}X"
_MARK_RE = re.compile(r"COLUMNISTMARK(\d+)X")

# WordPress's own list (wp-includes/formatting.php, wpautop) of tags that start a block.
_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    "blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
    "footer|nav|figure|figcaption|details|menu|summary|audio|video|iframe|object|embed|script|noscript"
)
_BLOCK_OPEN = re.compile(rf"(<(?:{_BLOCKS})\b[^>]*>)", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</(?:{_BLOCKS})>)", re.IGNORECASE)
_STARTS_BLOCK = re.compile(rf"^</?(?:{_BLOCKS})\b", re.IGNORECASE)
_KEEP_AS_IS = re.compile(r"<(pre|script|style|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_MORE = re.compile(r"<!--\s*more\b.*?-->", re.IGNORECASE | re.DOTALL)
_NEXT_PAGE = re.compile(r"<!--\s*nextpage\s*-->", re.IGNORECASE)
_SHORTCODE = re.compile(
    r"\[(\[?)(caption|wp_caption|audio|video|gallery|playlist|embed)(?![\w-])([^\]]*?)"
    r"(?:(/)\]|\](?:(.*?)\[/\2\])?)(\]?)",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)"""
)
_CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)
_BARE_URL = re.compile(r"^\s*https?://\S+\s*$")


@dataclass(frozen=True)
class Heard:
    """An audio player met in the text, now a marker for the writer to replace."""

    marker: str
    src: str


@dataclass(frozen=True)
class LeftOut:
    """Something of the old post that has no Markdown form, now a marker where it stood."""

    marker: str
    what: str  # "a gallery (pictures 1, 2, 3)"


@dataclass
class Converted:
    """A post's text as Markdown, with markers still in it, and what was met on the way."""

    markdown: str
    heard: list[Heard] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # addresses of files on the old blog, in order


def fix(text: str) -> str:
    """Mojibake repaired (``Itâ€™s`` → ``It’s``), control characters removed; markup left alone.

    >>> fix("Itâ€™s &amp; <b>bold</b>")
    'It’s &amp; <b>bold</b>'
    """
    return ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False, fix_character_width=False)


def one_line(text: str) -> str:
    """A title, name or category as plain text on one line: entities decoded, mojibake repaired.

    >>> one_line("  Caf\\u00c3\\u00a9 &amp; <em>more</em>\\n")
    'Café & more'
    """
    if re.search(r"<[A-Za-z/!]", text):
        text = BeautifulSoup(text, "html.parser").get_text()
    return " ".join(fix(html_entities.unescape(text)).split())


def plain_text(html: str) -> str:
    """The words of some HTML, paragraphs kept apart by blank lines: for letters and summaries.

    >>> plain_text("<p>One <b>two</b></p><p>Three<br>four</p>Five\\n\\nSix")
    'One two\\n\\nThree four\\n\\nFive\\n\\nSix'
    """
    soup = BeautifulSoup(fix(html), "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.name == "br":
            tag.replace_with("\n")
        elif tag.name in ("td", "th"):
            tag.insert_after(" ")
        elif _STARTS_BLOCK.match(f"<{tag.name}>"):
            tag.insert_before("\n\n")
            tag.insert_after("\n\n")
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", soup.get_text()))
    return "\n\n".join(part for part in paragraphs if part)


def first_words(text: str, count: int = 8) -> str:
    """A title made from the start of a text.

    >>> first_words("Well, not all of us are dentists, but many of us are, it seems."), first_words("Short.")
    ('Well, not all of us are dentists, but…', 'Short')
    """
    words = text.split()
    chosen = " ".join(words[:count]).rstrip(",;:.!?-–—")
    return chosen + ("…" if len(words) > count else "")


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
        if _STARTS_BLOCK.match(chunk) or re.fullmatch("\ue000\\d+\ue001", chunk):
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


class _Converter(MarkdownConverter):
    """markdownify with ATX headings, ``-`` bullets, and text escaped for Python-Markdown.

    markdownify's own ``escape_misc`` escapes characters Python-Markdown does not unescape
    (``\\<`` shows as a backslash); here ``<`` and entities become references, and only
    characters Python-Markdown knows as escapes get a backslash.
    """

    def __init__(self) -> None:
        super().__init__(heading_style="ATX", bullets="-", escape_misc=False, autolinks=True)

    # ``context`` is markdownify's ``parent_tags`` (1.x) or ``convert_as_inline`` (0.13).
    def escape(self, text: str, *context: Any, **named: Any) -> str:
        if not text:
            return ""
        text = super().escape(text, *context, **named)  # * and _
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
        text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
        text = re.sub(r"([`\[\]])", r"\\\1", text)
        text = re.sub(r"(^|\n)(\s*)([#>]|[+-](?=\s|$)|-(?=--))", r"\1\2\\\3", text)
        return re.sub(r"(^|\n)(\s*\d{1,9})([.)])(?=\s|$)", r"\1\2\\\3", text)

    def convert_figure(self, el: Tag, text: str, *context: Any, **named: Any) -> str:
        return f"\n\n{text.strip()}\n\n"

    def convert_figcaption(self, el: Tag, text: str, *context: Any, **named: Any) -> str:
        words = " ".join(text.split())
        return f"\n\n*{words}*\n\n" if words else ""


_CONVERTER = _Converter()


def to_markdown(
    html: str,
    *,
    base: str | None,
    raw_wordpress: bool,
    link_to: Callable[[str], str | None],
    on_old_blog: Callable[[str], bool],
) -> Converted:
    """The Markdown of a post's HTML.

    ``base`` is the post's old address, for relative links; ``link_to`` gives the new file
    for an old address of an imported column (or None); ``on_old_blog`` tells whether a file's
    address is on the old blog. Audio players and what has no Markdown form are left as
    markers (see ``Converted``) for the writer.
    """
    found = Converted("")
    markers: list[str] = []

    def marker() -> str:
        markers.append(_MARK.format(len(markers)))
        return markers[-1]

    text = fix(html)
    text = _BLOCK_COMMENT.sub("", text)
    more = marker()
    text = _MORE.sub(f"\n\n{more}\n\n", text, count=1)
    text = _MORE.sub("", text)
    text = _NEXT_PAGE.sub("\n\n", text)
    if raw_wordpress:
        text = _shortcodes(text, found, marker)
    if (raw_wordpress and "<!-- wp:" not in html) or (not raw_wordpress and looks_unwrapped(text)):
        text = autop(text)

    soup = BeautifulSoup(text, "html.parser")
    _prepare(soup, found, marker, base=base, link_to=link_to, on_old_blog=on_old_blog)
    markdown = _CONVERTER.convert_soup(soup)
    markdown = markdown.replace(more, "<!-- more -->")
    # Trailing spaces only where markdownify made a line break ("  "), never stray ones.
    markdown = re.sub(r"[ \t]+\n", lambda match: "  \n" if match.group(0) == "  \n" else "\n", markdown)
    found.markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip("\n")
    return found


def finish(markdown: str, replacements: dict[str, str]) -> str:
    """The Markdown with every marker replaced (by nothing when it is not in ``replacements``)."""
    text = _MARK_RE.sub(lambda match: replacements.get(match.group(0), ""), markdown)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def marker_line(markdown: str, marker: str) -> int | None:
    """The line (from 1) of the body where a marker stands."""
    index = markdown.find(marker)
    return None if index < 0 else markdown.count("\n", 0, index) + 1


# --- shortcodes ------------------------------------------------------------------------------------------


def _shortcodes(text: str, found: Converted, marker: Callable[[], str]) -> str:
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
        if name == "audio":
            src = next(
                (named[key] for key in ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac") if named.get(key)),
                positional[0] if positional else "",
            )
            if not src:
                return _left_out(found, marker, "an audio player with no file named")
            return f'\n\n<audio src="{html_entities.escape(src)}"></audio>\n\n'
        if name == "video":
            src = next(
                (named[key] for key in ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv") if named.get(key)),
                positional[0] if positional else "",
            )
            if not src:
                return _left_out(found, marker, "a video player with no file named")
            return f'\n\n<video src="{html_entities.escape(src)}"></video>\n\n'
        if name == "embed":
            url = content.strip() or (positional[0] if positional else "")
            return f'\n\n<p><a href="{html_entities.escape(url)}">{html_entities.escape(url)}</a></p>\n\n'
        ids = named.get("ids") or named.get("include") or ""
        pictures = f" (pictures {', '.join(part.strip() for part in ids.split(',') if part.strip())})"
        return _left_out(found, marker, f"a {name}{pictures if ids else ''}")

    return _SHORTCODE.sub(replace, text)


def _left_out(found: Converted, marker: Callable[[], str], what: str) -> str:
    mark = marker()
    found.left_out.append(LeftOut(mark, what))
    return f"\n\n{mark}\n\n"


# --- links, media and players ----------------------------------------------------------------------------


def _prepare(
    soup: BeautifulSoup,
    found: Converted,
    marker: Callable[[], str],
    *,
    base: str | None,
    link_to: Callable[[str], str | None],
    on_old_blog: Callable[[str], bool],
) -> None:
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for tag in soup.find_all(["script", "style", "noscript", "template"]):
        tag.decompose()

    def absolute(address: str) -> str:
        address = address.strip()
        has_scheme = re.match(r"^[a-z][a-z0-9+.-]*:", address, re.IGNORECASE)
        return urljoin(base, address) if base and not has_scheme else address

    def seen(address: str) -> None:
        if on_old_blog(address) and address not in found.media:
            found.media.append(address)

    for tag in soup.find_all("audio"):
        sources = [tag.get("src")] + [source.get("src") for source in tag.find_all("source")]
        src = next((absolute(str(s)) for s in sources if s and str(s).strip()), None)
        if src is None:
            tag.replace_with(_paragraph(soup, _left_out(found, marker, "an audio player with no file")))
            continue
        mark = marker()
        found.heard.append(Heard(mark, src))
        seen(src)
        tag.replace_with(_paragraph(soup, mark))
    for tag in soup.find_all(["video", "iframe", "embed", "object"]):
        sources = [tag.get("src"), tag.get("data")] + [source.get("src") for source in tag.find_all("source")]
        src = next((absolute(str(s)) for s in sources if s and str(s).strip()), None)
        if src is None:
            tag.decompose()
            continue
        seen(src)
        paragraph = soup.new_tag("p")
        paragraph.append("Watch: " if tag.name == "video" else "See: ")
        link = soup.new_tag("a", href=src)
        link.append(_file_name(src) if tag.name == "video" else src)
        paragraph.append(link)
        tag.replace_with(paragraph)
    for tag in soup.find_all("img"):
        src = tag.get("src")
        if not src or not str(src).strip():
            tag.decompose()
            continue
        tag["src"] = _safe(absolute(str(src)))
        seen(absolute(str(src)))
    for tag in soup.find_all("a"):
        href = tag.get("href")
        if href is None:
            continue
        href = str(href).strip()
        if not href or re.match(r"^(javascript|data|vbscript):", href, re.IGNORECASE):
            del tag["href"]
            continue
        if href.startswith("#"):
            continue
        full = absolute(href)
        target = link_to(full)
        if target is not None:
            fragment = urlsplit(full).fragment
            tag["href"] = target + (f"#{fragment}" if fragment else "")
            continue
        tag["href"] = _safe(full)
        if posixpath.splitext(urlsplit(full).path)[1].lower() in MEDIA_SUFFIXES:
            seen(full)
    # A bare address on a line of its own is WordPress's way to embed it: make it a link.
    for words in soup.find_all(string=_BARE_URL):
        parent = words.parent
        if parent is None or parent.name in ("a", "code", "pre", "kbd", "samp", "textarea"):
            continue
        if parent.get_text().strip() != words.strip():
            continue
        link = soup.new_tag("a", href=_safe(words.strip()))
        link.append(words.strip())
        words.replace_with(link)


def _paragraph(soup: BeautifulSoup, text: str) -> Tag:
    paragraph = soup.new_tag("p")
    paragraph.append(NavigableString(text.strip()))
    return paragraph


def _safe(address: str) -> str:
    """An address Markdown's ``(...)`` can hold: spaces, brackets and angle brackets escaped."""
    return quote(address, safe="/:?#[]@!$&'*+,;=%~")


def _file_name(address: str) -> str:
    return unquote(posixpath.basename(urlsplit(address).path.rstrip("/"))) or address


def listen_line(src: str) -> str:
    """The line that stands for an audio player that does not become the audio edition.

    >>> listen_line("https://old.example.org/a_b.mp3")
    'Listen: [a\\\\_b.mp3](https://old.example.org/a_b.mp3)'
    """
    name = re.sub(r"([\\`*_\[\]])", r"\\\1", _file_name(src))
    return f"Listen: [{name}]({_safe(src)})"
