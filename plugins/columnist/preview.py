"""``mkdocs serve`` that keeps serving: after a crash in a rebuild, and after the posts folder is re-created.

MkDocs' preview server answers no request after a rebuild that raised ("the server will
appear stuck until build errors are resolved"): every page hangs in the browser. A bad
value in a column is caught by the catalog before that, but a crash can still come from
elsewhere (a Markdown extension, a theme override). ``RecoveringBuilder`` builds once more
on the last good columns, with the crash shown in the problems banner, as a validation
error is shown.

The server watches ``posts/`` through an inotify watch on the folder itself, which dies
with the folder: ``watch_posts_folder`` notices the folder coming back and watches it again.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

log = logging.getLogger("mkdocs.plugins.columnist")


class RecoveringBuilder:
    """Wraps the preview's builder: a build that crashes is followed by one on the last good columns."""

    def __init__(self, builder: Callable[..., Any], recover: Callable[[str], bool]) -> None:
        self.builder = builder
        # Called with what went wrong; true when the next build can show the last good version instead.
        self.recover = recover

    def __call__(self, config: Any = None) -> None:
        try:
            self.builder(config)
        except Exception as error:
            if not self.recover(f"the preview could not be built: {type(error).__name__}: {error}"):
                raise
            log.error("The preview shows the last good version with the error at the top of each page.")
            self.builder(config)


def ask_for_rebuild(server: LiveReloadServer) -> None:
    """What a changed file does: the server's build loop rebuilds the site once changes settle."""
    with server._rebuild_cond:  # MkDocs offers no public way to ask for a rebuild
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


class _PostsFolderBack(FileSystemEventHandler):
    def __init__(self, server: LiveReloadServer, posts_dir: Path) -> None:
        self.server = server
        self.posts_dir = os.path.abspath(posts_dir)

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")}
        if self.posts_dir not in paths:
            return
        # Moved away, no file inside changes: only this tells the preview that the folder is gone.
        if not os.path.isdir(self.posts_dir):
            ask_for_rebuild(self.server)
            return
        # The old watch went with the old folder: drop it, watch the new one, and rebuild.
        if self.posts_dir in self.server._watched_paths:
            with contextlib.suppress(KeyError, OSError):  # the folder it watched is gone already
                self.server.unwatch(self.posts_dir)
        self.server.watch(self.posts_dir)
        ask_for_rebuild(self.server)


def watch_posts_folder(server: LiveReloadServer, posts_dir: Path) -> None:
    """Watch ``posts_dir``, and the folder holding it for the posts folder being made again."""
    if posts_dir.is_dir():
        server.watch(str(posts_dir))
    server.observer.schedule(_PostsFolderBack(server, posts_dir), str(posts_dir.parent), recursive=False)
