"""Text garbled by an old blog's migration: repaired on import, pointed out by ``columnist check``."""

from __future__ import annotations

import doctest

import pytest

import test_import
from columnist import mojibake
from test_import import run

# The import's own sample site, a copy per test.
site = test_import.site

# The shape of a real migrated column: closing quotes that lost their last byte, or became a dagger
# and took the space after them, beside quotes that came through whole.
GARBLED_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Field Notes</title>
  <link>https://old.example.org/</link>
  <description>A weekly column</description>
  <item>
    <title>Know your place</title>
    <link>https://old.example.org/2011/05/04/know-your-place/</link>
    <pubDate>Wed, 04 May 2011 08:00:00 -0500</pubDate>
    <guid isPermaLink="false">https://old.example.org/?p=42</guid>
    <content:encoded><![CDATA[<p>Nobody ever cheered “Hooray, the auditors are here.†Or “Wonderful, a audit!”</p>
<p>Nobody says “What luck, I must call the plumbers!†(or the roofers)</p>
<p>We are not shining “heroes†of the office; a user once told me “You never fix anything.â€\ufffd Fair.</p>
<p>Unless I “advertise†what I prevent, nobody sees it.â€ Indeed “so it goes.â€</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""

REPAIRED_BODY = """\
Nobody ever cheered “Hooray, the auditors are here.” Or “Wonderful, a audit!”

Nobody says “What luck, I must call the plumbers!” (or the roofers)

We are not shining “heroes” of the office; a user once told me “You never fix anything.” Fair.

Unless I “advertise” what I prevent, nobody sees it.” Indeed “so it goes.”
"""


def test_a_migrated_columns_closing_quotes_come_back_on_import(site, monkeypatch):
    feed = site.parent / "feed.xml"
    feed.write_text(GARBLED_RSS, encoding="utf-8")
    result = run(site, "import", str(feed), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    column = (site / "posts/2011-05-04-know-your-place.md").read_text(encoding="utf-8")
    assert column.split("---\n", 2)[2].lstrip("\n") == REPAIRED_BODY
    assert "†" not in column and "\ufffd" not in column and "â€" not in column


@pytest.mark.parametrize(
    "text",
    [
        "Ada Byron, b. 1815, d. 1852† (see the notes)",
        "The figure is an estimate.† The notes say why.",
        "“Read it,” she said, of the 1923† edition.",
        "† Died in office.",
    ],
)
def test_a_dagger_that_is_a_dagger_stays(text):
    assert mojibake.repair(text) == text
    assert mojibake.findings(text) == []


@pytest.mark.parametrize(
    ("garbled", "repaired"),
    [
        ("“saviors†of clients", "“saviors” of clients"),
        ("“coming in.†Or", "“coming in.” Or"),
        ("“anything.â€). Then", "“anything.”). Then"),
        ("“done.â€\ufffd Yes", "“done.” Yes"),
        ("“done.â€† Yes", "“done.” Yes"),
        ("Itâ€™s “fine.†Yes", "It’s “fine.” Yes"),
    ],
)
def test_a_closing_quote_that_lost_its_last_byte_comes_back(garbled, repaired):
    assert mojibake.repair(garbled) == repaired


COLUMN = """\
---
title: Left as it was
date: 2011-05-04
---

A word “kept†there.

A lost \ufffd character, and a cafÃ© too.

A footnote.† And a plain line.
"""


def test_check_notes_what_still_looks_garbled_with_file_and_line(site, monkeypatch):
    (site / "posts/2011-05-04-left.md").write_text(COLUMN, encoding="utf-8")
    result = run(site, "check", monkeypatch=monkeypatch)
    notes = [line for line in result.output.splitlines() if line.startswith("posts/")]
    assert notes == [
        'posts/2011-05-04-left.md:6: text: looks garbled: "“kept†there." is probably "“kept” there."',
        'posts/2011-05-04-left.md:8: text: looks garbled: "cafÃ©" is probably "café"; '
        'also "\ufffd" (a character lost in a migration): retype it',
    ]


def test_doctests():
    failures, _ = doctest.testmod(mojibake)
    assert failures == 0
