"""Lighthouse over the built sample: each newsletter page scores at least a plain one-page Material site.

The desktop preset: it skips the simulated slow phone and network, which only the performance category
(not measured here) needs, so each run is shorter; the pages are the same HTML on a phone. The runs go one
after another, each page once, because the machine's two cores are shared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import harness

from conftest import build_at, copy_site

CATEGORIES = ("accessibility", "best-practices", "seo")
PAGES = ("", "2022/05/18/the-backup-nobody-tested/", "archive/", "category/listening/")
LIGHTHOUSE = harness.NODE_MODULES / ".bin" / "lighthouse"


def lighthouse(url: str, report: Path) -> dict:
    """The report of one Lighthouse run over ``url`` in the machine's Chromium."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--preset=desktop",
        "--chrome-flags=--headless=new --no-sandbox",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    environment = {**os.environ, "CHROME_PATH": str(harness.CHROMIUM)}
    subprocess.run(command, check=True, env=environment, timeout=180)
    return json.loads(report.read_text(encoding="utf-8"))


def failing_audits(report: dict, category: str) -> list[str]:
    audits = report["audits"]
    return [
        f"{ref['id']} ({audits[ref['id']]['title']})"
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


@pytest.fixture(scope="module")
def plain_scores(tmp_path_factory):
    root = tmp_path_factory.mktemp("plain")
    built = build_at(copy_site("plain-material", root), root / "site")
    with harness.serve(built.site) as base:
        report = lighthouse(base, root / "report.json")
    return {name: report["categories"][name]["score"] for name in CATEGORIES}


@pytest.fixture(scope="module")
def sample_base(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    with harness.serve(root / "site") as base:
        harness.build_sample(root, base, plain_page=False)
        yield base


@pytest.mark.parametrize("path", PAGES, ids=["home", "column", "archive", "category"])
def test_each_page_scores_at_least_a_plain_material_site(path, plain_scores, sample_base, tmp_path):
    for missing in (harness.chromium_missing(), harness.node_modules_missing()):
        assert missing is None, missing
    report = lighthouse(sample_base + path, tmp_path / "report.json")
    below = {
        name: (report["categories"][name]["score"], plain_scores[name], failing_audits(report, name))
        for name in CATEGORIES
        if report["categories"][name]["score"] < plain_scores[name]
    }
    assert not below, f"/{path} scores below a plain Material site: " + "; ".join(
        f"{name} {score} < {plain}, failing audits: {', '.join(audits)}"
        for name, (score, plain, audits) in below.items()
    )
