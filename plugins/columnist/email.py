"""The email edition of a column: one HTML document mail clients render, its plain text, and a ``.eml``.

The column's Markdown is rendered with the site's own Markdown extensions, every link
and image is made absolute on the site's address (a link to another column's ``.md``
file becomes that column's web address), and the page is laid out as one column no
wider than 600 pixels with its CSS inlined by css-inline, as mail clients need. The
plain text is made from the same HTML, with links as numbered references. Both go
into a ``multipart/alternative`` message built with the standard library, whose bytes
depend only on the column and the settings, so the same column gives the same file.

Like the rest of the engine, this module knows nothing of MkDocs: the command line
hands it plain values.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import posixpath
import re
import textwrap
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import css_inline
import lxml.html
import markdown
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader
from lxml import etree
from markupsafe import Markup

from columnist.catalog import Catalog
from columnist.post import Post, Quote
from columnist.rendered import MORE_MARKER, URL_ATTRIBUTES, excerpt_of

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE = "columnist/email.html"
WIDTH = 72  # columns of the plain text

#: What a mail client must never be handed from a column's raw HTML.
_UNSAFE_ELEMENTS = (
    "script", "noscript", "style", "link", "meta", "base", "iframe", "frame", "object", "embed", "form",
)  # fmt: skip
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_ADDRESS = re.compile(r"[^@\s<>]+@[^@\s<>]+")
_ATOM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class EmailSite:
    """What the email edition needs of the site, as plain values taken from mkdocs.yml."""

    name: str
    url: str  # the site's address, ending in "/"
    posts_dir: Path
    posts_prefix: str = "posts/"  # where files beside the columns are published, relative to ``url``
    docs_dir: Path | None = None
    use_directory_urls: bool = True
    description: str = ""
    language: str = "en"
    copyright: str | None = None  # may hold HTML, as MkDocs' own footer does
    markdown_extensions: Sequence[object] = ()
    mdx_configs: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    authors: Mapping[str, str] = field(default_factory=dict)  # author key -> name


@dataclass(frozen=True)
class Sending:
    """The plugin's ``email`` options: who the email is from, and the sending service's unsubscribe tag."""

    sender: str | None = None
    reply_to: str | None = None
    unsubscribe: str | None = None


@dataclass(frozen=True)
class Edition:
    """A column's email edition: the HTML document, its plain text, and both in one message."""

    html: str
    text: str
    message: bytes


# --- the options and the column -------------------------------------------------------------------------


def option_problems(sending: Sending) -> list[tuple[str, str]]:
    """(option, message) for every ``email`` option that cannot go into a message as written.

    >>> [key for key, _ in option_problems(Sending("Wes <wes@example.org>", "wes", "{{unsubscribe_url}}"))]
    ['reply_to']
    """
    problems = []
    if not sending.sender:
        problems.append(
            (
                "from",
                "is missing: set email.from in mkdocs.yml under the columnist plugin "
                "(email: {from: Your Name <you@example.org>}); it is who the email comes from",
            )
        )
    for key, value in (("from", sending.sender), ("reply_to", sending.reply_to)):
        if value and not is_address(value):
            problems.append(
                (
                    key,
                    f"'{value}' is not an email address; "
                    "write it as you@example.org or Your Name <you@example.org>",
                )
            )
    if sending.unsubscribe is not None and (
        not sending.unsubscribe.strip() or _one_line(sending.unsubscribe) != sending.unsubscribe
    ):
        problems.append(
            (
                "unsubscribe",
                "must be your sending service's unsubscribe tag or address on one line, "
                'like "{{unsubscribe_url}}"',
            )
        )
    return problems


def is_address(value: str) -> bool:
    """An address an email header can carry: ``you@example.org`` or ``Your Name <you@example.org>``.

    >>> is_address("The Desk <desk@example.org>"), is_address("desk"), is_address("a@b\\nBcc: c@d")
    (True, False, False)
    """
    if _one_line(value) != value:
        return False
    _, address = parseaddr(value)
    return bool(_ADDRESS.fullmatch(address))


