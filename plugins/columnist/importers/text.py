"""An old post's HTML as Markdown: garbled characters repaired, links to the new files, players marked.

A WordPress post's text (its paragraphs and shortcodes made HTML by ``wordpress``, the
block editor's ``<!-- wp:paragraph -->`` comments dropped), or the finished HTML of a feed,
becomes Markdown with markdownify; ftfy repairs mojibake. The audio, media and links met
are reported so the writer can decide what becomes of them; an address outside the URL
policy (``javascript:``, ``data:``...) is never kept.
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

from columnist import mojibake
from columnist.importers import wordpress
from columnist.urls import is_allowed, scheme_of
from columnist.words import collapse

#: Files an old blog serves beside its pages: listed so the author can move them.
AUDIO_SUFFIXES = frozenset((".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wav", ".wma"))
MEDIA_SUFFIXES = AUDIO_SUFFIXES | {
    ".mp4", ".m4v", ".mov", ".webm", ".avi", ".wmv", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp",
    ".tif", ".tiff", ".pdf", ".doc", ".docx", ".ppt", ".pptx", ".xls", ".xlsx", ".zip", ".epub",
}  # fmt: skip

_MARK = "COLUMNISTMARK{}X"
# Mojibake repaired and ligatures, widths and line breaks made plain; quotes and entities kept.
_FTFY = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, fix_character_width=False)
_MARK_RE = re.compile(r"COLUMNISTMARK(\d+)X")

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_MORE = re.compile(r"<!--\s*more\b.*?-->", re.IGNORECASE | re.DOTALL)
_NEXT_PAGE = re.compile(r"<!--\s*nextpage\s*-->", re.IGNORECASE)
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


@dataclass(frozen=True)
class Refused:
    """An address of the old post that breaks the URL policy, left out of the column."""

    address: str
    what: str  # "the picture {} was left out": the address goes in the braces


@dataclass
class Converted:
    """A post's text as Markdown, with markers still in it, and what was met on the way."""

    markdown: str
    heard: list[Heard] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # addresses of files on the old blog, in order
    refused: list[Refused] = field(default_factory=list)


def fix(text: str) -> str:
    """Mojibake repaired (``Itâ€™s`` → ``It’s``), control characters removed; markup left alone.

    >>> fix("Itâ€™s &amp; <b>bold</b>")
    'It’s &amp; <b>bold</b>'
    """
    return mojibake.repair(text, _FTFY)


def one_line(text: str) -> str:
    """A title, name or category as plain text on one line: entities decoded, mojibake repaired.

    >>> one_line("  Caf\\u00c3\\u00a9 &amp; <em>more</em>\\n")
    'Café & more'
    """
    if re.search(r"<[A-Za-z/!]", text):
        text = BeautifulSoup(text, "html.parser").get_text()
    return collapse(fix(html_entities.unescape(text)))


