"""Reading one column's front matter: what is accepted and the exact words of each problem."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from columnist.dates import as_aware, parse_date
from columnist.post import parse_duration, read_post
from columnist.slugs import slugify

CHICAGO = ZoneInfo("America/Chicago")


def read(tmp_path: Path, text: str, zone=CHICAGO):
    source = tmp_path / "column.md"
    source.write_text(text, encoding="utf-8")
    return read_post(source, "posts/column.md", "column.md", zone)


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_every_key_read_into_the_post(tmp_path):
    post, problems = read(
        tmp_path,
        """---
title: Working with clients
date: 2012-09-19T07:30:00-07:00
updated: 2012-10-01
category: Trust
author: wes
tags: [meetings, email]
number: 309
quotes:
  - Listen first.
  - text: It felt like therapy.
    by: a client
    source: a Friday call
summary: What a client meant.
audio:
  src: audio/309.mp3
  duration: "1:02:03"
  episode: 4
  explicit: false
image: images/desk.jpg
slug: therapy
guid: col-309
aliases: [/2012/09/therapy.html]
comments:
  - {name: Jim, date: 2012-09-20, text: Great column.}
description: For search engines.
---
One two three four.
""",
    )
    assert problems == []
    assert post.title == "Working with clients"
    assert post.date == datetime(2012, 9, 19, 9, 30, tzinfo=CHICAGO)
    assert post.updated == datetime(2012, 10, 1, tzinfo=CHICAGO)
    assert post.categories == ("Trust",)
    assert post.authors == ("wes",)
    assert post.tags == ("meetings", "email")
    assert post.number == 309
    assert [(q.text, q.by, q.source) for q in post.quotes] == [
        ("Listen first.", None, None),
        ("It felt like therapy.", "a client", "a Friday call"),
    ]
    assert post.audio.src == "audio/309.mp3"
    assert post.audio.duration == 3723.0
    assert post.audio.episode == 4
    assert post.audio.explicit is False
    assert post.slug == "therapy"
    assert post.guid == "col-309"
    assert post.aliases == ("2012/09/therapy.html",)
    assert post.letters[0].name == "Jim"
    assert post.page_meta == {"description": "For search engines."}
    assert post.body.strip() == "One two three four."
    assert post.words == 4
    assert post.line_of("categories") == 5


def test_naive_dates_are_in_the_site_zone(tmp_path):
    post, _ = read(tmp_path, "---\ntitle: T\ndate: 2007-02-14 08:15\n---\n")
    assert post.date == datetime(2007, 2, 14, 8, 15, tzinfo=CHICAGO)
    post, _ = read(tmp_path, '---\ntitle: T\ndate: "2007-02-14"\n---\n')
    assert post.date == datetime(2007, 2, 14, tzinfo=CHICAGO)


def test_every_problem_named_with_line_and_field(tmp_path):
    post, problems = read(
        tmp_path,
        """---
title: [not, text]
date: 2021-02-30
catgories: [a]
number: 0
quotes:
  - fine
  - {text: hi, by: [1]}
  - {txt: no}
audio: {src: a.mp3, duration: soon, episode_type: extra}
draft: maybe
comments:
  - {name: A, date: 2020-01-01, text: hi, email: reader@example.org}
