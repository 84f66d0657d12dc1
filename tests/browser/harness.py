"""What the browser tests and ``screenshots.py`` share: the sample site, built and served, and Chromium.

The site is built with ``site_url`` set to the address it is served at, so it runs as it would where it is
published: its absolute links (feed discovery, canonical addresses) lead to the same server. The browser is
Debian's Chromium, never one Playwright downloads, and it reaches no other host: Material's Google Fonts
get an empty answer (the system's fonts show instead) and any other outside address is refused and noted.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Route, sync_playwright

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from conftest import BUILD_NOW, BuiltSite, build_at, copy_site  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = HERE / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

#: Where Material fetches its web fonts from (``theme.font``); answered with an empty style sheet.
FONT_HOSTS = {"fonts.googleapis.com", "fonts.gstatic.com"}

#: A page the tests add to their copy of the sample: plain Material (no Columnist template), outside the
#: navigation like a column, with a table of contents and a link. Validity and accessibility are measured
#: against it, so that what Material does on every such page is not counted against Columnist.
PLAIN_PAGE = "plain-material-page.md"
PLAIN_PAGE_TEXT = """# A plain Material page

This page is part of the tests only. It links to [the about page](about.md) in the theme's own colours.

## A first section

Material lists the sections of a page in its table of contents.

## A second section

Nothing here comes from Columnist.
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like any static host, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yields the base address."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build_sample(destination: Path, site_url: str, *, plain_page: bool) -> BuiltSite:
    """The repository's sample site, copied into ``destination`` and built for ``site_url``."""
    source = copy_site("sample", destination)
    if plain_page:
        (source / "docs" / PLAIN_PAGE).write_text(PLAIN_PAGE_TEXT, encoding="utf-8")
    previous = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ.update(SOURCE_DATE_EPOCH=BUILD_NOW, NO_MKDOCS_2_WARNING="1")
    try:
        return build_at(source, destination / "site", site_url=site_url)
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass
class Outside:
    """Requests for other hosts: fonts answered empty, anything else refused and kept here."""

    refused: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext, base: str) -> None:
        context.route(lambda url: not url.startswith(base), self.answer)

    def answer(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in FONT_HOSTS:
            kind = "text/css" if "googleapis" in url else "font/woff2"
            route.fulfill(status=200, body="", content_type=kind)
        elif url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()


def chromium_missing() -> str | None:
    """Why the browser cannot start, or None."""
    if not CHROMIUM.is_file():
        return (
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); "
            "the browser tests never download a browser"
        )
    return None


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, started headless for the tests; fails (never skips) when it is missing."""
    import pytest

    missing = chromium_missing()
    if missing:
        pytest.fail(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def node_modules_missing() -> str | None:
    """Why the npm checkers are not there, or None."""
    for path in (VNU_JAR, AXE_JS):
        if not path.is_file():
            return (
                f"{path.relative_to(TESTS.parent)} is missing: install the checkers with "
                "`npm ci --prefix tests/browser` (Debian: apt-get install -y nodejs npm)"
            )
    return None


def java_missing() -> str | None:
    if shutil.which("java") is None:
        return "java is missing: install Debian's Java (apt-get install -y default-jre-headless) for vnu.jar"
    return None
