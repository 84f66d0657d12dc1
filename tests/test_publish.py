"""`columnist publish`: the plugin's feeds for a site built by anything else, the same byte for byte."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config

from columnist.cli import cli
from conftest import build_at, copy_site

PUBLISHED = (
    "feed.xml", "atom.xml", "feed.json", "podcast.xml", "category/listening/feed.xml",
    "category/scope-and-pricing/feed.xml", "2019/listening-first.html", "posts/audio/listening-first.mp3",
    "posts/audio/the-backup-nobody-tested.mp3",
)  # fmt: skip


def build_without_plugin(source, site):
    """The sample built as a site generator that knows no Columnist would: the plugin taken out."""
    settings = yaml.safe_load((source / "mkdocs.yml").read_text())
    settings["plugins"] = [plugin for plugin in settings["plugins"] if "columnist" not in str(plugin)]
    (source / "mkdocs-without-columnist.yml").write_text(yaml.safe_dump(settings, allow_unicode=True))
    config = load_config(str(source / "mkdocs-without-columnist.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def test_publish_writes_what_the_plugin_writes(tmp_path, monkeypatch):
    source = copy_site("sample", tmp_path)
    with_plugin = build_at(source, tmp_path / "with-plugin")
    without = tmp_path / "without-plugin"
    build_without_plugin(source, without)
    assert not (without / "feed.xml").exists()

    monkeypatch.chdir(source)
    result = CliRunner().invoke(cli, ["publish", str(without)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Published 19 columns into {without}: 13 files"
    # The old addresses' rules for Netlify and Cloudflare Pages, as the plugin writes them.
    assert (without / "_redirects").read_bytes() == (with_plugin.site / "_redirects").read_bytes()
    assert "  feed.xml" in lines and "  podcast.xml" in lines and "  2019/listening-first.html" in lines
    for path in PUBLISHED:
        assert (without / path).read_bytes() == (with_plugin.site / path).read_bytes(), path
    plugin_feeds = sorted(
        p.relative_to(with_plugin.site).as_posix() for p in with_plugin.site.rglob("feed.xml")
    )
    assert plugin_feeds == sorted(p.relative_to(without).as_posix() for p in without.rglob("feed.xml"))


def test_publish_needs_a_built_site(tmp_path, monkeypatch):
    source = copy_site("sample", tmp_path)
    monkeypatch.chdir(source)
    result = CliRunner().invoke(cli, ["publish", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'nowhere'} is not a folder; build the site first, then publish into its folder"
        in result.output
    )


def test_publish_stops_on_broken_columns_and_writes_nothing(tmp_path, monkeypatch):
    source = copy_site("sample", tmp_path)
    (source / "posts" / "broken.md").write_text("---\ntitle: Broken\ndate: 2024-02-30\n---\n")
    target = tmp_path / "site"
    target.mkdir()
    monkeypatch.chdir(source)
    result = CliRunner().invoke(cli, ["publish", str(target)])
    assert result.exit_code == 1
    assert "posts/broken.md:3: date: '2024-02-30' is not a date" in result.output
    assert list(target.iterdir()) == []


def site_files(folder):
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


def test_publish_never_writes_a_redirect_over_a_page_of_the_site(tmp_path, monkeypatch):
    source = copy_site("sample", tmp_path)
    column = source / "posts" / "2019-03-06-listening-first.md"
    text = column.read_text(encoding="utf-8")
    old = 'aliases: ["/2019/listening-first.html"]'
    column.write_text(text.replace(old, old[:-1] + ', "about/", "index.html"]'), encoding="utf-8")
    without = tmp_path / "without-plugin"
    build_without_plugin(source, without)
    before = site_files(without)
    monkeypatch.chdir(source)
    result = CliRunner().invoke(cli, ["publish", str(without)])
    assert result.exit_code == 1
    line = text[: text.index("aliases:")].count("\n") + 1
    assert result.output.splitlines() == [
        "Columnist found 2 errors in your columns; nothing was published:",
        f"posts/2019-03-06-listening-first.md:{line}: aliases: the old address /about/ is already taken by "
        "docs/about.md",
        f"posts/2019-03-06-listening-first.md:{line}: aliases: the old address /index.html is already taken "
        "by the home page",
    ]
    assert site_files(without) == before


def test_a_write_that_fails_leaves_the_site_folder_as_it_was(tmp_path, monkeypatch):
    source = copy_site("sample", tmp_path)
    without = tmp_path / "without-plugin"
    build_without_plugin(source, without)
    (without / "feed.json").mkdir()  # feed.json cannot be written: a folder holds its place
    before = site_files(without)
    monkeypatch.chdir(source)
    result = CliRunner().invoke(cli, ["publish", str(without)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: could not write into {without} (")
    assert result.output.endswith("; the folder is as it was, nothing was published\n")
    assert site_files(without) == before
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []
