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
import email.errors
import email.header
import email.policy
import hashlib
import html
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from urllib.parse import quote, urlsplit

import css_inline
import lxml.html
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader
from lxml import etree
from markupsafe import Markup

from columnist import feeds, labels, mail_html
from columnist.catalog import Catalog
from columnist.edition_text import render_text
from columnist.images import picture_of
from columnist.links import Links, SiteLinks
from columnist.post import Post
from columnist.rendered import MORE_MARKER, excerpt_of
from columnist.urls import ALLOWED_SCHEMES, scheme_of
from columnist.words import clock, locale_for, megabytes, one_line, plain_text, shorten

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE = "columnist/email.html"

_ADDRESS = re.compile(r"[^@\s<>]+@[^@\s<>]+")
_ATOM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: How sending services write the unsubscribe address they fill in: {{...}}, *|...|*, %...%, [...].
_SERVICE_TAG = re.compile(r"\{\{\s*[\w.-]+\s*\}\}|\*\|[\w:-]+\|\*|%[\w.-]+%|\[[\w.-]+\]")


@dataclass(frozen=True)
class EmailSite:
    """What the email edition needs of the site, as plain values taken from mkdocs.yml."""

    name: str
    links: SiteLinks  # its address, folders and Markdown
    description: str = ""
    language: str = "en"
    words: Mapping[str, str] = field(default_factory=dict)  # the columnist's own words for labels
    copyright: str | None = None  # may hold HTML, as MkDocs' own footer does
    authors: Mapping[str, str] = field(default_factory=dict)  # author key -> name
    theme_dirs: tuple[Path, ...] = ()  # the site's own template folders, looked in before the package's
    default_image: str | None = None  # absolute URL of the picture for a column without its own


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
                "(email: {from: Your Name <you@example.org>}), or give the column's author an email "
                "in authors; it is who the email comes from",
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
    if sending.unsubscribe is not None and not is_unsubscribe(sending.unsubscribe):
        problems.append(
            (
                "unsubscribe",
                "must be your sending service's unsubscribe tag, or a web or mail address, on one line "
                'without spaces, like "{{unsubscribe_url}}" or https://list.example.org/leave',
            )
        )
    return problems


def notes(post: Post, catalog: Catalog, sending: Sending) -> list[str]:
    """What the author should know about an edition just written: not on the site yet, no unsubscribe link."""
    found = []
    if post.draft:
        found.append("note: this column is a draft; it is not on the site yet")
    elif not catalog.is_published(post):
        found.append(
            f"note: this column is dated {post.date.date().isoformat()}; it is not on the site until then"
        )
    if not sending.unsubscribe:
        found.append(
            "note: email.unsubscribe is not set in mkdocs.yml, so the email has no unsubscribe link; "
            'your sending service must add one (set email.unsubscribe to its tag, like "{{unsubscribe_url}}")'
        )
    return found


def default_sender(
    post: Post, authors: Mapping[str, tuple[str, str | None]], site_author: str | None
) -> str | None:
    """Who the email is from when ``email.from`` is not set: the column's first author with an address,
    as ``Name <address>``, else ``site_author`` when it holds one.

    >>> post = type("P", (), {"authors": ("ben", "ana")})()
    >>> default_sender(post, {"ana": ("Ana Ruiz", "ana@example.org"), "ben": ("Ben", None)}, None)
    'Ana Ruiz <ana@example.org>'
    >>> default_sender(post, {}, "Desk <desk@example.org>"), default_sender(post, {}, "The Desk")
    ('Desk <desk@example.org>', None)
    """
    for key in post.authors:
        name, address = authors.get(key, (key, None))
        if address and is_address(address):
            return formataddr((name, parseaddr(address)[1]))
    return site_author if site_author and is_address(site_author) else None


def is_address(value: str) -> bool:
    """An address an email header can carry: ``you@example.org`` or ``Your Name <you@example.org>``.

    Read as a mail client reads it, encoded words (RFC 2047) decoded: one address, on one line.

    >>> is_address("The Desk <desk@example.org>"), is_address("desk"), is_address("a@b\\nBcc: c@d")
    (True, False, False)
    >>> is_address("=?utf-8?q?Desk=0D=0ABcc:_x@evil.org?= <desk@example.org>"), is_address("a@b.org, c@d.org")
    (False, False)
    """
    if one_line(value) != value or one_line(_decoded(value)) != _decoded(value):
        return False
    try:
        header = email.policy.default.header_factory("From", value)
    except (ValueError, IndexError, TypeError):
        return False
    addresses = getattr(header, "addresses", ())
    if len(addresses) != 1 or header.defects:
        return False
    address = addresses[0]
    return (
        bool(_ADDRESS.fullmatch(address.addr_spec)) and one_line(address.display_name) == address.display_name
    )


def is_unsubscribe(value: str) -> bool:
    """A ``List-Unsubscribe`` target: a web or mail address, or a sending service's tag, on one line.

    >>> [is_unsubscribe(v) for v in ("{{unsubscribe_url}}", "*|UNSUB|*", "%unsubscribe_url%",
    ...     "https://list.example.org/u?id=1", "mailto:leave@example.org")]
    [True, True, True, True, True]
    >>> [is_unsubscribe(v) for v in ("javascript:alert(1)", "=?utf-8?q?a=0D=0ABcc:_x@evil.org?=", "a b", "")]
    [False, False, False, False]
    """
    if not value or any(character.isspace() for character in value) or "=?" in value:
        return False
    if _SERVICE_TAG.fullmatch(value):
        return True
    return scheme_of(value) in ALLOWED_SCHEMES and "<" not in value and ">" not in value


