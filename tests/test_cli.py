"""The ``columnist`` command as an author runs it: ``new`` and ``check``, word for word."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import mutagen
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from columnist import cli, frontmatter, new_column, remote_audio
from columnist.post import read_post
from conftest import copy_site, run_env

CHICAGO = ZoneInfo("America/Chicago")
FRIDAY = date(2026, 11, 20)
GUID = re.compile(r"^guid: ([0-9a-f-]{36})$", re.MULTILINE)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("cli-site", tmp_path)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return copy_site("cli-broken", tmp_path)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Make "today" a Friday, 2026-11-20 (change ``.day`` for another), and record the zones asked about."""
    clock = SimpleNamespace(day=FRIDAY, zones=[])

    def fixed(zone: ZoneInfo) -> date:
        clock.zones.append(zone.key)
        return clock.day

    monkeypatch.setattr(new_column, "today", fixed)
    return clock


def run(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def read(site: Path, path: str):
    post, problems = read_post(site / path, path, path.split("/", 1)[1], CHICAGO)
    assert problems == []
    assert post is not None
    return post


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- columnist new ----------------------------------------------------------------------------------------


def test_new_writes_a_complete_column_dated_the_next_wednesday(site, today, monkeypatch):
    result = run(
        site,
        "new", "Pricing: a primer", "--category", "Pricing", "--category", "Trust",
        "--tag", "retainers", "--author", "maren", "--author", "tomas",
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == "Wrote posts/2026-11-25-pricing-a-primer.md (number 10, dated 2026-11-25)\n"
    assert result.stderr == ""
    assert today.zones == ["America/Chicago"]  # "today" in the site's time zone

    written = (site / "posts/2026-11-25-pricing-a-primer.md").read_text(encoding="utf-8")
    guid = GUID.search(written).group(1)
    assert uuid.UUID(guid).version == 4
    assert written == (
        "---\n"
        "title: 'Pricing: a primer'\n"
        "date: 2026-11-25\n"
        "categories: [Pricing, Trust]\n"
        "tags: [retainers]\n"
        "authors: [maren, tomas]\n"
        "number: 10\n"
        f"guid: {guid}\n"
        "---\n"
        "\n"
        "Replace this paragraph with the opening of your column: the home page and the feeds show it.\n"
    )
    post = read(site, "posts/2026-11-25-pricing-a-primer.md")
    assert (post.title, post.date.date(), post.number, post.guid) == (
        "Pricing: a primer",
        date(2026, 11, 25),
        10,
        guid,
    )
    assert (post.categories, post.tags, post.authors) == (
        ("Pricing", "Trust"),
        ("retainers",),
        ("maren", "tomas"),
    )


def test_a_new_column_checks_clean_but_for_its_placeholder(site, today, monkeypatch):
    run(
        site,
        "new",
        "Pricing: a primer",
        "--author",
        "maren",
        "--category",
        "Pricing",
        monkeypatch=monkeypatch,
    )
    result = run(site, "check", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout == (
        "Editor's notes (the build does not look for these):\n"
        "posts/2026-11-25-pricing-a-primer.md:10: text: is still the placeholder from `columnist new`; "
        "write the column's opening here\n"
        "Not published yet:\n"
        "scheduled: posts/2026-11-25-pricing-a-primer.md (2026-11-25)\n"  # the build's "now" is 2026-11-22
        "scheduled: posts/2099-01-07-far-future.md (2099-01-07)\n"
        "draft: posts/drafts/an-idea.md\n"
        "Next to appear: posts/2026-11-25-pricing-a-primer.md on 2026-11-25\n"
        "Checked 6 columns: 1 editor's note.\n"
    )


def test_new_on_the_publishing_day_dates_the_column_today(site, today, monkeypatch):
    today.day = date(2026, 11, 25)
    result = run(site, "new", "Same day", monkeypatch=monkeypatch)
    assert result.stdout == "Wrote posts/2026-11-25-same-day.md (number 10, dated 2026-11-25)\n"


def test_new_without_a_schedule_dates_the_column_today(site, today, monkeypatch):
    edit(site / "mkdocs.yml", "schedule: wednesday", "schedule: none")
    result = run(site, "new", "Any day", monkeypatch=monkeypatch)
    assert result.stdout == "Wrote posts/2026-11-20-any-day.md (number 10, dated 2026-11-20)\n"


def test_new_follows_another_publishing_day(site, today, monkeypatch):
    edit(site / "mkdocs.yml", "schedule: wednesday", "schedule: Monday")
    result = run(site, "new", "Monday column", monkeypatch=monkeypatch)
    assert result.stdout == "Wrote posts/2026-11-23-monday-column.md (number 10, dated 2026-11-23)\n"


def test_today_is_taken_in_the_sites_time_zone():
    three_in_the_morning_utc = 1795316400  # 2026-11-22 03:00 UTC
    assert new_column.today(CHICAGO, clock=lambda: three_in_the_morning_utc) == date(2026, 11, 21)
    assert new_column.today(ZoneInfo("Pacific/Auckland"), clock=lambda: three_in_the_morning_utc) == date(
        2026, 11, 22
    )


def test_new_with_a_date_a_draft_and_a_remote_recording(site, today, monkeypatch):
    result = run(
        site, "new", "Later", "--date", "2027-03-03", "--draft", "--audio", "https://media.example.org/later.mp3",
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == (
        "Wrote posts/2027-03-03-later.md (number 10, dated 2027-03-03, a draft)\n"
        "Run `columnist check --fetch-media` to fill in the audio file's length, type and duration.\n"
    )
    post = read(site, "posts/2027-03-03-later.md")
    assert post.draft is True
    assert post.audio.src == "https://media.example.org/later.mp3"
    assert today.zones == []  # a date given: "today" is not needed


def test_new_numbers_one_above_every_column_even_drafts_future_and_broken_ones(site, today, monkeypatch):
    # The highest numbers are a draft (9), then a column that does not read.
    (site / "posts/drafts/broken.md").write_text("---\ntitle: [unclosed\nnumber: 40\n---\n\nBody.\n")
    first = run(site, "new", "One", monkeypatch=monkeypatch)
    second = run(site, "new", "Two", monkeypatch=monkeypatch)
    assert first.stdout == "Wrote posts/2026-11-25-one.md (number 41, dated 2026-11-25)\n"
    assert second.stdout == "Wrote posts/2026-11-25-two.md (number 42, dated 2026-11-25)\n"


def test_new_never_overwrites_a_column(site, today, monkeypatch):
    run(site, "new", "The quiet client", monkeypatch=monkeypatch)
    target = site / "posts/2026-11-25-the-quiet-client.md"
    target.write_text("---\ntitle: Mine\ndate: 2026-11-25\n---\n\nMy words.\n")
    result = run(site, "new", "The quiet client", "--tag", "x", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: posts/2026-11-25-the-quiet-client.md already exists, so nothing was written; "
        "choose another title or --date\n"
    )
    assert target.read_text() == "---\ntitle: Mine\ndate: 2026-11-25\n---\n\nMy words.\n"


@pytest.mark.parametrize(
    "title",
    [
        "Pricing: a primer",
        'The "quiet" client',
        "It's the client's call",
        "#1 rule of retainers",
        "- a list? no, a title",
        "yes",
        "2024-03-06",
        "100",
        "null",
        "[draft] {maybe}",
        "a # not a comment",
        "&anchor *alias !tag %directive @at `tick |pipe >fold",
        "Café, naïve, 日本語, 😀",
        "  padded  ",
    ],
)
def test_new_titles_read_back_exactly(site, today, monkeypatch, title):
    result = run(site, "new", "--tag", title, "--", title, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.stderr
    path = re.match(r"Wrote (\S+) ", result.stdout).group(1)
    post = read(site, path)
    assert post.title == title
    assert post.tags == (title.strip(),)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1).filter(str.strip))
def test_any_title_without_control_characters_reads_back(tmp_path, title):
    source = tmp_path / "column.md"
    text = frontmatter.new_column_text(
        title, date(2026, 11, 25), number=1, guid=str(uuid.uuid4()), categories=[title], authors=["maren"]
    )
    source.write_text(text, encoding="utf-8")
    post, problems = read_post(source, "posts/column.md", "column.md", CHICAGO)
    assert problems == []
    assert post.title == title
    assert post.categories == (title.strip(),)
    assert len(text.splitlines()) == 10  # every value on one line


def test_new_works_from_any_folder_of_the_site(site, today, monkeypatch):
    result = run(site / "posts" / "drafts", "new", "From inside", monkeypatch=monkeypatch)
    assert result.stdout == "Wrote posts/2026-11-25-from-inside.md (number 10, dated 2026-11-25)\n"
    assert (site / "posts/2026-11-25-from-inside.md").is_file()


def test_new_with_config_file_from_another_folder(site, today, monkeypatch, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(elsewhere, "new", "From outside", "-f", "../source/mkdocs.yml", monkeypatch=monkeypatch)
    assert result.stdout == "Wrote posts/2026-11-25-from-outside.md (number 10, dated 2026-11-25)\n"
    assert (site / "posts/2026-11-25-from-outside.md").is_file()
    assert list(elsewhere.iterdir()) == []


def test_a_folder_without_mkdocs_yml_says_where_it_looked(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in (["new", "A title"], ["check"]):
        result = run(empty, *command, monkeypatch=monkeypatch)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: no mkdocs.yml in {empty} or in any folder above it; run columnist in your site's folder, "
            "or name the file with -f path/to/mkdocs.yml\n"
        )
    result = run(empty, "check", "-f", "nowhere.yml", monkeypatch=monkeypatch)
    assert result.stderr == f"Error: there is no file {empty / 'nowhere.yml'} (given with -f)\n"


def test_new_reports_every_problem_with_its_options_at_once(site, today, monkeypatch):
    result = run(
        site, "new", " ", "--date", "2026-02-30", "--author", "maren", "--author", "wes", "--audio", "nope.mp3",
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'Error: TITLE: is empty; write the title in quotes: columnist new "The quiet client"',
        "Error: --date: '2026-02-30' is not a date; write it as 2024-03-06",
        "Error: --author: 'wes' is not one of the authors in mkdocs.yml (maren, tomas)",
        "Error: --audio: 'nope.mp3' does not exist; put the audio file in the posts folder "
        "(posts/audio/ for example) and give its path",
    ]
    assert sorted(p.name for p in (site / "posts").glob("2026-*")) == []


def test_new_accepts_any_author_when_the_site_lists_none(broken, today, monkeypatch):
    result = run(broken, "new", "Guest column", "--author", "a guest", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert read(broken, "posts/2026-11-25-guest-column.md").authors == ("a guest",)


def test_new_audio_is_a_path_from_the_column_to_a_file_in_the_posts_folder(
    site, today, monkeypatch, tmp_path
):
    (site / "posts/audio").mkdir()
    (site / "posts/audio/quiet.mp3").write_bytes(b"ID3")
    (tmp_path / "outside.mp3").write_bytes(b"ID3")
    from_root = run(site, "new", "One", "--audio", "posts/audio/quiet.mp3", monkeypatch=monkeypatch)
    from_posts = run(site, "new", "Two", "--audio", "audio/quiet.mp3", monkeypatch=monkeypatch)
    from_audio = run(site / "posts/audio", "new", "Three", "--audio", "quiet.mp3", monkeypatch=monkeypatch)
    for result, name in ((from_root, "one"), (from_posts, "two"), (from_audio, "three")):
        assert result.exit_code == 0, result.stderr
        assert "audio: audio/quiet.mp3\n" in (site / f"posts/2026-11-25-{name}.md").read_text()
    outside = run(site, "new", "Four", "--audio", "../outside.mp3", monkeypatch=monkeypatch)
    assert outside.exit_code == 1
    assert outside.stderr == (
        "Error: --audio: '../outside.mp3' is outside the posts folder; move it into posts/ "
        "(into audio/ for example) and give its new path\n"
    )
    assert not (site / "posts/2026-11-25-four.md").exists()


def test_an_invalid_option_is_one_line_naming_where_it_is_written(site, monkeypatch):
    edit(site / "mkdocs.yml", "schedule: wednesday", "schedule: someday")
    for command in (["new", "A title"], ["check"]):
        result = run(site, *command, monkeypatch=monkeypatch)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == (
            "mkdocs.yml:9: schedule: must be a day of the week (monday ... sunday) or none, not 'someday'\n"
        )


def test_an_invalid_sub_option_and_unreadable_settings(site, monkeypatch):
    config = site / "mkdocs.yml"
    edit(config, "      podcast:\n", "      podcast:\n        type: weekly\n")
    result = run(site, "check", monkeypatch=monkeypatch)
    assert result.stderr == (
        "mkdocs.yml:14: podcast.type: Expected one of: ('episodic', 'serial') but received: 'weekly'\n"
    )
    config.write_text("site_name: x\nnav: [a, b\ntheme: material\n")
    result = run(site, "check", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        "mkdocs.yml:2: settings: cannot be read (expected ',' or ']', but got ':'); "
        "check the quotes, brackets and colons\n"
    )


def test_new_takes_the_site_s_only_author(site, today, monkeypatch):
    edit(site / "mkdocs.yml", "        tomas: {name: Tomas Reyes}\n", "")
    run(site, "new", "Alone", monkeypatch=monkeypatch)
    assert read(site, "posts/2026-11-25-alone.md").authors == ("maren",)
    # With two authors, nobody is guessed.
    edit(
        site / "mkdocs.yml",
        "        maren: {name: Maren Holt}\n",
        "        maren: {name: Maren Holt}\n        tomas: {name: T}\n",
    )
    run(site, "new", "Together", monkeypatch=monkeypatch)
    assert read(site, "posts/2026-11-25-together.md").authors == ()


def test_new_with_a_number_of_its_own(site, today, monkeypatch):
    result = run(site, "new", "Twelve", "--number", "12", monkeypatch=monkeypatch)
    assert result.stdout == "Wrote posts/2026-11-25-twelve.md (number 12, dated 2026-11-25)\n"
    result = run(site, "new", "Again", "--number", "2", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --number: 2 is already used by posts/2024-01-10-the-follow-up.md; choose another, or --renumber\n"
    )
    assert not (site / "posts/2026-11-25-again.md").exists()


def test_renumber_shows_what_would_change_then_writes_it_with_yes(site, today, monkeypatch):
    posts = site / "posts"
    before = {path: path.read_bytes() for path in posts.rglob("*.md")}
    shown = run(site, "new", "Back-dated", "--date", "2024-01-05", "--renumber", monkeypatch=monkeypatch)
    assert shown.exit_code == 0
    assert shown.stdout == (
        "Would number posts/2024-01-05-back-dated.md 2, and renumber:\n"
        "  posts/2024-01-10-the-follow-up.md: 2 -> 3\n"
        "  posts/2024/2024-01-17-the-third-week.md: 3 -> 4\n"
        "  posts/2099-01-07-far-future.md: 7 -> 8\n"
        "  posts/drafts/an-idea.md: 9 -> 10\n"
        "Nothing was written; run the same command with --yes to write them.\n"
    )
    assert {path: path.read_bytes() for path in posts.rglob("*.md")} == before
    done = run(
        site, "new", "Back-dated", "--date", "2024-01-05", "--renumber", "--yes", monkeypatch=monkeypatch
    )
    assert done.stdout.splitlines()[-1] == "Wrote posts/2024-01-05-back-dated.md (number 2, dated 2024-01-05)"
    numbers = {path.relative_to(site).as_posix(): read(site, path.relative_to(site).as_posix()).number
               for path in posts.rglob("*.md")}  # fmt: skip
    assert numbers == {
        "posts/2024-01-03-listen-first.md": 1, "posts/2024-01-05-back-dated.md": 2,
        "posts/2024-01-10-the-follow-up.md": 3, "posts/2024/2024-01-17-the-third-week.md": 4,
        "posts/2099-01-07-far-future.md": 8, "posts/drafts/an-idea.md": 10,
    }  # fmt: skip
    # Only the number line changed in the others.
    follow_up = posts / "2024-01-10-the-follow-up.md"
    assert follow_up.read_bytes() == before[follow_up].replace(b"number: 2\n", b"number: 3\n")
    assert run(site, "check", monkeypatch=monkeypatch).exit_code == 0


# --- columnist check --------------------------------------------------------------------------------------

CLEAN_REPORT = """\
Not published yet:
scheduled: posts/2099-01-07-far-future.md (2099-01-07)
draft: posts/drafts/an-idea.md
Next to appear: posts/2099-01-07-far-future.md on 2099-01-07
Checked 5 columns: no problems.
"""

BROKEN_REPORT = """\
Errors (fix these before publishing):
posts/2023-03-08-remote-audio.md:5: audio: a remote file needs length and type in the front matter (run `columnist check --fetch-media` to fill them in)
posts/2023-03-22-bad-yaml.md:4: front matter: cannot be read (did not find expected ',' or ']'); check the quotes, brackets and colons
posts/2023-04-05-missing-audio.md:5: audio: 'audio/missing.mp3' does not exist next to the column
Warnings (check these too):
posts/2023-02-01-links.md:7: link: '2023-01-11-second-colum.md' leads nowhere: there is no file posts/2023-01-11-second-colum.md; did you mean '2023-01-11-second-column.md'?
posts/2023-02-01-links.md:9: image: 'images/chart.png' is missing: there is no file posts/images/chart.png
posts/2023-02-01-links.md:17: link: '2023-03-01-draft.md' is a draft, so this link leads nowhere until that column is published
posts/2023-03-29-misspelled-key.md:4: catgories: is not a key Columnist knows, so it is ignored; did you mean 'categories'?
posts/2023-04-05-missing-audio.md:8: link: 'audio/missing.mp3' leads nowhere: there is no file posts/audio/missing.mp3
Editor's notes (the build does not look for these):
posts/2023-02-08-garbled.md:2: title: looks garbled: "Itâ€™s" is probably "It’s", "clientâ€™s" is probably "client’s"
posts/2023-02-08-garbled.md:5: quotes: item 1: text: looks garbled: "Thatâ€™s" is probably "That’s"
posts/2023-02-08-garbled.md:11: text: looks garbled: "Itâ€™s" is probably "It’s"
posts/2023-02-22-same-title-again.md:2: title: the title 'Same  title' is already used by posts/2023-02-15-same-title.md; give one of them another title so readers can tell them apart
posts/2023-03-01-draft.md:9: text: is still the placeholder from `columnist new`; write the column's opening here
Not published yet:
scheduled: posts/2099-01-07-future.md (2099-01-07)
draft: posts/2023-03-01-draft.md
Next to appear: posts/2099-01-07-future.md on 2099-01-07
Checked 13 columns: 3 errors, 5 warnings, 5 editor's notes.
"""


def test_check_on_a_good_site_lists_what_is_not_published_yet(site, monkeypatch):
    result = run(site, "check", monkeypatch=monkeypatch)
    assert (result.exit_code, result.stdout, result.stderr) == (0, CLEAN_REPORT, "")
    assert run(site, "check", "--strict", monkeypatch=monkeypatch).exit_code == 0


def test_check_names_every_problem_once_with_its_line(broken, monkeypatch):
    result = run(broken, "check", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stdout == BROKEN_REPORT
    assert result.stderr == ""


def test_editor_checks_are_the_same_when_the_columns_build(broken, monkeypatch):
    # Without the columns that stop the build, the catalog loads and the same problems are found.
    for name in ("2023-03-08-remote-audio.md", "2023-03-22-bad-yaml.md", "2023-04-05-missing-audio.md"):
        (broken / "posts" / name).unlink()
    result = run(broken, "check", monkeypatch=monkeypatch)
    kept = [
        line
        for line in BROKEN_REPORT.splitlines()
        if not re.search(r"remote-audio\.md|bad-yaml|missing-audio|^Checked|^Errors", line)
    ]
    # Now that the columns build, so does the podcast: the build's own warnings about it are listed too.
    podcast = [
        "mkdocs.yml:6: podcast.categories: are missing: Apple lists every podcast under at least one category",
        "mkdocs.yml:6: podcast.description: is missing: set site_description or the podcast's description",
        "mkdocs.yml:6: podcast.image: is missing: podcast apps need a square cover of 1400 to 3000 pixels (JPEG or PNG)",
        "mkdocs.yml:6: podcast.owner: has no email: Apple and Spotify write to it to confirm the podcast is yours",
    ]
    no_duration = (
        "posts/2023-03-15-remote-audio-no-duration.md:5: audio: has no duration, so podcast apps show no length "
        "for this episode; add duration: H:MM:SS under audio, or run `columnist check --fetch-media`"
    )
    assert result.stdout.splitlines() == [
        "Warnings (check these too):",
        *podcast,
        *kept[1:4],
        no_duration,
        *kept[4:],
        "Checked 10 columns: 9 warnings, 5 editor's notes.",
    ]


def test_warnings_fail_the_check_only_when_strict(broken, monkeypatch):
    posts = broken / "posts"
    for path in posts.glob("*.md"):
        if path.name not in ("2023-01-04-fine.md", "2023-03-29-misspelled-key.md"):
            path.unlink()
    expected = (
        "Warnings (check these too):\n"
        "posts/2023-03-29-misspelled-key.md:4: catgories: is not a key Columnist knows, so it is ignored; "
        "did you mean 'categories'?\n"
        "Checked 2 columns: 1 warning.\n"
    )
    relaxed = run(broken, "check", monkeypatch=monkeypatch)
    strict = run(broken, "check", "--strict", monkeypatch=monkeypatch)
    assert (relaxed.exit_code, relaxed.stdout) == (0, expected)
    assert (strict.exit_code, strict.stdout) == (1, expected)
    edit(broken / "mkdocs.yml", "site_name:", "strict: true\nsite_name:")
    assert run(broken, "check", monkeypatch=monkeypatch).exit_code == 1  # as mkdocs build would


def test_check_reports_what_stops_a_build_before_any_column_is_read(site, monkeypatch):
    edit(site / "mkdocs.yml", "site_url: https://notes.example.org/\n", "")
    edit(site / "mkdocs.yml", "timezone:", "posts_dir: columns\n      timezone:")
    result = run(site, "check", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stdout == (
        "Errors (fix these before publishing):\n"
        "mkdocs.yml:1: site_url: is missing: set it to the site's full address (for example https://example.org/); "
        "feeds and the podcast need it for their links\n"
        "mkdocs.yml:7: posts_dir: the folder 'columns' does not exist next to mkdocs.yml; "
        "create it or set posts_dir\n"
        "Checked 0 columns: 2 errors.\n"
    )


def test_check_shows_settings_warnings_as_a_build_would(site, monkeypatch):
    edit(
        site / "mkdocs.yml",
        "      schedule: wednesday\n",
        "      schedule: wednesday\n      feeds_items: 3\n",
    )
    result = run(site, "check", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "Warnings (check these too):",
        "mkdocs.yml:10: feeds_items: Unrecognised configuration name: feeds_items",
    ]


def test_check_as_a_command_from_a_subfolder(broken):
    result = subprocess.run(
        [sys.executable, "-m", "columnist.cli", "check"],
        cwd=broken / "posts",
        capture_output=True,
        text=True,
        env=run_env(),
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == BROKEN_REPORT
    assert result.stderr == ""


# --- columnist check --fetch-media ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def recording(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real MP3: a few spoken words, mono, 32 kbit/s."""
    folder = tmp_path_factory.mktemp("audio")
    subprocess.run(["espeak-ng", "-w", "x.wav", "Listen first, fix second. A column read by its author."],
                   cwd=folder, check=True)  # fmt: skip
    subprocess.run(["lame", "--quiet", "-m", "m", "-b", "32", "x.wav", "x.mp3"], cwd=folder, check=True)
    return (folder / "x.mp3").read_bytes()


@pytest.fixture
def audio_server(monkeypatch: pytest.MonkeyPatch):
    """A web server on 127.0.0.1 that answers HEAD and ranged GET requests, and records them."""
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    files: dict[str, bytes] = {}
    requests: list[tuple[str, str, str | None]] = []
    behaviour = SimpleNamespace(refuse_head=False, ignore_range=False, trickle=False)

    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.answer(body=False)

        def do_GET(self) -> None:
            self.answer(body=True)

        def answer(self, body: bool) -> None:
            requests.append((self.command, self.path, self.headers.get("Range")))
            data = files.get(self.path)
            if data is None:
                self.send_error(404)
                return
            if behaviour.refuse_head and not body:
                self.send_error(405)
                return
            start, end, status = 0, len(data) - 1, 200
            asked = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range") or "")
            if asked and body and not behaviour.ignore_range:
                start, end, status = int(asked[1]), min(int(asked[2] or end), end), 206
            self.send_response(status)
            self.send_header("Content-Type", "audio/mpeg")
            self.send_header("Content-Length", str(end + 1 - start))
            self.send_header("Accept-Ranges", "bytes")
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
            self.end_headers()
            if body and behaviour.trickle:  # a byte every 50 ms: each read is quick, the whole never ends
                try:
                    for byte in data[start : end + 1]:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:  # the client gave up, as it should
                    pass
            elif body:
                self.wfile.write(data[start : end + 1])

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(
        url=f"http://127.0.0.1:{server.server_port}", files=files, requests=requests, behaviour=behaviour
    )
    server.shutdown()
    server.server_close()


def expected_duration(recording: bytes, tmp_path: Path) -> str:
    whole = tmp_path / "whole.mp3"
    whole.write_bytes(recording)
    return remote_audio.format_duration(mutagen.File(whole).info.length)


def test_fetch_media_fills_in_only_the_missing_lines(site, monkeypatch, recording, audio_server, tmp_path):
    url = audio_server.url
    audio_server.files["/studio.mp3"] = recording
    posts = site / "posts"
    shutil.rmtree(posts / "drafts")
    (posts / "2099-01-07-far-future.md").unlink()
    mapping = (
        "---\n"
        "# Recorded at the studio; the file lives on the old server.\n"
        "date: 2024-02-07\n"
        "audio:\n"
        "  # read by the author\n"
        '  title: "Studio notes (read by the author)"\n'
        f"  src: {url}/studio.mp3   # moved in 2023\n"
        "  episode: 3\n"
        "\n"
        "title: Studio notes\n"
        "number: 4\n"
        "---\n"
        "\n"
        "Notes from the studio.\n"
    )
    plain = f"---\ntitle: Plain link\ndate: 2024-02-14\nnumber: 5\naudio: '{url}/studio.mp3'\n---\n\nText.\n"
    partly = (
        "---\ntitle: Partly known\ndate: 2024-02-21\nnumber: 6\n"
        f"audio: {{src: {url}/studio.mp3, type: audio/mpeg, length: 99}}\n---\n\nText.\n"
    )
    (posts / "2024-02-07-studio.md").write_text(mapping)
    (posts / "2024-02-14-plain.md").write_text(plain)
    (posts / "2024-02-21-partly.md").write_text(partly)

    result = run(site, "check", "--fetch-media", monkeypatch=monkeypatch)

    duration = expected_duration(recording, tmp_path)
    size = len(recording)
    assert result.stdout == (
        f"Filled in posts/2024-02-07-studio.md: length {size}, type audio/mpeg, duration {duration}\n"
        f"Filled in posts/2024-02-14-plain.md: length {size}, type audio/mpeg, duration {duration}\n"
        f"Filled in posts/2024-02-21-partly.md: duration {duration}\n"
        "Checked 6 columns: no problems.\n"
    )
    assert result.exit_code == 0
    assert (posts / "2024-02-07-studio.md").read_text() == mapping.replace(
        "  episode: 3\n",
        f'  episode: 3\n  length: {size}\n  type: audio/mpeg\n  duration: "{duration}"\n',
    )
    assert (posts / "2024-02-14-plain.md").read_text() == plain.replace(
        f"audio: '{url}/studio.mp3'\n",
        f"audio:\n  src: '{url}/studio.mp3'\n  length: {size}\n  type: audio/mpeg\n  duration: \"{duration}\"\n",
    )
    assert (posts / "2024-02-21-partly.md").read_text() == partly.replace(
        "length: 99}", f'length: 99, duration: "{duration}"}}'
    )
    # Each file: a HEAD, then one ranged GET of its first bytes.
    assert (
        audio_server.requests
        == [
            ("HEAD", "/studio.mp3", None),
            ("GET", "/studio.mp3", "bytes=0-262143"),
        ]
        * 3
    )


def test_fetch_media_estimates_a_long_mp3_from_its_first_bytes(
    site, monkeypatch, recording, audio_server, tmp_path
):
    monkeypatch.setattr(remote_audio, "CHUNK", 4096)  # the recording is longer than what is fetched
    audio_server.files["/long.mp3"] = recording
    post = site / "posts/2024-02-07-long.md"
    post.write_text(
        f"---\ntitle: Long\ndate: 2024-02-07\nnumber: 4\naudio: {audio_server.url}/long.mp3\n---\n\nText.\n"
    )
    result = run(site, "check", "--fetch-media", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    duration = expected_duration(recording, tmp_path)
    assert duration == "0:00:04"  # 4096 bytes alone would play for about a second
    assert result.stdout.splitlines()[0] == (
        f"Filled in posts/2024-02-07-long.md: length {len(recording)}, type audio/mpeg, duration {duration}"
    )
    assert audio_server.requests == [("HEAD", "/long.mp3", None), ("GET", "/long.mp3", "bytes=0-4095")]


@pytest.mark.parametrize("behaviour", ["refuse_head", "ignore_range"])
def test_fetch_media_copes_with_servers_that_refuse_head_or_ranges(
    site, monkeypatch, recording, audio_server, tmp_path, behaviour
):
    monkeypatch.setattr(remote_audio, "CHUNK", 4096)
    setattr(audio_server.behaviour, behaviour, True)
    audio_server.files["/x.mp3"] = recording
    post = site / "posts/2024-02-07-x.md"
    post.write_text(
        f"---\ntitle: X\ndate: 2024-02-07\nnumber: 4\naudio: {audio_server.url}/x.mp3\n---\n\nText.\n"
    )
    result = run(site, "check", "--fetch-media", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"Filled in posts/2024-02-07-x.md: length {len(recording)}, type audio/mpeg, "
        f"duration {expected_duration(recording, tmp_path)}"
    )
    assert [request[0] for request in audio_server.requests] == ["HEAD", "GET"]


def test_fetch_media_names_a_file_it_cannot_fetch(site, monkeypatch, audio_server):
    post = site / "posts/2024-02-07-gone.md"
    post.write_text(
        f"---\ntitle: Gone\ndate: 2024-02-07\nnumber: 4\naudio: {audio_server.url}/gone.mp3\n---\n\nText.\n"
    )
    before = post.read_bytes()
    result = run(site, "check", "--fetch-media", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:4] == [
        "Errors (fix these before publishing):",
        "posts/2024-02-07-gone.md:5: audio: a remote file needs length and type in the front matter "
        "(run `columnist check --fetch-media` to fill them in)",
        f"posts/2024-02-07-gone.md:5: audio: could not fetch {audio_server.url}/gone.mp3: "
        "the server answered 404 Not Found",
        "Not published yet:",
    ]
    assert post.read_bytes() == before


def test_fetch_media_gives_up_on_a_server_that_trickles(site, monkeypatch, recording, audio_server):
    monkeypatch.setattr(remote_audio, "TIMEOUT", 2)
    audio_server.behaviour.trickle = True
    audio_server.files["/slow.mp3"] = recording
    post = site / "posts/2024-02-07-slow.md"
    post.write_text(
        f"---\ntitle: Slow\ndate: 2024-02-07\nnumber: 4\naudio: {audio_server.url}/slow.mp3\n---\n\nText.\n"
    )
    before = post.read_bytes()
    started = time.monotonic()
    result = run(site, "check", "--fetch-media", monkeypatch=monkeypatch)
    assert time.monotonic() - started < 6
    assert result.exit_code == 1
    assert (
        f"posts/2024-02-07-slow.md:5: audio: could not fetch {audio_server.url}/slow.mp3: "
        "the server did not send the whole file within 2 seconds"
    ) in result.stdout.splitlines()
    assert post.read_bytes() == before


def test_the_front_matter_is_split_as_python_frontmatter_splits_it():
    from frontmatter.default_handlers import YAMLHandler

    for text in (
        "---\ntitle: A\n---\n\nBody\n",
        "----  \ntitle: A\n---\n---\nmore",
        "---\n---\n",
        "---\r\na: 1\r\n---\r\nB",
    ):
        assert frontmatter.split(text) == YAMLHandler().split(text)
        assert frontmatter.starts_with_front_matter(text) == YAMLHandler().detect(text)
    with pytest.raises(ValueError, match="the front matter has no closing --- line"):
        frontmatter.split("---\ntitle: A\n")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # Windows line endings and a byte-order mark are kept
            "\ufeff---\r\ntitle: T\r\naudio:\r\n    src: https://x.org/a.mp3\r\n---\r\nBody\r\n",
            "\ufeff---\r\ntitle: T\r\naudio:\r\n    src: https://x.org/a.mp3\r\n    length: 7\r\n---\r\nBody\r\n",
        ),
        (  # a key written but left empty gets its value where it stands
            "---\naudio:\n  duration:\n  src: https://x.org/a.mp3\n  length: # fill in\ntitle: T\n---\n",
            "---\naudio:\n  duration:\n  src: https://x.org/a.mp3\n  length: 7\ntitle: T\n---\n",
        ),
        (
            "---\naudio: {src: 'https://x.org/a.mp3'}  # hosted\n---\n",
            "---\naudio: {src: 'https://x.org/a.mp3', length: 7}  # hosted\n---\n",
        ),
    ],
)
def test_audio_facts_are_added_byte_for_byte(before, after):
    assert frontmatter.add_audio_facts(before.encode("utf-8"), {"length": 7}).decode("utf-8") == after


def test_audio_written_another_way_is_left_alone():
    text = b"---\naudio: &a\n  src: https://x.org/a.mp3\n---\n"
    with pytest.raises(ValueError, match="audio is written in a way Columnist does not edit"):
        frontmatter.add_audio_facts(text, {"length": 7})


def test_check_reports_the_podcast_warnings_the_build_does(tmp_path, monkeypatch, mkdocs_log):
    """A podcast Apple would refuse stops `mkdocs build --strict`, so it fails `columnist check --strict` too."""
    from mkdocs.exceptions import Abort

    from conftest import build_at

    source = copy_site("podcast", tmp_path)
    edit(source / "mkdocs.yml", "          email: ana@example.org\n", "")
    warning = "mkdocs.yml:13: podcast.owner: has no email: Apple and Spotify write to it to confirm the podcast is yours"
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    assert [r.getMessage() for r in mkdocs_log.records if r.levelname == "WARNING"] == [
        "columnist: " + warning
    ]
    strict = run(source, "check", "--strict", monkeypatch=monkeypatch)
    assert strict.exit_code == 1
    assert strict.stdout.splitlines() == [
        "Warnings (check these too):",
        warning,
        "Checked 3 columns: 1 warning.",
    ]
