"""The MkDocs plugin: glue from MkDocs' build events to Columnist's modules."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_build_datetime

from columnist import (
    checks,
    column_end,
    feeds,
    labels,
    listings,
    metadata,
    pagecache,
    pages,
    podcast,
    preview,
    rendercache,
    searchcache,
    settings,
    structure,
    yamlcache,
)
from columnist.buildcache import BuildCache
from columnist.catalog import Catalog, load_catalog
from columnist.config import ColumnistConfig
from columnist.links import point_links_into_docs
from columnist.post import Post
from columnist.problems import ColumnistError, describe
from columnist.redirects import home_script
from columnist.rendered import Rendered, excerpt_of
from columnist.staging import StagedSite

log = get_plugin_logger(__name__)


class ColumnistPlugin(BasePlugin[ColumnistConfig]):
    """Turns the posts folder into column pages, list pages, feeds and a podcast."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.crash: str | None = None  # what made the last preview build fail, shown by the next one
        self.staged: StagedSite | None = None
        self.catalog: Catalog | None = None
        self.last_good_catalog: Catalog | None = None
        self.preview_problems: list[str] = []
        self.posts_by_src: dict[str, Post] = {}
        self.rendered: dict[str, Rendered] = {}
        self.feed_files: dict[str, File] = {}
        self.listings: list[listings.Listing] = []
        self.listings_by_src: dict[str, listings.Listing] = {}
        self.active_tab: Page | None = None  # the category list's tab, lit while a category page renders
        self.summaries: dict[str, listings.Summary] = {}
        self.heads: dict[str, str] = {}  # page -> its link-preview tags, made with its context
        self.cache = BuildCache(None)
        self.render_key: str | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Read and check every column now, before MkDocs empties site/: bad input keeps the last good site.
        self.settings = settings.from_mkdocs(config)
        self.posts_dir = self.settings.posts_dir
        self.docs_dir = self.settings.docs_dir
        self.now = get_build_datetime()
        catalog_settings = self.settings.catalog_settings(
            self.now, self.serving and self.config.drafts_on_serve
        )
        self.cache = BuildCache(
            rendercache.cache_folder(config, self.config.cache), previous=self.cache if self.serving else None
        )
        try:
            if self.crash:
                raise ColumnistError([], self.crash)
            problems = self.settings.problems()
            if problems:
                raise ColumnistError(problems, where="settings")
            self.catalog = load_catalog(catalog_settings, yamlcache.remembering(self.cache))
            self.plan_outputs()
            self.preview_problems = []
        except ColumnistError as error:
            if not self.serving:
                raise PluginError(str(error)) from None
            # The preview keeps running on the last good columns and shows the problems on every page.
            self.preview_problems = [str(problem) for problem in error.problems] or [str(error)]
            self.crash = None
            shown = "the preview shows the last good version until they are fixed"
            log.error(describe(error.problems, shown, error.where) if error.problems else str(error))
            self.catalog = self.last_good_catalog or Catalog(posts=(), held_back=(), urls={})
            self.plan_outputs()
        if not self.preview_problems:  # the last good version's warnings were shown when it was built
            warnings = [
                *checks.build_warnings(self.catalog, catalog_settings),
                *self.settings.podcast_problems(self.catalog),
            ]
            for warning in warnings:
                log.warning(str(warning))
        self.posts_by_src = {}
        self.rendered = {}
        self.feed_files = {}
        self.summaries = {}
        self.heads = {}
        self.render_key = None
        self.category_neighbours = pages.category_neighbours(self.catalog)
        config.theme.dirs.append(str(structure.TEMPLATES_DIR))
        if structure.STYLESHEET not in config.extra_css:
            config.extra_css.append(structure.STYLESHEET)
        self.format_day = pages.DateFormatter(self.settings.language)
        if not self.serving and not self.dirty:
            # All is checked: from here on the build writes beside site/, and replaces it at the end.
            self.staged = StagedSite(Path(config.site_dir))
            config.site_dir = str(self.staged.begin())
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        post_files = structure.post_files(self.catalog, config, self.posts_dir)
        structure.add_post_files(files, post_files)
        self.posts_by_src = {
            file.src_uri: post for file, post in zip(post_files, self.catalog.posts, strict=True)
        }
        for file in structure.asset_files(config, self.posts_dir):
            if files.get_file_from_path(file.src_uri) is None:
                files.append(file)
        files.append(structure.stylesheet_file(config))
        for file in structure.redirect_files(
            self.catalog, config, self.settings.site_url, self.settings.options.labels
        ):
            files.append(file)
        # Feeds are filled in on_env, once every column is rendered.
        self.listings_by_src = {listing.src_uri: listing for listing in self.listings}
        for file in structure.listing_files(self.listings, config, files):
            files.append(file)
        for path in self.feed_paths:
            self.feed_files[path] = File.generated(config, path, content=b"")
            files.append(self.feed_files[path])
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # The front matter was read once already; MkDocs gets the Markdown after it.
        post = self.posts_by_src.get(page.file.src_uri)
        return post.body if post else None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.render_key:
            rendercache.use_cache(page, self.cache, self.render_key, files)
        post = self.posts_by_src.get(page.file.src_uri)
        if post:
            # Material prints page.meta.title without escaping it; the title is the author's text.
            page.meta = {**post.page_meta, "title": escape(post.title), "template": structure.POST_TEMPLATE}
            return point_links_into_docs(markdown, page.file.src_uri, self.posts_dir, self.docs_dir)
        listing = self.listings_by_src.get(page.file.src_uri)
        if listing and page.file.generated_by:
            page.meta["title"] = escape(listing.title)
        if page.file.src_uri == "index.md" and not page.file.generated_by:
            # The site's own home page shows its text above the newest columns.
            page.meta.setdefault("template", "columnist/home.html")
        return markdown

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        nav.items = structure.drop_columns_from_navigation(nav.items, self.posts_dir.name)
        nav.pages = [page for page in nav.pages if page.file.src_uri not in self.posts_by_src]
        structure.add_navigation(nav, self.config.navigation, files, config, self.settings.labels())
        # Every file is known now: what each page's Markdown render shares this build.
        self.render_key = rendercache.build_key(config) if self.cache.enabled else None
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        post = self.posts_by_src.get(page.file.src_uri)
        if post:
            self.rendered[post.path] = excerpt_of(post, html)
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.catalog is not None
        labels.install(env, self.settings.labels())
        templates = self.use_caches(env, config)
        self.site = self.settings.site_info()
        self.channels = structure.channels(files)
        self.follow = column_end.follow(self.config.email.signup, self.config.podcast.links)
        self.discovery_links = structure.discovery_links(self.channels, self.site, None, None)
        # Made once and shared: by every feed, the podcast and each column's link preview.
        self.feed_items = made = feeds.FeedItems(self.catalog, self.rendered, self.site)
        outputs = feeds.render_feeds(
            self.catalog, self.rendered, self.site, self.settings.feed_options(), made
        )
        if podcast.PODCAST_PATH in self.feed_files:
            outputs[podcast.PODCAST_PATH] = podcast.render_podcast(
                self.catalog, self.rendered, self.site, self.settings.podcast_settings(), made
            )
        for path, data in outputs.items():
            self.feed_files[path].content_bytes = data
        self.summaries = listings.prerender(
            listings.summaries(
                self.catalog,
                self.rendered,
                self.settings.authors,
                self.format_day,
                # Only the preview marks columns dated later; a site publishing them early shows them plain.
                self.now if self.serving else None,
                self.site.posts_prefix,
            ),
            env,
            templates.remembered if templates else None,
        )
        return env

    def use_caches(self, env: Any, config: MkDocsConfig) -> pagecache.PageTemplates | None:
        """Templates, search sections and compiled templates looked up in the cache; the page templates."""
        if self.cache.folder is None:
            return None
        pagecache.compile_once(env, self.cache.folder)
        searchcache.use_cache(config.plugins, self.cache)
        page_key = pagecache.build_key(config, env)
        if page_key is None:
            return None
        templates = pagecache.PageTemplates(env, self.cache, page_key)
        templates.install(env)
        return templates

    def plan_outputs(self) -> None:
        """Every list page and feed the columns call for."""
        assert self.catalog is not None
        plan = self.settings.plan(self.catalog)
        self.listings, self.feed_paths = plan.listings, plan.feed_paths

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        assert self.catalog is not None
        post = self.posts_by_src.get(page.file.src_uri)
        if post:
            context["columnist_post"] = pages.post_view(
                post,
                self.catalog,
                self.settings.authors,
                self.format_day,
                self.now,
                self.category_neighbours,
                self.site.posts_prefix,
                page.file.dest_uri,
            )
        listing = self.listings_by_src.get(page.file.src_uri)
        if listing:
            authors = self.settings.authors
            context["columnist"] = listings.listing_context(
                listing, page.file.dest_uri, self.catalog, self.summaries, self.listings, authors
            )
        if post or listing:
            structure.hide_navigation(page)
        self.active_tab = structure.tab_of(listing, nav)
        if self.active_tab is not None:
            self.active_tab.active = True
        context["columnist_channels"] = self.channels
        context["columnist_follow"] = self.follow
        context["columnist_authors"] = column_end.author_boxes(post, self.settings.authors) if post else ()
        head = structure.page_metadata(page, post, listing, self.feed_items, self.site, self.channels)
        structure.set_description(page, head)
        self.heads[page.file.src_uri] = metadata.head_html(head)
        # Our templates write links as root + path: MkDocs' url filter, called for every link, was the
        # largest cost of a list page.
        context["columnist_root"] = pages.root_of(page.file.dest_uri)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.active_tab is not None:
            self.active_tab.active = False
        listing = self.listings_by_src.get(page.file.src_uri)
        links = self.discovery_links
        if listing and listing.feed_url:
            links = structure.discovery_links(self.channels, self.site, listing.feed_url, listing.name)
        if page.is_homepage and self.catalog is not None:
            links += home_script(self.catalog)  # WordPress's /?p=309 leads on to the column
        output = structure.add_to_head(output, self.heads.get(page.file.src_uri, "") + links)
        if self.preview_problems:
            output = structure.add_problems_banner(output, self.preview_problems)
        return output

    @event_priority(-100)  # after every other plugin has written its files (the search index)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Only a build that got this far is one the preview can fall back on.
        self.last_good_catalog = self.catalog
        self.cache.save()
        if self.staged is None:
            return
        staged, self.staged = self.staged, None
        config.site_dir = str(staged.target)
        if _strict_build_will_stop():
            staged.abandon()
        else:
            staged.commit()

    def on_build_error(self, *, error: Exception) -> None:
        if self.staged is not None:
            self.staged.abandon()
            self.staged = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # Posts live outside docs/, so MkDocs would not notice a column being written.
        preview.watch_posts_folder(server, self.posts_dir)
        server.builder = preview.RecoveringBuilder(server.builder, self.recover)
        return server

    def recover(self, crash: str) -> bool:
        """After a preview build crashed: whether the next can show the last good version, and the crash."""
        if self.last_good_catalog is None:
            return False
        self.crash = crash
        return True


def _strict_build_will_stop() -> bool:
    """Whether MkDocs, in strict mode, is about to stop the build for the warnings it counted."""
    counters = [
        handler for handler in logging.getLogger("mkdocs").handlers if isinstance(handler, CountHandler)
    ]
    return any(counter.get_counts() for counter in counters)
