"""``columnist import`` over a posts folder that already holds the old blog's columns, as an author runs it."""

from __future__ import annotations

import json

import frontmatter

from test_import import (  # noqa: F401  (site is a fixture)
    RSS,
    SMALL_WXR,
    posts,
    run,
    site,
    source,
    wxr_comment,
    wxr_export,
    wxr_item,
)


def test_a_column_typed_by_hand_under_an_old_posts_day_and_title_is_not_imported_again(site, monkeypatch):  # noqa: F811
    mine = site / "posts/door.md"
    mine.write_text("---\ntitle: The Door is Open!\ndate: 2012-09-26\n---\n\nTyped again by hand.\n")
    before = mine.read_bytes()
    result = run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert "Imported 5 columns, skipped 1 already here" in result.stdout
    # What the author typed is kept byte for byte; the old post's letters, which no copy by hand
    # has, come in at the end of the front matter.
    assert "Filled in posts/door.md: letters" in result.stdout
    after = mine.read_bytes()
    assert after.startswith(before.split(b"---\n\n")[0]) and after.endswith(b"---\n\nTyped again by hand.\n")
    column = frontmatter.loads(after.decode("utf-8"))
    assert column["title"] == "The Door is Open!" and "categories" not in column
    assert [letter["name"] for letter in column["comments"]] == ["Greg", "Ana"]
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
    guid = next(
        guid for guid, name in record["imported"].items() if name["file"] == "2012-09-26-door-open.md"
    )
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


# The same column as RSS's "It's about listening" (guid ?p=101), as the blog's WordPress export holds it:
# with a reader's letter, without the recording.
LISTENING_WXR = wxr_export(
    wxr_item(
        101, "It’s about listening", "<p>It’s the first ten minutes that matter.</p>",
        name="listening-first", link="https://old.example.org/2012/09/19/listening-first/",
        date_gmt="2012-09-19 14:30:00", date="2012-09-19 07:30:00", terms=(("category", "Listening"),),
        comments=(wxr_comment(7, "Greg", "So true of my clients.", date_gmt="2012-09-20 10:00:00"),),
    )
)  # fmt: skip
LISTENING = "posts/2012-09-19-listening-first.md"


def import_both(site, monkeypatch, first: tuple[str, str], second: tuple[str, str]):  # noqa: F811
    assert run(site, "import", source(site, *first), monkeypatch=monkeypatch).exit_code == 0
    return run(site, "import", source(site, *second), monkeypatch=monkeypatch)


def test_the_feed_then_the_export_and_the_export_then_the_feed_give_one_column_with_letters_and_audio(
    tmp_path,
    monkeypatch,
):
    from test_import import copy_site

    feed, export = ("feed.xml", RSS), ("export.xml", LISTENING_WXR)
    columns = []
    for order, (first, second) in {"feed-first": (feed, export), "export-first": (export, feed)}.items():
        site = copy_site("import-target", tmp_path / order)  # noqa: F811
        result = import_both(site, monkeypatch, first, second)
        assert result.exit_code == 0, result.output
        assert [name for name in posts(site) if "listening" in name] == [LISTENING]
        assert f"Filled in {LISTENING}: " in result.stdout
        columns.append(frontmatter.loads((site / LISTENING).read_text(encoding="utf-8")))
    for column in columns:
        assert column["audio"]["src"] == "https://old.example.org/audio/listening.mp3"
        assert [letter["text"] for letter in column["comments"]] == ["So true of my clients."]
        assert column["categories"] == ["Listening"]
    assert columns[0]["audio"] == columns[1]["audio"] and columns[0]["comments"] == columns[1]["comments"]


def test_a_later_import_keeps_the_authors_edits_and_what_they_took_out(site, monkeypatch):  # noqa: F811
    feed, export = ("feed.xml", RSS), ("export.xml", LISTENING_WXR)
    assert run(site, "import", source(site, *feed), monkeypatch=monkeypatch).exit_code == 0
    path = site / LISTENING
    # The author retitles the column, rewrites its text and takes the old recording out.
    column = frontmatter.loads(path.read_text(encoding="utf-8"))
    del column["audio"]
    column["title"] = "Listen first"
    column.content = "My own words now."
    path.write_text(frontmatter.dumps(column) + "\n", encoding="utf-8")
    edited = path.read_bytes()
    result = run(site, "import", source(site, *export), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert f"Filled in {LISTENING}: letters" in result.stdout
    after = path.read_bytes()
    assert after.endswith(b"My own words now.\n")
    merged = frontmatter.loads(after.decode("utf-8"))
    assert merged["title"] == "Listen first" and "audio" not in merged
    assert [letter["name"] for letter in merged["comments"]] == ["Greg"]
    # The feed again: the recording the author took out stays out, and nothing else changes.
    again = run(site, "import", source(site, *feed), monkeypatch=monkeypatch)
    assert "Filled in" not in again.stdout
    assert path.read_bytes() == after
    assert edited.split(b"---")[1] in after


def test_a_column_that_lists_an_old_posts_address_among_its_aliases_is_that_post(site, monkeypatch):  # noqa: F811
    mine = site / "posts/listen.md"
    mine.write_text(
        "---\ntitle: Listen before you speak\ndate: 2012-09-20\n"
        "aliases:\n  - /2012/09/19/listening-first/\n---\n\nMy rewrite.\n"
    )
    result = run(site, "import", source(site, "feed.xml", RSS), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "Imported 1 column, skipped 1 already here" in result.stdout
    assert not any("listening" in name for name in posts(site))
    column = frontmatter.loads(mine.read_text(encoding="utf-8"))
    assert column["title"] == "Listen before you speak" and column.content == "My rewrite."
    assert column["audio"]["src"] == "https://old.example.org/audio/listening.mp3"
