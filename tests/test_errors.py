"""A site with broken columns: every problem named at once, and the last good site kept."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from columnist.config import ColumnistConfig
from conftest import GENERATOR, build_at, copy_site, run_env

BROKEN_REPORT = """\
Columnist found 6 errors in your columns; nothing was published:
posts/bad-yaml.md:4: front matter: cannot be read (did not find expected ',' or ']'); check the quotes, brackets and colons
posts/duplicate-number.md:4: number: the number 3 is already used by posts/fine.md
posts/misspelled-date.md:3: date: '2023-02-30' is not a date; write it as 2024-03-06, or 2024-03-06 08:30 with a time
posts/no-title.md:1: title: is required: every column needs a title
posts/wrong-type.md:5: number: must be a whole number, not 'three'
posts/wrong-type.md:6: draft: must be true or false, not 'maybe'
and 1 warning:
posts/misspelled-key.md:4: catgories: is not a key Columnist knows, so it is ignored; did you mean 'categories'?"""


def test_every_problem_is_reported_once_word_for_word(tmp_path, mkdocs_log):
    source = copy_site("broken", tmp_path)
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    errors = [record.getMessage() for record in mkdocs_log.records if record.levelname == "ERROR"]
    assert errors == [BROKEN_REPORT]


def test_a_failed_build_keeps_the_last_good_site(tmp_path):
    source = copy_site("basic", tmp_path)
    site = tmp_path / "site"
    build_at(source, site)
    good = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    broken = copy_site("broken", tmp_path / "broken")
    shutil.copy(broken / "posts" / "bad-yaml.md", source / "posts" / "bad-yaml.md")
    with pytest.raises(Abort):
        build_at(source, site)
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == good


def test_the_command_line_shows_the_problems_without_a_traceback(tmp_path):
    source = copy_site("broken", tmp_path)
    result = subprocess.run(
        [*GENERATOR, "build", "-d", str(tmp_path / "site")],
        cwd=source,
        capture_output=True,
        text=True,
        env=run_env(),
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in BROKEN_REPORT.splitlines()[1:]:
        assert line in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "timezone",
            "Mars/Olympus",
            "'Mars/Olympus' is not a time zone name; use one like UTC, Europe/London or America/New_York",
        ),
        (
            "post_url",
            "{year}/{title}/",
            "'{title}' is not a field; use {year}, {month}, {day}, {slug}, {number}, {category}",
        ),
        (
            "post_url",
            "{year}/{month}/",
            "must contain {slug} or {number}, so that every column has its own address",
        ),
        (
            "post_url",
            "{slug}/../../../x-{slug}/",
            "'{slug}/../../../x-{slug}/' must not use '..' or '.' as a folder; "
            "write a path like {year}/{month}/{slug}/",
        ),
        (
            "post_url",
            "{year}/%2E%2E/{slug}/",
            "'{year}/%2E%2E/{slug}/' must not use '..' or '.' as a folder; write a path like {year}/{month}/{slug}/",
        ),
        (
            "post_url",
            "{year}/" + "x" * 300 + "{slug}/",
            "'{year}/"
            + "x" * 300
            + "{slug}/' has a part longer than 255 bytes, more than a file name can hold; "
            "shorten it",
        ),
        (
            "post_url",
            "https://example.org/{slug}/",
            "'https://example.org/{slug}/' must be a path on this site",
        ),
        (
            "podcast",
            {"image": "file:///etc/cover.jpg"},
            "Sub-option 'image': 'file:///etc/cover.jpg' is not allowed: use an address starting with https:// "
            "or http://, or a path on the site",
        ),
        (
            "podcast",
            {"funding": {"url": "data:text/html,<b>x</b>"}},
            "Sub-option 'funding': Sub-option 'url': 'data:text/html,<b>x</b>' is not allowed: use an address "
            "starting with https:// or http://, or a path on the site",
        ),
        ("per_page", 0, "must be 1 or more, not 0"),
        ("schedule", "someday", "must be a day of the week (monday ... sunday) or none, not 'someday'"),
    ],
)
def test_invalid_options_fail_in_mkdocs_style(tmp_path, option, value, message):
    source = copy_site("basic", tmp_path)
    config_file = source / "mkdocs.yml"
    config_file.write_text(config_file.read_text().replace("timezone: Europe/London", f"{option}: {value!r}"))
    with pytest.raises(Abort, match="Aborted with a configuration error!"):
        load_config(str(config_file))
    options = ColumnistConfig()
    options.load_dict({option: value})
    failed, _ = options.validate()
    assert [(name, str(error)) for name, error in failed] == [(option, message)]


@pytest.mark.parametrize(
    ("author", "message"),
    [
        (
            "{name: Ana Ruiz, url: 'javascript:alert(1)'}",
            "Sub-option 'url': 'javascript:alert(1)' is not allowed: use an address starting with https://, "
            "http:// or mailto:, or a path on the site",
        ),
        (
            "{name: Ana Ruiz, avatar: 'mailto:ana@example.org'}",
            "Sub-option 'avatar': 'mailto:ana@example.org' is not allowed: use an address starting with "
            "https:// or http://, or a path on the site",
        ),
    ],
)
def test_an_author_link_keeps_to_the_url_policy(tmp_path, author, message):
    source = copy_site("basic", tmp_path)
    config_file = source / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text().replace("ana: {name: Ana Ruiz, email: ana@example.org}", f"ana: {author}")
    )
    with pytest.raises(Abort, match="Aborted with a configuration error!"):
        load_config(str(config_file))
    options = ColumnistConfig()
    options.load_dict({"authors": yaml.safe_load(f"ana: {author}")})
    failed, _ = options.validate()
    assert [(name, str(error)) for name, error in failed] == [("authors", message)]
    allowed = ColumnistConfig()
    allowed.load_dict(
        {"authors": {"ana": {"name": "Ana", "url": "mailto:ana@example.org", "avatar": "/a.png"}}}
    )
    assert allowed.validate()[0] == []


def test_command_line_names_the_option(tmp_path):
    source = copy_site("basic", tmp_path)
    config_file = source / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text().replace("timezone: Europe/London", "timezone: Mars/Olympus")
    )
    result = subprocess.run(
        [*GENERATOR, "build", "-d", str(tmp_path / "site")],
        cwd=source,
        capture_output=True,
        text=True,
        env=run_env(),
        check=False,
    )
    assert result.returncode == 1
    assert "Plugin 'columnist' option 'timezone': 'Mars/Olympus' is not a time zone name" in result.stderr
