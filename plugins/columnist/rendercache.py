"""MkDocs' Markdown render of each page, kept in the build cache and given back when nothing it read changed.

MkDocs renders a page in ``Page.render``, right after ``on_page_markdown``; this module gives the
page its own ``render`` that looks the result up first. The key holds everything the render reads:
the Markdown after every plugin's changes, the page's place, the Markdown extensions and their
options, every file's address (links are resolved against them) and the versions of the packages
that render. What a render logged (a broken link's warning) is kept too and logged again, so
``--strict`` fails the same way with or without the cache.

It relies on what ``Page.render`` of MkDocs 1.6 sets; on any other version, or when a render sets
something it does not know, the page is rendered as usual and nothing is kept.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from columnist.buildcache import BuildCache, Unhashable, key_of, version_of

KIND = "render"
#: What ``Page.render`` of MkDocs 1.6 sets, all of which an entry gives back.
SET_BY_RENDER = {"content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors"}
PACKAGES = (
    "mkdocs", "properdocs", "markdown", "pymdown-extensions", "mkdocs-material", "pygments",
    "mkdocs-columnist",
)  # fmt: skip
#: Python-Markdown's own extensions, by their short names: each reads only the page's Markdown.
MARKDOWN_OWN = {
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes",
    "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
    "wikilinks",
}  # fmt: skip
#: Extensions that read other files than the page (snippets, images as data): their output is not
#: the page's alone, so a site that uses one is rendered every time.
READ_OTHER_FILES = {"pymdownx.snippets", "pymdownx.b64"}


def supported() -> bool:
    """Whether this MkDocs renders a page the way this module knows."""
    return (
        mkdocs.__version__.startswith("1.6.")
        and callable(getattr(Page, "render", None))
        and hasattr(mkdocs_pages, "_ExtractTitleTreeprocessor")
    )


def cache_folder(config: MkDocsConfig, options: Any) -> Path | None:
    """Where the cache lives (relative paths from the folder of ``mkdocs.yml``), or None when it is off."""
    if not options.enabled:
        return None
    return Path(config.config_file_path or ".").parent / options.dir


def build_key(config: MkDocsConfig) -> str | None:
    """What every page's render shares this build, or None when some of it has no stable text."""
    if not supported() or not all(_reads_only_the_page(name) for name in config["markdown_extensions"]):
        return None
    try:
        return key_of(
            [version_of(name) for name in PACKAGES],
            config["markdown_extensions"],
            config["mdx_configs"] or {},
            config["use_directory_urls"],
            str(config["validation"]),
        )
    except Unhashable:
        return None


def _reads_only_the_page(extension: object) -> bool:
    if not isinstance(extension, str) or extension in READ_OTHER_FILES:
        return False
    return (
        extension in MARKDOWN_OWN
        or extension.removeprefix("markdown.extensions.") in MARKDOWN_OWN
        or extension.startswith(("pymdownx.", "material.extensions."))
    )


def use_cache(page: Page, cache: BuildCache, shared: str, files: Files) -> None:
    """Give the page a render that looks in the cache first."""
    original = page.render

    def render(config: MkDocsConfig, files_: Files) -> None:
        assert page.markdown is not None
        detail = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() <= logging.DEBUG
        file = page.file
        key = key_of(
            shared, file.src_uri, file.dest_uri, file.url, file.inclusion.name, detail, page.markdown
        )
        entry = cache.read(KIND, key)
        if entry is not None and _give_back(page, entry, files):
            for name, level, message in entry["logged"]:
                logging.getLogger(name).log(level, "%s", message)
            return
        before = set(vars(page))
        looked_up = _LookUps(files_)
        with _Recorder() as recorder:
            original(config, looked_up)  # type: ignore[arg-type]
        if set(vars(page)) - before - SET_BY_RENDER or looked_up.other_use:
            return  # this render read something the entry would not hold: never give back a stale page
        cache.write(KIND, key, {**_entry_of(page, recorder.logged), "lookups": looked_up.found})

    page.render = render  # type: ignore[method-assign]


def _entry_of(page: Page, logged: list[tuple[str, int, str]]) -> dict[str, Any]:
    links = getattr(page, "links_to_anchors", None)
    return {
        "content": page.content,
        "toc": [token_of(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {file.src_uri: anchors for file, anchors in links.items()},
        "logged": logged,
    }


def _give_back(page: Page, entry: dict[str, Any], files: Files) -> bool:
    try:
        if any(_address(files, uri) != list(found or ()) for uri, found in entry["lookups"]):
            return False  # a file this page links to moved, appeared or went
        links = None
        if entry["links"] is not None:
            links = {files.get_file_from_path(uri): anchors for uri, anchors in entry["links"].items()}
            if None in links:
                return False
        toc = get_toc(entry["toc"])
        content, title, anchors = entry["content"], entry["title"], set(entry["anchors"])
        logged = [(str(name), int(level), str(message)) for name, level, message in entry["logged"]]
    except (KeyError, TypeError, ValueError):
        return False
    if not isinstance(content, str) or not (title is None or isinstance(title, str)):
        return False
    entry["logged"] = logged
    page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchors
    if links is not None:
        page.links_to_anchors = links
    return True


def token_of(item: AnchorLink) -> dict[str, Any]:
    return {
        "level": item.level,
        "id": item.id,
        "name": item.title,
        "children": [token_of(child) for child in item.children],
    }


def _address(files: Files, uri: str) -> list[str]:
    """Everything a render reads of the file at ``uri``: where it is, and whether it is built."""
    file = files.get_file_from_path(uri)
    return [] if file is None else [file.url, file.inclusion.name]


class _LookUps:
    """The site's files as a render sees them, noting each file it looks up (the links it resolves)."""

    def __init__(self, files: Files) -> None:
        self.files = files
        self.found: list[tuple[str, list[str]]] = []
        self.other_use = False

    def get_file_from_path(self, path: str) -> Any:
        self.found.append((path, _address(self.files, path)))
        return self.files.get_file_from_path(path)

    def __getattr__(self, name: str) -> Any:
        self.other_use = True  # a use this entry could not check again
        return getattr(self.files, name)


class _Recorder(logging.Handler):
    """What a render logged, at INFO and above, to log again when its entry is used."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.logged: list[tuple[str, int, str]] = []
        self.seen: set[int] = set()
        self.thread = threading.get_ident()
        self.loggers = [logging.getLogger(), logging.getLogger("mkdocs")]

    def emit(self, record: logging.LogRecord) -> None:
        # Only the render's own: the preview server's thread logs while pages are built.
        if record.thread == self.thread and id(record) not in self.seen:
            self.seen.add(id(record))
            self.logged.append((record.name, record.levelno, record.getMessage()))

    def __enter__(self) -> _Recorder:
        for logger in self.loggers:
            logger.addHandler(self)
        return self

    def __exit__(self, *_: object) -> None:
        for logger in self.loggers:
            logger.removeHandler(self)
