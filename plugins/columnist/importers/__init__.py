"""Bringing an old blog's columns home: WordPress exports and RSS/Atom feeds into ``posts/``.

``load`` reads a source (``wxr`` for WordPress exports, ``feed`` for RSS and Atom) into an
``Export``; ``import_columns`` writes its columns as Markdown files (``text`` turns their
HTML into Markdown), skipping those already there and never overwriting a file. Like the
rest of the engine, nothing here knows MkDocs: ``columnist import`` passes in the site's
settings.
"""

from __future__ import annotations

from columnist.importers.folder import write_column
from columnist.importers.model import Column, Export, ImportFailure, OldLetter, Recording
from columnist.importers.plan import Planned, Settings
from columnist.importers.source import load
from columnist.importers.writer import Outcome, import_columns

__all__ = [
    "Column",
    "Export",
    "ImportFailure",
    "OldLetter",
    "Outcome",
    "Planned",
    "Recording",
    "Settings",
    "import_columns",
    "load",
    "write_column",
]
