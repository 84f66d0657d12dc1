"""WordPress export files (WXR, "WordPress eXtended RSS"), read with lxml.

Only posts are columns: pages, attachments, menu items and the like are counted and left
out. A post's text stays as WordPress stored it (blank lines for paragraphs, shortcodes);
``text`` turns it into Markdown later. HTML's named entities become numbers XML knows
(``declare_entities``); no external entity is resolved and nothing is fetched.
"""

from __future__ import annotations

import html.entities
import re
from collections import Counter
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from lxml import etree

from columnist.importers.model import (
    Column,
    Export,
    ImportFailure,
    OldLetter,
    Recording,
    byte_count,
    dated_beyond,
    not_imported,
    usable_date,
)
from columnist.problems import Problem

#: What WordPress calls the namespace of its own elements, in every version of the format.
NAMESPACE_MARK = "wordpress.org/export/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
#: A post with one of these statuses was never public: it comes in as a draft.
UNPUBLISHED = {"draft", "pending", "future", "private"}
#: A post with one of these was deleted or never really written: it is left out.
DISCARDED = {"trash", "auto-draft", "inherit"}
_AUDIO_TYPE = re.compile(r"^audio/", re.IGNORECASE)
_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_AUDIO_NAME = re.compile(r"\.(mp3|m4a|aac|ogg|oga|opus|flac|wav)(\?|$)", re.IGNORECASE)


def is_wxr(data: bytes) -> bool:
    """Does the start of a file declare WordPress's export namespace?

    >>> is_wxr(b'<rss xmlns:wp="http://wordpress.org/export/1.2/">'), is_wxr(b"<rss>")
    (True, False)
    """
    return re.search(rb"xmlns:[\w.-]+\s*=\s*[\"']https?://wordpress\.org/export/", data[:200_000]) is not None


def read(data: bytes, name: str) -> Export:
    """Every post of a WordPress export, and a count of what else it held.

    A post that cannot be read is reported by its title and left out; the others come in.
    """
    problems: list[Problem] = []
    root = _parse(declare_entities(data), name, problems)
    wp, excerpt = _namespaces(root)
    channel = root.find("channel")
    if channel is None or wp is None:
        raise ImportFailure(f"{name} is not a WordPress export: it has no channel of WordPress items")
    fields = _Fields(wp, excerpt)
    author_names = {}
    for author in channel.iterfind(f"{{{wp}}}author"):
        login = login_key(fields.text(author, "author_login"))
        if login:
            author_names[login] = " ".join(fields.text(author, "author_display_name").split()) or login
    site = (fields.text(channel, "link", None) or fields.text(channel, "base_blog_url")).strip() or None

    columns = []
    left_out: Counter[str] = Counter()
    for position, item in enumerate(channel.iterfind("item"), start=1):
        kind = fields.text(item, "post_type").strip() or "post"
        status = fields.text(item, "status").strip() or "publish"
        if kind != "post":
            left_out[kind] += 1
        elif status in DISCARDED:
            left_out[f"{status} post"] += 1
        else:
            column, problem = _take(item, position, fields, site, status, name, left_out)
            problems.extend([problem] if problem else [])
            columns.extend([column] if column else [])
    return Export(
        name=name,
        kind="WordPress export",
        site=site,
        columns=tuple(columns),
        author_names=author_names,
        left_out=dict(left_out),
        problems=tuple(problems),
    )


def _take(
    item: etree._Element,
    position: int,
    fields: _Fields,
    site: str | None,
    status: str,
    name: str,
    left_out: Counter[str],
) -> tuple[Column | None, Problem | None]:
    """One post as a column, or the problem that kept it out: it stops no other post."""
    title = fields.text(item, "title", None)
    line = item.sourceline or 1
    try:
        column, dropped = _column(item, fields, site, status)
    except (ValueError, TypeError, OverflowError, AttributeError) as error:
        return None, not_imported(name, line, title or f"post {position}", f"could not be read ({error})")
    left_out.update(dropped)
    if column is None:
        return None, not_imported(name, line, title or "a post", "has no date")
    if not usable_date(column.date):
        return None, not_imported(name, line, title or f"post {position}", dated_beyond(column.date))
    return column, None


