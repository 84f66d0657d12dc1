"""Whatever an author writes, a build publishes valid pages and feeds or names each problem: never a traceback."""

from __future__ import annotations

import json
import logging
import re
import shutil

import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from columnist.post import KNOWN_KEYS, PAGE_KEYS, SINGULAR_KEYS
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
