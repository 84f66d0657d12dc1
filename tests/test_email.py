"""``columnist email``: the email edition of a column, as a mail client and a sending service get it."""

from __future__ import annotations

import email
import email.policy
import json
import re
import uuid
from email.message import EmailMessage
from pathlib import Path

import lxml.html
import pytest
import yaml
from click.testing import CliRunner

from columnist import cli
from conftest import copy_site

CHROMIUM = Path("/usr/bin/chromium")
SAMPLE_URL = "https://clientdesk.example.org/"
SITE_URL = "https://example.org/letters/"
LISTENING = "posts/2019-03-06-listening-first.md"
LISTENING_SLUG = "listen-first-fix-second"
#: What a mail client may follow: the web, an address, or the sending service's unsubscribe tag.
ALLOWED = re.compile(r"^(https?://[^/\s]+/|mailto:)|^\{\{unsubscribe_url\}\}$")


def run(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli.cli, ["email", *args], catch_exceptions=False)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_site("sample", tmp_path / "sample")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("email", tmp_path / "email")


def written(result, folder: Path) -> dict[str, Path]:
    """The files a run says it wrote, by suffix, after checking it named exactly three."""
    paths = re.findall(r"^Wrote (\S+)$", result.stdout, re.MULTILINE)
    assert [Path(path).suffix for path in paths] == [".html", ".txt", ".eml"]
    return {Path(path).suffix: folder / path for path in paths}


def parse(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)  # type: ignore[return-value]


def addresses(document: str) -> list[str]:
    tree = lxml.html.document_fromstring(document)
    return [value for name in ("href", "src", "poster") for value in tree.xpath(f"//@{name}")]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the sample site --------------------------------------------------------------------------------------


def test_a_sample_column_with_audio_as_an_email(sample, monkeypatch):
    result = run(sample, LISTENING, monkeypatch=monkeypatch)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Wrote email/{LISTENING_SLUG}.html\n"
        f"Wrote email/{LISTENING_SLUG}.txt\n"
        f"Wrote email/{LISTENING_SLUG}.eml\n"
    )
    files = written(result, sample)
    message = parse(files[".eml"])

    assert message["Subject"] == "Listen first, fix second"
    assert message["From"] == "The Client Desk <letters@clientdesk.example.org>"
    assert message["Reply-To"] == "letters@clientdesk.example.org"
    assert message["Date"] == "Wed, 06 Mar 2019 00:00:00 -0600"  # the column's date, in the site's zone
    assert message["List-Unsubscribe"] == "<{{unsubscribe_url}}>"
    assert message["Message-ID"] == "<789f6bbb-441a-4c8e-aae6-1f3e3c4ca675@clientdesk.example.org>"
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    # The message keeps SMTP's CRLF line endings; the files beside it have the same text with LF.
    text, document = (part.get_content().replace("\r\n", "\n") for part in parts)
    assert text == files[".txt"].read_text(encoding="utf-8")
    assert document == files[".html"].read_text(encoding="utf-8")
    assert b"\r\n" in files[".eml"].read_bytes() and b"\n" not in files[".eml"].read_bytes().replace(
        b"\r\n", b""
    )

    tree = lxml.html.document_fromstring(document)
    assert tree.xpath("//h1")[0].text_content() == "Listen first, fix second"
    assert tree.xpath("//p[@class='tagline']")[0].text == (
        "A weekly column on working with clients, by Maren Holt and Tomas Reyes."
    )
    assert tree.xpath("//p[@class='issue']")[0].text == "No. 1 · March 6, 2019"
    audio = "https://clientdesk.example.org/posts/audio/listening-first.mp3"
    assert tree.xpath("//a[.='Listen to this column']/@href") == [audio]
    web = f"{SAMPLE_URL}2019/03/06/{LISTENING_SLUG}/"
    assert tree.xpath("//a[.='Read it on the web']/@href") == [web]
    assert tree.xpath("//a[.='Every column in the archive']/@href") == [f"{SAMPLE_URL}archive/"]
    assert tree.xpath("//a[.='Unsubscribe']/@href") == ["{{unsubscribe_url}}"]
    assert 'href="{{unsubscribe_url}}"' in document  # verbatim, for the sending service to replace
    quotes = [" ".join(quote.text_content().split()) for quote in tree.xpath("//blockquote")]
    assert quotes == [
        "I came in to talk about the printer and ended up telling you about the whole year. "
        "— the office manager of a dental clinic",
        "The first meeting is for hearing the problem, not for solving it.",
    ]
    assert "Why I stopped bringing solutions to first meetings" in tree.text_content()
    assert "The fixing can start on Thursday." in tree.text_content()

    # A document mail clients render: inlined CSS, nothing to fetch or run, one column of 600 px at most.
    assert not tree.xpath("//script | //style | //link | //iframe | //@*[starts-with(name(), 'on')]")
    container = tree.xpath("//table[@width='600']/@style")[0]
    assert re.match(r"width:\s*100%;\s*max-width:\s*600px;", container), container
    assert all(ALLOWED.match(value) for value in addresses(document)), addresses(document)

    assert text.startswith(
        "The Client Desk\nA weekly column on working with clients, by Maren Holt and Tomas Reyes.\n"
        "No. 1 · March 6, 2019\n\nListen first, fix second\n========================\n\n"
        "By Maren Holt\n\nListen to this column (0:21, 0.1 MB):\n" + audio + "\n\n"
    )
    assert (
        "Now I go in with three questions and a notepad:\n\n"
        "1. What is getting in the way of your work this week?\n"
        "2. What have you already tried?\n"
        "3. If I could change one thing by next month, what should it be?\n"
    ) in text
    assert "Why I stopped bringing solutions to first meetings\n" + "-" * 50 + "\n" in text
    assert (
        "> I came in to talk about the printer and ended up telling you about the\n"
        "> whole year.\n"
        "> — the office manager of a dental clinic\n"
    ) in text
    assert text.endswith(
        f"Read it on the web:\n{web}\n\n" + "-" * 72 + "\nThe Client Desk\n"
        f"Every column: {SAMPLE_URL}archive/\n"
        "Reply to this email to write to us.\n"
        "Unsubscribe: {{unsubscribe_url}}\n"
        "Copyright © 2019–2026 Maren Holt and Tomas Reyes\n"
    )
    assert all(len(line) <= 72 for line in text.splitlines())


