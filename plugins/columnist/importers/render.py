"""One old post as a column file: front matter in the author's guide's order, then the Markdown.

What the old post had that a column cannot keep (a gallery, a ``javascript:`` link, an
alias over one of the site's own files) is left out with a warning saying where and why;
readers' addresses never reach the file (``privacy``).
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from columnist.frontmatter import lines_for
from columnist.importers import text
from columnist.importers.addresses import OldBlog, address_key, is_site_address, query_alias
from columnist.importers.model import Column, Recording
from columnist.importers.plan import Planned, Settings, clean_names, new_address
from columnist.importers.privacy import withhold_addresses
from columnist.media import AUDIO_TYPES
from columnist.post import parse_duration
from columnist.problems import Problem
from columnist.slugs import name_slug, slugify
from columnist.urls import POLICY, is_allowed

NO_TITLE = "the old post had no title, so it is named after its first words; change it if you like"

#: (field, message): what the reader of the import's report should know about one column.
Notes = list[tuple[str, str]]


@dataclass(frozen=True)
class Made:
    """A column's file, and what the author should know about it."""

    text: str
    problems: list[Problem]
    media: list[str]


def render(
    item: Planned,
    settings: Settings,
    blog: OldBlog,
    targets: Mapping[str, str],
    names: Mapping[str, Mapping[str, str]],
    path: str,
) -> Made:
    """A column's file; ``path`` is how messages name it."""
    column = item.column
    notes: Notes = [] if column.title.strip() else [("title", NO_TITLE)]
    converted = text.to_markdown(
        column.html,
        base=column.link or blog.site,
        raw_wordpress=column.raw_wordpress,
        link_to=lambda address: targets.get(address_key(address) or ""),
        on_old_blog=blog.has,
    )
    audio = _audio(column.recording, notes)
    replacements: dict[str, str] = {}
    for heard in converted.heard:
        same = column.recording is not None and _same_file(heard.src, column.recording.src)
        replacements[heard.marker] = "" if same else text.listen_line(heard.src)
    for left in converted.left_out:
        replacements[left.marker] = _left_out_comment(left.what)
    body = text.finish(converted.markdown, replacements)

    values = _values(item, settings, blog, names, audio, notes)
    lines = ["---"]
    at: dict[str, int] = {}
    for key, value in values.items():
        at[key] = len(lines) + 1
        lines.extend(lines_for(key, value))
    lines += ["---", ""]
    body_start = len(lines) + 1
    problems = [Problem(path, at.get(key, 1), key, message, "warning") for key, message in notes]
    for what, times in Counter(left.what for left in converted.left_out).items():
        line = text.marker_line(body, _left_out_comment(what))
        where = f"{times} times; comments mark the places" if times > 1 else "a comment marks the place"
        problems.append(
            Problem(path, body_start + (line or 1) - 1, "text",
                    f"{what} from the old blog has no Markdown form and was left out ({where})", "warning")
        )  # fmt: skip
    for refused in converted.refused:
        message = f"{refused.what.format(_shown_address(refused.address))}: {POLICY}"
        problems.append(Problem(path, body_start, "text", message, "warning"))
    if audio and "audio" in at:
        problems.extend(
            Problem(path, at["audio"], "audio", message, "warning") for message in _audio_gaps(audio)
        )
    media = list(converted.media)
    if audio and blog.has(str(audio["src"])):
        media.append(str(audio["src"]))
    return Made("\n".join([*lines, body]).rstrip("\n") + "\n", problems, media)


