"""Each page's HTML from the theme's templates, kept in the build cache by all the templates were given.

The templates (Material's, Columnist's, the site's overrides) are most of a build's time, and
what they write is theirs alone to decide from what they are given: the page, the navigation,
the configuration and what the plugins put in the context. The key holds all of it, in full,
with the text of every template file and the versions of the packages whose code the templates
call, so a page is written again from the cache only when nothing it could show has changed.

Other plugins can hand the templates things no key can see (a function, the time), so this
cache is on only with the plugins it knows: Columnist and search. Anything in the context it
cannot describe as plain values makes it render that page as usual and keep nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.meta
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from columnist.buildcache import BuildCache, Unhashable, key_of, version_of
from columnist.pagevalues import PlainValues

KIND = "page"
#: Parts of pages the templates make once a build (each column's entry on the list pages).
PART_KIND = "part"
#: Plugins whose part in a page is all in what the key describes: the page, its context, the config.
KNOWN_PLUGINS = {"columnist", "search", "material/search"}
#: Packages whose code runs while a template renders (filters, translations, Material's icons).
PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "jinja2", "markupsafe", "babel", "mkdocs-columnist")
#: Settings that name where this build writes, not what it writes.
WHERE_NOT_WHAT = {"site_dir"}
#: What MkDocs gives every page's template that almost no template reads, and that changes often
#: (the list of all pages changes with any column's address; the time, every build).
SELDOM_READ = ("pages", "build_date_utc")
#: The same of each page: the day of the build, which only the sitemap shows.
SELDOM_READ_OF_PAGE = ("update_date",)
#: Material's thousands of icons are its own, the same for the same version: keyed by that version.
PACKAGE_ICONS = ".icons"


@dataclass(frozen=True)
class SharedKey:
    """What every page's HTML shares this build, and what MkDocs gives every page that no page reads."""

    key: str
    unread: frozenset[str]
    #: What MkDocs sets on every page that no page reads.
    unread_of_page: frozenset[str]
    #: Templates MkDocs renders on its own (the sitemap, the error page): they read all they are given.
    static: frozenset[str]


def build_key(config: MkDocsConfig, env: jinja2.Environment) -> SharedKey | None:
    """What every page's HTML shares this build, or None when the cache cannot vouch for a page."""
    if set(config.plugins) - KNOWN_PLUGINS or not isinstance(env.loader, jinja2.FileSystemLoader):
        return None
    templates, files = _templates_text(env.loader.searchpath)
    static = frozenset(config.theme.static_templates)
    try:
        key = key_of([version_of(name) for name in PACKAGES], templates, _config_of(config))
    except Unhashable:
        return None
    unread = {name for name in SELDOM_READ if not _read_by_a_page(files, env, static, name, _reads)}
    unread_of_page = {name for name in SELDOM_READ_OF_PAGE if not _read_by_a_page(files, env, static, name)}
    return SharedKey(key, frozenset(unread), frozenset(unread_of_page), static)


def _read_by_a_page(
    files: dict[str, bytes],
    env: jinja2.Environment,
    static: frozenset[str],
    name: str,
    reads: Callable[[jinja2.Environment, bytes, str], bool] | None = None,
) -> bool:
    """Whether a template a page may render reads ``name`` (only the sitemap reads the list of all
    pages and their dates, and no template the time of the build, so none need be in a page's key).

    ``reads`` tells whether a template reads it; by default, whether the name is written in a tag.
    """
    readers = [
        template
        for template, data in files.items()
        if (reads(env, data, name) if reads else _in_a_tag(data, name))
    ]
    return any(template not in static or _included(template, files, env) for template in readers)


def _reads(env: jinja2.Environment, data: bytes, name: str) -> bool:
    if not _in_a_tag(data, name):
        return False  # cannot name it
    ast = _parsed(env, data)
    return ast is not None and name in jinja2.meta.find_undeclared_variables(ast)


def _included(template: str, files: dict[str, bytes], env: jinja2.Environment) -> bool:
    """Whether another template may include, import or extend ``template``."""
    for other, data in files.items():
        if other == template or not _in_a_tag(data, template):
            continue
        ast = _parsed(env, data)
        if ast is None:
            continue  # not a template: nothing renders it
        found = set(jinja2.meta.find_referenced_templates(ast))
        if template in found or None in found:  # None: a name made as the page renders
            return True
    return False


def _in_a_tag(data: bytes, word: str) -> bool:
    """Whether ``word`` is written inside a ``{% %}`` or ``{{ }}``: outside them it is the page's text.

    Looked for before parsing: a script or a style sheet in the theme's folder may name it too.
    """
    for found in re.finditer(re.escape(word.encode()), data):
        opened = max(data.rfind(b"{%", 0, found.start()), data.rfind(b"{{", 0, found.start()))
        if (
            opened >= 0
            and max(data.rfind(b"%}", opened, found.start()), data.rfind(b"}}", opened, found.start())) < 0
        ):
            return True
    return False


def _parsed(env: jinja2.Environment, data: bytes) -> Any:
    try:
        return env.parse(data.decode("utf-8"))
    except (UnicodeDecodeError, jinja2.TemplateSyntaxError):
        return None