def test_a_link_to_another_column_leads_to_its_page(sample, monkeypatch):
    result = run(sample, "posts/2019-07-17-when-staff-stop-reporting.md", monkeypatch=monkeypatch)
    files = written(result, sample)
    listening = f"{SAMPLE_URL}2019/03/06/{LISTENING_SLUG}/"
    tree = lxml.html.document_fromstring(files[".html"].read_text(encoding="utf-8"))
    assert tree.xpath("//a[.='listening first']/@href") == [listening]
    text = files[".txt"].read_text(encoding="utf-8")
    assert "same lesson as listening first [1], it is." in " ".join(text.split())
    assert text.endswith(f"\n\nLinks:\n[1] {listening}\n")


def test_latest_slug_and_path_name_the_same_column(sample, monkeypatch):
    # The build's "now" is 2026-11-22: the newest published column is from 2026-02-04 (2026-05-13 is a draft).
    latest = run(sample, "latest", monkeypatch=monkeypatch)
    slug = "raising-your-rates-with-the-clients-you-already-have"
    assert latest.stdout.splitlines()[0] == f"Wrote email/{slug}.html"
    first = written(latest, sample)[".eml"].read_bytes()
    for form in (slug, "2026-02-04-raising-your-rates", "posts/2026-02-04-raising-your-rates.md"):
        again = run(sample, form, monkeypatch=monkeypatch)
        assert again.exit_code == 0
        assert written(again, sample)[".eml"].read_bytes() == first
    from_posts = run(sample / "posts", "2026-02-04-raising-your-rates.md", monkeypatch=monkeypatch)
    assert from_posts.stdout.splitlines()[0] == f"Wrote email/{slug}.html"  # relative to the site's folder