def find_column(catalog: Catalog, wanted: str, folders: Sequence[Path]) -> Post:
    """The column ``wanted`` names, or ``ValueError`` saying why there is none.

    ``wanted`` is ``latest`` (the newest published column), a column's file (looked for in
    each of ``folders`` in turn), its slug, or its file's name without ``.md``. Drafts and
    columns dated in the future can be named too: an author previews before sending.
    """
    every = [*catalog.posts, *catalog.held_back]
    if wanted == "latest":
        if not catalog.posts:
            raise ValueError(
                "there is no published column yet, so none is the latest; name a column by its file or slug"
            )
        return catalog.posts[0]
    by_source = {post.source.resolve(): post for post in every}
    for folder in folders:
        candidate = (folder / wanted).resolve()
        if candidate.is_file():
            if candidate in by_source:
                return by_source[candidate]
            raise ValueError(f"'{wanted}' is not a column in the posts folder")
    name = wanted[:-3] if wanted.endswith(".md") else wanted
    found = [post for post in every if name.lower() in (post.slug.lower(), Path(post.relative).stem.lower())]
    if len(found) == 1:
        return found[0]
    if found:
        paths = ", ".join(post.path for post in sorted(found, key=lambda post: post.path))
        raise ValueError(f"'{wanted}' names {len(found)} columns ({paths}); give the path of one of them")
    close = difflib.get_close_matches(name, sorted({post.slug for post in every}), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ValueError(
        f"there is no column '{wanted}': give the path of a column's file, its slug, or latest{hint}"
    )


# --- the column's HTML ------------------------------------------------------------------------------------


def column_html(post: Post, catalog: Catalog, site: EmailSite) -> str:
    """The column rendered with the site's Markdown extensions, safe for mail and with absolute addresses."""
    renderer = markdown.Markdown(
        extensions=list(site.markdown_extensions),
        extension_configs={name: dict(options) for name, options in site.mdx_configs.items()},
    )
    rendered = MORE_MARKER.sub("", renderer.convert(post.body))
    if not rendered.strip():
        return ""
    holder = lxml.html.fragment_fromstring(rendered, create_parent="div")
    _clean(holder)
    resolve = _Resolver(post, catalog, site)
    for node in holder.iter(etree.Element):
        for name in URL_ATTRIBUTES:
            value = node.get(name)
            if value is None:
                continue
            if _UNSAFE_SCHEME.match(value):
                del node.attrib[name]
                if node.tag == "a":
                    node.drop_tag()  # its words stay, as text
                    break
            else:
                node.set(name, resolve(value))
    return _inner(holder)


def _clean(holder: lxml.html.HtmlElement) -> None:
    """No script, styles, frames or event handlers; no permalink marks or footnote jumps within the page."""
    for node in list(holder.iter(etree.Element)):
        if node.tag in _UNSAFE_ELEMENTS:
            node.drop_tree()
    for node in list(holder.iter(etree.Element)):
        classes = (node.get("class") or "").split()
        if "headerlink" in classes or "footnote-backref" in classes:
            node.drop_tree()
        elif "footnote-ref" in classes:
            node.drop_tag()  # the number stays, as a superscript; the notes follow the column
        else:
            # Event handlers, and srcset, whose addresses mail clients would not find.
            for name in [name for name in node.attrib if name.lower().startswith("on") or name == "srcset"]:
                del node.attrib[name]
    for comment in list(holder.iter(etree.Comment)):
        comment.drop_tree()


def _inner(holder: lxml.html.HtmlElement) -> str:
    text = html.escape(holder.text, quote=False) if holder.text else ""
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in holder)


class _Resolver:
    """A column's address (as written in its Markdown) as an absolute one on the site.

    A link to another column's file leads to that column's page; a link to a page in
    ``docs/`` to that page; a file beside the columns to where the site publishes it.
    """

    def __init__(self, post: Post, catalog: Catalog, site: EmailSite) -> None:
        self.post = post
        self.catalog = catalog
        self.site = site
        self.page = site.url + catalog.url(post)
        self.by_source = {other.source.resolve(): other for other in (*catalog.posts, *catalog.held_back)}
        self.posts_dir = site.posts_dir.resolve()
        self.docs_dir = site.docs_dir.resolve() if site.docs_dir else None

    def __call__(self, value: str) -> str:
        value = value.strip()
        if not value:
            return self.page
        if value.startswith("#"):
            return self.page + value
        if value.startswith("//"):
            return urlsplit(self.site.url).scheme + ":" + value
        if _SCHEME.match(value):
            return value
        if value.startswith("/"):
            return urljoin(self.site.url, value)
        parts = urlsplit(value)
        suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        found = self._file_url(unquote(parts.path)) if parts.path else self.page
        if found is None:  # no such file: the site leaves the link as written, on the column's page
            return urljoin(self.page, value)
        return found + suffix

    def _file_url(self, path: str) -> str | None:
        target = (self.post.source.parent / path).resolve()
        if path.lower().endswith(".md"):
            other = self.by_source.get(target)
            if other is not None:
                return self.site.url + self.catalog.url(other)
            if self.docs_dir and target.is_relative_to(self.docs_dir):
                relative = target.relative_to(self.docs_dir).as_posix()
                return self.site.url + quote(page_url(relative, self.site.use_directory_urls))
            return None
        if target.is_relative_to(self.posts_dir):
            return self.site.url + quote(
                self.site.posts_prefix + target.relative_to(self.posts_dir).as_posix()
            )
        if self.docs_dir and target.is_relative_to(self.docs_dir):
            return self.site.url + quote(target.relative_to(self.docs_dir).as_posix())
        return None


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The address MkDocs gives the page of a Markdown file in ``docs/``, relative to the site.

    >>> page_url("about.md"), page_url("index.md"), page_url("guide/README.md"), page_url("a.md", False)
    ('about/', '', 'guide/', 'a.html')
    """
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if use_directory_urls:
            return f"{folder}/" if folder else ""
        return posixpath.join(folder, "index.html")
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


# --- the edition ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Audio:
    url: str
    duration: str | None
    size: str | None


def make_edition(post: Post, catalog: Catalog, site: EmailSite, sending: Sending) -> Edition:
    """The column's email edition: HTML, plain text and the ``.eml`` message holding both."""
    body = column_html(post, catalog, site)
    values = _values(post, catalog, site, sending, body)
    document = render_html(values, body)
    text = render_text(values, body)
    return Edition(document, text, message_bytes(post, site, sending, text, document))