def _decoded(value: str) -> str:
    """``value`` with its encoded words (RFC 2047) decoded, as a mail client shows it."""
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (ValueError, LookupError, email.errors.HeaderParseError):
        return value


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
    """The column rendered as the site renders it, safe for mail, every address absolute as in the feeds."""
    rendered = MORE_MARKER.sub("", Links(catalog, site.links, drafts=True).render(post))
    if not rendered.strip():
        return ""
    rendered = feeds.absolute(rendered, catalog.url(post), site.links.url)
    holder = lxml.html.fragment_fromstring(rendered, create_parent="div")
    mail_html.clean(holder)
    _tidy(holder)
    return _inner(holder)


def _tidy(holder: lxml.html.HtmlElement) -> None:
    """No permalink marks or footnote jumps within the page: a mail client shows them as stray symbols."""
    for node in list(holder.iter(etree.Element)):
        classes = (node.get("class") or "").split()
        if "headerlink" in classes or "footnote-backref" in classes:
            node.drop_tree()
        elif "footnote-ref" in classes:
            node.drop_tag()  # the number stays, as a superscript; the notes follow the column


def _inner(holder: lxml.html.HtmlElement) -> str:
    text = html.escape(holder.text, quote=False) if holder.text else ""
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in holder)


# --- the edition ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Audio:
    url: str
    duration: str | None
    size: str | None


def make_edition(post: Post, catalog: Catalog, site: EmailSite, sending: Sending) -> Edition:
    """The column's email edition: HTML, plain text and the ``.eml`` message holding both."""
    body = column_html(post, catalog, site)
    words = labels.translations(site.language, site.words)
    values = _values(post, catalog, site, sending, body, words)
    document = render_html(values, body, words, site.theme_dirs)
    text = render_text(values, body, words)
    return Edition(document, text, message_bytes(post, site, sending, text, document))


def _values(
    post: Post, catalog: Catalog, site: EmailSite, sending: Sending, body: str, words: labels.Labels
) -> dict[str, object]:
    media = catalog.media.get(post.path)
    audio = None
    if media is not None:
        audio = _Audio(
            url=media.url or site.links.url + quote(site.links.posts_prefix + (media.path or "")),
            duration=clock(media.duration) if media.duration else None,
            size=megabytes(media.length, locale_for(site.language)) if media.length else None,
        )
    names = [site.authors.get(key) or key for key in post.authors]
    picture = picture_of(post.image, post.source, post.relative, site.links.posts_prefix)
    image = (picture.src if picture.remote else site.links.url + picture.src) if picture else None
    excerpt = excerpt_of(post, body).excerpt if body else ""
    return {
        "language": site.language,
        "site_name": site.name,
        "site_description": site.description,
        "site_url": site.links.url,
        "title": post.title,
        "number": post.number,
        "date_text": format_day(post.date.date(), site.language),
        "authors": labels.names_text(names, words) if names else None,
        "audio": audio,
        "quotes": post.quotes,
        "image": image or site.default_image,
        "web_url": site.links.url + catalog.url(post),
        "archive_url": site.links.url + "archive/",
        "unsubscribe": sending.unsubscribe,
        "reply_to": bool(sending.reply_to),
        "copyright": plain_text(site.copyright) if site.copyright else None,
        "preheader": shorten(plain_text(excerpt), 180) if excerpt else "",
    }


def format_day(day: object, language: str) -> str:
    """A date as the masthead shows it, in the site's language.

    >>> from datetime import date
    >>> format_day(day := date(2019, 3, 6), "en"), format_day(day, "de"), format_day(day, "xx")
    ('March 6, 2019', '6. März 2019', 'March 6, 2019')
    """
    return format_date(day, format="long", locale=locale_for(language))


def render_html(
    values: Mapping[str, object], body: str, words: labels.Labels, theme_dirs: Sequence[Path] = ()
) -> str:
    """The email's HTML document, its CSS inlined: no ``<style>``, no stylesheet, no script; its template
    is looked for in the site's own folders first (``overrides/columnist/email.html``), as every other is."""
    folders = FileSystemLoader([*map(str, theme_dirs), str(TEMPLATES_DIR)])
    settings = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
    environment = Environment(loader=folders, autoescape=True, **settings)
    labels.install(environment, words)
    document = environment.get_template(TEMPLATE).render(**values, body=Markup(body))
    inlined = css_inline.inline(document, load_remote_stylesheets=False, keep_style_tags=False)
    return inlined if inlined.endswith("\n") else inlined + "\n"


def message_bytes(post: Post, site: EmailSite, sending: Sending, text: str, document: str) -> bytes:
    """A ``multipart/alternative`` message (text, then HTML) with CRLF line endings and fixed ids."""
    host = urlsplit(site.links.url).hostname or "localhost"
    # The guid never changes, so a resent edition is recognised as the same message; a column without
    # one is known by its file.
    key = post.guid or site.links.url + post.relative
    local = (
        post.guid if post.guid and _ATOM.fullmatch(post.guid) else str(uuid.uuid5(uuid.NAMESPACE_URL, key))
    )
    message = EmailMessage(policy=SMTP)
    _set_header(message, "Subject", post.title)
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


def _set_header(message: EmailMessage, name: str, value: str) -> None:
    """Set a header to text that stays one header once a mail client decodes it.

    A title holding an RFC 2047 encoded word (``=?utf-8?q?a=0D=0ABcc:_x@y?=``) decodes to
    a line break and a header of its own: the decoded text, on one line, is set instead.
    """
    for _ in range(5):
        message[name] = one_line(value)
        decoded = str(message[name])
        if decoded == one_line(decoded):
            return
        del message[name]
        value = decoded
    raise ValueError(f"{name} cannot be written as one line")