def declare_entities(data: bytes) -> bytes:
    """An export with HTML's named entities (``&rsquo;``) written as numbers (``&#8217;``).

    XML knows only five named entities; WordPress writes titles and names with HTML's, and
    an XML parser drops the rest of the text at the first one. Text inside CDATA sections
    is left as it is: there an entity is only characters, for the HTML converter.

    >>> declare_entities(b"<title>It&rsquo;s &amp; caf&eacute;</title><![CDATA[&nbsp;]]>")
    b'<title>It&#8217;s &amp; caf&#233;</title><![CDATA[&nbsp;]]>'
    """
    if b"&" not in data:
        return data
    parts = _CDATA.split(data)
    for index in range(0, len(parts), 2):  # the even parts are outside CDATA
        parts[index] = _NAMED_ENTITY.sub(_as_number, parts[index])
    return b"".join(parts)


def _as_number(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode("ascii")
    text = html.entities.html5.get(name + ";")
    if name in _XML_ENTITIES or text is None:
        return match.group(0)
    return "".join(f"&#{ord(character)};" for character in text).encode("ascii")


def _parse(data: bytes, name: str, problems: list[Problem]) -> etree._Element:
    """The export's XML; what a broken export still holds, with a warning, when it is not well formed."""
    options = {"huge_tree": True, "resolve_entities": False, "no_network": True, "load_dtd": False}
    try:
        return etree.fromstring(data, etree.XMLParser(**options))
    except etree.XMLSyntaxError as error:
        root = etree.fromstring(data, etree.XMLParser(**options, recover=True))
        if root is None:
            raise ImportFailure(f"{name} is not a WordPress export that can be read: {error.msg}") from None
        problems.append(
            Problem(name, error.lineno or 1, "export",
                    f"is not well-formed XML ({error.msg}); the rest was read as well as it could be",
                    "warning")
        )  # fmt: skip
        return root


class _Fields:
    """The text of an item's fields, in WordPress's namespace unless another is named."""

    def __init__(self, wp: str, excerpt: str | None) -> None:
        self.wp, self.excerpt = wp, excerpt

    def text(self, element: etree._Element, tag: str, namespace: str | bool | None = True) -> str:
        space = self.wp if namespace is True else namespace
        found = element.find(f"{{{space}}}{tag}" if space else tag)
        return (found.text or "") if found is not None else ""


def _column(
    item: etree._Element, fields: _Fields, site: str | None, status: str
) -> tuple[Column | None, Counter[str]]:
    """One post as a column (None when it has no date), and the count of its comments left out."""
    text, wp = fields.text, fields.wp
    when = (
        _wordpress_time(text(item, "post_date_gmt"), utc=True)
        or _wordpress_time(text(item, "post_date"), utc=False)
        or _mail_time(text(item, "pubDate", None))
    )
    if when is None:
        return None, Counter()
    post_id = text(item, "post_id").strip()
    link = text(item, "link", None).strip() or None
    site_base = (site or "").rstrip("/")
    guid = (
        " ".join(text(item, "guid", None).split()) or link or (f"{site_base}/?p={post_id}" if post_id else "")
    )
    others = [guid] if guid.startswith(("http://", "https://")) else []
    if post_id and site:
        others.append(f"{site_base}/?p={post_id}")
    letters, dropped = _letters(item, text, wp)
    column = Column(
        title=text(item, "title", None),
        date=when,
        html=text(item, "encoded", CONTENT),
        guid=guid,
        raw_wordpress=True,
        slug=text(item, "post_name").strip(),
        link=link,
        other_links=tuple(others),
        categories=_terms(item, "category"),
        tags=_terms(item, "post_tag"),
        authors=tuple(key for key in [login_key(text(item, "creator", DC))] if key),
        excerpt_html=(text(item, "encoded", fields.excerpt) if fields.excerpt else "").strip() or None,
        recording=_recording(item, text, wp),
        draft=status in UNPUBLISHED or bool(text(item, "post_password").strip()),
        published=status == "publish",
        protected=bool(text(item, "post_password").strip()),
        letters=letters,
        line=item.sourceline or 1,
    )
    return column, dropped


def login_key(login: str) -> str:
    """An author's login as a key for mkdocs.yml, stray markup around it removed.

    >>> login_key(" >themereviewteam "), login_key("maren")
    ('themereviewteam', 'maren')
    """
    return re.sub(r"^[^\w]+|[^\w]+$", "", login.strip())


def _namespaces(root: etree._Element) -> tuple[str | None, str | None]:
    """WordPress's namespace and the excerpt's, whichever version of the format declared them."""
    found: set[str] = set()
    for element in (root, *root.iterchildren()):
        found.update(uri for uri in element.nsmap.values() if uri and NAMESPACE_MARK in uri)
    wp = next((uri for uri in sorted(found) if "excerpt" not in uri), None)
    excerpt = next((uri for uri in sorted(found) if "excerpt" in uri), None)
    return wp, excerpt


def _terms(item: etree._Element, domain: str) -> tuple[str, ...]:
    names = []
    for category in item.iterfind("category"):
        if category.get("domain") == domain and (category.text or "").strip():
            names.append(category.text.strip())  # type: ignore[union-attr]
    return tuple(dict.fromkeys(names))


def _wordpress_time(value: str, *, utc: bool) -> datetime | None:
    """WordPress's ``2012-09-19 14:30:00``; ``0000-00-00 00:00:00`` (a draft's GMT time) is none."""
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=timezone.utc) if utc else moment


