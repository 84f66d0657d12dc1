"""``columnist init`` as a columnist runs it: the questions, the files, and a site that builds and publishes."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date, datetime, time, timedelta, timezone
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import lxml.etree
import lxml.html
import podcastparser
import pytest
import yaml
from click.testing import CliRunner

from columnist import checks, cli, settings, starter
from conftest import SITES, build_at

NAME = 'Notes: #1 & "more" <b>'
AUTHOR = "Zoë O'Brien"
FLAGS = (
    "--name",
    NAME,
    "--author",
    AUTHOR,
    "--email",
    "zoe@example.org",
    "--url",
    "https://notes.example.org/",
)
FILES = [
    "mkdocs.yml",
    "docs/index.md",
    "docs/about.md",
    "docs/subscribe.md",
    "requirements.txt",
    ".gitignore",
    ".github/workflows/publish.yml",
]


def run(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch, answers: str | None = None):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli.cli, list(args), input=answers, catch_exceptions=False)


def next_day(zone: str, weekday: int) -> date:
    """The next publishing day from today where the columnist is, worked out here on its own."""
    today = datetime.now(ZoneInfo(zone)).date()
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_init_yes_writes_a_site_that_builds_and_publishes_its_first_column_on_the_day(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    folder.mkdir()  # an empty folder is fine
    result = run(
        tmp_path, "init", "notes", "--yes", "--timezone", "Pacific/Auckland", *FLAGS, monkeypatch=monkeypatch
    )
    assert result.exit_code == 0, result.output
    day = next_day("Pacific/Auckland", 2)
    first = f"posts/{day.isoformat()}-welcome.md"
    assert result.output.splitlines() == [
        *(f"Wrote notes/{path}" for path in [*FILES, first]),
        "",
        "Your newsletter is ready. Next:",
        "  cd notes",
        "  mkdocs serve                 see the website at http://127.0.0.1:8000/ while you write",
        '  columnist new "A title"      start a column, dated for the next publishing day',
        "  columnist check              check every column before it comes out",
        "",
        "Before you publish: the last line of requirements.txt must say where your copy of Columnist comes from (a git address or a folder); change YOUR-ACCOUNT there to where yours is.",
    ]
    assert sorted(files_in(folder)) == sorted([*FILES, first])

    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (config["site_name"], config["site_url"], config["theme"]["language"]) == (
        NAME,
        "https://notes.example.org/",
        "en",
    )
    assert config["plugins"][0] == "search"
    assert config["plugins"][1]["columnist"] == {
        "timezone": "Pacific/Auckland",
        "schedule": "wednesday",
        "authors": {"zoe-obrien": {"name": AUTHOR, "email": "zoe@example.org"}},
        "podcast": {
            "author": AUTHOR,
            "owner": {"name": AUTHOR, "email": "zoe@example.org"},
            "language": "en",
        },
        "email": {"from": '"Notes: #1 & \\"more\\" <b>" <zoe@example.org>', "reply_to": "zoe@example.org"},
    }
    assert (folder / ".gitignore").read_text().splitlines()[1:] == ["site/", ".cache/", "email/"]

    # The workflow runs at 06:00 on the publishing day where the columnist is: in UTC, Tuesday evening.
    workflow = yaml.safe_load((folder / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    minute, hour, _, _, weekday = workflow[True]["schedule"][0]["cron"].split()
    at_six = datetime.combine(day, time(6), ZoneInfo("Pacific/Auckland")).astimezone(timezone.utc)
    assert (int(minute), int(hour), int(weekday)) == (at_six.minute, at_six.hour, (at_six.weekday() + 1) % 7)
    assert workflow[True]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}

    # Built at that hour, the first column is on the website and in the feed, with no change by hand.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(at_six.timestamp())))
    built = build_at(folder, tmp_path / "site")
    home = lxml.html.fromstring(built.read("index.html"))
    assert home.cssselect("article h1")[0].text_content().strip().removesuffix("¶") == NAME
    assert built.exists(f"{day:%Y/%m/%d}/welcome/index.html")
    feed = feedparser.parse(built.read("feed.xml"))
    assert feed.bozo == 0
    assert (feed.feed.title, [entry.title for entry in feed.entries]) == (NAME, ["Welcome"])


def test_the_new_site_takes_a_second_column_and_checks_clean_but_for_the_placeholders(tmp_path, monkeypatch):
    result = run(tmp_path, "init", "--yes", "--timezone", "America/Chicago", *FLAGS, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    day = next_day("America/Chicago", 2).isoformat()
    assert run(tmp_path, "new", "Second", monkeypatch=monkeypatch).output == (
        f"Wrote posts/{day}-second.md (number 2, dated {day})\n"
    )
    result = run(tmp_path, "check", monkeypatch=monkeypatch)
    assert (result.exit_code, result.output.splitlines()) == (
        0,
        [
            "Editor's notes (the build does not look for these):",
            f"posts/{day}-second.md:9: text: is still the placeholder from `columnist new`; write the column's opening here",
            f"posts/{day}-welcome.md:9: text: is still the placeholder from `columnist new`; write the column's opening here",
            "Not published yet:",
            f"scheduled: posts/{day}-second.md ({day})",
            f"scheduled: posts/{day}-welcome.md ({day})",
            f"Next to appear: posts/{day}-second.md on {day}",
            "Checked 2 columns: 2 editor's notes.",
        ],
    )
    # The email edition comes from the newsletter, with replies to the author.
    result = run(tmp_path, "email", f"posts/{day}-welcome.md", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    message = BytesParser(policy=policy.default).parsebytes((tmp_path / "email" / "welcome.eml").read_bytes())
    assert (message["From"].addresses[0].display_name, str(message["Reply-To"])) == (NAME, "zoe@example.org")

    site = settings.load(None, tmp_path)
    report = checks.check_columns(site.catalog_settings(now=datetime(2026, 11, 22, tzinfo=timezone.utc)))
    assert report.next_to_appear() == f"Next to appear: posts/{day}-second.md on {day}"


def test_the_workflow_is_a_valid_github_actions_workflow(tmp_path, monkeypatch):
    run(tmp_path, "init", "--yes", monkeypatch=monkeypatch)
    checker = shutil.which("check-jsonschema")
    assert checker, "check-jsonschema is not installed: pip install -e '.[test]'"
    workflow = ".github/workflows/publish.yml"
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", workflow],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stderr
    text = (tmp_path / workflow).read_text(encoding="utf-8")
    for step in (
        "actions/checkout@",
        "actions/setup-python@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ):
        assert f"uses: {step}" in text
    assert "- run: pip install -r requirements.txt\n" in text
    assert "- run: mkdocs build --strict\n" in text
    # With --yes the zone is this machine's, whichever it is: the comment above the cron names it.
    assert "# Every Wednesday at 06:00 in " in text
    requirements = (tmp_path / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert requirements[1] == "mkdocs-material>=9.5,<10"
    assert requirements[-1] == starter.COLUMNIST_PLACEHOLDER or requirements[-1].startswith(
        "mkdocs-columnist @ "
    )


def test_init_asks_each_question_and_asks_again_after_a_wrong_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    answers = "\n".join(
        [
            "Die Woche",
            "ftp://woche.example.org/",  # not a web address
            "https://woche.example.org",  # without the / at the end
            "https://woche.example.org/",
            "Jana Weiss",
            "jana",  # not an email address
            "jana@woche.example.org",
            "Mars/Olympus",  # not a time zone
            "",  # the guess, from TZ
            "someday",
            "Friday",
            "xx",
            "de",
        ]
    )
    result = run(
        tmp_path, "init", "--columnist-from", "./columnist", monkeypatch=monkeypatch, answers=answers + "\n"
    )
    assert result.exit_code == 0, result.output
    output = result.output
    for line in (
        "Error: 'ftp://woche.example.org/' is not a web address; write it as https://news.example.org/",
        "Error: 'https://woche.example.org' must end in /; write it as https://woche.example.org/",
        "Error: 'jana' is not an email address; write it as you@example.org",
        "Error: 'Mars/Olympus' is not a time zone name; use one like UTC, Europe/London or America/New_York",
        "Error: must be a day of the week (monday, tuesday, wednesday, thursday, friday, saturday, sunday), not 'someday'",
        "Error: 'xx' is not a language code the theme knows; write it as en, de, fr or pt-BR",
    ):
        assert line in output.splitlines()
    assert output.startswith(
        "A few questions to start your newsletter. Press Enter to take the answer in [brackets].\n"
        "The newsletter's name [My Newsletter]: "
    )
    assert "Your time zone [Europe/Berlin]: " in output
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    options = config["plugins"][1]["columnist"]
    assert (config["site_name"], config["site_url"], config["theme"]["language"]) == (
        "Die Woche",
        "https://woche.example.org/",
        "de",
    )
    assert (options["timezone"], options["schedule"], options["authors"]) == (
        "Europe/Berlin",
        "friday",
        {"jana-weiss": {"name": "Jana Weiss", "email": "jana@woche.example.org"}},
    )
    assert (tmp_path / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == "./columnist"
    assert "Before you publish" not in output
    day = next_day("Europe/Berlin", 4)
    assert (
        "Every Friday at 06:00 in Europe/Berlin" in (tmp_path / ".github/workflows/publish.yml").read_text()
    )
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(datetime.combine(day, time(6), ZoneInfo("Europe/Berlin")).timestamp()))
    )
    built = build_at(tmp_path, tmp_path / "site")
    assert 'lang="de"' in built.read("index.html")
    assert built.exists(f"{day:%Y/%m/%d}/welcome/index.html")


def test_wrong_flags_fail_naming_each_flag_and_write_nothing(tmp_path, monkeypatch):
    result = run(
        tmp_path,
        "init",
        "--yes",
        "--url=https://x.example.org",
        "--email=Wes <wes@example.org>",
        "--timezone=Europe/Atlantis",
        "--day=none",
        "--language=klingon",
        "--name= ",
        monkeypatch=monkeypatch,
    )
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "Error: --name: write the name on one line",
            "Error: --url: 'https://x.example.org' must end in /; write it as https://x.example.org/",
            "Error: --email: 'Wes <wes@example.org>' is not an email address; write it as you@example.org",
            "Error: --timezone: 'Europe/Atlantis' is not a time zone name; use one like UTC, Europe/London or America/New_York",
            "Error: --day: must be a day of the week (monday, tuesday, wednesday, thursday, friday, saturday, sunday), not 'none'",
            "Error: --language: 'klingon' is not a language code the theme knows; write it as en, de, fr or pt-BR",
        ],
    )
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_a_site_in_it_is_left_exactly_as_it_was(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_bytes(b"site_name: Mine\n")
    (tmp_path / "docs" / "index.md").write_bytes(b"# Mine\r\n")
    (tmp_path / "notes.txt").write_bytes(b"\x00kept\xff")
    before = files_in(tmp_path)
    result = run(tmp_path, "init", "--yes", monkeypatch=monkeypatch)
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "Error: nothing was written, because this folder already has these files a new site needs:",
            "  mkdocs.yml",
            "  docs/index.md",
            "Start the newsletter in another folder (columnist init my-newsletter), or move these away.",
        ],
    )
    assert files_in(tmp_path) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["docs", "mkdocs.yml", "notes.txt"]


def test_the_first_column_in_the_way_is_named_too(tmp_path, monkeypatch):
    day = next_day("UTC", 2)
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / f"{day.isoformat()}-welcome.md").write_text("mine\n")
    result = run(tmp_path / "posts", "init", "--yes", "--timezone", "UTC", "..", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "Error: nothing was written, because .. already has this file a new site needs:",
        f"  posts/{day.isoformat()}-welcome.md",
    ]
    assert sorted(files_in(tmp_path)) == [f"posts/{day.isoformat()}-welcome.md"]


def test_the_time_zone_is_guessed_from_the_machine(tmp_path):
    etc = tmp_path / "etc"
    etc.mkdir()
    assert starter.guess_timezone({}, etc) == "UTC"
    os.symlink("/usr/share/zoneinfo/America/Chicago", etc / "localtime")
    assert starter.guess_timezone({}, etc) == "America/Chicago"
    (etc / "timezone").write_text("Europe/Lisbon\n")
    assert starter.guess_timezone({}, etc) == "Europe/Lisbon"
    assert starter.guess_timezone({"TZ": ":Asia/Tokyo"}, etc) == "Asia/Tokyo"
    assert starter.guess_timezone({"TZ": "/etc/localtime"}, etc) == "Europe/Lisbon"
    (etc / "timezone").write_text("Not/AZone\n")
    assert starter.guess_timezone({"TZ": "CET-1CEST"}, etc) == "America/Chicago"


def test_with_the_two_podcast_lines_uncommented_an_audio_column_makes_a_podcast(tmp_path, monkeypatch):
    run(tmp_path, "init", "--yes", "--timezone", "UTC", *FLAGS, monkeypatch=monkeypatch)
    podcast = SITES / "podcast"
    (tmp_path / "posts" / "audio").mkdir()
    shutil.copy(podcast / "posts" / "audio" / "first.mp3", tmp_path / "posts" / "audio" / "first.mp3")
    (tmp_path / "docs" / "images").mkdir()
    shutil.copy(podcast / "docs" / "images" / "cover.png", tmp_path / "docs" / "images" / "cover.png")
    config = tmp_path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for line in ("image: images/cover.jpg", "categories: [Business/Management]"):
        assert f"        # {line}\n" in text
        text = text.replace(f"        # {line}\n", f"        {line}\n".replace(".jpg", ".png"))
    config.write_text(text, encoding="utf-8")
    result = run(tmp_path, "new", "Heard", "--audio", "posts/audio/first.mp3", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    day = next_day("UTC", 2)
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(datetime.combine(day, time(6), timezone.utc).timestamp()))
    )
    built = build_at(tmp_path, tmp_path / "site")
    parsed = podcastparser.parse(
        "https://notes.example.org/podcast.xml", io.BytesIO(built.read("podcast.xml").encode())
    )
    assert (parsed["title"], [episode["title"] for episode in parsed["episodes"]]) == (NAME, ["Heard"])
    channel = lxml.etree.fromstring(built.read("podcast.xml").encode()).find("channel")
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    assert channel.findtext(f"{itunes}owner/{itunes}email") == "zoe@example.org"


def test_a_file_where_a_folder_would_go_is_in_the_way(tmp_path, monkeypatch):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "posts").write_bytes(b"a file where the posts folder would go\n")
    before = files_in(tmp_path)
    result = run(tmp_path, "init", "news", "--yes", monkeypatch=monkeypatch)
    assert (result.exit_code, result.output.splitlines()[:2]) == (
        1,
        ["Error: nothing was written, because news already has this file a new site needs:", "  posts"],
    )
    assert files_in(tmp_path) == before


def test_a_write_that_fails_halfway_takes_back_what_it_wrote(tmp_path):
    (tmp_path / "late.txt").write_text("there first\n")
    with pytest.raises(FileExistsError):
        starter.write(tmp_path, {"docs/deep/a.md": "a\n", "b.md": "b\n", "late.txt": "mine\n"})
    assert files_in(tmp_path) == {"late.txt": b"there first\n"}
    assert [path.name for path in tmp_path.iterdir()] == ["late.txt"]
