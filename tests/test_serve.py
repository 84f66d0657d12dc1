"""Live preview: `mkdocs serve` rebuilds when a column is changed, added or removed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import GENERATOR, copy_site, run_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(check: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    source = copy_site("basic", tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [*GENERATOR, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=source, env=run_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: fetch(base)[0] == 200), "the preview server did not start"
        yield source, base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_changed_added_and_removed_column_show_in_the_preview(live):
    source, base = live
    first = source / "posts" / "2023-01-04-first-steps.md"
    first.write_text(
        first.read_text().replace("The first column's opening paragraph.", "Freshly edited words.")
    )
    assert wait_for(lambda: "Freshly edited words." in fetch(base + "2023/01/04/first-steps/")[1])

    (source / "posts" / "2023-02-01-a-new-one.md").write_text(
        "---\ntitle: A New One\ndate: 2023-02-01\n---\n\nNew.\n"
    )
    assert wait_for(lambda: fetch(base + "2023/02/01/a-new-one/")[0] == 200)
    assert wait_for(lambda: "A New One" in fetch(base)[1])

    first.unlink()
    assert wait_for(lambda: fetch(base + "2023/01/04/first-steps/")[0] == 404)


def test_drafts_show_in_the_preview(live):
    _, base = live
    status, page = fetch(base + "2024/05/01/a-draft/")
    assert status == 200
    assert "Draft: shown only in the preview" in page


def test_a_broken_column_shows_its_problem_and_the_preview_keeps_running(live):
    source, base = live
    first = source / "posts" / "2023-01-04-first-steps.md"
    good = first.read_text()
    first.write_text(good.replace("date: 2023-01-04", "date: 2023-02-30"))
    problem = "posts/2023-01-04-first-steps.md:3: date: &#x27;2023-02-30&#x27; is not a date"
    assert wait_for(lambda: problem in fetch(base)[1])
    # The last good version of the column is still there to read.
    status, page = fetch(base + "2023/01/04/first-steps/")
    assert status == 200 and "The first column" in page and problem in page
    first.write_text(good.replace("The first column's opening paragraph.", "Mended and back."))
    assert wait_for(lambda: "Mended and back." in fetch(base + "2023/01/04/first-steps/")[1])
    assert "columnist-problems" not in fetch(base)[1]


def test_renaming_a_column_moves_it_in_the_preview(live):
    source, base = live
    third = source / "posts" / "2024" / "2024-03-06-third-column.md"
    third.write_text(third.read_text().replace("title: Third Column", "title: Third Column Renamed"))
    third.rename(source / "posts" / "2024-03-06-renamed.md")
    assert wait_for(lambda: fetch(base + "2024/03/06/third-column-renamed/")[0] == 200)
    assert wait_for(lambda: fetch(base + "2024/03/06/third-column/")[0] == 404)


def test_a_broken_column_at_start_still_serves_with_the_problem(tmp_path):
    source = copy_site("basic", tmp_path)
    (source / "posts" / "bad.md").write_text("---\ntitle: [unclosed\n---\n")
    port = free_port()
    server = subprocess.Popen(
        [*GENERATOR, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=source, env=run_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: "posts/bad.md:2: front matter: cannot be read" in fetch(base)[1])
        (source / "posts" / "bad.md").unlink()
        assert wait_for(
            lambda: "First Steps" in fetch(base)[1] and "columnist-problems" not in fetch(base)[1]
        )
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Traceback" not in output


def test_a_crash_in_a_rebuild_shows_on_the_last_good_version(live):
    source, base = live
    # A hook that breaks on one word, as a faulty Markdown extension or theme override might.
    (source / "breaker.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if 'KABOOM' in markdown:\n"
        "        raise ValueError('the extension broke on this column')\n"
        "    return markdown\n"
    )
    config = source / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - breaker.py\n")
    first = source / "posts" / "2023-01-04-first-steps.md"
    good = first.read_text()
    first.write_text(good + "\nKABOOM\n")
    problem = "the preview could not be built: ValueError: the extension broke on this column"
    # Pages answer (they would hang for good), with the last good column and the crash above it.
    assert wait_for(lambda: problem in fetch(base)[1])
    status, page = fetch(base + "2023/01/04/first-steps/")
    assert status == 200 and "The first column" in page and "KABOOM" not in page and problem in page
    first.write_text(good.replace("The first column's opening paragraph.", "Mended and back."))
    assert wait_for(lambda: "Mended and back." in fetch(base + "2023/01/04/first-steps/")[1])
    assert "columnist-problems" not in fetch(base)[1]


def test_the_preview_follows_a_posts_folder_deleted_and_made_again(live):
    source, base = live
    posts = source / "posts"
    kept = source.parent / "kept-posts"
    shutil.copytree(posts, kept)
    shutil.rmtree(posts)
    missing = "posts_dir: the folder &#x27;posts&#x27; does not exist next to mkdocs.yml"
    assert wait_for(lambda: missing in fetch(base)[1])
    shutil.copytree(kept, posts)
    assert wait_for(lambda: "columnist-problems" not in fetch(base)[1] and "First Steps" in fetch(base)[1])
    # And it keeps watching the new folder.
    (posts / "2023-02-01-after.md").write_text("---\ntitle: After the Move\ndate: 2023-02-01\n---\n\nNew.\n")
    assert wait_for(lambda: fetch(base + "2023/02/01/after-the-move/")[0] == 200)
