"""The preview (``mkdocs serve``) lists drafts and scheduled columns, each marked, so none passes as published."""

from __future__ import annotations

from pathlib import Path

from lxml import html
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import build_at, copy_site


def _with_category_and_quote(source: Path) -> None:
    """The basic site's draft and scheduled column, filed under Pricing; the scheduled one quoted."""
    posts = source / "posts"
    draft = posts / "2024-05-01-a-draft.md"
    draft.write_text(draft.read_text().replace("draft: true", "draft: true\ncategory: Pricing"))
    future = posts / "2099-01-07-far-future.md"
    future.write_text(
        future.read_text().replace("number: 5", "number: 5\ncategory: Pricing\nquotes: [Wait for it.]")
    )


def _preview(tmp_path: Path) -> Path:
    source = copy_site("basic", tmp_path)
    _with_category_and_quote(source)
    config = load_config(str(source / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` starts
    build(config, serve_url="http://127.0.0.1:8000/")
    return tmp_path / "site"


def _marks(page: Path, row: str) -> dict[str, str]:
    """Each listed column's title and the text of its preview mark ("" when it has none)."""
    tree = html.fromstring(page.read_text())
    found = {}
    for item in tree.xpath(row):
        title = item.xpath("string(.//a[1])").strip()
        found[title] = " ".join(
            " ".join(item.xpath(".//*[contains(@class, 'columnist-preview-mark')]//text()")).split()
        )
    return found


ENTRY = "//article[@class='columnist-entry']"
SCHEDULED = "Scheduled"


def test_lists_mark_drafts_and_scheduled_columns_in_the_preview(tmp_path):
    site = _preview(tmp_path)
    home = _marks(site / "index.html", ENTRY)
    assert home == {
        "Far Future": SCHEDULED,
        "A Draft": "Draft",
        "Third Column": "",
        'Second Thoughts & "Quotes"': "",
        "First Steps": "",
    }
    category = _marks(site / "category/pricing/index.html", ENTRY)
    assert category == {"Far Future": SCHEDULED, "A Draft": "Draft", 'Second Thoughts & "Quotes"': ""}
    archive = _marks(site / "archive/index.html", "//li[time]")
    assert archive["Far Future"] == SCHEDULED and archive["A Draft"] == "Draft"
    assert archive["First Steps"] == ""
    week = html.fromstring((site / "index.html").read_text()).xpath(
        "//figure[contains(@class, 'columnist-quote--week')]"
    )[0]
    assert week.xpath("string(.//blockquote)").strip() == "Wait for it."
    assert week.xpath("string(.//*[contains(@class, 'columnist-preview-mark')])").strip() == SCHEDULED


def test_a_normal_build_lists_neither_column_nor_any_mark(tmp_path):
    source = copy_site("basic", tmp_path)
    _with_category_and_quote(source)
    built = build_at(source, tmp_path / "site")
    for page in ("index.html", "category/pricing/index.html", "archive/index.html"):
        text = built.read(page)
        assert "Far Future" not in text and "A Draft" not in text
        assert "columnist-preview-mark" not in text
    assert "Wait for it." not in built.read("index.html")
