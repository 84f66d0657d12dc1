"""``columnist check`` and ``mkdocs build`` agree: the same errors and warnings, and ``--strict`` fails both.

Each case takes a site that builds cleanly, adds one kind of problem, and runs both: every
problem ``check`` lists as an error or a warning is one the build reports (an error stops the
build, a warning is logged), every warning Columnist logs in the build is listed by ``check``,
and ``check --strict`` fails exactly when ``mkdocs build --strict`` does. What only an editor
looks for (garbled text, a placeholder, two titles alike) is listed apart and fails neither.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from columnist import cli
from conftest import copy_site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_column(name: str, text: str) -> Callable[[Path], None]:
    def prepare(source: Path) -> None:
        (source / "posts" / name).write_text(text, encoding="utf-8")

    return prepare


def append_to_column(text: str) -> Callable[[Path], None]:
    def prepare(source: Path) -> None:
        column = source / "posts" / "2024-01-10-the-follow-up.md"
        column.write_text(column.read_text(encoding="utf-8") + text, encoding="utf-8")

    return prepare


def edit_settings(old: str, new: str) -> Callable[[Path], None]:
    def prepare(source: Path) -> None:
        edit(source / "mkdocs.yml", old, new)

    return prepare


COLUMN = "---\ntitle: {title}\ndate: 2024-02-07\n{extra}---\n\nA paragraph of the column.\n"

CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    # name: (the problem, what a user expects: "clean", "editorial", "warning" or "error")
    "front matter that cannot be read": (
        add_column("2024-02-07-bad.md", "---\ntitle: [Unclosed\ndate: 2024-02-07\n---\n\nText.\n"),
        "error",
    ),
    "a date that is not one": (
        add_column(
            "2024-02-07-no-date.md", COLUMN.format(title="No date", extra="").replace("2024-02-07", "soon")
        ),
        "error",
    ),
    "an author nobody knows": (
        add_column("2024-02-07-stranger.md", COLUMN.format(title="Stranger", extra="authors: [nobody]\n")),
        "error",
    ),
    "a misspelled key": (
        add_column("2024-02-07-typo.md", COLUMN.format(title="Typo", extra="catgories: [Advice]\n")),
        "warning",
    ),
    "a link to a column that is not there": (
        append_to_column("\nSee [this](2024-01-11-nowhere.md).\n"),
        "warning",
    ),
    "a picture that is not there": (append_to_column("\n![A chart](images/chart.png)\n"), "warning"),
    "a link to a draft": (append_to_column("\nSee [the idea](drafts/an-idea.md).\n"), "warning"),
    "remote audio without a duration": (
        add_column(
            "2024-02-07-remote.md",
            COLUMN.format(
                title="Remote",
                extra="audio:\n  src: https://media.example.org/a.mp3\n  length: 1000\n  type: audio/mpeg\n",
            ),
        ),
        "warning",
    ),
    "an old address another column has": (
        add_column(
            "2024-02-07-alias.md", COLUMN.format(title="Alias", extra="aliases: [2024/01/03/listen-first/]\n")
        ),
        "error",
    ),
    "an address a page of the site has": (
        add_column("2024-02-07-archive.md", COLUMN.format(title="Archive", extra="aliases: [archive/]\n")),
        "error",
    ),
    "a podcast owner without an email": (
        edit_settings(
            "owner: {name: Maren Holt, email: maren@notes.example.org}", "owner: {name: Maren Holt}"
        ),
        "clean",  # the site has no audio, so no podcast: nothing to warn about
    ),
    "a setting MkDocs does not know": (
        edit_settings("site_name:", "site_colour: blue\nsite_name:"),
        "warning",
    ),
    "no site_url": (edit_settings("site_url: https://notes.example.org/\n", ""), "error"),
    "garbled text": (
        add_column("2024-02-07-garbled.md", COLUMN.format(title="Itâ€™s garbled", extra="")),
        "editorial",
    ),
    "two columns with one title": (
        add_column("2024-02-07-again.md", COLUMN.format(title="The follow-up", extra="")),
        "editorial",
    ),
}


def check(source: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> tuple[int, dict[str, list[str]]]:
    """``columnist check``: its exit status and the lines of each of its sections."""
    monkeypatch.chdir(source)
    result = CliRunner().invoke(cli.cli, ["check", *options], catch_exceptions=False)
    sections: dict[str, list[str]] = {}
    current = ""
    for line in result.stdout.splitlines():
        heading = re.match(r"^(Errors|Warnings|Editor's notes|Not published yet)\b.*:$", line)
        if heading:
            current = heading.group(1)
        elif not line.startswith("Checked "):
            sections.setdefault(current, []).append(line)
    return result.exit_code, sections


def build(source: Path, caplog: pytest.LogCaptureFixture, strict: bool) -> tuple[bool, list[str], list[str]]:
    """A build: whether it stopped, the errors logged, and the warnings logged."""
    caplog.clear()
    try:
        config = load_config(str(source / "mkdocs.yml"), site_dir=str(source.parent / "site"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(config)
        stopped = False
    except Abort:
        stopped = True
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    return stopped, errors, warnings


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_build_agree(case, tmp_path, monkeypatch, caplog):
    prepare, expected = CASES[case]
    source = copy_site("cli-site", tmp_path)
    prepare(source)
    caplog.set_level(logging.INFO, logger="mkdocs")

    relaxed_status, sections = check(source, monkeypatch)
    strict_status, _ = check(source, monkeypatch, "--strict")
    stopped, build_errors, build_warnings = build(source, caplog, strict=False)
    stopped_strictly, _, _ = build(source, caplog, strict=True)

    found = "error" if "Errors" in sections else "warning" if "Warnings" in sections else None
    found = found or ("editorial" if "Editor's notes" in sections else "clean")
    assert found == expected, sections
    assert (relaxed_status == 1, strict_status == 1) == (stopped, stopped_strictly)
    # Every error check lists is in the build's message; every warning is one the build logs.
    for line in sections.get("Errors", []):
        assert any(line in error for error in build_errors), (line, build_errors)
    columnist_warnings = [message.removeprefix("columnist: ") for message in build_warnings]
    for line in sections.get("Warnings", []):
        if line.startswith("mkdocs.yml:") and "podcast." not in line:
            # MkDocs' own warning about its settings, worded by MkDocs in the build.
            assert any(line.split(": ")[1] in message for message in build_warnings), (line, build_warnings)
        else:
            assert line in columnist_warnings, (line, build_warnings)
    # And the other way round: no warning of Columnist's in the build that check does not list.
    logged = [
        message.removeprefix("columnist: ") for message in build_warnings if message.startswith("columnist: ")
    ]
    assert sorted(logged) == sorted(line for line in sections.get("Warnings", []) if line in logged)
    assert set(logged) <= set(sections.get("Warnings", []))
