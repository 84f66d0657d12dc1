"""The plain-text part of the email edition: the column's HTML as text a mail client shows as it is.

Paragraphs are wrapped at 72 columns, lists and quotes marked as people write them in
mail, and the column's links follow it as numbered references.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import lxml.html

from columnist.labels import Labels
from columnist.post import Quote
from columnist.words import collapse

WIDTH = 72  # columns of the plain text


def render_text(values: Mapping[str, Any], body: str, words: Labels) -> str:
    """The plain-text edition: wrapped at 72 columns, the column's links as numbered references.

    ``words`` is the message catalog of the site's language, for the labels.
    """
    _ = words.gettext
    writer = _TextWriter(ignore=str(values["web_url"]))
    lines = [str(values["site_name"])]
    if values["site_description"]:
        lines.append(_fill(str(values["site_description"]), WIDTH))
    issue = [_("No. %(number)s") % {"number": values["number"]}] if values["number"] else []
    lines.append(" · ".join([*issue, str(values["date_text"])]))
    blocks = ["\n".join(lines), _heading(str(values["title"]), "=")]
    if values["authors"]:
        blocks.append(_fill(_("By %(authors)s") % {"authors": values["authors"]}, WIDTH))
    audio = values["audio"]
    if audio is not None:
        details = ", ".join(filter(None, [audio.duration, audio.size]))
        listen = _("Listen to this column") + (f" ({details})" if details else "")
        blocks.append(f"{listen}:\n{audio.url}")
    if body:
        holder = lxml.html.fragment_fromstring(body, create_parent="div")
        blocks.extend(writer.blocks(holder, WIDTH))
    quotes = values["quotes"]
    if quotes:
        blocks.append(_heading(_("Quotes from this column"), "-"))
        blocks.extend(_quote_text(quote) for quote in quotes)  # type: ignore[attr-defined]
    blocks.append(_("Read it on the web") + f":\n{values['web_url']}")
    footer = [
        "-" * WIDTH,
        str(values["site_name"]),
        _("Every column") + f": {values['archive_url']}",
    ]
    if values["reply_to"]:
        footer.append(_("Reply to this email to write to us."))
    if values["unsubscribe"]:
        footer.append(_("Unsubscribe") + f": {values['unsubscribe']}")
    if values["copyright"]:
        footer.append(_fill(str(values["copyright"]), WIDTH))
    blocks.append("\n".join(footer))
    if writer.links:
        references = [f"[{number}] {url}" for number, url in enumerate(writer.links, start=1)]
        blocks.append(_("Links") + ":\n" + "\n".join(references))
    return "\n\n".join(blocks) + "\n"


def _quote_text(quote: Quote) -> str:
    lines = _fill(quote.text, WIDTH - 2).split("\n")
    speaker = ", ".join(filter(None, [quote.by, quote.source]))
    if speaker:
        lines.extend(_fill(f"— {speaker}", WIDTH - 2).split("\n"))
    return "\n".join(f"> {line}" for line in lines)


_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr", "table",
    "figure", "figcaption", "dl", "dt", "dd", "section", "article", "aside", "header", "footer", "details",
    "summary", "nav", "address", "audio", "video",
}  # fmt: skip
_BREAK = "\x00"  # a <br>, kept through the collapsing of white space


class _TextWriter:
    """HTML as plain text: paragraphs wrapped, lists and quotes marked, links numbered."""

    def __init__(self, ignore: str) -> None:
        self.links: list[str] = []
        self.ignore = ignore  # the column's own page: a jump within it is no reference

    def reference(self, url: str) -> int:
        if url not in self.links:
            self.links.append(url)
        return self.links.index(url) + 1

    def blocks(self, element: lxml.html.HtmlElement, width: int) -> list[str]:
        """The blocks (paragraphs, headings, lists...) inside ``element``."""
        found: list[str] = []
        pending: list[str] = [element.text or ""]

        def flush() -> None:
            paragraph = _fill("".join(pending), width)
            pending.clear()
            if paragraph:
                found.append(paragraph)

        for child in element:
            if isinstance(child.tag, str) and child.tag in _BLOCKS:
                flush()
                found.extend(self.block(child, width))
            elif isinstance(child.tag, str):
                pending.append(self.inline(child))
            pending.append(child.tail or "")
        flush()
        return found

    def block(self, element: lxml.html.HtmlElement, width: int) -> list[str]:
        tag = element.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            title = collapse(self.inline(element).replace(_BREAK, " "))
            return [_heading(title, "=" if tag == "h1" else "-", width)] if title else []
        if tag in ("ul", "ol"):
            return [self.list(element, width)] if len(element) else []
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(element, width - 2))
            return ["\n".join(f"> {line}".rstrip() for line in inner.split("\n"))] if inner else []
        if tag == "pre":
            code = element.text_content().strip("\n")
            return ["\n".join(f"    {line}".rstrip() for line in code.split("\n"))] if code.strip() else []
        if tag == "hr":
            return ["* * *"]
        if tag == "table":
            return [self.table(element)]
        if tag in ("audio", "video"):
            source = element.get("src") or next((s.get("src") for s in element.iter("source")), None)
            return [f"[{tag}] [{self.reference(source)}]"] if source else []
        return self.blocks(element, width)

    def list(self, element: lxml.html.HtmlElement, width: int) -> str:
        items: list[str] = []
        loose = False
        number = int(element.get("start") or 1) if (element.get("start") or "1").isdigit() else 1
        for item in element:
            if not isinstance(item.tag, str):
                continue
            marker = f"{number}. " if element.tag == "ol" else "- "
            number += 1
            # An item of paragraphs is set apart from the next; a tight one (no <p>) stays on its lines.
            separator = "\n\n" if item.find("p") is not None else "\n"
            lines = separator.join(self.blocks(item, width - len(marker))).split("\n")
            shown = [marker + lines[0]] + [(" " * len(marker) + line).rstrip() for line in lines[1:]]
            items.append("\n".join(shown))
            loose = loose or separator != "\n"
        return ("\n\n" if loose else "\n").join(items)

    def table(self, element: lxml.html.HtmlElement) -> str:
        rows = []
        for row in element.iter("tr"):
            cells = [
                collapse(self.inline(cell).replace(_BREAK, " ")) for cell in row if cell.tag in ("th", "td")
            ]
            rows.append(" | ".join(cells))
            if row.find("th") is not None and len(rows) == 1:
                rows.append("-" * len(rows[0]))
        return "\n".join(rows)

    def inline(self, element: lxml.html.HtmlElement) -> str:
        """The text of an inline element, with ``[n]`` after links and images."""
        tag = element.tag
        if tag == "br":
            return _BREAK
        if tag == "img":
            alt = collapse(element.get("alt") or "")
            source = element.get("src")
            label = f"[image: {alt}]" if alt else "[image]"
            return f"{label} [{self.reference(source)}]" if source else label
        inner = (element.text or "") + "".join(
            (self.inline(child) if isinstance(child.tag, str) else "") + (child.tail or "")
            for child in element
        )
        if tag == "a":
            href = element.get("href")
            shown = collapse(inner.replace(_BREAK, " "))
            if not href or href.split("#")[0] == self.ignore or href in (shown, f"mailto:{shown}"):
                return inner
            return f"{inner} [{self.reference(href)}]"
        if tag in ("strong", "b"):
            return f"*{inner}*" if inner.strip() else inner
        if tag in ("em", "i"):
            return f"_{inner}_" if inner.strip() else inner
        if tag == "code":
            return f"`{inner}`"
        if tag == "sup" and element.get("id", "").startswith("fnref"):
            return f"[^{collapse(inner)}]"
        return inner


def _fill(text: str, width: int) -> str:
    """Inline text as wrapped lines; a ``<br>`` starts a new line."""
    lines = []
    for part in text.split(_BREAK):
        words = collapse(part)
        if words:
            lines.append(
                textwrap.fill(words, width=max(width, 20), break_long_words=False, break_on_hyphens=False)
            )
    return "\n".join(lines)


def _heading(text: str, underline: str, width: int = WIDTH) -> str:
    lines = _fill(text, width).split("\n")
    return "\n".join([*lines, underline * max(len(line) for line in lines)])