def _values(post: Post, catalog: Catalog, site: EmailSite, sending: Sending, body: str) -> dict[str, object]:
    media = catalog.media.get(post.path)
    audio = None
    if media is not None:
        audio = _Audio(
            url=media.url or site.url + quote(site.posts_prefix + (media.path or "")),
            duration=_clock(media.duration) if media.duration else None,
            size=f"{media.length / 1_000_000:.1f} MB" if media.length else None,
        )
    names = [site.authors.get(key) or key for key in post.authors]
    excerpt = excerpt_of(post, body).excerpt if body else ""
    return {
        "language": site.language,
        "site_name": site.name,
        "site_description": site.description,
        "site_url": site.url,
        "title": post.title,
        "number": post.number,
        "date_text": format_day(post.date.date(), site.language),
        "authors": " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else None,
        "audio": audio,
        "quotes": post.quotes,
        "web_url": site.url + catalog.url(post),
        "archive_url": site.url + "archive/",
        "unsubscribe": sending.unsubscribe,
        "reply_to": bool(sending.reply_to),
        "copyright": _plain(site.copyright) if site.copyright else None,
        "preheader": _shorten(_plain(excerpt), 180) if excerpt else "",
    }


def format_day(day: object, language: str) -> str:
    """A date as the masthead shows it, in the site's language.

    >>> from datetime import date
    >>> day = date(2019, 3, 6)
    >>> format_day(day, "en"), format_day(day, "de"), format_day(day, "xx")
    ('March 6, 2019', '6. März 2019', 'March 6, 2019')
    """
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return format_date(day, format="long", locale=locale)


def render_html(values: Mapping[str, object], body: str) -> str:
    """The email's HTML document, its CSS inlined: no ``<style>``, no stylesheet, no script."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    document = environment.get_template(TEMPLATE).render(**values, body=Markup(body))
    inlined = css_inline.inline(document, load_remote_stylesheets=False, keep_style_tags=False)
    return inlined if inlined.endswith("\n") else inlined + "\n"


def render_text(values: Mapping[str, object], body: str) -> str:
    """The plain-text edition: wrapped at 72 columns, the column's links as numbered references."""
    writer = _TextWriter(ignore=str(values["web_url"]))
    lines = [str(values["site_name"])]
    if values["site_description"]:
        lines.append(_fill(str(values["site_description"]), WIDTH))
    issue = [f"No. {values['number']}"] if values["number"] else []
    lines.append(" · ".join([*issue, str(values["date_text"])]))
    blocks = ["\n".join(lines), _heading(str(values["title"]), "=")]
    if values["authors"]:
        blocks.append(_fill(f"By {values['authors']}", WIDTH))
    audio = values["audio"]
    if isinstance(audio, _Audio):
        details = ", ".join(filter(None, [audio.duration, audio.size]))
        blocks.append(f"Listen to this column{f' ({details})' if details else ''}:\n{audio.url}")
    if body:
        holder = lxml.html.fragment_fromstring(body, create_parent="div")
        blocks.extend(writer.blocks(holder, WIDTH))
    quotes = values["quotes"]
    if quotes:
        blocks.append(_heading("Quotes from this column", "-"))
        blocks.extend(_quote_text(quote) for quote in quotes)  # type: ignore[attr-defined]
    blocks.append(f"Read it on the web:\n{values['web_url']}")
    footer = ["-" * WIDTH, str(values["site_name"]), f"Every column: {values['archive_url']}"]
    if values["reply_to"]:
        footer.append("Reply to this email to write to us.")
    if values["unsubscribe"]:
        footer.append(f"Unsubscribe: {values['unsubscribe']}")
    if values["copyright"]:
        footer.append(_fill(str(values["copyright"]), WIDTH))
    blocks.append("\n".join(footer))
    if writer.links:
        references = [f"[{number}] {url}" for number, url in enumerate(writer.links, start=1)]
        blocks.append("Links:\n" + "\n".join(references))
    return "\n\n".join(blocks) + "\n"