---
Body
""",
    )
    assert post is None
    assert messages(problems) == [
        "posts/column.md:4: catgories: is not a key Columnist knows, so it is ignored; did you mean 'categories'?",
        "posts/column.md:2: title: must be text, not a list",
        "posts/column.md:3: date: '2021-02-30' is not a date; write it as 2024-03-06, or 2024-03-06 08:30 with a time",
        "posts/column.md:5: number: must be 1 or more, not 0",
        "posts/column.md:6: quotes: item 2, by: must be text, not a list",
        "posts/column.md:6: quotes: item 3, text: is required",
        "posts/column.md:6: quotes: item 3: 'txt' is not a key here; use text, by, source",
        "posts/column.md:10: audio: duration: must be a length of time like 1:02:03 or a number of seconds, not 'soon'",
        "posts/column.md:10: audio: episode_type: must be one of 'full', 'trailer' or 'bonus', not 'extra'",
        "posts/column.md:11: draft: must be true or false, not 'maybe'",
        "posts/column.md:12: comments: item 1: 'email' is not a key here; use name, date, text",
    ]


def test_missing_front_matter_and_required_keys(tmp_path):
    _, problems = read(tmp_path, "Just text.\n")
    assert messages(problems) == [
        "posts/column.md:1: front matter: is missing: start the file with a line of ---, the title and date, and ---"
    ]
    _, problems = read(tmp_path, "---\nnumber: 3\n---\nText\n")
    assert messages(problems) == [
        "posts/column.md:1: title: is required: every column needs a title",
        "posts/column.md:1: date: is required: every column needs a date, like 2024-03-06",
    ]


def test_yaml_error_keeps_its_line(tmp_path):
    _, problems = read(tmp_path, "---\ntitle: T\ndate: 2020-01-01\ntags: [one, two\n---\nText\n")
    assert messages(problems) == [
        "posts/column.md:4: front matter: cannot be read (did not find expected ',' or ']'); "
        "check the quotes, brackets and colons"
    ]


def test_singular_and_plural_together_is_an_error(tmp_path):
    _, problems = read(tmp_path, "---\ntitle: T\ndate: 2020-01-01\ncategory: A\ncategories: [B]\n---\n")
    assert messages(problems) == [
        "posts/column.md:4: category: write either 'category' or 'categories', not both"
    ]


def test_a_number_as_title_is_text(tmp_path):
    post, problems = read(tmp_path, "---\ntitle: 1984\ndate: 2020-01-01\n---\n")
    assert problems == [] and post.title == "1984"


def test_not_utf8_is_named(tmp_path):
    source = tmp_path / "column.md"
    source.write_bytes(b"---\ntitle: Caf\xe9\ndate: 2020-01-01\n---\n")
    _, problems = read_post(source, "posts/column.md", "column.md", CHICAGO)
    assert messages(problems) == [
        "posts/column.md:2: file: is not UTF-8 text; save it as UTF-8 in your editor"
    ]


# --- properties of the parsers ---------------------------------------------------------------------------

zones = st.sampled_from(["UTC", "America/Chicago", "Europe/London", "Asia/Kolkata", "Pacific/Chatham"])


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31)))
def test_any_date_written_as_text_reads_back(day):
    assert parse_date(day.isoformat()) == day


@given(
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 12, 30)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
    zones,
)
def test_aware_datetimes_keep_their_instant(moment, offset_minutes, zone_name):
    zone = timezone(timedelta(minutes=offset_minutes))
    aware = moment.replace(tzinfo=zone)
    written = parse_date(aware.isoformat())
    # The same instant; compared as timestamps, since Python never calls a time in a repeated hour of
    # the clocks going back equal to one in another zone.
    assert as_aware(written, ZoneInfo(zone_name)).timestamp() == aware.timestamp()


@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 12, 30)), zones)
def test_naive_datetimes_are_read_in_the_site_zone(moment, zone_name):
    moment = moment.replace(microsecond=0)
    result = as_aware(parse_date(moment.isoformat(sep=" ")), ZoneInfo(zone_name))
    assert result.replace(tzinfo=None) == moment
    assert result.tzinfo == ZoneInfo(zone_name)


@given(st.text(max_size=40))
def test_text_that_is_not_a_date_is_refused_with_a_hint(text):
    try:
        parse_date(text)
    except ValueError as error:
        assert "write it as 2024-03-06" in str(error)


@given(st.text(max_size=200))
def test_slugs_are_ascii_lowercase_and_stable(text):
    slug = slugify(text)
    assert slug == slugify(text)
    assert slug.isascii()
    assert slug == slug.lower()
    assert all(ch.isalnum() or ch == "-" for ch in slug)
    assert not slug.startswith("-") and not slug.endswith("-")
    assert slugify(slug) == slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Tips & Tricks", "tips-tricks"),
        ("Don't Panic", "dont-panic"),
        ("Ça va, Zoë?", "ca-va-zoe"),
        ("🎉", ""),
    ],
)
def test_known_slugs(title, slug):
    assert slugify(title) == slug


@given(st.integers(min_value=0, max_value=99), st.integers(min_value=0, max_value=59), st.integers(0, 59))
def test_durations_as_clock_text(hours, minutes, seconds):
    assert parse_duration(f"{hours}:{minutes:02d}:{seconds:02d}") == hours * 3600 + minutes * 60 + seconds


def test_materials_keys_are_passed_on_typed_and_the_description_escaped(tmp_path):
    post, problems = read(
        tmp_path,
        '---\ntitle: X\ndate: 2024-03-06\ndescription: Fish & "chips" <b>\nhide: toc\n'
        "search: {exclude: false, boost: 2.5}\n---\nText.\n",
    )
    assert problems == []
    assert post.description == 'Fish & "chips" <b>'
    assert post.page_meta == {
        "description": "Fish &amp; &#34;chips&#34; &lt;b&gt;",
        "hide": ["toc"],
        "search": {"exclude": False, "boost": 2.5},
    }


def test_numbers_at_their_limits_are_accepted(tmp_path):
    post, problems = read(
        tmp_path,
        "---\ntitle: X\ndate: 0001-01-03\nupdated: 9999-12-29\nnumber: 1000000\n"
        "audio: {src: https://a.example.org/x.mp3, type: audio/mpeg, length: 1000000000000, duration: '999:59:59'}\n"
        "---\nText.\n",
    )
    assert problems == []
    assert (post.number, post.audio.length, post.audio.duration) == (1_000_000, 10**12, 3_599_999.0)
    assert (post.date.year, post.updated.year) == (1, 9999)
