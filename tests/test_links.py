"""A column's links lead to the same address on the site, in the plugin's feed, in `columnist publish`'s
feed and in the email edition: one resolver for all of them."""

from __future__ import annotations

import doctest
import email
import email.policy
from urllib.parse import urljoin

import feedparser
import lxml.html
from click.testing import CliRunner

from columnist import links
from columnist.cli import cli
from conftest import build_at, copy_site
from test_publish import build_without_plugin

SITE = "https://links.example.org/column/"
PAGE = f"{SITE}2024/01/10/a-letter-of-links/"
#: Each link of the column, by its words, and where it must lead.
EXPECTED = {
    "the first letter": f"{SITE}2024/01/03/the-first-letter/",  # another column's .md
    "the about page": f"{SITE}about/",  # ../docs/about.md
    "the guide": f"{SITE}guide/",  # ../docs/guide/README.md
    "the help page": f"{SITE}help/#asking",  # ../docs/help/index.md#asking
    "the checklist": f"{SITE}posts/2024/handouts/checklist.txt",  # a file beside the columns
    "the details": f"{PAGE}#the-details",  # an anchor in the column
}


def addresses(fragment: str, base: str) -> dict[str, str]:
    """The absolute address of each of the column's links in an HTML document or fragment."""
    tree = lxml.html.fromstring(fragment)
    found = {}
    for words in EXPECTED:
        hrefs = tree.xpath("//a[normalize-space(.)=$words]/@href", words=words)
        assert len(hrefs) == 1, (words, hrefs)
        found[words] = urljoin(base, hrefs[0])
    return found


def feed_content(feed: bytes) -> str:
    parsed = feedparser.parse(feed)
    assert parsed.bozo == 0
    (entry,) = [entry for entry in parsed.entries if entry.title == "A letter of links"]
    return entry.content[0].value


def test_a_link_leads_to_the_same_address_on_the_site_in_the_feeds_and_in_the_email(tmp_path, monkeypatch):
    source = copy_site("links", tmp_path)
    built = build_at(source, tmp_path / "with-plugin")
    page = built.read("2024/01/10/a-letter-of-links/index.html")
    assert addresses(page, PAGE) == EXPECTED  # (a) the column's page, its links resolved against its URL
    assert addresses(feed_content((built.site / "feed.xml").read_bytes()), PAGE) == EXPECTED  # (b)

    without = tmp_path / "without-plugin"
    build_without_plugin(source, without)
    monkeypatch.chdir(source)
    published = CliRunner().invoke(cli, ["publish", str(without)])
    assert published.exit_code == 0, published.output
    feed = (without / "feed.xml").read_bytes()
    assert addresses(feed_content(feed), PAGE) == EXPECTED  # (c)
    assert feed == (built.site / "feed.xml").read_bytes()

    emailed = CliRunner().invoke(cli, ["email", "a-letter-of-links", "-o", str(tmp_path / "email")])
    assert emailed.exit_code == 0, emailed.output
    document = (tmp_path / "email" / "a-letter-of-links.html").read_text(encoding="utf-8")
    assert addresses(document, "https://elsewhere.invalid/") == EXPECTED  # (d) absolute already


def test_without_email_settings_the_email_is_from_the_columns_author(tmp_path, monkeypatch):
    source = copy_site("links", tmp_path)
    assert "\n      email:" not in (source / "mkdocs.yml").read_text()  # no email options at all
    monkeypatch.chdir(source)
    result = CliRunner().invoke(cli, ["email", "latest"])
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(
        (source / "email" / "a-letter-of-links.eml").read_bytes(), policy=email.policy.default
    )
    assert message["From"] == "Ana Ruiz <ana@example.org>"
    assert message["Reply-To"] is None


def test_doctests():
    assert doctest.testmod(links).failed == 0
