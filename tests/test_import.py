"""``columnist import``: an old blog's WordPress export or feed brought into posts/, as an author runs it."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from columnist import checks, cli, remote_audio
from columnist.importers import feed, folder, text
from columnist.importers import source as source_module
from columnist.post import read_post
from conftest import build_at, copy_site

CHICAGO = ZoneInfo("America/Chicago")
#: WordPress's own Theme Unit Test export, kept beside the repository (see DESIGN.md).
THEME_UNIT_TEST = Path(__file__).parent.parent.parent / "shared" / "data" / "wordpress-theme-unit-test.xml"


# --- the sources, as an old blog would give them -----------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel>
  <title>Wednesday Wisdom</title>
  <link>https://old.example.org/</link>
  <description>A weekly column</description>
  <item>
    <title>Itâ€™s about listening</title>
    <link>https://old.example.org/2012/09/19/listening-first/</link>
    <pubDate>Wed, 19 Sep 2012 07:30:00 -0700</pubDate>
    <dc:creator>Wes Trainer</dc:creator>
    <category>Listening</category>
    <guid isPermaLink="false">https://old.example.org/?p=101</guid>
    <description>Why the first ten minutes of a client call are the work.</description>
    <content:encoded><![CDATA[<p>Itâ€™s the first ten minutes that matter.</p>
<p>As I wrote <a href="https://old.example.org/2012/09/12/the-quiet-client/">last week</a>, the quiet ones talk
later. <a href="https://elsewhere.example.com/2012/09/12/the-quiet-client/">Others agree</a>.</p>
<p><img src="https://old.example.org/wp-content/uploads/2012/09/desk.jpg" alt="My desk"></p>]]></content:encoded>
    <enclosure url="https://old.example.org/audio/listening.mp3" length="1234567" type="audio/mpeg"/>
    <itunes:duration>12:34</itunes:duration>
  </item>
  <item>
    <title>The quiet client</title>
    <link>https://old.example.org/2012/09/12/the-quiet-client/</link>
    <pubDate>Wed, 12 Sep 2012 07:30:00 -0700</pubDate>
    <dc:creator>Wes Trainer</dc:creator>
    <guid isPermaLink="false">https://old.example.org/?p=100</guid>
    <description><![CDATA[<p>Some clients say little. [&#8230;]</p>]]></description>
    <content:encoded><![CDATA[<p>Some clients say little. Listen anyway.</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Notes on pricing</title>
  <link rel="alternate" href="https://notes.example.net/"/>
  <id>tag:notes.example.net,2005:blog</id>
  <updated>2014-03-12T09:00:00+01:00</updated>
  <entry>
    <title type="html">Pricing &amp;amp; trust</title>
    <link rel="alternate" href="https://notes.example.net/2014/03/pricing-trust.html"/>
    <id>tag:notes.example.net,2005:post-7</id>
    <published>2014-03-05T09:00:00+01:00</published>
    <updated>2014-03-06T10:00:00+01:00</updated>
    <author><name>Maren Holt</name><email>maren@example.net</email></author>
    <category term="Pricing"/>
    <summary>Why a price is a promise.</summary>
    <content type="html">&lt;p&gt;A price is a promise.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Keep it&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
  <entry>
    <title>Second thoughts on pricing</title>
    <link rel="alternate" href="https://notes.example.net/2014/03/second-thoughts.html"/>
    <id>tag:notes.example.net,2005:post-8</id>
    <published>2014-03-12T09:00:00+01:00</published>
    <author><name>Maren Holt</name></author>
    <content type="html">&lt;p&gt;See &lt;a href="https://notes.example.net/2014/03/pricing-trust.html#promise"&gt;the promise&lt;/a&gt;.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def wxr_item(
    post_id: int,
    title: str,
    content: str,
    *,
    name: str = "",
    link: str | None = None,
    date_gmt: str = "2012-09-26 12:30:00",
    date: str = "2012-09-26 07:30:00",
    status: str = "publish",
    post_type: str = "post",
    terms: tuple[tuple[str, str], ...] = (),
    excerpt: str = "",
    password: str = "",
    meta: tuple[tuple[str, str], ...] = (),
    comments: tuple[str, ...] = (),
    creator: str = "maren",
) -> str:
    link = link or f"https://old.example.org/?p={post_id}"
    categories = "".join(
        f'<category domain="{domain}" nicename="{value.lower()}"><![CDATA[{value}]]></category>'
        for domain, value in terms
    )
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in meta
    )
    return f"""
  <item>
    <title>{title}</title>
    <link>{link}</link>
    <pubDate>Wed, 26 Sep 2012 12:30:00 +0000</pubDate>
    <dc:creator><![CDATA[{creator}]]></dc:creator>
    <guid isPermaLink="false">https://old.example.org/?p={post_id}</guid>
    <description></description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date><![CDATA[{date}]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[{date_gmt}]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[{name}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
    <wp:post_password><![CDATA[{password}]]></wp:post_password>
    {categories}{metas}{"".join(comments)}
  </item>"""


def wxr_comment(
    number: int, author: str, content: str, *, approved: str = "1", kind: str = "", date_gmt: str
) -> str:
    return f"""
    <wp:comment>
      <wp:comment_id>{number}</wp:comment_id>
      <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
      <wp:comment_author_email><![CDATA[reader{number}@mail.example.net]]></wp:comment_author_email>
      <wp:comment_author_url>https://reader{number}.example.net/</wp:comment_author_url>
      <wp:comment_author_IP><![CDATA[203.0.113.{number}]]></wp:comment_author_IP>
      <wp:comment_date><![CDATA[2012-09-27 03:00:00]]></wp:comment_date>
      <wp:comment_date_gmt><![CDATA[{date_gmt}]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[{content}]]></wp:comment_content>
      <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
      <wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>"""


def wxr_export(*items: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Client Notes</title>
  <link>https://old.example.org</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_login><![CDATA[maren]]></wp:author_login>
    <wp:author_email><![CDATA[maren@old.example.org]]></wp:author_email>
    <wp:author_display_name><![CDATA[Maren Holt]]></wp:author_display_name></wp:author>
  {"".join(items)}
</channel>
</rss>
"""


DOOR = wxr_item(
    201,
    "The door is open",
    "Every Wednesday I leave the door open.\n\nClients walk in.\nThat is the point.\n\n"
    "<h2>What I learned</h2>\n<ul>\n\t<li>Doors matter</li>\n"
    '\t<li>So do <a href="https://old.example.org/2012/09/19/quiet-client/">quiet clients</a>, '
    'as <a href="https://old.example.org/?p=200#more">I said</a></li>\n</ul>\n'
    "<blockquote>Leave it open.</blockquote>",
    name="door-open",
    link="https://old.example.org/2012/09/26/door-open/",
    terms=(("category", "Client Care"), ("post_tag", "listening"), ("post_tag", "meetings")),
    excerpt="A short column about <em>open</em> doors.",
    comments=(
        wxr_comment(7, "Greg", "Itâ€™s true.\n\nMy door is <b>open</b> too.", date_gmt="2012-09-27 08:00:00"),
        wxr_comment(8, "Pat", "Waiting for approval.", approved="0", date_gmt="2012-09-27 09:00:00"),
        wxr_comment(9, "Cheap pills", "Buy now", approved="spam", date_gmt="2012-09-27 10:00:00"),
        wxr_comment(
            10,
            "Some blog &raquo; A post",
            "[...] linked [...]",
            kind="pingback",
            date_gmt="2012-09-27 11:00:00",
        ),
        wxr_comment(11, "Ana", "<p>Thanks for this.</p>", kind="comment", date_gmt="2012-09-28 14:15:00"),
    ),
)
QUIET = wxr_item(
    200,
    "The quiet client",
    "<!-- wp:paragraph -->\n<p>Some clients say little.</p>\n<!-- /wp:paragraph -->\n\n<!--more-->\n\n"
    '<!-- wp:shortcode -->\n[audio src="https://old.example.org/wp-content/uploads/2012/09/quiet.mp3"]\n'
    "<!-- /wp:shortcode -->\n\n<!-- wp:paragraph -->\n<p>Listen anyway.</p>\n<!-- /wp:paragraph -->",
    name="quiet-client",
    link="https://old.example.org/2012/09/19/quiet-client/",
    date_gmt="2012-09-19 12:30:00",
    terms=(("category", "client care"), ("post_tag", "listening")),
)
OFFICE = wxr_item(
    202,
    "Pictures from the office",
    '[caption id="attachment_5" align="alignnone" width="300"]<a href="https://old.example.org/wp-content/uploads/'
    '2012/10/office.jpg"><img src="https://old.example.org/wp-content/uploads/2012/10/office-300x200.jpg" '
    'alt="The office" width="300" height="200" /></a> The office on a quiet day[/caption]\n\n'
    'More pictures:\n\n[gallery ids="5,6,7"]\n\nThat is all.',
    name="office-pictures",
    link="https://old.example.org/2012/10/03/office-pictures/",
    date_gmt="2012-10-03 12:30:00",
    terms=(("category", "Client Care"),),
)
DRAFT = wxr_item(
    203,
    "Half a thought",
    "Not finished.",
    date_gmt="0000-00-00 00:00:00",
    date="2012-10-10 09:00:00",
    status="draft",
)
LOCKED = wxr_item(
    204,
    "For clients only",
    "The secret of pricing.",
    name="clients-only",
    link="https://old.example.org/2012/10/17/clients-only/",
    date_gmt="2012-10-17 12:30:00",
    password="secret",
)
UNTITLED = wxr_item(
    205,
    "",
    "Sometimes the best meeting is the one you cancel, and the client thanks you for it.",
    name="a-thought",
    link="https://old.example.org/2012/10/24/a-thought/",
    date_gmt="2012-10-24 12:30:00",
)
NOT_COLUMNS = (
    wxr_item(300, "About me", "I write columns.", name="about", post_type="page"),
    wxr_item(5, "office", "", name="office", post_type="attachment", status="inherit"),
    wxr_item(400, "Home", "", post_type="nav_menu_item"),
)
SMALL_WXR = wxr_export(DOOR, QUIET, OFFICE, DRAFT, LOCKED, UNTITLED, *NOT_COLUMNS)

DOOR_FILE = """\
---
title: The door is open
date: 2012-09-26 12:30:00+00:00
categories: [Client Care]
tags: [listening, meetings]
authors: [maren]
guid: https://old.example.org/?p=201
aliases: [/2012/09/26/door-open/]
summary: A short column about open doors.
comments:
- name: Greg
  date: 2012-09-27 08:00:00+00:00
  text: |-
    It’s true.

    My door is open too.
- name: Ana
  date: 2012-09-28 14:15:00+00:00
  text: Thanks for this.
---

Every Wednesday I leave the door open.

Clients walk in.\x20\x20
That is the point.

## What I learned

- Doors matter
- So do [quiet clients](2012-09-19-quiet-client.md), as [I said](2012-09-19-quiet-client.md#more)

> Leave it open.
"""

WXR_OUTPUT = """\
Wrote posts/2012-09-19-quiet-client.md
Wrote posts/2012-09-26-door-open.md
Wrote posts/2012-10-03-office-pictures.md
Wrote posts/2012-10-10-half-a-thought.md
Wrote posts/2012-10-17-clients-only.md
Wrote posts/2012-10-24-a-thought.md
Problems to check:
posts/2012-10-03-office-pictures.md:16: text: a gallery (pictures 5, 6, 7) from the old blog has no Markdown form and was left out (a comment marks the place)
posts/2012-10-17-clients-only.md:7: draft: the old post was protected by a password, so it comes in as a draft; remove draft: true to publish it
posts/2012-10-24-a-thought.md:2: title: the old post had no title, so it is named after its first words; change it if you like
Left out what is not a column or a letter: attachment 1, nav_menu_item 1, page 1, pingback 1, spam comment 1, unapproved comment 1.
These files are on the old blog; --download-media brings them home:
https://old.example.org/wp-content/uploads/2012/09/quiet.mp3
https://old.example.org/wp-content/uploads/2012/10/office-300x200.jpg
https://old.example.org/wp-content/uploads/2012/10/office.jpg
Imported 6 columns, skipped 0 already here, 3 problems.
"""


# --- helpers -----------------------------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("import-target", tmp_path)


def run(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def source(site: Path, name: str, content: str) -> str:
    path = site.parent / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def posts(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted((site / "posts").rglob("*"))
        if p.is_file()
    }


def read_back(site: Path) -> dict[str, object]:
    """Every column as the build reads it: no problem allowed, not even a warning."""
    found = {}
    for path in sorted((site / "posts").glob("*.md")):
        relative = f"posts/{path.name}"
        post, problems = read_post(path, relative, path.name, CHICAGO)
        assert problems == [], relative
        assert post is not None
        found[relative] = post
    return found


# --- a WordPress export ------------------------------------------------------------------------------------


def test_a_wordpress_export_becomes_columns_and_says_what_it_did(site, monkeypatch):
    result = run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stdout == WXR_OUTPUT
    assert (site / "posts/2012-09-26-door-open.md").read_text(encoding="utf-8") == DOOR_FILE
    assert sorted(path.name for path in (site / "posts").iterdir()) == [
        ".columnist-import.json",
        ".gitkeep",
        "2012-09-19-quiet-client.md",
        "2012-09-26-door-open.md",
        "2012-10-03-office-pictures.md",
        "2012-10-10-half-a-thought.md",
        "2012-10-17-clients-only.md",
        "2012-10-24-a-thought.md",
    ]
    columns = read_back(site)
    assert len(columns) == 6


def test_categories_tags_drafts_and_shortcodes_come_over(site, monkeypatch):
    run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    columns = read_back(site)
    quiet = columns["posts/2012-09-19-quiet-client.md"]
    # "client care" and "Client Care" would ask for one page twice: the spelling most columns use is kept.
    assert quiet.categories == ("Client Care",)
    assert quiet.tags == ("listening",)
    assert quiet.audio is None  # WordPress knew no size for it: it stays a link in the text
    assert quiet.body.lstrip("\n") == (
        "Some clients say little.\n\n<!-- more -->\n\n"
        "Listen: [quiet.mp3](https://old.example.org/wp-content/uploads/2012/09/quiet.mp3)\n\n"
        "Listen anyway.\n"
    )
    office = columns["posts/2012-10-03-office-pictures.md"]
    assert office.body.lstrip("\n") == (
        "[![The office](https://old.example.org/wp-content/uploads/2012/10/office-300x200.jpg)]"
        "(https://old.example.org/wp-content/uploads/2012/10/office.jpg)\n\n"
        "*The office on a quiet day*\n\n"
        "More pictures:\n\n"
        "<!-- a gallery (pictures 5, 6, 7) from the old blog was left out here -->\n\n"
        "That is all.\n"
    )
    draft = columns["posts/2012-10-10-half-a-thought.md"]
    assert draft.draft and draft.aliases == ()
    assert draft.date.isoformat() == "2012-10-10T09:00:00-05:00"  # no GMT time: the site's own zone
    locked = columns["posts/2012-10-17-clients-only.md"]
    assert locked.draft
    untitled = columns["posts/2012-10-24-a-thought.md"]
    assert untitled.title == "Sometimes the best meeting is the one you…"
    assert untitled.aliases == ("2012/10/24/a-thought/",)


def test_letters_are_shown_and_no_reader_address_is_kept(site, tmp_path, monkeypatch):
    run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    built = build_at(site, tmp_path / "built")
    page = built.read("2012/09/26/the-door-is-open/index.html")
    letters = page[page.index('class="columnist-letters"') :]
    assert "<strong>Greg</strong>" in letters
    assert "<p>It’s true.</p><p>My door is open too.</p>" in letters
    assert "<strong>Ana</strong>" in letters and "<p>Thanks for this.</p>" in letters
    for dropped in ("Pat", "Cheap pills", "Some blog", "linked"):
        assert dropped not in letters
    for place in (site / "posts", built.site):
        for path in place.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for private in (b"mail.example.net", b"203.0.113.", b"reader7.example.net", b"reader11"):
                    assert private not in data, (path, private)


def test_old_addresses_lead_to_the_new_pages(site, tmp_path, monkeypatch):
    run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    built = build_at(site, tmp_path / "built")
    expected = {
        "2012/09/19/quiet-client/index.html": "../the-quiet-client/",
        "2012/09/26/door-open/index.html": "../the-door-is-open/",
        "2012/10/03/office-pictures/index.html": "../pictures-from-the-office/",
        "2012/10/24/a-thought/index.html": "../sometimes-the-best-meeting-is-the-one-you/",
    }
    for old, new in expected.items():
        page = built.read(old)
        assert f'<meta http-equiv="refresh" content="0; url={new}">' in page
        assert built.exists(f"{Path(old).parent.parent.as_posix()}/{new.strip('./')}/index.html")
    # Links between old columns now lead to the new pages.
    door = built.read("2012/09/26/the-door-is-open/index.html")
    assert 'href="../../19/the-quiet-client/"' in door
    assert 'href="../../19/the-quiet-client/#more"' in door


def test_a_second_import_brings_nothing_new(site, monkeypatch):
    export = source(site, "export.xml", SMALL_WXR)
    run(site, "import", export, monkeypatch=monkeypatch)
    before = posts(site)
    result = run(site, "import", export, monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout == (
        "Left out what is not a column or a letter: attachment 1, nav_menu_item 1, page 1, pingback 1, "
        "spam comment 1, unapproved comment 1.\n"
        "Imported 0 columns, skipped 6 already here, no problems.\n"
    )
    assert posts(site) == before


def test_an_edited_column_is_never_overwritten(site, monkeypatch):
    mine = site / "posts/2012-09-26-door-open.md"
    mine.write_text("---\ntitle: My door notes\ndate: 2012-09-26\nguid: my-own\n---\n\nEdited by hand.\n")
    before = mine.read_bytes()
    result = run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    assert "Wrote posts/2012-09-26-door-open-2.md\n" in result.stdout
    assert mine.read_bytes() == before
    written = (site / "posts/2012-09-26-door-open-2.md").read_text(encoding="utf-8")
    assert "slug: door-open-2\nguid: https://old.example.org/?p=201\n" in written
    # Links to it go to the imported column, never to the file that had its name first.
    assert "[quiet clients](2012-09-19-quiet-client.md)" in written
    assert "(2012-09-26-door-open-2.md)" not in mine.read_text()
    read_back(site)


def test_a_column_already_here_is_recognised_by_its_guid_wherever_it_is(site, monkeypatch):
    moved = site / "posts/2012/door.md"
    moved.parent.mkdir()
    moved.write_text(
        "---\ntitle: The door (edited)\ndate: 2012-09-26\nguid: 'https://old.example.org/?p=201'\n---\n\nMine now.\n"
    )
    result = run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    assert "Imported 5 columns, skipped 1 already here" in result.stdout
    assert not (site / "posts/2012-09-26-door-open.md").exists()


def test_a_dry_run_writes_nothing(site, monkeypatch):
    before = posts(site)
    result = run(site, "import", "--dry-run", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert posts(site) == before
    lines = result.stdout.splitlines()
    assert lines[0] == "Would write posts/2012-09-19-quiet-client.md"
    assert (
        lines[-1] == "Would import 6 columns, skip 0 already here, 3 problems; nothing was written (dry run)."
    )


def test_an_interrupted_import_leaves_no_half_written_column(site, monkeypatch):
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(folder.os, "link", interrupted)
    monkeypatch.setattr(folder.os, "replace", interrupted)
    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli.cli, ["import", source(site, "export.xml", SMALL_WXR)])
    assert result.exit_code != 0
    assert sorted(path.name for path in (site / "posts").iterdir()) == [".gitkeep"]


def test_unknown_authors_are_imported_and_added_beside_the_columns(site, monkeypatch):
    export = wxr_export(DOOR.replace("<![CDATA[maren]]></dc:creator>", "<![CDATA[wes]]></dc:creator>"))
    result = run(site, "import", source(site, "export.xml", export), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert (
        'Added 1 author to posts/.authors.yml, where you can give each a description or a picture: wes as "wes"\n'
    ) in result.stdout
    assert "authors: [wes]\n" in (site / "posts/2012-09-26-door-open.md").read_text()


def test_a_missing_source_is_one_line(site, monkeypatch):
    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli.cli, ["import", "nowhere.xml"])
    assert result.exit_code == 1
    assert result.output == "Error: there is no file nowhere.xml\n"
    result = CliRunner().invoke(cli.cli, ["import", source(site, "page.html", "<html><p>Hello</p></html>")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: page.html is neither a feed (RSS or Atom) nor a WordPress export")


# --- feeds -------------------------------------------------------------------------------------------------

LISTENING_FILE = """\
---
title: It’s about listening
date: 2012-09-19 07:30:00-07:00
categories: [Listening]
authors: [wes-trainer]
guid: https://old.example.org/?p=101
aliases: [/2012/09/19/listening-first/]
summary: Why the first ten minutes of a client call are the work.
audio:
  src: https://old.example.org/audio/listening.mp3
  length: 1234567
  type: audio/mpeg
  duration: '12:34'
---

It’s the first ten minutes that matter.

As I wrote [last week](2012-09-12-the-quiet-client.md), the quiet ones talk
later. [Others agree](https://elsewhere.example.com/2012/09/12/the-quiet-client/).

![My desk](https://old.example.org/wp-content/uploads/2012/09/desk.jpg)
"""

RSS_OUTPUT = """\
Wrote posts/2012-09-12-the-quiet-client.md
Wrote posts/2012-09-19-listening-first.md
Added 1 author to posts/.authors.yml, where you can give each a description or a picture: wes-trainer as "Wes Trainer"
These files are on the old blog; --download-media brings them home:
https://old.example.org/audio/listening.mp3
https://old.example.org/wp-content/uploads/2012/09/desk.jpg
Imported 2 columns, skipped 0 already here, no problems.
"""


def test_an_rss_feed_with_an_audio_edition(site, tmp_path, monkeypatch):
    result = run(site, "import", source(site, "feed.xml", RSS), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout == RSS_OUTPUT
    assert (site / "posts/2012-09-19-listening-first.md").read_text(encoding="utf-8") == LISTENING_FILE
    quiet = read_back(site)["posts/2012-09-12-the-quiet-client.md"]
    assert quiet.summary is None  # the description was only the text's first words
    assert quiet.date.isoformat() == "2012-09-12T09:30:00-05:00"

    built = build_at(site, tmp_path / "built")
    podcast = built.read("podcast.xml")
    assert "https://old.example.org/audio/listening.mp3" in podcast
    assert "<itunes:duration>754</itunes:duration>" in podcast
    page = built.read("2012/09/19/its-about-listening/index.html")
    assert 'href="../../12/the-quiet-client/"' in page
    redirect = built.read("2012/09/19/listening-first/index.html")
    assert 'content="0; url=../its-about-listening/"' in redirect


def test_an_atom_feed(site, tmp_path, monkeypatch):
    result = run(site, "import", source(site, "atom.xml", ATOM), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "Wrote posts/2014-03-05-pricing-trust.md",
        "Wrote posts/2014-03-12-second-thoughts.md",
    ]
    written = (site / "posts/2014-03-05-pricing-trust.md").read_text(encoding="utf-8")
    assert written.startswith(
        "---\ntitle: Pricing & trust\ndate: 2014-03-05 09:00:00+01:00\ncategories: [Pricing]\n"
        "authors: [maren-holt]\nguid: tag:notes.example.net,2005:post-7\n"
        "aliases: [/2014/03/pricing-trust.html]\nsummary: Why a price is a promise.\n---\n\n"
        "A price is a promise.\n\n- Keep it\n"
    )
    assert "maren@example.net" not in written
    second = (site / "posts/2014-03-12-second-thoughts.md").read_text(encoding="utf-8")
    assert "See [the promise](2014-03-05-pricing-trust.md#promise)." in second
    built = build_at(site, tmp_path / "built")
    assert 'content="0; url=05/pricing-trust/"' in built.read("2014/03/pricing-trust.html")


@pytest.fixture
def feed_server(monkeypatch: pytest.MonkeyPatch):
    """A web server on 127.0.0.1 that serves the old blog's feed."""
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    files: dict[str, bytes] = {}

    served = SimpleNamespace(url="", files=files, trickle=False)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            if not served.trickle:
                self.wfile.write(body or b"not here")
                return
            try:  # a byte every 50 ms: each read is quick, the whole takes minutes
                for byte in body or b"":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:  # the client gave up, as it should
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served.url = f"http://127.0.0.1:{server.server_port}"
    yield served
    server.shutdown()


def test_a_feed_is_imported_from_its_web_address(site, monkeypatch, feed_server):
    feed_server.files["/feed/"] = RSS.encode("utf-8")
    result = run(site, "import", f"{feed_server.url}/feed/", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout == RSS_OUTPUT
    assert (site / "posts/2012-09-19-listening-first.md").read_text(encoding="utf-8") == LISTENING_FILE
    result = CliRunner().invoke(cli.cli, ["import", f"{feed_server.url}/gone/"])
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: could not fetch {feed_server.url}/gone/: the server answered 404 Not Found\n"
    )


# --- WordPress's own test data ----------------------------------------------------------------------------


def test_wordpress_theme_unit_test_data_imports_and_builds(site, tmp_path, monkeypatch):
    # The export sits beside the project, in ../shared/data, on every machine that runs the tests.
    assert THEME_UNIT_TEST.is_file(), f"WordPress's theme unit test export is missing: {THEME_UNIT_TEST}"
    result = run(site, "import", str(THEME_UNIT_TEST), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == "Imported 58 columns, skipped 0 already here, 10 problems."
    assert (
        "Left out what is not a column or a letter: attachment 37, nav_menu_item 70, page 21, pingback 2, "
        "trackback 2, unapproved comment 1." in lines
    )
    columns = read_back(site)
    assert len(columns) == 58
    by_title = {post.title: post for post in columns.values()}
    assert sorted(post.title for post in columns.values() if post.draft) == [
        "Draft",
        "Scheduled",
        'Template: Password Protected (the password is "enter")',
    ]
    assert "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>" in by_title
    assert "Markup: Title With Markup" in by_title
    assert "This post has no title, but it still…" in by_title
    assert [letter.name for letter in by_title["Template: Pingbacks And Trackbacks"].letters] == ["John Doe"]
    assert len(by_title["Template: Comments"].letters) == 19
    private = set(
        re.findall(r"<wp:comment_author_(?:email|IP)>(?:<!\[CDATA\[)?([^<\]]+)", THEME_UNIT_TEST.read_text())
    )
    assert "example@example.org" in private
    for path in (site / "posts").glob("*.md"):
        assert not any(value in path.read_text(encoding="utf-8") for value in private), path
    audio = by_title["Post Format: Audio"].audio
    assert audio is not None and (audio.length, audio.type) == (3043247, "audio/mpeg")
    assert "[audio" not in by_title["Post Format: Audio"].body
    assert "<!-- wp:paragraph" not in "".join(post.body for post in columns.values())
    assert (
        "<!-- wp:code -->\n<?php echo 'Hello World'; ?>\n```" in by_title["Block category: Formatting"].body
    )

    # What the import asked the author to do: fill in the recordings' durations (it added the authors).
    report = checks.check_columns(site_settings(site))
    done, problems = remote_audio.fetch_media(
        report.posts, fetch=lambda src: remote_audio.AudioFacts(None, None, 205.0)
    )
    assert len(done) == 3 and problems == []

    built = build_at(site, tmp_path / "built")
    assert built.exists("2009/09/05/this-post-has-no-title-but-it-still/index.html")
    # A column whose new address is its old one needs no redirect: the column itself is there.
    assert by_title["Template: Comments"].aliases == ()
    assert "columnist-letters" in built.read("2012/01/03/template-comments/index.html")
    redirect = built.read("2009/09/05/edge-case-no-title/index.html")
    assert 'content="0; url=../this-post-has-no-title-but-it-still/"' in redirect
    for post in columns.values():
        if not post.draft and post.aliases:
            assert built.exists(post.aliases[0] + "index.html"), post.aliases[0]

    again = run(site, "import", str(THEME_UNIT_TEST), monkeypatch=monkeypatch)
    assert again.stdout.splitlines()[-1] == "Imported 0 columns, skipped 58 already here, no problems."


def site_settings(site: Path):
    from columnist.catalog import CatalogSettings

    return CatalogSettings(project_dir=site, posts_dir=site / "posts", zone=CHICAGO)


# --- the parts ---------------------------------------------------------------------------------------------


def test_a_long_import_shows_a_progress_bar_on_standard_error_only(site, monkeypatch):
    items = [
        wxr_item(
            1000 + n,
            f"Column {n}",
            f"Text {n}.",
            name=f"column-{n}",
            date_gmt=f"2013-01-{1 + n % 28:02d} 12:00:00",
        )
        for n in range(60)
    ]
    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli.cli, ["import", source(site, "big.xml", wxr_export(*items))])
    assert result.exit_code == 0
    assert "Importing" not in result.stdout
    assert "Importing" in result.stderr
    assert result.stdout.splitlines()[-1] == "Imported 60 columns, skipped 0 already here, no problems."
    assert isinstance(cli._import_progress(list(range(51))), type(cli.click.progressbar([])))


def test_wordpress_paragraphs_and_markup_become_markdown():
    converted = text.to_markdown(
        "First line\nsecond line\n\n<h3>Heading</h3>\nAfter &lt;script&gt; and 1. not a list\n\n"
        "# not a heading\n\n<pre>keep\n\n  this</pre>\n\n[embed]https://video.example.com/v/1[/embed]\n\n"
        "[[audio]] is how a shortcode is written",
        base="https://old.example.org/2012/01/01/x/",
        raw_wordpress=True,
        link_to=lambda address: None,
        on_old_blog=lambda address: False,
    )
    assert converted.markdown == (
        "First line  \nsecond line\n\n### Heading\n\nAfter &lt;script> and 1. not a list\n\n\\# not a heading\n\n"
        "```\nkeep\n\n  this\n```\n\n<https://video.example.com/v/1>\n\n\\[audio\\] is how a shortcode is written"
    )


def test_feed_html_keeps_its_paragraphs_and_audio_players_become_listen_lines():
    converted = text.to_markdown(
        '<p>Hello <a href="/about/">me</a>.</p><audio controls><source src="/a b.mp3"></audio>',
        base="https://old.example.org/2012/01/01/x/",
        raw_wordpress=False,
        link_to=lambda address: None,
        on_old_blog=lambda address: "old.example.org" in address,
    )
    assert [heard.src for heard in converted.heard] == ["https://old.example.org/a b.mp3"]
    body = text.finish(
        converted.markdown, {converted.heard[0].marker: text.listen_line(converted.heard[0].src)}
    )
    assert (
        body
        == "Hello [me](https://old.example.org/about/).\n\nListen: [a b.mp3](https://old.example.org/a%20b.mp3)"
    )


def test_two_posts_with_one_guid_both_come_in(site, monkeypatch):
    twin = (
        DOOR.replace("<wp:post_id>201</wp:post_id>", "<wp:post_id>206</wp:post_id>")
        .replace("2012/09/26/door-open/", "2012/09/26/door-open-again/")
        .replace("[door-open]", "[door-open-again]")
        .replace("The door is open", "The door is open again")
    )
    result = run(site, "import", source(site, "export.xml", wxr_export(DOOR, twin)), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert "Imported 2 columns" in result.stdout
    guids = sorted(str(post.guid) for post in read_back(site).values())
    assert guids == ["https://old.example.org/2012/09/26/door-open-again/", "https://old.example.org/?p=201"]
    again = run(site, "import", source(site, "export.xml", wxr_export(DOOR, twin)), monkeypatch=monkeypatch)
    assert "Imported 0 columns, skipped 2 already here" in again.stdout


def test_feed_excerpts_that_are_only_the_first_words_are_not_summaries():
    assert not feed._distinct("<p>One two […]</p>", "<p>One two three.</p>")
    assert feed._distinct("Something else.", "<p>One two.</p>")


def test_a_post_that_cannot_be_converted_stops_no_other(site, monkeypatch):
    convert = text.to_markdown

    def fussy(html: str, **options: object) -> text.Converted:
        if "Not finished." in html:
            raise RecursionError("maximum recursion depth exceeded")
        return convert(html, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(text, "to_markdown", fussy)
    result = run(site, "import", source(site, "export.xml", SMALL_WXR), monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert (
        "export.xml:162: item: 'Half a thought' could not be converted (RecursionError: maximum recursion "
        "depth exceeded), so it was not imported; please report this\n"
    ) in result.stdout
    assert result.stdout.splitlines()[-1] == "Imported 5 columns, skipped 0 already here, 4 problems."
    assert not (site / "posts/2012-10-10-half-a-thought.md").exists()


# --- broken and hostile input ------------------------------------------------------------------------------


def test_html_entities_in_a_wordpress_export_are_read_whole(site, monkeypatch):
    # WordPress writes titles, names and (without CDATA) text with HTML's entities, which XML does not know.
    item = wxr_item(
        210, "It&rsquo;s caf&eacute;&nbsp;time", "MARK", name="cafe-time", link="https://old.example.org/cafe/",
        comments=(wxr_comment(7, "Ren&eacute;e", "Merci.", date_gmt="2012-09-27 08:00:00"),),
    ).replace("<![CDATA[MARK]]>", "It&rsquo;s a caf&eacute;,&nbsp;really &amp; truly.")  # fmt: skip
    item = item.replace("<![CDATA[Ren&eacute;e]]>", "Ren&eacute;e")
    result = run(site, "import", source(site, "export.xml", wxr_export(item)), monkeypatch=monkeypatch)
    assert (
        result.stdout
        == "Wrote posts/2012-09-26-cafe-time.md\nImported 1 column, skipped 0 already here, no problems.\n"
    )
    column = read_back(site)["posts/2012-09-26-cafe-time.md"]
    assert column.title == "It’s café time"
    assert column.body == "\nIt’s a café,\xa0really & truly.\n"
    assert [letter.name for letter in column.letters] == ["Renée"]


def test_two_posts_with_one_title_on_one_day_get_their_own_files_and_addresses(site, tmp_path, monkeypatch):
    # WordPress names the second post "same-title-2"; the title alone would give both one address.
    first = wxr_item(
        220, "Same title", "First.", name="same-title", link="https://old.example.org/same-title/"
    )
    second = wxr_item(
        221, "Same title", "Second.", name="same-title-2", link="https://old.example.org/same-title-2/"
    )
    result = run(
        site, "import", source(site, "export.xml", wxr_export(first, second)), monkeypatch=monkeypatch
    )
    assert result.stdout == (
        "Wrote posts/2012-09-26-same-title.md\n"
        "Wrote posts/2012-09-26-same-title-2.md\n"
        "Imported 2 columns, skipped 0 already here, no problems.\n"
    )
    columns = read_back(site)
    assert {path: (post.slug, post.body.strip()) for path, post in columns.items()} == {
        "posts/2012-09-26-same-title.md": ("same-title", "First."),
        "posts/2012-09-26-same-title-2.md": ("same-title-2", "Second."),
    }
    assert "slug: same-title-2\n" in (site / "posts/2012-09-26-same-title-2.md").read_text(encoding="utf-8")
    built = build_at(site, tmp_path / "built")
    assert "First." in built.read("2012/09/26/same-title/index.html")
    assert "Second." in built.read("2012/09/26/same-title-2/index.html")
    assert 'url=../2012/09/26/same-title/"' in built.read("same-title/index.html")
    assert 'url=../2012/09/26/same-title-2/"' in built.read("same-title-2/index.html")


def test_addresses_typed_into_letters_and_author_names_are_withheld(site, monkeypatch):
    export = wxr_export(
        wxr_item(230, "Write to me", "Text.", name="write", creator="wes", comments=(
            wxr_comment(7, "Greg greg@mail.example.net", "Mail me: greg@mail.example.net, or 198.51.100.23.\n\n"
                        "From 2001:db8:85a3::8a2e:370:7334 at 12:30:45.", date_gmt="2012-09-27 08:00:00"),
        )),
    ).replace(  # an author whose display name is an address
        "</wp:author>",
        "</wp:author><wp:author><wp:author_login><![CDATA[wes]]></wp:author_login>"
        "<wp:author_display_name><![CDATA[wes@old.example.org]]></wp:author_display_name></wp:author>",
    )  # fmt: skip
    result = run(site, "import", source(site, "export.xml", export), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert 'a description or a picture: wes as "(address withheld)"\n' in result.stdout
    written = (site / "posts/2012-09-26-write.md").read_text(encoding="utf-8")
    assert written.endswith(
        "comments:\n"
        "- name: Greg (address withheld)\n"
        "  date: 2012-09-27 08:00:00+00:00\n"
        "  text: |-\n"
        "    Mail me: (address withheld), or (address withheld).\n\n"
        "    From (address withheld) at 12:30:45.\n"
        "---\n\nText.\n"
    )
    for private in ("mail.example.net", "198.51.100", "2001:db8", "wes@old"):
        assert private not in written and private not in result.stdout


def test_an_import_from_a_server_that_trickles_stops_in_time(site, monkeypatch, feed_server):
    monkeypatch.setattr(source_module, "TIMEOUT", 2)
    feed_server.files["/feed/"] = RSS.encode()
    feed_server.trickle = True
    trickling_server = feed_server.url
    before = posts(site)
    started = time.monotonic()
    result = run(site, "import", f"{trickling_server}/feed/", monkeypatch=monkeypatch)
    assert time.monotonic() - started < 6
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: could not fetch {trickling_server}/feed/: the server did not send the whole file within "
        "2 seconds; download it with a browser and import the file\n"
    )
    assert posts(site) == before


def test_an_import_from_the_web_reads_a_bounded_size(site, monkeypatch, feed_server):
    monkeypatch.setattr(source_module, "MOST_BYTES", 1024 * 1024)
    feed_server.files["/big/"] = RSS.replace(
        "</channel>", "<!--" + "x" * 1024 * 1024 + "--></channel>"
    ).encode()
    before = posts(site)
    result = run(site, "import", f"{feed_server.url}/big/", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: could not fetch {feed_server.url}/big/: it is larger than 1 MB; "
        "download it with a browser and import the file\n"
    )
    assert posts(site) == before
    feed_server.files["/feed/"] = RSS.encode()  # a feed under the limit comes in as before
    assert run(site, "import", f"{feed_server.url}/feed/", monkeypatch=monkeypatch).stdout == RSS_OUTPUT


END_OF_TIME = wxr_item(240, "The end of time", "Late.", name="end", date_gmt="", date="").replace(
    "Wed, 26 Sep 2012 12:30:00 +0000", "Fri, 31 Dec 9999 23:30:00 -0500"
)
BROKEN_LENGTH = wxr_item(
    241, "Odd recording", "Listen.", name="odd",
    meta=(("enclosure", "https://old.example.org/odd.mp3\n²\naudio/mpeg"),),
)  # fmt: skip
ANCIENT_LETTER = wxr_comment(12, "Old reader", "Before my time.", date_gmt="0001-01-01 00:30:00")


def test_one_bad_item_loses_none_of_the_good_ones(site, tmp_path, monkeypatch):
    door = DOOR.replace("</wp:comment>", "</wp:comment>" + ANCIENT_LETTER, 1)
    export = source(site, "export.xml", wxr_export(END_OF_TIME, door, BROKEN_LENGTH, QUIET))
    result = run(site, "import", export, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Wrote posts/2012-09-19-quiet-client.md",
        "Wrote posts/2012-09-26-door-open.md",
        "Wrote posts/2012-09-26-odd.md",
    ]
    assert (
        "export.xml:13: item: 'The end of time' is dated 9999-12-31 23:30:00-05:00, a date no calendar can show "
        "(correct it in the old blog), so it was not imported"
    ) in lines
    written = (site / "posts/2012-09-26-odd.md").read_text(encoding="utf-8")
    assert "\naliases: ['/?p=241']\n" in written  # its WordPress address keeps leading to it
    # The enclosure's size was not a number: the recording comes in without it.
    assert (
        "posts/2012-09-26-odd.md:7: audio: the old blog gave no size or duration for the recording; "
        "run `columnist check --fetch-media` to fill it in"
    ) in lines
    assert lines[-1] == "Imported 3 columns, skipped 0 already here, 2 problems."
    assert "undated comment 1" in result.stdout
    columns = read_back(site)
    assert [letter.name for letter in columns["posts/2012-09-26-door-open.md"].letters] == ["Greg", "Ana"]
    assert columns["posts/2012-09-26-odd.md"].audio.src == "https://old.example.org/odd.mp3"
    # What the import asked for: the recording's size filled in; then the site builds.
    report = checks.check_columns(site_settings(site))
    done, problems = remote_audio.fetch_media(
        report.posts, fetch=lambda src: remote_audio.AudioFacts(99, None, 5)
    )
    assert (done, problems) == (["Filled in posts/2012-09-26-odd.md: length 99, duration 0:00:05"], [])
    build_at(site, tmp_path / "built")


def test_one_bad_feed_entry_loses_none_of_the_good_ones(site, monkeypatch):
    late = RSS.replace("Wed, 12 Sep 2012 07:30:00 -0700", "Fri, 31 Dec 9999 23:30:00 -0500")
    result = run(site, "import", source(site, "feed.xml", late), monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:4] == [
        "Wrote posts/2012-09-19-listening-first.md",
        "Added 1 author to posts/.authors.yml, where you can give each a description or a picture: "
        'wes-trainer as "Wes Trainer"',
        "Problems to check:",
        "feed.xml:1: item: 'The quiet client' is dated 9999-12-31 23:30:00-05:00, a date no calendar can show "
        "(correct it in the old blog), so it was not imported",
    ]


HOSTILE = (
    '<p>Do <a href="javascript:alert(1)">click here</a> and <a href=" JaVa&#x09;ScRiPt:alert(2)">here</a>.</p>\n\n'
    '[audio src="javascript:alert(3)"]\n\n<audio src="data:audio/mpeg;base64,AAAA"></audio>\n\n'
    '<img src="vbscript:msgbox(4)" alt="x"> <iframe src="javascript:alert(5)"></iframe>\n\n'
    '<p>A <a href="mailto:maren@example.org">letter</a> and <a href="/about/">a page</a>.</p>'
)


def test_links_and_players_outside_the_url_policy_are_left_out(site, tmp_path, monkeypatch):
    item = wxr_item(250, "Hostile", HOSTILE, name="hostile", link="https://old.example.org/hostile/",
                    meta=(("enclosure", "javascript:alert(6)\n1234\naudio/mpeg"),))  # fmt: skip
    result = run(site, "import", source(site, "export.xml", wxr_export(item)), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    policy = "use an address starting with https://, http:// or mailto:, or a path on the site"
    assert result.stdout.splitlines()[1:9] == [
        "Problems to check:",
        f"posts/2012-09-26-hostile.md:1: audio: the old recording 'javascript:alert(6)' was left out: {policy}",
        f"posts/2012-09-26-hostile.md:9: text: the audio player of 'javascript:alert(3)' was left out: {policy}",
        f"posts/2012-09-26-hostile.md:9: text: the audio player of 'data:audio/mpeg;base64,AAAA' was left out: {policy}",
        f"posts/2012-09-26-hostile.md:9: text: the iframe of 'javascript:alert(5)' was left out: {policy}",
        f"posts/2012-09-26-hostile.md:9: text: the picture 'vbscript:msgbox(4)' was left out: {policy}",
        f"posts/2012-09-26-hostile.md:9: text: the link to 'javascript:alert(1)' was left out (its words are kept): {policy}",
        f"posts/2012-09-26-hostile.md:9: text: the link to 'JaVa\\tScRiPt:alert(2)' was left out (its words are kept): {policy}",
    ]
    written = (site / "posts/2012-09-26-hostile.md").read_text(encoding="utf-8")
    assert "audio:" not in written
    for hostile in ("javascript", "JaVa", "vbscript", "data:"):
        assert hostile not in written
    assert written.endswith(
        "---\n\nDo click here and here.\n\n"
        "A [letter](mailto:maren@example.org) and [a page](https://old.example.org/about/).\n"
    )
    build_at(site, tmp_path / "built")


@pytest.mark.parametrize(
    "old", ["/sitemap.xml", "/feed.xml", "/search/search_index.json", "/404.html", "/assets/javascripts/x.js"]
)
def test_an_old_address_the_site_writes_itself_gets_no_alias(site, tmp_path, monkeypatch, old):
    item = wxr_item(260, "Squatter", "Text.", name="squatter", link=f"https://old.example.org{old}")
    result = run(site, "import", source(site, "export.xml", wxr_export(item, DOOR)), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:4] == [
        "Problems to check:",
        f"posts/2012-09-26-squatter.md:1: aliases: the old address {old} is one the site writes itself "
        "(its feeds, sitemap, search or theme), so it does not lead to this column",
    ]
    written = (site / "posts/2012-09-26-squatter.md").read_text(encoding="utf-8")
    assert "aliases" not in written
    built = build_at(site, tmp_path / "built")
    assert "Squatter" in built.read("2012/09/26/squatter/index.html")
    assert built.read("feed.xml").startswith("<?xml")
    assert "<urlset" in built.read("sitemap.xml")
    assert built.read("search/search_index.json").startswith("{")


ENCODED_WORD = "=?utf-8?q?a=0D=0ABcc:_x@evil.org?="


@pytest.mark.parametrize(
    ("written", "title"),
    [
        (ENCODED_WORD, ENCODED_WORD),  # kept as the text it is, never decoded into a line break
        ("a&#13;&#10;Bcc: x@evil.org", "a Bcc: x@evil.org"),
        ("a\u2028Bcc: x@evil.org\u2029more", "a Bcc: x@evil.org more"),
    ],
)
def test_a_title_from_a_strangers_feed_stays_on_one_line(site, monkeypatch, written, title):
    feed_text = RSS.replace("<title>The quiet client</title>", f"<title>{written}</title>")
    result = run(site, "import", source(site, "feed.xml", feed_text), monkeypatch=monkeypatch)
    assert result.exit_code == 0
    post = read_back(site)["posts/2012-09-12-the-quiet-client.md"]
    assert post.title == title
    front_matter = (site / "posts/2012-09-12-the-quiet-client.md").read_text(encoding="utf-8").split("---")[1]
    assert [line.split(":", 1)[0] for line in front_matter.strip().split("\n")] == [
        "title", "date", "authors", "guid", "aliases"
    ]  # fmt: skip
