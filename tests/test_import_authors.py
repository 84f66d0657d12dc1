"""The authors of imported columns, kept in posts/.authors.yml: the site builds straight after an import."""

from __future__ import annotations

import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from columnist import checks, cli, remote_audio, settings
from conftest import GENERATOR, build_at, copy_site, run_env

THEME_UNIT_TEST = Path(__file__).parent.parent.parent / "shared" / "data" / "wordpress-theme-unit-test.xml"

ADDED = (
    "Added 2 authors to posts/.authors.yml, where you can give each a description or a picture: "
    'themedemos as "Theme Buster", themereviewteam as "Theme Reviewer"'
)

WRITTEN = """\
# The authors of this site's columns, read together with the authors in mkdocs.yml.
# "columnist import" adds the authors of an old blog here and never changes an entry.
# Give an author a description or a picture by adding lines under their name, e.g.
#   description: Writes about listening.
#   avatar: https://example.org/maren.jpg
# Each author is listed once: here or in mkdocs.yml, not in both.
themedemos:
  name: Theme Buster
themereviewteam:
  name: Theme Reviewer
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("import-target", tmp_path)


def run(site: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(site)
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def import_theme_test(site: Path, monkeypatch: pytest.MonkeyPatch):
    assert THEME_UNIT_TEST.is_file(), f"WordPress's theme unit test export is missing: {THEME_UNIT_TEST}"
    return run(site, monkeypatch, "import", str(THEME_UNIT_TEST))


def fill_in_durations(site: Path) -> None:
    """What ``columnist check --fetch-media`` does for the export's three recordings, without the network."""
    report = checks.check_columns(settings.load(None, site).catalog_settings(now=None))
    done, problems = remote_audio.fetch_media(
        report.posts, fetch=lambda src: remote_audio.AudioFacts(None, None, 205.0)
    )
    assert len(done) == 3 and problems == []


