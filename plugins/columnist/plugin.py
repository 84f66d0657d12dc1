"""The MkDocs plugin: glue from MkDocs' build events to Columnist's modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

from columnist import views
from columnist.catalog import Catalog, CatalogSettings, load_catalog
from columnist.config import ColumnistConfig
from columnist.dates import load_zone
from columnist.post import Post
from columnist.problems import ColumnistError

log = get_plugin_logger(__name__)


class ColumnistPlugin(BasePlugin[ColumnistConfig]):
    """Turns the posts folder into column pages, list pages, feeds and a podcast."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.catalog: Catalog | None = None
        self.posts_by_src: dict[str, Post] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Read and check every column now, before MkDocs empties site/: bad input keeps the last good site.
        project_dir = Path(config.config_file_path or ".").resolve().parent
        self.posts_dir = (project_dir / self.config.posts_dir).resolve()
        self.docs_dir = Path(config.docs_dir).resolve()
        self.now = get_build_datetime()
        settings = CatalogSettings(
            project_dir=project_dir,
            posts_dir=self.posts_dir,
            zone=load_zone(self.config.timezone),
            post_url=self.config.post_url,
            now=self.now,
            future_posts=self.config.future_posts,
            preview=self.serving and self.config.drafts_on_serve,
            authors=self.config.authors,
        )
        if not self.posts_dir.is_dir():
            raise PluginError(
                f"Columnist: the posts folder '{self.config.posts_dir}' does not exist next to mkdocs.yml; "
                "create it or set posts_dir"
            )
        try:
            self.catalog = load_catalog(settings)
        except ColumnistError as error:
            raise PluginError(str(error)) from None
        for warning in self.catalog.warnings:
            log.warning(str(warning))
        self.posts_by_src = {}
        config.theme.dirs.append(str(views.TEMPLATES_DIR))
        if views.STYLESHEET not in config.extra_css:
            config.extra_css.append(views.STYLESHEET)
        self.format_day = views.DateFormatter(config.theme.get("language") or config.theme.locale.language)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        post_files = views.post_files(self.catalog, config, self.posts_dir)
        views.add_post_files(files, post_files)
        self.posts_by_src = {file.src_uri: post for file, post in zip(post_files, self.catalog.posts, strict=True)}
        files.append(views.stylesheet_file(config))
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # The front matter was read once already; MkDocs gets the Markdown after it.
        post = self.posts_by_src.get(page.file.src_uri)
        return post.body if post else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        post = self.posts_by_src.get(page.file.src_uri)
        if post:
            page.meta = {**post.page_meta, "title": post.title, "template": views.POST_TEMPLATE}
            return views.point_links_into_docs(markdown, page.file.src_uri, self.posts_dir, self.docs_dir)
        return markdown

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        post = self.posts_by_src.get(page.file.src_uri)
        if post and self.catalog:
            context["columnist_post"] = views.post_view(
                post, self.catalog, self.config.authors, self.format_day, self.now
            )
        return context

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # Posts live outside docs/, so MkDocs would not notice a column being written.
        server.watch(str(self.posts_dir))
        return server