def test_the_same_column_gives_the_same_bytes(sample, monkeypatch, tmp_path):
    first = run(sample, LISTENING, "-o", str(tmp_path / "one"), monkeypatch=monkeypatch)
    second = run(sample, LISTENING, "-o", str(tmp_path / "two"), monkeypatch=monkeypatch)
    assert second.stdout == first.stdout.replace("/one/", "/two/")
    assert first.stdout == f"Wrote {tmp_path}/one/{LISTENING_SLUG}.html\n" + (
        f"Wrote {tmp_path}/one/{LISTENING_SLUG}.txt\nWrote {tmp_path}/one/{LISTENING_SLUG}.eml\n"
    )
    for suffix in ("html", "txt", "eml"):
        one = (tmp_path / "one" / f"{LISTENING_SLUG}.{suffix}").read_bytes()
        assert one == (tmp_path / "two" / f"{LISTENING_SLUG}.{suffix}").read_bytes()
    eml = (tmp_path / "one" / f"{LISTENING_SLUG}.eml").read_bytes()
    boundaries = set(re.findall(rb'boundary="([^"]+)"', eml))
    assert len(boundaries) == 1 and next(iter(boundaries)).startswith(b"columnist-")


def test_output_folder_and_config_file_from_elsewhere(sample, monkeypatch, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(
        elsewhere, "latest", "-f", "../sample/source/mkdocs.yml", "-o", "out", monkeypatch=monkeypatch
    )
    assert result.exit_code == 0
    assert sorted(path.name for path in (elsewhere / "out").iterdir()) == [
        "raising-your-rates-with-the-clients-you-already-have.eml",
        "raising-your-rates-with-the-clients-you-already-have.html",
        "raising-your-rates-with-the-clients-you-already-have.txt",
    ]
    assert not (sample / "email").exists()


# --- links, images and the plain text ---------------------------------------------------------------------

EVERYTHING = "everything-at-once"
EVERYTHING_URL = f"{SITE_URL}2024/01/03/{EVERYTHING}/"


def test_every_link_and_image_is_absolute_on_the_site(site, monkeypatch):
    result = run(site, EVERYTHING, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.stderr
    document = written(result, site)[".html"].read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(document)

    def href(words: str) -> list[str]:
        return tree.xpath(f"//a[.='{words}']/@href")

    assert href("the first letter") == [f"{SITE_URL}2023/12/27/the-first-letter/"]  # in a subfolder
    assert href("about page") == [f"{SITE_URL}about/#who"]  # ../docs/about.md#who
    assert href("next week") == [f"{SITE_URL}2024/01/10/next-week/"]
    assert href("a draft") == [f"{SITE_URL}2024/01/17/an-idea/"]  # where it will be once published
    assert href("section") == [f"{EVERYTHING_URL}#the-details"]
    assert href("the desk") == ["mailto:desk@example.org"]
    assert href("link to the logo") == [f"{SITE_URL}images/logo.png"]  # a file in docs/
    assert tree.xpath("//img[@alt='A wide chart']/@src") == [f"{SITE_URL}posts/images/chart.png"]
    assert re.search(r"max-width:\s*100%", tree.xpath("//img[@alt='A wide chart']/@style")[0])
    assert all(ALLOWED.match(value) for value in addresses(document)), addresses(document)

    # The author's raw HTML cannot run anything; permalink marks and footnote jumps are left out.
    assert not tree.xpath("//script | //style | //link | //@*[starts-with(name(), 'on')]")
    assert "javascript" not in document and "alert" not in document
    assert "A paragraph with a handler and an unsafe link." in tree.text_content()
    assert not tree.xpath("//a[contains(@class, 'headerlink') or contains(@class, 'footnote')]")
    assert "¶" not in document and "↩" not in document
    # The site's Markdown extensions: admonition, footnotes, tables, toc.
    assert tree.xpath("//div[contains(@class, 'admonition')]/p[1]")[0].text == "A note"
    assert tree.xpath("//div[@class='footnote']//a/@href") == ["https://example.com/note"]
    assert [cell.text for cell in tree.xpath("//div[@class='body']//td")][:3] == ["Ada", "Reader", "Berlin"]
    assert tree.xpath("//h2[@id='the-details']")
    # The theme's language (de) for the labels, the date and the document; two authors; a hosted recording.
    assert "Nr. 2 · 3. Januar 2024" in tree.text_content()
    assert tree.get("lang") == "de"
    assert tree.xpath("//p[@class='byline']")[0].text_content() == "Von Wes Trainer und Ada Quill"
    assert href("Diese Kolumne anhören") == ["https://media.example.org/everything.mp3"]
    assert "(12:34, 2,4 MB)" in tree.text_content()
    assert tree.xpath("//cite")[0].text == "a letter"


def test_the_plain_text_reads_well_and_numbers_its_links(site, monkeypatch):
    result = run(site, EVERYTHING, monkeypatch=monkeypatch)
    text = written(result, site)[".txt"].read_text(encoding="utf-8")
    long_url = "https://example.com/a/very/long/address/that/goes/on/and/on/without/any/breaks/at/all/whatsoever/index.html"
    assert text.startswith(
        "Letters & Notes\n"
        "Nr. 2 · 3. Januar 2024\n"
        "\n"
        "Everything at once\n"
        "==================\n"
        "\n"
        "Von Wes Trainer und Ada Quill\n"
        "\n"
        "Diese Kolumne anhören (12:34, 2,4 MB):\n"
        "https://media.example.org/everything.mp3\n"
        "\n"
        "Start with the first letter [1] and the about page [2], then next week\n"
        "[3], a draft [4] and a section of this one. Write to the desk [5] or see\n"
        f"{long_url}.\n"
        "\n"
        "[image: A wide chart] [6]\n"
        "\n"
        "The details\n"
        "-----------\n"
        "\n"
        "Some *bold*, some _emphasis_, some `code`, a footnote[^1] and a line\n"
        "break.\n"
        "\n"
        "- one item\n"
        "- two items, with a link to the logo [7]\n"
        "  1. nested first\n"
        "  2. nested second\n"
        "\n"
        "> A blockquote from a reader, long enough that it wraps past the end of\n"
        "> one line of text.\n"
        "\n"
        "    def a_very_long_line_of_code_that_should_not_be_wrapped_but_must_not_scroll_the_page(argument_one, argument_two):\n"
        "        return argument_one\n"
        "\n"
        "Name | Role | Where\n"
        "-------------------\n"
        "Ada | Reader | Berlin\n"
        "Wes | Writer | Hamburg\n"
    )
    assert text.endswith(
        "Zitate aus dieser Kolumne\n"
        "-------------------------\n"
        "\n"
        "> Write it down before it writes you off.\n"
        "> — a bookkeeper, a letter\n"
        "\n"
        "> A plain quote & <b>no markup</b>.\n"
        "\n"
        "Im Web lesen:\n"
        f"{EVERYTHING_URL}\n"
        "\n" + "-" * 72 + "\n"
        "Letters & Notes\n"
        f"Alle Kolumnen: {SITE_URL}archive/\n"
        "Antworten Sie auf diese E-Mail, um uns zu schreiben.\n"
        "Abbestellen: {{unsubscribe_url}}\n"
        "Copyright © 2024 Wes Trainer\n"
        "\n"
        "Links:\n"
        f"[1] {SITE_URL}2023/12/27/the-first-letter/\n"
        f"[2] {SITE_URL}about/#who\n"
        f"[3] {SITE_URL}2024/01/10/next-week/\n"
        f"[4] {SITE_URL}2024/01/17/an-idea/\n"
        "[5] mailto:desk@example.org\n"
        f"[6] {SITE_URL}posts/images/chart.png\n"
        f"[7] {SITE_URL}images/logo.png\n"
        "[8] https://example.com/note\n"
    )
    assert "1. The footnote, with a link [8]." in text
    assert "javascript" not in text and "alert" not in text
    # Only a word longer than a line (an address, a line of code) passes the 72nd column.
    assert [line for line in text.splitlines() if len(line) > 72 and " " in line.strip()] == [
        "    def a_very_long_line_of_code_that_should_not_be_wrapped_but_must_not_scroll_the_page(argument_one, argument_two):"
    ]


def test_message_ids_are_made_from_the_guid_and_the_sites_host(site, monkeypatch):
    def message_id(column: str) -> str:
        result = run(site, column, monkeypatch=monkeypatch)
        return parse(written(result, site)[".eml"])["Message-ID"]

    assert message_id("next-week") == "<next-week@example.org>"
    odd = site / "posts/2024-01-10-next-week.md"
    edit(odd, "guid: next-week", "guid: https://old.example.net/?p=12 <x>")
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "https://old.example.net/?p=12 <x>")
    assert message_id("next-week") == f"<{expected}@example.org>"
    assert (
        message_id("an-idea")
        == f"<{uuid.uuid5(uuid.NAMESPACE_URL, SITE_URL + 'drafts/an-idea.md')}@example.org>"
    )


# --- drafts, settings and mistakes ------------------------------------------------------------------------


def test_a_draft_or_a_future_column_can_be_previewed(site, monkeypatch):
    draft = run(site, "posts/drafts/an-idea.md", monkeypatch=monkeypatch)
    assert (draft.exit_code, draft.stdout) == (
        0,
        "Wrote email/an-idea.html\nWrote email/an-idea.txt\nWrote email/an-idea.eml\n"
        "note: this column is a draft; it is not on the site yet\n",
    )
    future = run(site, "far-future", monkeypatch=monkeypatch)
    assert future.stdout.splitlines()[3:] == [
        "note: this column is dated 2099-01-07; it is not on the site until then"
    ]
    latest = run(site, "latest", monkeypatch=monkeypatch)
    assert latest.stdout.splitlines() == [
        "Wrote email/next-week.html",
        "Wrote email/next-week.txt",
        "Wrote email/next-week.eml",
    ]


def test_without_an_unsubscribe_tag_the_sending_service_must_add_one(site, monkeypatch):
    edit(site / "mkdocs.yml", '        unsubscribe: "{{unsubscribe_url}}"\n', "")
    edit(site / "mkdocs.yml", "        reply_to: letters@example.org\n", "")
    result = run(site, "next-week", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3:] == [
        "note: email.unsubscribe is not set in mkdocs.yml, so the email has no unsubscribe link; "
        'your sending service must add one (set email.unsubscribe to its tag, like "{{unsubscribe_url}}")'
    ]
    files = written(result, site)
    message = parse(files[".eml"])
    assert message["List-Unsubscribe"] is None and message["Reply-To"] is None
    document = files[".html"].read_text(encoding="utf-8")
    assert "Abbestellen" not in document and "Antworten Sie" not in document
    assert "Abbestellen" not in files[".txt"].read_text(encoding="utf-8")


def test_another_services_tag_is_kept_verbatim(site, monkeypatch):
    edit(site / "mkdocs.yml", '"{{unsubscribe_url}}"', '"*|UNSUB|*"')
    result = run(site, "next-week", monkeypatch=monkeypatch)
    files = written(result, site)
    assert parse(files[".eml"])["List-Unsubscribe"] == "<*|UNSUB|*>"
    assert '<a href="*|UNSUB|*"' in files[".html"].read_text(encoding="utf-8")
    assert "Abbestellen: *|UNSUB|*\n" in files[".txt"].read_text(encoding="utf-8")


def test_without_a_sender_nothing_is_written(site, monkeypatch):
    edit(site / "mkdocs.yml", "        from: Wes Trainer <wes@example.org>\n", "")
    result = run(site, "next-week", monkeypatch=monkeypatch)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "mkdocs.yml:20: email.from: is missing: set email.from in mkdocs.yml under the columnist plugin "
        "(email: {from: Your Name <you@example.org>}), or give the column's author an email in authors; "
        "it is who the email comes from\n"
    )
    assert not (site / "email").exists()