def _mail_time(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.year > 1 else None


def _recording(item: etree._Element, text, wp: str) -> Recording | None:  # type: ignore[no-untyped-def]
    """The first audio file in WordPress's ``enclosure`` fields: address, size, type, and a duration
    when a podcasting plugin stored one (``a:1:{s:8:"duration";s:5:"12:34";}``)."""
    for meta in item.iterfind(f"{{{wp}}}postmeta"):
        if text(meta, "meta_key").strip() != "enclosure":
            continue
        lines = [line.strip() for line in text(meta, "meta_value").splitlines()]
        if not lines or not lines[0]:
            continue
        src = lines[0]
        length = lines[1] if len(lines) > 1 else ""
        kind = lines[2].split(";")[0].strip() if len(lines) > 2 else ""
        if not (_AUDIO_TYPE.match(kind) or (not kind and _AUDIO_NAME.search(src))):
            continue
        duration = re.search(r'"duration";s:\d+:"([^"]+)"', "\n".join(lines[3:]))
        return Recording(
            src=src,
            length=byte_count(length),
            type=kind or None,
            duration=duration.group(1) if duration else None,
        )
    return None


def _letters(item: etree._Element, text, wp: str) -> tuple[tuple[OldLetter, ...], Counter[str]]:  # type: ignore[no-untyped-def]
    """Approved readers' comments, oldest first; a count of the rest (spam, pingbacks, ...)."""
    letters = []
    dropped: Counter[str] = Counter()
    for comment in item.iterfind(f"{{{wp}}}comment"):
        approved = text(comment, "comment_approved").strip()
        kind = text(comment, "comment_type").strip() or "comment"
        if kind != "comment":
            dropped[kind] += 1
            continue
        if approved != "1":
            dropped[{"0": "unapproved comment", "spam": "spam comment", "trash": "deleted comment"}.get(
                approved, f"{approved or 'unapproved'} comment"
            )] += 1  # fmt: skip
            continue
        when = _wordpress_time(text(comment, "comment_date_gmt"), utc=True) or _wordpress_time(
            text(comment, "comment_date"), utc=False
        )
        if when is None or not usable_date(when):  # a date no calendar shows is no date
            dropped["undated comment"] += 1
            continue
        letters.append(OldLetter(text(comment, "comment_author"), when, text(comment, "comment_content")))
    letters.sort(key=lambda letter: (letter.date.replace(tzinfo=None), letter.name))
    return tuple(letters), dropped
