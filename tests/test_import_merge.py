"""``columnist import`` over a posts folder that already holds the old blog's columns, as an author runs it."""

from __future__ import annotations

from test_import import SMALL_WXR, posts, run, site, source  # noqa: F401  (site is a fixture)


def test_a_column_typed_by_hand_under_an_old_posts_day_and_title_is_not_imported_again(site, monkeypatch):  # noqa: F811
    mine = site / "posts/door.md"
    mine.write_text("---\ntitle: The Door is Open!\ndate: 2012-09-26\n---\n\nTyped again by hand.\n")
    before = mine.read_bytes()
    result = run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert "Imported 5 columns, skipped 1 already here" in result.stdout
    assert mine.read_bytes() == before
    assert not any(name.startswith("2012-09-26-door-open") for name in posts(site))