def test_an_address_without_an_at_sign_is_named_with_its_line(site, monkeypatch):
    edit(site / "mkdocs.yml", "from: Wes Trainer <wes@example.org>", "from: Wes Trainer")
    edit(site / "mkdocs.yml", "reply_to: letters@example.org", "reply_to: letters")
    result = run(site, "next-week", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "mkdocs.yml:21: email.from: 'Wes Trainer' is not an email address; "
        "write it as you@example.org or Your Name <you@example.org>",
        "mkdocs.yml:22: email.reply_to: 'letters' is not an email address; "
        "write it as you@example.org or Your Name <you@example.org>",
    ]


def test_a_column_that_is_not_there_is_named(site, monkeypatch):
    result = run(site, "next-weak", monkeypatch=monkeypatch)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: there is no column 'next-weak': give the path of a column's file, its slug, or latest; "
        "did you mean 'next-week'?\n",
    )
    result = run(site, "docs/about.md", monkeypatch=monkeypatch)
    assert result.stderr == "Error: 'docs/about.md' is not a column in the posts folder\n"


def test_a_broken_column_stops_the_email_as_it_stops_the_build(site, monkeypatch):
    (site / "posts/2024-02-07-broken.md").write_text("---\ntitle: Broken\n---\n\nNo date.\n")
    result = run(site, "next-week", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        "Columnist found 1 error in your columns; no email was written:\n"
        "posts/2024-02-07-broken.md:1: date: is required: every column needs a date, like 2024-03-06\n"
    )


