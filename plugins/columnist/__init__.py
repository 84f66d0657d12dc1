"""Columnist: a weekly column's website, feeds, podcast and email edition from one folder of Markdown."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