def mkdocs_build(site: Path, destination: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` as a columnist types it."""
    return subprocess.run(
        [*GENERATOR, "build", "--strict", "-d", str(destination)],
        cwd=site, capture_output=True, text=True, env=run_env(), check=False,
    )  # fmt: skip


def author_links(page: str, key: str) -> list[str]:
    """The names a column page links to the author's page with."""
    tree = lxml.html.fromstring(page)
    return [link.text_content().strip() for link in tree.xpath(f"//a[contains(@href, 'author/{key}/')]")]


def test_an_imported_wordpress_site_builds_and_shows_its_authors_by_name(site, tmp_path, monkeypatch):
    config = (site / "mkdocs.yml").read_bytes()
    result = import_theme_test(site, monkeypatch)
    assert result.exit_code == 0, result.output
    assert ADDED in result.stdout.splitlines()
    assert (site / "posts/.authors.yml").read_text(encoding="utf-8") == WRITTEN
    assert (site / "mkdocs.yml").read_bytes() == config

    fill_in_durations(site)
    built = mkdocs_build(site, tmp_path / "built")
    assert built.returncode == 0, built.stderr
    column = (tmp_path / "built/2023/01/13/wp-6-1-theme-block-category/index.html").read_text(
        encoding="utf-8"
    )
    assert "Theme Reviewer" in author_links(column, "themereviewteam")
    author_page = (tmp_path / "built/author/themedemos/index.html").read_text(encoding="utf-8")
    assert "Theme Buster" in lxml.html.fromstring(author_page).text_content()
    assert not (tmp_path / "built/posts/.authors.yml").exists()  # the file is the site's, not the readers'


def test_a_second_import_adds_no_author_and_changes_no_byte(site, monkeypatch):
    import_theme_test(site, monkeypatch)
    before = (site / "posts/.authors.yml").read_bytes()
    again = import_theme_test(site, monkeypatch)
    assert again.exit_code == 0, again.output
    assert "Added" not in again.stdout
    assert again.stdout.splitlines()[-1] == "Imported 0 columns, skipped 58 already here, no problems."
    assert (site / "posts/.authors.yml").read_bytes() == before


def test_what_the_columnist_wrote_in_the_file_is_kept_and_shown(site, tmp_path, monkeypatch):
    own = (
        b"# Who writes here, beside Maren.\r\n"
        b"themedemos:\r\n  name: Theme Buster\r\n  description: Tests themes for a living.\r\n"
        b"  avatar: https://column.example.org/buster.jpg"  # no line break at the end
    )
    (site / "posts/.authors.yml").write_bytes(own)
    result = import_theme_test(site, monkeypatch)
    assert result.exit_code == 0, result.output
    assert (
        "Added 1 author to posts/.authors.yml, where you can give each a description or a picture: "
        'themereviewteam as "Theme Reviewer"'
    ) in result.stdout.splitlines()
    assert (
        site / "posts/.authors.yml"
    ).read_bytes() == own + b"\r\nthemereviewteam:\r\n  name: Theme Reviewer\r\n"

    fill_in_durations(site)
    built = build_at(site, tmp_path / "built")
    author_page = lxml.html.fromstring(built.read("author/themedemos/index.html"))
    assert "Tests themes for a living." in author_page.text_content()
    assert author_page.xpath("//img[@src='https://column.example.org/buster.jpg']")


def test_a_dry_run_says_which_authors_it_would_add_and_writes_none(site, monkeypatch):
    result = run(site, monkeypatch, "import", "--dry-run", str(THEME_UNIT_TEST))
    assert result.exit_code == 0, result.output
    assert ADDED.replace("Added", "Would add") in result.stdout.splitlines()
    assert not (site / "posts/.authors.yml").exists()


BOTH_PLACES = "maren:\n  name: Maren Holt\nwes:\n  name: Wes Trainer\n  colour: blue\n"
BOTH_PLACES_PROBLEMS = [
    "posts/.authors.yml:1: maren: is also under authors in mkdocs.yml; keep it in one of the two",
    "posts/.authors.yml:5: wes.colour: is not a field of an author; use name, email, url, avatar, description",
]
MALFORMED = "wes:\n  name: Wes: Trainer\n"
MALFORMED_PROBLEMS = [
    "posts/.authors.yml:2: authors: cannot be read (mapping values are not allowed in this context); "
    "check the quotes, colons and indentation",
]


@pytest.mark.parametrize(
    ("content", "problems"), [(BOTH_PLACES, BOTH_PLACES_PROBLEMS), (MALFORMED, MALFORMED_PROBLEMS)]
)
def test_a_wrong_authors_file_is_named_by_check_and_by_the_build(
    site, tmp_path, monkeypatch, mkdocs_log, content, problems
):
    (site / "posts/.authors.yml").write_text(content, encoding="utf-8")

    checked = run(site, monkeypatch, "check")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines()[: 1 + len(problems)] == [
        "Errors (fix these before publishing):",
        *problems,
    ]

    with pytest.raises(Abort):
        build_at(site, tmp_path / "built")
    errors = [record.getMessage() for record in mkdocs_log.records if record.levelname == "ERROR"]
    count = "1 error" if len(problems) == 1 else f"{len(problems)} errors"
    assert errors == [
        f"Columnist found {count} in your settings; nothing was published:\n" + "\n".join(problems)
    ]


def test_a_column_whose_author_is_in_neither_place_says_where_authors_go(site, monkeypatch):
    import_theme_test(site, monkeypatch)
    (site / "posts/.authors.yml").write_text("themedemos:\n  name: Theme Buster\n", encoding="utf-8")
    checked = run(site, monkeypatch, "check")
    assert checked.exit_code == 1
    assert (
        "posts/2018-10-20-keyboard-navigation.md:5: authors: 'themereviewteam' is not one of the "
        "authors in mkdocs.yml or posts/.authors.yml (maren, themedemos)"
    ) in checked.stdout.splitlines()
