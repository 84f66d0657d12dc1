"""A build that fails for any reason leaves the last good ``site/`` exactly as it was.

The build writes beside ``site/`` and swaps the new site in only when it is whole. Each test
builds a good site, then breaks a second build in one way (killed half-way, a crash while
writing pages, a full disk, warnings under ``--strict``) and compares ``site/`` byte for byte.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import GENERATOR, copy_site, run_env


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a digest of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def mkdocs_build(source: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GENERATOR, "build", *options],
        cwd=source,
        capture_output=True,
        text=True,
        env=run_env(),
        check=False,
    )


def add_hook(source: Path, code: str) -> None:
    """A MkDocs hook (a plain Python file named in mkdocs.yml) that breaks the build as ``code`` says."""
    (source / "breaker.py").write_text(code, encoding="utf-8")
    config = source / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - breaker.py\n", encoding="utf-8")


def add_column(source: Path) -> None:
    (source / "posts" / "2024-02-07-new.md").write_text(
        "---\ntitle: A new column\ndate: 2024-02-07\n---\n\nWritten after the first build.\n",
        encoding="utf-8",
    )


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    source = copy_site("cli-site", tmp_path)
    result = mkdocs_build(source)
    assert result.returncode == 0, result.stderr
    return source, snapshot(source / "site")


def test_a_good_build_replaces_the_site_and_leaves_nothing_beside_it(built):
    source, _ = built
    add_column(source)
    assert mkdocs_build(source).returncode == 0
    after = snapshot(source / "site")
    assert "2024/02/07/a-new-column/index.html" in after
    # Nothing of the build's own beside the site; .cache/ is the build cache, kept there on purpose.
    assert sorted(path.name for path in source.iterdir() if path.name.startswith(".")) == [".cache"]


def test_a_build_killed_half_way_leaves_the_last_site(built):
    source, before = built
    add_column(source)
    # Killed while the pages are being written: the column pages of the new build are already out.
    add_hook(
        source,
        "import os, signal\n"
        "written = []\n"
        "def on_post_page(output, page, config):\n"
        "    written.append(page)\n"
        "    if len(written) == 5:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return output\n",
    )
    result = mkdocs_build(source)
    assert result.returncode == -signal.SIGKILL
    assert snapshot(source / "site") == before
    # The next build clears what the killed one left, and publishes.
    (source / "breaker.py").write_text("", encoding="utf-8")
    assert mkdocs_build(source).returncode == 0
    assert "2024/02/07/a-new-column/index.html" in snapshot(source / "site")
    assert not (source / ".site.building").exists()


def test_a_crash_while_writing_pages_leaves_the_last_site(built):
    source, before = built
    add_column(source)
    add_hook(
        source,
        "written = []\n"
        "def on_post_page(output, page, config):\n"
        "    written.append(page)\n"
        "    if len(written) == 5:\n"
        "        raise RuntimeError('the theme broke')\n"
        "    return output\n",
    )
    result = mkdocs_build(source)
    assert result.returncode != 0
    assert "the theme broke" in result.stderr
    assert snapshot(source / "site") == before
    assert not (source / ".site.building").exists()


def test_warnings_under_strict_leave_the_last_site(built):
    source, before = built
    column = source / "posts" / "2024-01-10-the-follow-up.md"
    column.write_text(column.read_text(encoding="utf-8") + "\nSee [this](nowhere.md).\n", encoding="utf-8")
    result = mkdocs_build(source, "--strict")
    assert result.returncode == 1
    assert "Aborted with 2 warnings in strict mode!" in result.stdout + result.stderr
    assert snapshot(source / "site") == before


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` mounted at ``folder`` when the machine allows it (as root on Linux)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, check=False
    )
    try:
        yield mounted.returncode == 0
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_leaves_the_last_site(tmp_path):
    source = copy_site("cli-site", tmp_path)
    disk = tmp_path / "disk"
    with small_disk(disk, "4m") as real:
        config = source / "mkdocs.yml"
        config.write_text(
            f"site_dir: {disk / 'site'}\n" + config.read_text(encoding="utf-8"), encoding="utf-8"
        )
        assert mkdocs_build(source).returncode == 0, "the first build fits"
        before = snapshot(disk / "site")
        add_column(source)
        if real:
            # Fill the disk, but for a little less than a second copy of the site needs.
            free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
            (disk / "filler").write_bytes(b"\0" * max(0, free - 64 * 1024))
        else:
            # Where no disk can be mounted, the write fails as a full disk fails it.
            add_hook(
                source,
                "import errno, os\n"
                "def on_post_page(output, page, config):\n"
                f"    raise OSError({errno.ENOSPC}, os.strerror({errno.ENOSPC}))\n",
            )
        result = mkdocs_build(source)
        assert result.returncode != 0
        assert "No space left on device" in result.stderr
        assert snapshot(disk / "site") == before
        assert not (disk / ".site.building").exists()