def _quote_text(quote: Quote) -> str:
    lines = _fill(quote.text, WIDTH - 2).split("\n")
    speaker = ", ".join(filter(None, [quote.by, quote.source]))
    if speaker:
        lines.extend(_fill(f"— {speaker}", WIDTH - 2).split("\n"))
    return "\n".join(f"> {line}" for line in lines)


def message_bytes(post: Post, site: EmailSite, sending: Sending, text: str, document: str) -> bytes:
    """A ``multipart/alternative`` message (text, then HTML) with CRLF line endings and fixed ids."""
    host = urlsplit(site.url).hostname or "localhost"
    # The guid never changes, so a resent edition is recognised as the same message; a column without
    # one is known by its file.
    key = post.guid or site.url + post.relative
    local = (
        post.guid if post.guid and _ATOM.fullmatch(post.guid) else str(uuid.uuid5(uuid.NAMESPACE_URL, key))
    )
    message = EmailMessage(policy=SMTP)
    message["Subject"] = _one_line(post.title)
    if sending.sender:
        message["From"] = sending.sender
    if sending.reply_to:
        message["Reply-To"] = sending.reply_to
    message["Date"] = format_datetime(post.date)
    message["Message-ID"] = f"<{local}@{host}>"
    if sending.unsubscribe:
        message["List-Unsubscribe"] = f"<{sending.unsubscribe}>"
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(document, subtype="html", cte="quoted-printable")
    message.set_boundary("columnist-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])
    return message.as_bytes()


# --- plain text -------------------------------------------------------------------------------------------

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
            title = _words(self.inline(element).replace(_BREAK, " "))
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
                _words(self.inline(cell).replace(_BREAK, " ")) for cell in row if cell.tag in ("th", "td")
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
            alt = _words(element.get("alt") or "")
            source = element.get("src")
            label = f"[image: {alt}]" if alt else "[image]"
            return f"{label} [{self.reference(source)}]" if source else label
        inner = (element.text or "") + "".join(
            (self.inline(child) if isinstance(child.tag, str) else "") + (child.tail or "")
            for child in element
        )
        if tag == "a":
            href = element.get("href")
            shown = _words(inner.replace(_BREAK, " "))
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
            return f"[^{_words(inner)}]"
        return inner


def _fill(text: str, width: int) -> str:
    """Inline text as wrapped lines; a ``<br>`` starts a new line."""
    lines = []
    for part in text.split(_BREAK):
        words = _words(part)
        if words:
            lines.append(
                textwrap.fill(words, width=max(width, 20), break_long_words=False, break_on_hyphens=False)
            )
    return "\n".join(lines)


def _heading(text: str, underline: str, width: int = WIDTH) -> str:
    lines = _fill(text, width).split("\n")
    return "\n".join([*lines, underline * max(len(line) for line in lines)])


def _words(text: str) -> str:
    """Text with its white space collapsed.

    >>> _words("  Tips &\\n <here> ")
    'Tips & <here>'
    """
    return " ".join(text.split())


def _plain(fragment: str) -> str:
    """The words of a bit of HTML (MkDocs allows HTML in ``copyright``), on one line.

    >>> _plain("Tips &amp; <em>tricks</em>\\n<p>More.</p>")
    'Tips & tricks More.'
    """
    if not fragment.strip():
        return ""
    return _words(lxml.html.fragment_fromstring(fragment, create_parent="div").text_content())


def _shorten(text: str, most: int) -> str:
    """
    >>> _shorten("one two three", 9)
    'one two…'
    """
    if len(text) <= most:
        return text
    return text[: most - 1].rsplit(" ", 1)[0] + "…"


def _one_line(text: str) -> str:
    return (
        " ".join(text.split())
        if any(ch in text for ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        else text
    )


def _clock(seconds: float) -> str:
    """
    >>> _clock(75.4), _clock(3723)
    ('1:15', '1:02:03')
    """
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
