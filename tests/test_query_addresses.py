"""Old addresses with a query (WordPress's ``/?p=309``) keep leading to their column on a static host."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import lxml.html
import pytest
from mkdocs.exceptions import Abort
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import harness

from conftest import build_at, copy_site

FIRST = "posts/2023-01-04-first-steps.md"
HOSTILE = "/?p=</script><script>alert(1)</script>"


def with_aliases(source: Path, *aliases: str) -> None:
    column = source / FIRST
    listed = ", ".join(json.dumps(alias) for alias in aliases)
    column.write_text(column.read_text().replace("number: 1\n", f"number: 1\naliases: [{listed}]\n"))


def built(tmp_path: Path, *aliases: str, site_url: str | None = None) -> Path:
    source = copy_site("basic", tmp_path)
    with_aliases(source, *aliases)
    if site_url:
        config = source / "mkdocs.yml"
        config.write_text(config.read_text().replace("https://basic.example.org/", site_url))
    build_at(source, tmp_path / "site")
    return tmp_path / "site"


def test_query_addresses_become_rules_never_folders(tmp_path):
    site = built(tmp_path, "/?p=309", "/?page_id=12", "/old/caf%C3%A9/", "/old page#1/", HOSTILE)
    assert (site / "_redirects").read_text() == (
        "/ p=309 /2023/01/04/first-steps/ 301\n"
        "/ page_id=12 /2023/01/04/first-steps/ 301\n"
        "/old/caf%C3%A9/ /2023/01/04/first-steps/ 301\n"
        "/old%20page%231/ /2023/01/04/first-steps/ 301\n"
        "/ p=%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E /2023/01/04/first-steps/ 301\n"
    )
    assert not [path for path in site.rglob("*") if "?" in path.name]
    # A server looks for the decoded name, so that is the name the redirect page gets.
    assert (site / "old" / "café" / "index.html").is_file()
    assert not (site / "old" / "caf%C3%A9").exists()


def test_the_home_page_data_cannot_be_closed_by_an_old_address(tmp_path):
    site = built(tmp_path, "/?p=309", HOSTILE)
    home = lxml.html.fromstring((site / "index.html").read_bytes())
    [data] = home.xpath("//script[@id='columnist-old-addresses']")
    assert json.loads(data.text) == {
        "p=309": "2023/01/04/first-steps/",
        "p=</script><script>alert(1)</script>": "2023/01/04/first-steps/",
    }
    assert "alert(1)</script>" not in (site / "index.html").read_text()


def test_same_columns_give_the_same_rules(tmp_path):
    first = built(tmp_path / "a", "/?p=309", "/old/x/")
    second = built(tmp_path / "b", "/?p=309", "/old/x/")
    assert (first / "_redirects").read_bytes() == (second / "_redirects").read_bytes()
    assert (first / "index.html").read_bytes() == (second / "index.html").read_bytes()


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("/_redirects", "the old address /_redirects is already taken by the redirect rules _redirects"),
        ("/a%2F..%2F..%2Fetc", "item 1: '/a%2F..%2F..%2Fetc' steps out of its folder with '..'"),
    ],
)
def test_an_old_address_cannot_take_the_rules_or_leave_the_site(tmp_path, alias, message, caplog):
    source = copy_site("basic", tmp_path)
    with_aliases(source, alias)
    with pytest.raises(Abort):
        build_at(source, tmp_path / "site")
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(errors) == 1
    assert f"{FIRST}:8: aliases: {message}" in errors[0]
    assert not (tmp_path / "site" / "_redirects").exists()


def test_opening_an_old_query_address_lands_on_the_column(tmp_path):
    root = tmp_path / "served"
    root.mkdir()
    with harness.serve(root) as base:
        site = built(tmp_path, "/?p=309", "/?page_id=12", site_url=base)
        shutil.copytree(site, root, dirs_exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=harness.LAUNCH_ARGS
            )
            page = browser.new_page()
            for query in ("?p=309", "?page_id=12&utm_source=old"):
                page.goto(base + query)
                page.wait_for_url(base + "2023/01/04/first-steps/")
                assert page.locator("h1").first.inner_text().startswith("First Steps")
            page.goto(base + "?p=310")
            assert page.url == base + "?p=310"  # an address no column had stays on the home page
            browser.close()