def paragraph_text(html: str) -> str:
    """The words of some HTML, paragraphs kept apart by blank lines: for letters and summaries.

    >>> paragraph_text("<p>One <b>two</b></p><p>Three<br>four</p>Five\\n\\nSix")
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
        elif wordpress.STARTS_BLOCK.match(f"<{tag.name}>"):
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
        text = wordpress.shortcodes(text, lambda what: _left_out(found, marker, what))
    if (raw_wordpress and "<!-- wp:" not in html) or (not raw_wordpress and wordpress.looks_unwrapped(text)):
        text = wordpress.autop(text)

    soup = BeautifulSoup(text, "html.parser")
    _Walk(soup, found, marker, base=base, link_to=link_to, on_old_blog=on_old_blog).run()
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


# --- links, media and players ----------------------------------------------------------------------------


class _Walk:
    """One pass over a post's HTML: players become markers, links lead to the new files, and
    every address is kept to the URL policy (``columnist.urls``) or left out with a note."""

    def __init__(
        self,
        soup: BeautifulSoup,
        found: Converted,
        marker: Callable[[], str],
        *,
        base: str | None,
        link_to: Callable[[str], str | None],
        on_old_blog: Callable[[str], bool],
    ) -> None:
        self.soup, self.found, self.marker = soup, found, marker
        self.base, self.link_to, self.on_old_blog = base, link_to, on_old_blog

    def run(self) -> None:
        for comment in self.soup.find_all(string=lambda node: isinstance(node, Comment)):
            comment.extract()
        for tag in self.soup.find_all(["script", "style", "noscript", "template"]):
            tag.decompose()
        for tag in self.soup.find_all("audio"):
            self.player(tag)
        for tag in self.soup.find_all(["video", "iframe", "embed", "object"]):
            self.embed(tag)
        for tag in self.soup.find_all("img"):
            self.image(tag)
        for tag in self.soup.find_all("a"):
            self.link(tag)
        self.bare_addresses()

    def absolute(self, address: str) -> str:
        address = address.strip()
        return urljoin(self.base, address) if self.base and not scheme_of(address) else address

    def seen(self, address: str) -> None:
        if self.on_old_blog(address) and address not in self.found.media:
            self.found.media.append(address)

    def allowed(self, address: str, what: str) -> bool:
        """Does ``address`` keep to the policy? If not, the writer warns that ``what`` was left out."""
        if is_allowed(address):
            return True
        self.found.refused.append(Refused(address, what))
        return False

    def source(self, tag: Tag, *attributes: str) -> str | None:
        sources = [tag.get(name) for name in attributes] + [s.get("src") for s in tag.find_all("source")]
        return next((self.absolute(str(s)) for s in sources if s and str(s).strip()), None)

    def player(self, tag: Tag) -> None:
        src = self.source(tag, "src")
        if src is None:
            tag.replace_with(
                _paragraph(self.soup, _left_out(self.found, self.marker, "an audio player with no file"))
            )
            return
        if not self.allowed(src, "the audio player of {} was left out"):
            tag.decompose()
            return
        mark = self.marker()
        self.found.heard.append(Heard(mark, src))
        self.seen(src)
        tag.replace_with(_paragraph(self.soup, mark))

    def embed(self, tag: Tag) -> None:
        src = self.source(tag, "src", "data")
        if src is None or not self.allowed(src, f"the {tag.name} of {{}} was left out"):
            tag.decompose()
            return
        self.seen(src)
        paragraph = self.soup.new_tag("p")
        paragraph.append("Watch: " if tag.name == "video" else "See: ")
        link = self.soup.new_tag("a", href=src)
        link.append(_file_name(src) if tag.name == "video" else src)
        paragraph.append(link)
        tag.replace_with(paragraph)

    def image(self, tag: Tag) -> None:
        src = tag.get("src")
        if (
            not src
            or not str(src).strip()
            or not self.allowed(self.absolute(str(src)), "the picture {} was left out")
        ):
            tag.decompose()
            return
        tag["src"] = _safe(self.absolute(str(src)))
        self.seen(self.absolute(str(src)))

    def link(self, tag: Tag) -> None:
        href = tag.get("href")
        if href is None:
            return
        href = str(href).strip()
        if not href or not self.allowed(href, "the link to {} was left out (its words are kept)"):
            del tag["href"]
            return
        if href.startswith("#"):
            return
        full = self.absolute(href)
        target = self.link_to(full)
        if target is not None:
            fragment = urlsplit(full).fragment
            tag["href"] = target + (f"#{fragment}" if fragment else "")
            return
        tag["href"] = _safe(full)
        if posixpath.splitext(urlsplit(full).path)[1].lower() in MEDIA_SUFFIXES:
            self.seen(full)

    def bare_addresses(self) -> None:
        """A bare address on a line of its own is WordPress's way to embed it: make it a link."""
        for words in self.soup.find_all(string=_BARE_URL):
            parent = words.parent
            if parent is None or parent.name in ("a", "code", "pre", "kbd", "samp", "textarea"):
                continue
            if parent.get_text().strip() != words.strip():
                continue
            link = self.soup.new_tag("a", href=_safe(words.strip()))
            link.append(words.strip())
            words.replace_with(link)


def _left_out(found: Converted, marker: Callable[[], str], what: str) -> str:
    mark = marker()
    found.left_out.append(LeftOut(mark, what))
    return f"\n\n{mark}\n\n"


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
