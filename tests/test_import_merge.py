"""``columnist import`` over a posts folder that already holds the old blog's columns, as an author runs it."""

from __future__ import annotations

import json

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


def test_a_column_deleted_after_an_import_stays_deleted_and_the_message_says_how_to_bring_it_back(
    site,  # noqa: F811
    monkeypatch,
):
    export = source(site, "export.xml", SMALL_WXR)
    assert run(site, "import", export, monkeypatch=monkeypatch).exit_code == 0
    (site / "posts/2012-09-26-door-open.md").unlink()
    again = run(site, "import", export, monkeypatch=monkeypatch)
    assert again.exit_code == 0, again.output
    assert "Imported 0 columns" in again.stdout
    assert "Left out 1 column you deleted after an earlier import" in again.stdout
    assert ".columnist-import.json" in again.stdout
    assert not any(name.startswith("2012-09-26-door-open") for name in posts(site))
    # Taking its line out of the record brings it back, as the message says.
    record_path = site / "posts/.columnist-import.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    guid = next(guid for guid, name in record["imported"].items() if name == "2012-09-26-door-open.md")
    del record["imported"][guid]
    record_path.write_text(json.dumps(record), encoding="utf-8")
    back = run(site, "import", export, monkeypatch=monkeypatch)
    assert "Imported 1 column," in back.stdout
    assert (site / "posts/2012-09-26-door-open.md").is_file()


def test_a_record_of_imports_from_before_the_record_existed_is_made_from_the_columns_found(site, monkeypatch):  # noqa: F811
    export = source(site, "export.xml", SMALL_WXR)
    assert run(site, "import", export, monkeypatch=monkeypatch).exit_code == 0
    record_path = site / "posts/.columnist-import.json"
    written = json.loads(record_path.read_text(encoding="utf-8"))
    record_path.unlink()  # as after an import by an earlier version
    assert run(site, "import", export, monkeypatch=monkeypatch).exit_code == 0
    assert json.loads(record_path.read_text(encoding="utf-8")) == written


def test_a_damaged_record_stops_the_import_with_its_line_and_writes_nothing(site, monkeypatch):  # noqa: F811
    record_path = site / "posts/.columnist-import.json"
    record_path.write_text('{"imported": {\n  "a": 1,\n', encoding="utf-8")
    before = sorted(posts(site))
    result = run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert "posts/.columnist-import.json:3: file: the record of earlier imports" in result.output
    assert "nothing was imported" in result.output
    assert sorted(posts(site)) == before