def _values(
    item: Planned,
    settings: Settings,
    blog: OldBlog,
    names: Mapping[str, Mapping[str, str]],
    audio: dict[str, object] | None,
    notes: Notes,
) -> dict[str, object]:
    """The front matter, key by key, in the author's guide's order."""
    column = item.column
    values: dict[str, object] = {"title": item.title, "date": column.date}
    for kind in ("categories", "tags"):
        spelled = [names[kind].get(name_slug(name), name) for name in clean_names(getattr(column, kind))]
        if spelled:
            values[kind] = list(dict.fromkeys(spelled))
    if column.authors:
        values["authors"] = list(column.authors)
    if item.slug:
        values["slug"] = item.slug
    values["guid"] = column.guid
    if column.shared_guid:
        notes.append(("guid", "the old blog gave this post the same guid as an earlier one, "
                      "so it now has its old address as its guid"))  # fmt: skip
    categories = values.get("categories")
    aliases = _aliases(
        column, blog, settings, item, categories if isinstance(categories, list) else [], notes
    )
    if aliases:
        values["aliases"] = aliases
    summary = text.paragraph_text(column.excerpt_html) if column.excerpt_html else ""
    if summary:
        values["summary"] = summary
    if audio:
        values["audio"] = audio
    if column.draft:
        values["draft"] = True
        if column.protected:
            notes.append(("draft", "the old post was protected by a password, so it comes in as a draft; "
                          "remove draft: true to publish it"))  # fmt: skip
    letters = _letters(column)
    if letters:
        values["comments"] = letters
    return values


def _letters(column: Column) -> list[dict[str, object]]:
    """Readers' letters as the front matter keeps them, every email and IP address withheld."""
    letters: list[dict[str, object]] = []
    for letter in column.letters:
        words = withhold_addresses(text.paragraph_text(letter.html))
        if words:
            name = withhold_addresses(text.one_line(letter.name)) or "A reader"
            letters.append({"name": name, "date": letter.date, "text": words})
    return letters


def _left_out_comment(what: str) -> str:
    """An HTML comment where something was left out: invisible on the page, found by the author."""
    return f"<!-- {what.replace('--', '–')} from the old blog was left out here -->"


def _shown_address(address: str) -> str:
    return repr(address if len(address) <= 80 else address[:77] + "...")


def _audio(recording: Recording | None, notes: Notes) -> dict[str, object] | None:
    """The enclosure as ``audio: {src, length, type, duration}``, with what the source knew."""
    if recording is None:
        return None
    if not is_allowed(recording.src):
        notes.append(("audio", f"the old recording {_shown_address(recording.src)} was left out: {POLICY}"))
        return None
    audio: dict[str, object] = {"src": recording.src}
    if recording.length:
        audio["length"] = recording.length
    kind = recording.type or AUDIO_TYPES.get(posixpath.splitext(urlsplit(recording.src).path)[1].lower())
    if kind:
        audio["type"] = kind
    duration = (recording.duration or "").strip()
    if duration:
        try:
            parse_duration(duration)
        except Exception:  # pydantic's error for a value it cannot read
            notes.append(("audio", f"the old duration '{duration}' is not a length of time; it was left out"))
        else:
            audio["duration"] = int(duration) if duration.isascii() and duration.isdigit() else duration
    return audio


def _audio_gaps(audio: Mapping[str, object]) -> list[str]:
    words = {"length": "size", "type": "type", "duration": "duration"}
    missing = [words[key] for key in ("length", "type", "duration") if key not in audio]
    if not missing:
        return []
    return [
        f"the old blog gave no {' or '.join(missing)} for the recording; "
        "run `columnist check --fetch-media` to fill it in"
    ]


def _aliases(
    column: Column, blog: OldBlog, settings: Settings, item: Planned, categories: list[str], notes: Notes
) -> list[str]:
    """The old permalink's path, when it was public, is on the old blog, and is not the new address."""
    if not column.published or not column.link:
        return []
    parts = urlsplit(column.link)
    if not blog.has(column.link):
        return []
    if parts.query:  # WordPress's default permalinks, kept through _redirects and the home page
        kept = query_alias(column.link)
        return [kept] if kept else []
    path = unquote(parts.path)
    if not path.strip("/") or ".." in path.split("/"):
        return []
    if is_site_address(path):
        notes.append(("aliases", f"the old address {path} is one the site writes itself (its feeds, "
                      "sitemap, search or theme), so it does not lead to this column"))  # fmt: skip
        return []
    own = new_address(column, settings, item.slug or slugify(item.title) or "column", categories)
    if own.strip("/").lower() == path.strip("/").lower():
        return []  # the column keeps its old address: nothing to redirect
    return [path if path.startswith("/") else f"/{path}"]


def _same_file(one: str, other: str) -> bool:
    first, second = urlsplit(one), urlsplit(other)
    return (first.hostname or "", first.path) == (second.hostname or "", second.path)
