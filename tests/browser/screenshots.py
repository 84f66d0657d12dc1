"""Screenshots of the sample site for the documentation: ``python tests/browser/screenshots.py``.

Builds the sample site into a temporary folder, serves it on 127.0.0.1 and photographs the home page, a
column with its audio edition and the archive, on a desktop (1280 x 800, the first screen) and on a
phone (390 x 844, the whole page), into ``screenshots/`` at the top of the repository, which the README
shows and no build copies into the site. The tests never run this: they never change the repository.
Run it again after changing the templates or the style sheet.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import harness
from playwright.sync_api import sync_playwright

OUTPUT = harness.TESTS.parent / "screenshots"
PAGES = {"home": "", "column": "2022/05/18/the-backup-nobody-tested/", "archive": "archive/"}
#: name -> (viewport, device pixel ratio, whole page?)
SCREENS = {
    "desktop": ({"width": 1280, "height": 800}, 1, False),
    "phone": ({"width": 390, "height": 844}, 1, True),
}
#: A phone screenshot longer than this is cut here: the home page lists ten columns.
PHONE_MAX_HEIGHT = 4000


def main() -> int:
    missing = harness.chromium_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, harness.serve(Path(folder) / "site") as base:
        harness.build_sample(Path(folder), base, plain_page=False)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(harness.CHROMIUM), args=harness.LAUNCH_ARGS
            )
            for screen, (viewport, scale, whole) in SCREENS.items():
                context = browser.new_context(viewport=viewport, device_scale_factor=scale)
                outside = harness.Outside()
                outside.attach(context, base)
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path, wait_until="networkidle")
                    target = OUTPUT / f"{name}-{screen}.png"
                    height = page.evaluate("() => document.documentElement.scrollHeight")
                    if whole and height > PHONE_MAX_HEIGHT:
                        clip = {"x": 0, "y": 0, "width": viewport["width"], "height": PHONE_MAX_HEIGHT}
                        page.screenshot(path=target, full_page=True, clip=clip)
                    else:
                        page.screenshot(path=target, full_page=whole)
                    print(f"{target.relative_to(harness.TESTS.parent)}: {target.stat().st_size // 1024} KB")
                context.close()
                for url in outside.refused:
                    print(f"warning: the page asked for {url}", file=sys.stderr)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
