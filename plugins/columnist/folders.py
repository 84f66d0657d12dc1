"""The one walk of a folder: every file under it, in a stable order, hidden files and folders left out.

Columns, the files beside them and the pages of ``docs/`` are all found this way, so a
file the build publishes is a file every check and command sees, and the other way round.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def files_under(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, folder by folder in name order; names starting with ``.`` are skipped."""
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(parent, name)


def relative_files(folder: Path) -> list[str]:
    """``files_under(folder)`` as paths relative to it, with ``/`` between folders."""
    return [path.relative_to(folder).as_posix() for path in files_under(folder)]


def links_out_of(folder: Path) -> list[Path]:
    """Files under ``folder`` that are links to somewhere outside it (``files_under`` order).

    A build publishes what is under the posts folder; a link would publish whatever it points to.
    """
    root = folder.resolve()
    return [
        path for path in files_under(folder) if path.is_symlink() and not path.resolve().is_relative_to(root)
    ]


def shown(path: Path, root: Path) -> str:
    """``path`` as messages name it: from the site's folder when it is inside, else in full.

    >>> shown(Path("/site/posts/a.md"), Path("/site")), shown(Path("/elsewhere/a.md"), Path("/site"))
    ('posts/a.md', '/elsewhere/a.md')
    """
    for candidate, folder in ((path, root), (path, root.resolve()), (path.resolve(), root.resolve())):
        if candidate.is_relative_to(folder):
            return candidate.relative_to(folder).as_posix()
    return path.as_posix()
