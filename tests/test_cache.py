"""The build cache: a build that uses it writes the same bytes, file by file, as a build without it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from conftest import BUILD_NOW, GENERATOR, run_env

COLUMNS = 200
CATEGORIES = ("Listening", "Trust", "Pricing", "Projects", "Hiring")


def column_text(number: int, title: str | None = None, day: str | None = None, category: str = "") -> str:
    meta = {
        "title": title or f"Column number {number}",
        "date": day or f"20{10 + number // 100:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "categories": [category or CATEGORIES[number % len(CATEGORIES)]],
        "tags": [f"tag{number % 7}"],
        "number": number,
    }
    earlier = f"See [the column before](column-{number - 1:03d}.md). " if number > 1 else ""
    body = (
        f"The opening of column {number}. {earlier}More about the [site](../docs/about.md).\n\n"
        "<!-- more -->\n\n## What happened\n\nThe rest of it.\n\n## What to do\n\n- one\n- two\n"
    )
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + body


def make_site(folder: Path) -> Path:
    (folder / "posts").mkdir(parents=True)
    (folder / "docs").mkdir()
    (folder / "overrides").mkdir()
    (folder / "docs" / "index.md").write_text("# Cached Column\n\nA weekly column.\n", encoding="utf-8")
    (folder / "docs" / "about.md").write_text("# About\n\n## Who\n\nSomeone.\n", encoding="utf-8")
    (folder / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    config = {
        "site_name": "Cached Column",
        "site_url": "https://cached.example.org/",
        "theme": {"name": "material", "custom_dir": "overrides"},
        "nav": ["index.md", "about.md"],
        "markdown_extensions": ["admonition", {"toc": {"permalink": True}}],
        "plugins": ["search", {"columnist": {"timezone": "UTC"}}],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for number in range(1, COLUMNS + 1):
        (folder / "posts" / f"column-{number:03d}.md").write_text(column_text(number), encoding="utf-8")
    return folder


def set_cache(source: Path, **options: object) -> None:
    path = source / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["plugins"][1]["columnist"]["cache"] = options
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


@dataclass(frozen=True)
class CacheUse:
    """How many entries of each kind a build found in the cache, and how many it looked for in vain."""

    hits: dict[str, int]
    misses: dict[str, int]

    @property
    def found(self) -> int:
        return sum(self.hits.values())

    @property
    def missed(self) -> int:
        return sum(self.misses.values())


def build_once(source: Path, site: Path) -> CacheUse:
    """One strict build, as ``mkdocs build`` runs it, and how often it found what it looked for."""
    config = load_config(str(source / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    cache = config.plugins["columnist"].cache
    return CacheUse(dict(cache.hits), dict(cache.misses))


def tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }


def assert_same_site(built: Path, reference: Path) -> None:
    made, expected = tree(built), tree(reference)
    assert sorted(made) == sorted(expected)
    differing = [path for path in expected if made[path] != expected[path]]
    assert differing == []


def render_entries(source: Path) -> dict[str, object]:
    kept = json.loads((source / ".cache" / "columnist" / "render.json").read_text(encoding="utf-8"))
    return kept["entries"]


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_NOW)


@pytest.fixture
def sites(tmp_path: Path) -> tuple[Path, Path]:
    """The site that keeps its cache, and a copy of the same inputs that never has one."""
    cached = make_site(tmp_path / "cached")
    uncached = tmp_path / "uncached"
    shutil.copytree(cached, uncached)
    set_cache(uncached, enabled=False)
    return cached, uncached


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def rewrite(number: int, **front_matter: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        (site / "posts" / f"column-{number:03d}.md").write_text(column_text(number, **front_matter))

    return change


CHANGES: dict[str, Callable[[Path], None]] = {
    "a column's text": lambda site: append(site / "posts" / "column-200.md", "\nA line written later.\n"),
    "a column's title": rewrite(150, title="A better title"),
    "a column's date": rewrite(120, day="2001-05-05"),
    "a column's categories": rewrite(7, category="Habits"),
    "a docs page": lambda site: append(site / "docs" / "about.md", "\n## Where\n\nHere.\n"),
    "mkdocs.yml's site name": lambda site: (site / "mkdocs.yml").write_text(
        (site / "mkdocs.yml").read_text().replace("site_name: Cached Column", "site_name: The Column")
    ),
    "mkdocs.yml's Markdown options": lambda site: (site / "mkdocs.yml").write_text(
        (site / "mkdocs.yml").read_text().replace("permalink: true", "permalink: '#'")
    ),
    "a template override": lambda site: (site / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}<p>Our own footer</p>{% endblock %}\n'
    ),
    "a new column": lambda site: (site / "posts" / "column-201.md").write_text(column_text(201)),
    "a column removed": lambda site: (site / "posts" / "column-201.md").unlink(),
}
#: Changes that every page's Markdown depends on.
RENDER_EVERYTHING_AGAIN = {"mkdocs.yml's Markdown options"}
#: Changes that every page's HTML shows, or may show.
SHOWN_ON_EVERY_PAGE = {"mkdocs.yml's site name", "a template override"}
#: Changes that only a few pages show, and at most how many pages are made again for them.
SHOWN_ON_A_FEW_PAGES = {"a column's text": 8, "a docs page": 1}


def test_cold_and_warm_builds_match_a_build_without_the_cache(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    cached, uncached = sites
    build_once(uncached, tmp_path / "reference")
    cold = build_once(cached, tmp_path / "cold")
    assert_same_site(tmp_path / "cold", tmp_path / "reference")
    assert len(render_entries(cached)) >= COLUMNS
    warm = build_once(cached, tmp_path / "warm")
    assert_same_site(tmp_path / "warm", tmp_path / "reference")
    assert cold.found == 0 and warm.missed == 0
    # Every column's Markdown, and every page's HTML, came from the cache.
    pages = [path for path in tree(tmp_path / "warm") if path.endswith("index.html")]
    assert warm.hits["render"] >= COLUMNS and warm.hits["page"] >= len(pages) - 10 > COLUMNS


def test_each_kind_of_change_matches_a_build_without_the_cache(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    cached, uncached = sites
    build_once(cached, tmp_path / "first")
    for number, (kind, change) in enumerate(CHANGES.items()):
        change(cached)
        change(uncached)
        build_once(uncached, tmp_path / f"reference-{number}")
        plugin = build_once(cached, tmp_path / f"warm-{number}")
        assert tree(tmp_path / f"warm-{number}") == tree(tmp_path / f"reference-{number}"), kind
        if kind in RENDER_EVERYTHING_AGAIN:
            assert plugin.hits.get("render", 0) == 0, kind
        if kind in SHOWN_ON_EVERY_PAGE | RENDER_EVERYTHING_AGAIN:
            assert plugin.hits.get("page", 0) == 0, kind
        else:
            assert plugin.hits.get("render", 0) > 0 and plugin.hits.get("page", 0) > 0, (kind, plugin)
        if kind in SHOWN_ON_A_FEW_PAGES:
            # The column's page, the lists that show it, its neighbours: not the other two hundred.
            assert plugin.misses["page"] <= SHOWN_ON_A_FEW_PAGES[kind], kind
    text = (tmp_path / f"warm-{len(CHANGES) - 1}" / "about" / "index.html").read_text(encoding="utf-8")
    assert "Our own footer" in text and "Where" in text


def test_a_damaged_cache_is_read_past_and_written_again(sites: tuple[Path, Path], tmp_path: Path) -> None:
    cached, uncached = sites
    build_once(uncached, tmp_path / "reference")
    build_once(cached, tmp_path / "first")
    pages = sorted((cached / ".cache" / "columnist" / "page").iterdir())
    whole_pages = {path: path.read_bytes() for path in pages}
    for number, path in enumerate(pages):  # cut short, emptied, another page's, not text
        damage = (path.read_bytes()[:-7], b"", whole_pages[pages[number - 1]], b"\xff\xfe")[number % 4]
        path.write_bytes(damage)
    plugin = build_once(cached, tmp_path / "damaged-pages")
    assert_same_site(tmp_path / "damaged-pages", tmp_path / "reference")
    assert plugin.hits.get("page", 0) == 0
    assert {path: path.read_bytes() for path in pages} == whole_pages  # each written again, whole
    for kind in ("render", "search"):
        kept = cached / ".cache" / "columnist" / f"{kind}.json"
        whole = kept.read_bytes()
        for damage in (b"", b"{not json", whole[: len(whole) // 2], b'{"format": "1", "entries": []}'):
            kept.write_bytes(damage)
            plugin = build_once(cached, tmp_path / "damaged")
            assert_same_site(tmp_path / "damaged", tmp_path / "reference")
            assert plugin.hits.get(kind, 0) == 0
            assert kept.read_bytes() == whole  # written again, whole
    kept = cached / ".cache" / "columnist" / "render.json"
    whole = kept.read_bytes()
    entries = json.loads(whole)
    for number, key in enumerate(entries["entries"]):
        broken = ({"content": 3}, [], {"toc": "x"}, {})
        entries["entries"][key] = broken[number % len(broken)]
    kept.write_text(json.dumps(entries), encoding="utf-8")
    plugin = build_once(cached, tmp_path / "damaged-entries")
    assert_same_site(tmp_path / "damaged-entries", tmp_path / "reference")


def test_two_builds_at_once_leave_a_cache_that_builds_the_same_site(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    cached, uncached = sites
    build_once(uncached, tmp_path / "reference")
    command = [*GENERATOR, "build", "-q", "-s", "-f", str(cached / "mkdocs.yml"), "-d"]
    env = {**run_env(), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    both = [subprocess.Popen([*command, str(tmp_path / f"at-once-{n}")], env=env) for n in (1, 2)]
    assert [process.wait(timeout=300) for process in both] == [0, 0]
    for n in (1, 2):
        assert_same_site(tmp_path / f"at-once-{n}", tmp_path / "reference")
    assert not list((cached / ".cache").rglob("*.part"))
    plugin = build_once(cached, tmp_path / "after")
    assert_same_site(tmp_path / "after", tmp_path / "reference")
    assert plugin.missed == 0


def test_a_broken_link_fails_a_strict_build_with_the_cache_as_without(
    sites: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cached, _ = sites
    append(cached / "docs" / "about.md", "\nSee [the old page](gone.md).\n")
    for attempt in ("cold", "warm"):
        caplog.clear()
        with pytest.raises(Abort):
            build_once(cached, tmp_path / attempt)
        warnings = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
        assert any("'gone.md'" in warning and "about.md" in warning for warning in warnings), attempt


def test_the_cache_can_be_moved_or_turned_off(sites: tuple[Path, Path], tmp_path: Path) -> None:
    cached, uncached = sites
    set_cache(cached, dir="../elsewhere")
    build_once(cached, tmp_path / "moved")
    assert not (cached / ".cache").exists()
    assert (tmp_path / "elsewhere" / "render.json").is_file()
    build_once(uncached, tmp_path / "off")
    assert not (uncached / ".cache").exists()


def test_a_page_that_includes_another_file_shows_its_change(sites: tuple[Path, Path], tmp_path: Path) -> None:
    cached, _ = sites
    config = yaml.safe_load((cached / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"].append({"pymdownx.snippets": {"base_path": [str(cached / "snippets")]}})
    (cached / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (cached / "snippets").mkdir()
    (cached / "snippets" / "note.md").write_text("The first note.\n", encoding="utf-8")
    append(cached / "docs" / "about.md", '\n--8<-- "note.md"\n')
    build_once(cached, tmp_path / "first")
    (cached / "snippets" / "note.md").write_text("The second note.\n", encoding="utf-8")
    build_once(cached, tmp_path / "second")
    assert "The second note." in (tmp_path / "second" / "about" / "index.html").read_text(encoding="utf-8")


def test_every_kind_of_entry_is_used_and_gives_what_was_made(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    """Front matter with times and offsets, search sections, list entries, pages: all come back the same."""
    cached, uncached = sites
    front_matter = (
        "---\ntitle: Late at night\ndate: 2011-03-04 23:30:00+02:00\nupdated: 2011-03-05T08:00:00Z\n"
        "categories: [Trust]\nquotes:\n  - text: A thing said\n    by: Someone\n---\n\nThe text.\n"
    )
    for site in sites:
        (site / "posts" / "late.md").write_text(front_matter, encoding="utf-8")
    build_once(uncached, tmp_path / "reference")
    cold = build_once(cached, tmp_path / "cold")
    warm = build_once(cached, tmp_path / "warm")
    for built in ("cold", "warm"):
        assert_same_site(tmp_path / built, tmp_path / "reference")
    assert cold.found == 0
    assert {
        kind: warm.hits.get(kind, 0) > 0 for kind in ("yaml", "render", "part", "search", "page")
    } == dict.fromkeys(("yaml", "render", "part", "search", "page"), True)
    page = (tmp_path / "warm" / "2011" / "03" / "04" / "late-at-night" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'datetime="2011-03-04T21:30:00+00:00"' in page  # 23:30 at +02:00, in the site's zone (UTC)


def test_front_matter_that_does_not_read_stops_every_build(
    sites: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cached, _ = sites
    (cached / "posts" / "column-005.md").write_text("---\ntitle: [unclosed\ndate: 2012-01-01\n---\n\nText.\n")
    for attempt in ("cold", "warm"):
        caplog.clear()
        with pytest.raises((Abort, PluginError)) as stopped:
            build_once(cached, tmp_path / attempt)
        said = str(stopped.value) + "\n".join(record.getMessage() for record in caplog.records)
        assert "posts/column-005.md:2" in said, attempt


def test_a_template_that_lists_every_page_shows_a_retitled_column(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    """The list of all pages is left out of a page's key only while no template reads it."""
    cached, uncached = sites
    lister = (
        '{% extends "base.html" %}\n{% block footer %}<ul>{% for file in pages %}'
        "<li>{{ file.page.title }}</li>{% endfor %}</ul>{% endblock %}\n"
    )
    for site in sites:
        (site / "overrides" / "main.html").write_text(lister, encoding="utf-8")
        (site / "posts" / "column-010.md").write_text(
            column_text(10).replace("number: 10", "number: 10\nslug: ten")
        )
    build_once(cached, tmp_path / "first")
    for site in sites:
        path = site / "posts" / "column-010.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Column number 10", "Ten, retitled"))
    build_once(uncached, tmp_path / "reference")
    build_once(cached, tmp_path / "second")
    assert_same_site(tmp_path / "second", tmp_path / "reference")
    assert "<li>Ten, retitled</li>" in (tmp_path / "second" / "about" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_build_the_next_day_writes_every_page_from_the_cache(
    sites: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day of the build is in the sitemap only: it makes no page again."""
    cached, uncached = sites
    build_once(cached, tmp_path / "today")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILD_NOW) + 24 * 3600))
    build_once(uncached, tmp_path / "reference")
    tomorrow = build_once(cached, tmp_path / "tomorrow")
    assert_same_site(tmp_path / "tomorrow", tmp_path / "reference")
    assert tomorrow.misses.get("page", 0) == 0 and tomorrow.hits["page"] > COLUMNS
    sitemap = (tmp_path / "tomorrow" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap != (tmp_path / "today" / "sitemap.xml").read_text(encoding="utf-8")
