"""The same site from MkDocs 1.6 and from ProperDocs, which continues MkDocs 1.x: same pages, same feeds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import copy_site, run_env

FEEDS = ("feed.xml", "atom.xml", "feed.json", "podcast.xml", "category/listening/feed.xml")


def generate(generator: str, source: Path, site: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", generator, "build", "--strict", "-q", "-d", str(site)],
        cwd=source, env=run_env(), check=True, capture_output=True,
    )  # fmt: skip


def without_generator_tag(page: bytes) -> bytes:
    # Each names itself in <meta name="generator">; nothing else may differ.
    return b"\n".join(line for line in page.split(b"\n") if b'name="generator"' not in line)


def test_mkdocs_and_properdocs_build_the_sample_alike(tmp_path):
    source = copy_site("sample", tmp_path)
    generate("mkdocs", source, tmp_path / "mkdocs")
    generate("properdocs", source, tmp_path / "properdocs")
    files = sorted(
        p.relative_to(tmp_path / "mkdocs").as_posix() for p in (tmp_path / "mkdocs").rglob("*") if p.is_file()
    )
    assert files == sorted(
        p.relative_to(tmp_path / "properdocs").as_posix()
        for p in (tmp_path / "properdocs").rglob("*")
        if p.is_file()
    )
    for name in FEEDS:
        assert (tmp_path / "mkdocs" / name).read_bytes() == (tmp_path / "properdocs" / name).read_bytes(), (
            name
        )
    for name in files:
        if name.endswith(".html"):
            mine = without_generator_tag((tmp_path / "mkdocs" / name).read_bytes())
            theirs = without_generator_tag((tmp_path / "properdocs" / name).read_bytes())
            assert mine == theirs, name
