"""The newsletter's lists as a reader sees them: what each entry shows, and the preview's marks."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from mkdocs.commands.build import build
from mkdocs.config import load_config
from PIL import Image

from conftest import copy_site


def preview_build(source: Path, site: Path) -> Path:
    """Build as `mkdocs serve` does, so drafts and columns dated later are listed."""
    config = load_config(str(source / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    return site


def marks(site: Path, path: str, selector: str) -> dict[str, str]:
    """Each entry's title and its preview mark ("" when none)."""
    tree = lxml.html.parse(str(site / path))
    found = {}
    for item in tree.getroot().cssselect(selector):
        title = item.cssselect("a")[0].text_content().strip()
        mark = item.cssselect(".columnist-preview-mark")
        found[title] = mark[0].text_content().strip() if mark else ""
    return found


def test_the_preview_marks_drafts_and_scheduled_columns_on_every_list(tmp_path):
    source = copy_site("basic", tmp_path)
    column = source / "posts" / "2099-01-07-far-future.md"
    front, body = column.read_text(encoding="utf-8").split("---\n", 2)[1:]
    column.write_text(f"---\n{front}quotes: [Later and not yet.]\n---\n{body}", encoding="utf-8")
    site = preview_build(source, tmp_path / "site")

    home = marks(site, "index.html", ".columnist-entry__title")
    assert home["A Draft"] == "Draft"
    assert home["Far Future"] == "Scheduled"
    assert home["First Steps"] == ""
    archive = marks(site, "archive/index.html", ".columnist-archive li")
    assert archive["A Draft"] == "Draft"
    assert archive["Far Future"] == "Scheduled"
    assert archive['Second Thoughts & "Quotes"'] == ""
    week = lxml.html.parse(str(site / "index.html")).getroot().cssselect(".columnist-quote--week")[0]
    assert "Later and not yet." in week.text_content()
    assert week.cssselect(".columnist-preview-mark")[0].text_content() == "Scheduled"


def test_a_published_site_carries_no_preview_marks(build_site):
    site = build_site("basic").site
    for page in ("index.html", "archive/index.html"):
        assert not lxml.html.parse(str(site / page)).getroot().cssselect(".columnist-preview-mark")


def test_list_entries_show_the_columns_image_as_a_lazy_thumbnail_of_its_real_size(build_site):
    def picture_a_column(source: Path) -> None:
        Image.new("RGB", (64, 40), (200, 120, 40)).save(source / "posts" / "first.jpg", quality=80)
        column = source / "posts" / "2023-01-04-first-steps.md"
        column.write_text(
            column.read_text(encoding="utf-8").replace("number: 1\n", "number: 1\nimage: first.jpg\n"),
            encoding="utf-8",
        )
        second = source / "posts" / "2023-01-11-second-thoughts.md"
        second.write_text(
            second.read_text(encoding="utf-8").replace(
                "---\n", "---\nimage: https://cdn.example.org/far.jpg\n", 1
            ),
            encoding="utf-8",
        )

    site = build_site("basic", picture_a_column).site
    page = lxml.html.parse(str(site / "index.html")).getroot()
    by_title = {
        entry.cssselect(".columnist-entry__title a")[0].text_content(): entry.cssselect("img")
        for entry in page.cssselect(".columnist-entry")
    }
    (thumbnail,) = by_title["First Steps"]
    assert (thumbnail.get("width"), thumbnail.get("height"), thumbnail.get("loading")) == ("64", "40", "lazy")
    assert (site / thumbnail.get("src")).is_file()
    (remote,) = by_title['Second Thoughts & "Quotes"']
    assert remote.get("src") == "https://cdn.example.org/far.jpg"
    assert remote.get("width") is None and remote.get("height") is None
    assert remote.get("loading") == "lazy"
