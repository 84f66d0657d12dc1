"""Building sample sites through MkDocs: the column pages readers get."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.files import InclusionLevel

from conftest import GENERATOR, build_at, copy_site, run_env


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_columns_get_pages_at_their_dated_urls(build_site):
    built = build_site("basic")
    columns = [page for page in built.pages() if page[:2] in ("19", "20")]
    assert columns == [
        "2023/01/04/first-steps/index.html",
        "2023/01/11/second-thoughts-quotes/index.html",
        "2024/03/06/third-column/index.html",
    ]


def test_a_column_page_shows_its_header_quotes_and_neighbours(build_site):
    page = build_site("basic").read("2023/01/11/second-thoughts-quotes/index.html")
    assert "<h1>Second Thoughts &amp; &#34;Quotes&#34;</h1>" in page
    assert "<title>Second Thoughts &amp; &#34;Quotes&#34; - Basic Column</title>" in page
    meta = text_of(page.split('class="columnist-meta"', 1)[1].split("</p>", 1)[0])
    # 09:30 in New York is 14:30 in London, the site's zone: still the 11th.
    assert meta == "> No. 2 · January 11, 2023 · by Ben Cole · in Pricing · 1 min read"
    assert '<time datetime="2023-01-11T14:30:00+00:00">' in page
    assert 'Updated <time datetime="2023-02-01T00:00:00+00:00">February 1, 2023</time>' in page
    pager = page.split('class="columnist-pager"', 1)[1].split("</nav>", 1)[0]
    assert 'href="../../04/first-steps/" rel="prev"><span>Previous column</span> First Steps</a>' in pager
    assert (
        'href="../../../../2024/03/06/third-column/" rel="next"><span>Next column</span> Third Column</a>'
        in pager
    )


def test_quotes_are_pull_quotes_with_their_speaker(build_site):
    page = build_site("basic").read("2023/01/04/first-steps/index.html")
    figures = re.findall(r'<figure class="columnist-quote">(.*?)</figure>', page, re.S)
    assert [text_of(figure) for figure in figures] == [
        "Say less, hear more. a client, a kickoff meeting",
        "Plain quote without a speaker.",
    ]
    assert "<cite>a kickoff meeting</cite>" in figures[0]
    assert "<blockquote><p>Say less, hear more.</p></blockquote>" in figures[0]


def test_links_between_columns_and_pages_resolve(build_site):
    built = build_site("basic")
    second = built.read("2023/01/11/second-thoughts-quotes/index.html")
    assert '<a href="../../04/first-steps/">the first</a>' in second
    assert '<a href="../../../../about/">the about page</a>' in second
    about = built.read("about/index.html")
    assert '<a href="../2023/01/04/first-steps/">the first column</a>' in about


def test_a_broken_link_in_a_column_warns_with_its_line_and_stops_a_strict_build(build_site, mkdocs_log):
    def break_link(source: Path) -> None:
        column = source / "posts" / "2024" / "2024-03-06-third-column.md"
        column.write_text(column.read_text() + "\nSee [nowhere](missing.md).\n")

    # Columnist's warning names the line, as columnist check does; MkDocs' own follows it.
    with pytest.raises(Abort, match="2 warnings"):
        build_site("basic", prepare=break_link)
    warnings = [record.getMessage() for record in mkdocs_log.records if record.levelname == "WARNING"]
    assert warnings[0] == (
        "columnist: posts/2024/2024-03-06-third-column.md:12: link: 'missing.md' leads nowhere: "
        "there is no file posts/2024/missing.md"
    )
    assert "contains a link 'missing.md'" in warnings[1]


def test_drafts_and_future_columns_are_not_published(build_site):
    built = build_site("basic")
    assert "A Draft" not in "".join(built.read(page) for page in built.pages())
    assert not any("far-future" in page or "a-draft" in page for page in built.pages())


def test_future_posts_true_publishes_them(build_site):
    def allow_future(source: Path) -> None:
        config = source / "mkdocs.yml"
        config.write_text(
            config.read_text().replace(
                "timezone: Europe/London", "timezone: Europe/London\n      future_posts: true"
            )
        )

    built = build_site("basic", prepare=allow_future)
    assert built.exists("2099/01/07/far-future/index.html")
    assert not built.exists("2024/05/01/a-draft/index.html")


def test_preview_shows_drafts_marked_as_drafts(tmp_path):
    source = copy_site("basic", tmp_path)
    config = load_config(str(source / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="serve", dirty=False)
    from mkdocs.commands.build import build

    build(config, serve_url="http://127.0.0.1:8000/")
    draft = (tmp_path / "site/2024/05/01/a-draft/index.html").read_text()
    assert "Draft: shown only in the preview, never published by <code>mkdocs build</code>." in draft
    future = (tmp_path / "site/2099/01/07/far-future/index.html").read_text()
    assert "Scheduled for January 7, 2099: shown only in the preview until then." in future


def test_columns_stay_out_of_the_navigation_and_the_log(build_site, mkdocs_log):
    built = build_site("basic")
    home = built.read("index.html")
    nav = home.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "First Steps" not in nav and "About" in nav
    assert "first-steps" not in mkdocs_log.text
    assert 'not included in the "nav"' not in mkdocs_log.text


def test_posts_are_files_not_in_nav(tmp_path):
    source = copy_site("basic", tmp_path)
    config = load_config(str(source / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    seen = {}

    def record(files, config):
        seen.update({f.src_uri: f.inclusion for f in files if f.src_uri.startswith("posts/")})
        return files

    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    from mkdocs.structure.files import get_files

    files = config.plugins.on_files(get_files(config), config=config)
    record(files, config)
    assert seen == {
        "posts/2023-01-04-first-steps.md": InclusionLevel.NOT_IN_NAV,
        "posts/2023-01-11-second-thoughts.md": InclusionLevel.NOT_IN_NAV,
        "posts/2024/2024-03-06-third-column.md": InclusionLevel.NOT_IN_NAV,
    }


def test_the_theme_language_formats_dates(build_site):
    def in_french(source: Path) -> None:
        config = source / "mkdocs.yml"
        config.write_text(config.read_text().replace("language: en", "language: fr"))

    page = build_site("basic", prepare=in_french).read("2023/01/04/first-steps/index.html")
    assert "4 janvier 2023" in page


def test_two_builds_give_the_same_bytes(tmp_path):
    source = copy_site("basic", tmp_path)
    first = build_at(source, tmp_path / "one")
    second = build_at(source, tmp_path / "two")
    for page in first.pages():
        if page != "sitemap.xml":
            assert first.read(page) == second.read(page), page


def test_mkdocs_build_from_the_command_line_is_clean(tmp_path):
    source = copy_site("basic", tmp_path)
    result = subprocess.run(
        [*GENERATOR, "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=source,
        capture_output=True,
        text=True,
        env=run_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_a_column_listed_in_nav_stays_out_of_the_navigation(build_site):
    def list_a_column(source: Path) -> None:
        config = source / "mkdocs.yml"
        config.write_text(
            config.read_text().replace(
                "  - About: about.md",
                "  - About: about.md\n  - Columns:\n    - posts/2023-01-04-first-steps.md",
            )
        )

    built = build_site("basic", prepare=list_a_column)
    home = built.read("index.html")
    nav = home.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "First Steps" not in nav and "Columns" not in nav
    assert built.exists("2023/01/04/first-steps/index.html")
