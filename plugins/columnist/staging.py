"""A new site built beside the last good one, and put in its place only when it is whole.

``mkdocs build`` empties ``site/`` before it writes a page: a build that crashed, was
killed or ran out of disk would leave readers a half-written site. The plugin points
the build at a folder beside ``site/`` instead (``.site.building``), and swaps it in
only after the build succeeded; a failed build leaves ``site/`` exactly as it was.

The swap is two renames on one file system, so ``site/`` is missing only between them;
a build killed right there leaves ``.site.previous``, which the next build puts back
before it starts.
"""

from __future__ import annotations

import shutil
from pathlib import Path


class StagedSite:
    """The folder a build writes into, and the one it replaces when it succeeds."""

    def __init__(self, target: Path) -> None:
        # A site/ that is a link to the web server's folder: the folder is what gets replaced.
        self.target = target.resolve()
        target = self.target
        self.staging = target.parent / f".{target.name}.building"
        self.previous = target.parent / f".{target.name}.previous"

    def begin(self) -> Path:
        """Put back what an interrupted build left, and give an empty folder to build into."""
        if self.previous.is_dir():
            if self.target.exists():
                shutil.rmtree(self.previous)
            else:
                self.previous.rename(self.target)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        return self.staging

    def commit(self) -> None:
        """The new site replaces the old one."""
        if self.target.is_dir():
            self.target.rename(self.previous)
            self.staging.rename(self.target)
            shutil.rmtree(self.previous)
        else:
            self.staging.rename(self.target)

    def abandon(self) -> None:
        """The build failed: what it wrote goes, the last good site stays."""
        shutil.rmtree(self.staging, ignore_errors=True)