def test_a_hostile_title_quote_and_author_are_escaped(site, monkeypatch):
    title = """<script>alert("x")</script> & 'quotes' "too" </title>"""
    front = {"title": title, "date": "2024-01-10", "authors": ["ada"], "number": 3, "guid": "next-week",
             "quotes": [{"text": "<img src=x onerror=alert(1)>", "by": "<b>x</b>"}]}  # fmt: skip
    column = site / "posts/2024-01-10-next-week.md"
    column.write_text(f"---\n{yaml.safe_dump(front)}---\n\nA <em>short</em> letter.\n", encoding="utf-8")
    edit(site / "mkdocs.yml", "ada: {name: Ada Quill}", 'ada: {name: "<i>Ada</i> & Co"}')
    result = run(site, "posts/2024-01-10-next-week.md", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.stderr
    files = written(result, site)
    document = files[".html"].read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(document)
    assert not tree.xpath("//script | //img | //b | //i | //@onerror")
    assert tree.xpath("//div[@class='body']//em")[0].text == "short"  # the column's own HTML stays
    assert tree.xpath("//h1")[0].text_content() == title
    assert tree.xpath("//title")[0].text_content() == title
    assert "&lt;script&gt;" in document and "<script" not in document
    assert tree.xpath("//p[@class='quote-text']")[0].text == "<img src=x onerror=alert(1)>"
    assert tree.xpath("//p[@class='byline']")[0].text_content() == "Von <i>Ada</i> & Co"
    message = parse(files[".eml"])
    assert message["Subject"] == title
    assert (
        message.get_body(("plain",))
        .get_content()
        .replace("\r\n", "\n")
        .startswith("Letters & Notes\nNr. 3 · 10. Januar 2024\n\n" + title + "\n" + "=" * len(title) + "\n")
    )


def test_an_encoded_title_adds_no_header(site, monkeypatch):
    column = site / "posts/2024-01-10-next-week.md"
    edit(column, "title: Next week", 'title: "=?utf-8?q?a=0D=0ABcc:_victim@evil.org?="')
    result = run(site, "posts/2024-01-10-next-week.md", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.stderr
    message = parse(written(result, site)[".eml"])
    assert sorted(message.keys()) == [
        "Content-Type", "Date", "From", "List-Unsubscribe", "MIME-Version", "Message-ID", "Reply-To", "Subject",
    ]  # fmt: skip
    assert message["Subject"] == "a Bcc: victim@evil.org"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "from",
            "=?utf-8?q?Wes=0D=0ABcc:_victim@evil.org?= <wes@example.org>",
            "mkdocs.yml:21: email.from: '=?utf-8?q?Wes=0D=0ABcc:_victim@evil.org?= <wes@example.org>' is not an "
            "email address; write it as you@example.org or Your Name <you@example.org>",
        ),
        (
            "reply_to",
            "letters@example.org, victim@evil.org",
            "mkdocs.yml:22: email.reply_to: 'letters@example.org, victim@evil.org' is not an email address; "
            "write it as you@example.org or Your Name <you@example.org>",
        ),
        (
            "unsubscribe",
            "=?utf-8?q?a=0D=0ABcc:_victim@evil.org?=",
            "mkdocs.yml:23: email.unsubscribe: must be your sending service's unsubscribe tag, or a web or mail "
            'address, on one line without spaces, like "{{unsubscribe_url}}" or https://list.example.org/leave',
        ),
        (
            "unsubscribe",
            "javascript:alert(1)",
            "mkdocs.yml:23: email.unsubscribe: must be your sending service's unsubscribe tag, or a web or mail "
            'address, on one line without spaces, like "{{unsubscribe_url}}" or https://list.example.org/leave',
        ),
    ],
)
def test_a_header_that_would_carry_another_is_refused(site, monkeypatch, key, value, message):
    config = site / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(number for number, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
    lines[index] = lines[index].split(f"{key}:")[0] + f"{key}: {json.dumps(value)}\n"
    config.write_text("".join(lines), encoding="utf-8")
    result = run(site, "next-week", monkeypatch=monkeypatch)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")
    assert not (site / "email").exists()


def test_the_email_keeps_no_address_outside_the_url_policy(site, monkeypatch):
    column = site / "posts/2024-01-10-next-week.md"
    column.write_text(
        column.read_text(encoding="utf-8")
        + '\n<table background="javascript:alert(1)"><tr><td style="background:url(javascript:alert(2))">'
        '<a href="https://example.org/kept">kept</a></td></tr></table>\n\n'
        '<form action="javascript:alert(3)"><button formaction="javascript:alert(4)">Go</button></form>\n\n'
        '<svg><a xlink:href="javascript:alert(5)"><animate attributeName="href" values="javascript:alert(6)"/>'
        "<text>svg words</text></a></svg>\n\n"
        '<p style="width: expression(alert(7))">styled words</p>\n',
        encoding="utf-8",
    )
    result = run(site, "next-week", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.stderr
    document = written(result, site)[".html"].read_text(encoding="utf-8")
    assert "javascript" not in document.lower() and "expression(" not in document
    assert "alert(" not in document
    tree = lxml.html.document_fromstring(document)
    assert tree.xpath("//a[.='kept']/@href") == ["https://example.org/kept"]
    assert "svg words" in tree.text_content() and "styled words" in tree.text_content()
    assert tree.xpath("//form|//button|//animate") == []


def test_the_sites_own_email_template_is_used_first(site, monkeypatch):
    edit(site / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (site / "overrides/columnist").mkdir(parents=True)
    (site / "overrides/columnist/email.html").write_text(
        '<!DOCTYPE html>\n<html><body><p class="mine">{{ title }}</p>{{ body }}</body></html>\n'
    )
    result = run(site, "next-week", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.stderr
    tree = lxml.html.document_fromstring(written(result, site)[".html"].read_text(encoding="utf-8"))
    assert [node.text for node in tree.xpath("//p[@class='mine']")] == ["Next week"]


# --- in a browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium) to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def open_email(chromium, document: Path, width: int, files: dict[str, Path]):
    """The email in a window ``width`` pixels wide; its images come from the site's folder, nothing else loads."""
    page = chromium.new_page(viewport={"width": width, "height": 900})

    def answer(route) -> None:
        local = files.get(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        elif local is not None:
            route.fulfill(path=str(local))
        else:
            route.abort()

    page.route("**/*", answer)
    page.goto(document.as_uri())
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("width", [375, 600])
def test_the_email_fits_a_phone_and_a_desktop_client(chromium, site, sample, monkeypatch, width):
    images = {
        f"{SITE_URL}posts/images/chart.png": site / "posts/images/chart.png",
        f"{SITE_URL}images/logo.png": site / "docs/images/logo.png",
    }
    for folder, column in ((site, EVERYTHING), (sample, LISTENING)):
        result = run(folder, column, monkeypatch=monkeypatch)
        page = open_email(chromium, written(result, folder)[".html"], width, images)
        try:
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert scroll <= inner, f"{column} scrolls sideways at {width} px: {scroll} > {inner}"
            container = page.evaluate(
                "document.querySelector('table[width=\"600\"]').getBoundingClientRect().width"
            )
            assert container <= min(width, 600)
            if folder == site:
                chart = page.evaluate(
                    "(() => { const i = document.querySelector('img[alt=\"A wide chart\"]');"
                    " return [i.naturalWidth, i.getBoundingClientRect().width]; })()"
                )
                assert chart[0] == 1400 and chart[1] <= container - 40  # shrunk to the column
        finally:
            page.close()