def compile_once(env: jinja2.Environment, folder: Path) -> None:
    """Keep the templates' compiled code between builds: compiling them is a fixed cost of every build.

    Jinja checks each file's text against what it compiled; the folder is one per kind of
    environment (its extensions and settings), as compiled code is only good for the one it came from.
    """
    kind = key_of(
        version_of("jinja2"),
        sorted(env.extensions),
        [env.autoescape if isinstance(env.autoescape, bool) else "chosen", env.trim_blocks],
        [env.lstrip_blocks, env.block_start_string, env.variable_start_string, env.comment_start_string],
        [env.line_statement_prefix, env.line_comment_prefix, env.newline_sequence, env.keep_trailing_newline],
    )
    place = folder / "templates" / kind[:16]
    try:
        place.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a cache that cannot be written costs time, never the build
    env.bytecode_cache = _CompiledTemplates(str(place))


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):  # the next build compiles the template again
            super().dump_bytecode(bucket)


def _templates_text(folders: list[str]) -> tuple[list[list[str]], dict[str, bytes]]:
    """Every template file's name and the hash of its bytes, folder by folder in the loader's order,
    and the bytes of each template by its name (the first folder's, as the loader finds it)."""
    material = _package_folder("material")
    described: list[list[str]] = []
    by_name: dict[str, bytes] = {}
    for folder in folders:
        inside_material = material is not None and Path(folder).resolve().is_relative_to(material)
        files = []
        for root, names, found in os.walk(folder):
            names.sort()
            if inside_material and PACKAGE_ICONS in names:
                names.remove(PACKAGE_ICONS)
            for name in sorted(found):
                path = os.path.join(root, name)
                try:
                    data = Path(path).read_bytes()
                except OSError:
                    data = b"\0unreadable"
                name = Path(os.path.relpath(path, folder)).as_posix()
                by_name.setdefault(name, data)
                files.append(f"{name} {hashlib.sha256(data).hexdigest()}")
        described.append([folder, *files])
    return described, by_name


def _package_folder(name: str) -> Path | None:
    try:
        module = __import__(name)
    except ImportError:
        return None
    return Path(module.__file__).resolve().parent if getattr(module, "__file__", None) else None


def _config_of(config: MkDocsConfig) -> dict[str, Any]:
    described: dict[str, Any] = {}
    for name, value in config.items():
        if name in WHERE_NOT_WHAT:
            continue
        if name == "config_file_path" and value:
            value = os.path.abspath(value)  # mkdocs -f names it from where the command runs
        if name == "plugins":
            described[name] = {plugin: PlainValues()(value[plugin].config) for plugin in value}
        elif name == "theme":
            described[name] = {"options": PlainValues()(value), "dirs": list(value.dirs)}
        else:
            described[name] = PlainValues()(value)
    return described


class PageTemplates:
    """The theme's templates as MkDocs asks for them, each page looked up in the cache before it renders."""

    def __init__(self, env: jinja2.Environment, cache: BuildCache, shared: SharedKey) -> None:
        self.cache = cache
        self.shared = shared
        self.once: dict[int, tuple[Any, str]] = {}  # id -> (what every page is given alike, its hash)
        self.plain = PlainValues()
        self.get_template = env.get_template

    def install(self, env: jinja2.Environment) -> None:
        """Answer MkDocs' own requests for a page's template (with no parent) with a caching one."""

        def get_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
            if parent is None and globals is None and isinstance(name, str):
                # A missing template still stops the page, as it would have, when the page renders.
                return _CachingTemplate(lambda: self.get_template(name), name, self)
            return self.get_template(name, parent, globals)

        env.get_template = get_template  # type: ignore[method-assign]

    def remembered(self, what: str, value: Any, make: Callable[[], str]) -> str:
        """What the templates made of ``value`` before (a column's entry on the list pages), or ``make()``."""
        try:
            key = key_of(self.shared.key, what, json.dumps(self.plain(value), ensure_ascii=False))
        except Unhashable:
            return make()
        entry = self.cache.read(PART_KIND, key)
        if entry is not None and isinstance(entry.get("html"), str):
            return entry["html"]
        html = make()
        self.cache.write(PART_KIND, key, {"html": html})
        return html

    def key(self, name: str, context: Mapping[str, Any], page: Page) -> str | None:
        unread = frozenset() if name in self.shared.static else self.shared.unread
        self.plain.unread_of_page = frozenset() if name in self.shared.static else self.shared.unread_of_page
        try:
            described = {
                key: "read by no template" if key in unread else self._describe(key, value, page)
                for key, value in context.items()
            }
            return key_of(self.shared.key, name, json.dumps(described, ensure_ascii=False))
        except Unhashable:
            return None

    def _describe(self, key: str, value: Any, page: Page) -> Any:
        if key == "config":
            return "in the build's key"
        if key == "pages":
            # The same list of every page for every page of a build: described once.
            if id(value) not in self.once:
                self.once[id(value)] = (value, key_of(json.dumps(self.plain(value), ensure_ascii=False)))
            return self.once[id(value)][1]
        return self.plain.seen_from(value, page)


class _CachingTemplate:
    """A page's template: the cached HTML when the key matches, the template's own render otherwise.

    The template is loaded (and compiled) only when a page has to be rendered after all.
    """

    def __init__(self, load: Callable[[], jinja2.Template], name: str, templates: PageTemplates) -> None:
        self.load = load
        self.name = name
        self.templates = templates
        self.loaded: jinja2.Template | None = None

    @property
    def template(self) -> jinja2.Template:
        if self.loaded is None:
            self.loaded = self.load()
        return self.loaded

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        page = context.get("page")
        if not isinstance(page, Page):
            return self.template.render(context)
        key = self.templates.key(self.name, context, page)
        cache = self.templates.cache
        if key is not None:
            kept = cache.read_text(KIND, key)
            if kept is not None:
                return kept
        html = self.template.render(context)
        if key is not None:
            cache.write_text(KIND, key, html)
        return html
