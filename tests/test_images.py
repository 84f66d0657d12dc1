"""A column's own image: on its page, as a thumbnail in the lists, and in every feed."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from lxml import html
from PIL import Image

from conftest import build_at, copy_site

REMOTE = "https://cdn.example.net/pictures/second.png?size=large&v=2"
FIRST_IMAGE = "https://basic.example.org/posts/pictures/first%20light.jpg"


def _with_images(source: Path) -> None:
    """The first column gets a real 64x48 JPEG beside it; the second an image on another host."""
    posts = source / "posts"
    (posts / "pictures").mkdir()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(posts / "pictures/first light.jpg", "JPEG")
    first = posts / "2023-01-04-first-steps.md"
    first.write_text(first.read_text().replace("number: 1\n", "number: 1\nimage: pictures/first light.jpg\n"))
    second = posts / "2023-01-11-second-thoughts.md"
    second.write_text(second.read_text().replace("number: 2\n", f"number: 2\nimage: '{REMOTE}'\n"))


def _built(tmp_path: Path):
    source = copy_site("basic", tmp_path)
    _with_images(source)
    return build_at(source, tmp_path / "site")


def test_the_column_page_shows_its_image_above_the_body(tmp_path):
    built = _built(tmp_path)
    page = html.fromstring(built.read("2023/01/04/first-steps/index.html"))
    (image,) = page.xpath("//figure[@class='columnist-image']/img")
    assert image.get("src") == "../../../../posts/pictures/first%20light.jpg"
    assert image.get("alt") == "First Steps"
    assert (image.get("width"), image.get("height")) == ("64", "48")
    assert built.exists("posts/pictures/first light.jpg")
    following = image.getparent().getnext()
    assert following.get("class") == "columnist-body"
    second = html.fromstring(built.read("2023/01/11/second-thoughts-quotes/index.html"))
    (remote,) = second.xpath("//figure[@class='columnist-image']/img")
    assert remote.get("src") == REMOTE and remote.get("alt") == 'Second Thoughts & "Quotes"'
    assert remote.get("width") is None and remote.get("height") is None


def test_the_home_page_lists_each_image_as_a_lazy_thumbnail(tmp_path):
    home = html.fromstring(_built(tmp_path).read("index.html"))
    thumbnails = {
        entry.xpath("string(.//h2)").strip(): entry.xpath(".//a[@class='columnist-entry__picture']/img")
        for entry in home.xpath("//article[contains(concat(' ', @class, ' '), ' columnist-entry ')]")
    }
    (first,) = thumbnails["First Steps"]
    assert first.get("src") == "posts/pictures/first%20light.jpg"
    assert (first.get("width"), first.get("height"), first.get("loading")) == ("64", "48", "lazy")
    (second,) = thumbnails['Second Thoughts & "Quotes"']
    assert second.get("src") == REMOTE and second.get("loading") == "lazy"
    assert second.get("width") is None
    assert thumbnails["Third Column"] == []


def _content_images(content: str) -> list[str]:
    return [image.get("src") for image in html.fromstring(f"<div>{content}</div>").iter("img")]


def test_the_feeds_carry_the_image_with_an_absolute_address(tmp_path):
    built = _built(tmp_path)
    items = {item["title"]: item for item in json.loads(built.read("feed.json"))["items"]}
    assert items["First Steps"]["image"] == FIRST_IMAGE
    assert items['Second Thoughts & "Quotes"']["image"] == REMOTE
    assert "image" not in items["Third Column"]
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(built.read(name))
        entries = {entry.title: entry for entry in parsed.entries}
        first = entries["First Steps"].content[0].value
        assert _content_images(first)[0] == FIRST_IMAGE, name
        assert html.fromstring(first).xpath("//img")[0].get("alt") == "First Steps"
        second = entries['Second Thoughts & "Quotes"'].content[0].value
        assert _content_images(second)[0] == REMOTE, name
        assert _content_images(entries["Third Column"].content[0].value) == []


def _with_default_image(source: Path, image: str = "images/share.jpg") -> None:
    (source / "docs/images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 630), (20, 60, 90)).save(source / "docs/images/share.jpg", "JPEG")
    config = source / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - columnist:\n", f"  - columnist:\n      image: {image}\n", 1)
    )


def test_a_column_without_an_image_is_shared_with_the_sites_default_picture(tmp_path):
    source = copy_site("basic", tmp_path)
    _with_images(source)
    _with_default_image(source)
    built = build_at(source, tmp_path / "site")
    items = {item["title"]: item for item in json.loads(built.read("feed.json"))["items"]}
    default = "https://basic.example.org/images/share.jpg"
    assert items["Third Column"]["image"] == default
    assert items["First Steps"]["image"] == FIRST_IMAGE  # its own picture still wins
    page = html.fromstring(built.read("2024/03/06/third-column/index.html"))
    assert page.xpath("string(//meta[@property='og:image']/@content)") == default
    # Shared, not shown: the column's page and the lists show only a column's own picture.
    assert not page.xpath("//figure[@class='columnist-image']")


def test_a_default_picture_that_is_not_there_stops_the_build_with_its_line(tmp_path):
    import subprocess
    import sys

    source = copy_site("basic", tmp_path)
    config = source / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - columnist:\n", "  - columnist:\n      image: images/none.jpg\n", 1)
    )
    line = config.read_text().splitlines().index("      image: images/none.jpg") + 1
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
        cwd=source, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode != 0
    assert f"mkdocs.yml:{line}: image: 'images/none.jpg' does not exist in the docs folder" in result.stderr


def test_the_email_edition_shows_the_columns_picture_at_its_full_address(tmp_path, monkeypatch):
    from email import policy
    from email.parser import BytesParser

    from click.testing import CliRunner

    from columnist import cli

    source = copy_site("basic", tmp_path)
    _with_images(source)
    monkeypatch.chdir(source)
    result = CliRunner().invoke(
        cli.cli, ["email", "posts/2023-01-04-first-steps.md", "-o", str(tmp_path / "mail")]
    )
    assert result.exit_code == 0, result.output
    (eml,) = (tmp_path / "mail").glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    document = html.fromstring(message.get_body(("html",)).get_content())
    assert FIRST_IMAGE in [image.get("src") for image in document.iter("img")]
