"""Shared helpers: build a sample site from tests/sites/ through MkDocs' own API."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

#: The site generator the build tests run under: MkDocs (the default) or ProperDocs, which continues
#: MkDocs 1.x and answers to the same imports once its replacement module is loaded.
PLATFORM = os.environ.get("COLUMNIST_PLATFORM", "mkdocs")
if PLATFORM == "properdocs":
    import properdocs.replacement  # noqa: F401  (mkdocs.* imports now load properdocs.*)

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

#: How a user runs the generator from the command line.
GENERATOR = [sys.executable, "-m", PLATFORM]

SITES = Path(__file__).parent / "sites"
REPOSITORY = Path(__file__).parent.parent

# A fixed "now" for every build in the tests: 2026-11-22 12:00 UTC.
BUILD_NOW = "1795348800"


@dataclass
class BuiltSite:
    source: Path
    site: Path

    def read(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def exists(self, path: str) -> bool:
        return (self.site / path).exists()

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*.html"))


@pytest.fixture(autouse=True)
def fixed_build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_NOW)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def copy_site(name: str, destination: Path) -> Path:
    """A copy of a sample site (or of the repository's own site for ``"sample"``), so tests never change it."""
    source = destination / "source"
    if name == "sample":
        source.mkdir(parents=True)
        for part in ("mkdocs.yml", "docs", "posts"):
            origin = REPOSITORY / part
            if origin.is_dir():
                shutil.copytree(origin, source / part)
            else:
                shutil.copy2(origin, source / part)
    else:
        shutil.copytree(SITES / name, source)
    return source


def build_at(source: Path, site: Path, **overrides: object) -> BuiltSite:
    config = load_config(str(source / "mkdocs.yml"), site_dir=str(site), strict=True, **overrides)
    # As `mkdocs build` does; MkDocs keeps plugin instances between loads in one process.
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return BuiltSite(source, site)


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., BuiltSite]:
    """Build a named sample site into a temporary folder, strictly, and return where it went."""

    def run(name: str, prepare: Callable[[Path], None] | None = None, **overrides: object) -> BuiltSite:
        source = copy_site(name, tmp_path / name)
        if prepare:
            prepare(source)
        return build_at(source, tmp_path / name / "site", **overrides)

    return run


@pytest.fixture
def mkdocs_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="mkdocs")
    return caplog


def run_env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": BUILD_NOW, "NO_MKDOCS_2_WARNING": "1"}


def assert_matches_golden(actual: bytes, golden: Path) -> None:
    """Compare with a golden file; ``COLUMNIST_UPDATE_GOLDEN=1`` rewrites it after a deliberate change."""
    if os.environ.get("COLUMNIST_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    if not golden.is_file():
        pytest.fail(f"{golden} is missing; build it with COLUMNIST_UPDATE_GOLDEN=1 and review it")
    assert actual == golden.read_bytes(), golden.name
