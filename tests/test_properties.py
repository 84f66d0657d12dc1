"""Whatever an author writes, a build publishes valid pages and feeds or names each problem: never a traceback."""

from __future__ import annotations

import json
import logging
import re
import shutil
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from columnist.catalog import CatalogSettings, load_catalog
from columnist.post import KNOWN_KEYS, PAGE_KEYS, SINGULAR_KEYS
from columnist.problems import ColumnistError
from conftest import copy_site

KNOWN = {*KNOWN_KEYS, *SINGULAR_KEYS, *PAGE_KEYS}
PROBLEM_LINE = re.compile(r"^posts/[^:]+\.md:\d+: [^:]+: .+$")

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
long_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=200, max_size=2000)
scalars = st.one_of(text, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.dates())
anything = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)
names = st.lists(st.one_of(text, st.integers(), anything), max_size=4)
front_matter = st.fixed_dictionaries(
    {
        "title": st.one_of(text.filter(str.strip), long_text, anything),
        "date": st.one_of(
            st.dates(), st.datetimes(), st.sampled_from(["2024-02-30", "soon", "2024-03-06 08:15"]), anything
        ),
    },
    optional={
        "categories": st.one_of(names, text, anything),
        "tags": names,
        "authors": st.one_of(names, text),
        "number": st.one_of(st.integers(-5, 10_000), text, anything),
        "quotes": st.one_of(
            st.lists(
                st.one_of(
                    text, st.fixed_dictionaries({"text": text}, optional={"by": text, "source": anything})
                ),
                max_size=3,
            ),
            anything,
        ),
        "summary": st.one_of(text, long_text, anything),
        "audio": st.one_of(
            text, st.fixed_dictionaries({"src": text}, optional={"duration": anything}), anything
        ),
        "slug": st.one_of(text, anything),
        "guid": st.one_of(text, anything),
        "aliases": st.one_of(names, text),
        "draft": st.one_of(st.booleans(), anything),
        "comments": st.one_of(
            st.lists(st.fixed_dictionaries({"name": text, "date": st.dates(), "text": text}), max_size=2),
            anything,
        ),
        "updated": st.one_of(st.dates(), anything),
    },
)
unknown_keys = st.dictionaries(
    st.from_regex(r"\A[a-z_]{1,12}\Z").filter(lambda key: key not in KNOWN), anything, max_size=2
)
bodies = st.one_of(text, long_text, st.just("# Heading\n\nFish & <b>chips</b>\n\n<!-- more -->\n\nMore."))


@pytest.fixture(scope="module")
def template_site(tmp_path_factory):
    source = copy_site("basic", tmp_path_factory.mktemp("template"))
    for column in (source / "posts").rglob("*.md"):
        column.unlink()
    return source


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(matter=front_matter, extra=unknown_keys, body=bodies)
def test_any_front_matter_builds_or_is_named(template_site, tmp_path_factory, matter, extra, body):
    matter = {**matter, **extra}
    root = tmp_path_factory.mktemp("prop")
    source = root / "source"
    shutil.copytree(template_site, source)
    dumped = yaml.safe_dump(matter, allow_unicode=True, sort_keys=False)
    (source / "posts" / "column.md").write_text(f"---\n{dumped}---\n\n{body}\n", encoding="utf-8")
    config = load_config(str(source / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(config)
    except Abort:
        errors = [record.getMessage() for record in records if record.levelno >= logging.ERROR]
        assert errors, "the build stopped without saying why"
        lines = errors[0].splitlines()
        assert lines[0].startswith("Columnist found ")
        for line in lines[1:]:
            assert line.startswith("and ") or PROBLEM_LINE.match(line), line
        return
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    site = root / "site"
    for page in site.rglob("*.html"):
        tree = lxml.html.fromstring(page.read_bytes())
        assert not any("alert(1)" in (script.text or "") for script in tree.iter("script")), page
    for feed in ("feed.xml", "atom.xml"):
        etree.fromstring((site / feed).read_bytes())
    json.loads((site / "feed.json").read_text(encoding="utf-8"))
    for warning in (r.getMessage() for r in records if r.levelno == logging.WARNING):
        first = warning.removeprefix("columnist: ").splitlines()[0]
        assert PROBLEM_LINE.match(first) or first.startswith("Doc file"), warning


# --- the catalog: whatever the addresses, numbers, dates and nesting, it loads or names the problems -------

path_text = st.lists(
    st.one_of(st.sampled_from(["/", ".", "..", "%2e", "%2F", "index.html", "feed.xml", "assets", "a", "é"]),
              st.characters(codec="utf-8", exclude_categories=("Cs",))),
    max_size=12,
).map("".join)  # fmt: skip
long_part = st.integers(0, 400).map(lambda n: "a" * n)
digits = st.one_of(st.integers(-(10**20), 10**20).map(str), st.integers(1, 5000).map(lambda n: "9" * n))
when = st.one_of(
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())).map(lambda moment: moment.isoformat()),
    st.dates().map(str),
    st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-11:00", "0001-01-01", "9999-12-31"]),
)
duration = st.one_of(st.sampled_from([".inf", "-.inf", ".nan", "-1", "1e400"]), digits, st.floats().map(repr))


@st.composite
def nested(draw) -> str:
    depth = draw(st.integers(0, 60))
    return "[" * depth + "x" + "]" * depth


@st.composite
def aliased(draw) -> str:
    """A chain of anchors, each a list of the one before repeated: small to write, large to expand."""
    width, levels = draw(st.integers(1, 12)), draw(st.integers(1, 8))
    lines = ["a0: &a0 [x]"] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]" for n in range(1, levels + 1)
    ]
    return "\n".join(lines) + f"\ntags: *a{levels}"


front_lines = st.fixed_dictionaries(
    {"date": when},
    optional={
        "slug": path_text.map(json.dumps),
        "aliases": st.lists(st.one_of(path_text, long_part), max_size=3).map(json.dumps),
        "number": digits,
        "updated": when,
        "audio": st.tuples(digits, duration).map(
            lambda pair: (
                f"{{src: https://a.example.org/x.mp3, type: audio/mpeg, length: {pair[0]}, duration: {pair[1]}}}"
            )
        ),
        "categories": nested(),
        "comments": when.map(lambda moment: f"[{{name: Jo, date: {moment}, text: Hi}}]"),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=front_lines,
    extra=st.one_of(st.just(""), aliased()),
    post_url=st.sampled_from(["{year}/{month}/{day}/{slug}/", "{slug}/", "{slug}.html", "{number}/"]),
    zone=st.sampled_from(["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "America/New_York"]),
)
def test_any_address_number_date_or_nesting_loads_or_is_named(tmp_path_factory, lines, extra, post_url, zone):
    root = tmp_path_factory.mktemp("catalog")
    posts = root / "posts"
    posts.mkdir()
    front = "\n".join(["title: A column", *(f"{key}: {value}" for key, value in lines.items()), extra])
    (posts / "column.md").write_text(f"---\n{front}\n---\n\nText.\n", encoding="utf-8")
    settings_ = CatalogSettings(project_dir=root, posts_dir=posts, zone=ZoneInfo(zone), post_url=post_url)
    try:
        catalog = load_catalog(settings_)
    except ColumnistError as error:
        assert error.problems
        for problem in error.problems:
            assert PROBLEM_LINE.match(str(problem)), problem
        return
    for post in catalog.posts:
        address = catalog.url(post)
        assert ".." not in address.split("/") and all(
            len(part.encode()) <= 255 for part in address.split("/")
        )
        assert all(".." not in alias.split("/") for alias in post.aliases)
        post.date.astimezone(ZoneInfo("UTC"))
