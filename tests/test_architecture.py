"""The engine stands alone: what reads posts and writes feeds, the podcast, email and imports knows no MkDocs.

Only the plugin, the views, the command line and the templates may import MkDocs, so a move to
another site generator (ProperDocs, Zensical, MkDocs 2) is a small step.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "plugins" / "columnist"
#: The modules that may know MkDocs: they turn the engine's output into a site.
GLUE = {
    "plugin.py",
    "rendercache.py",
    "pagecache.py",
    "pagevalues.py",
    "searchcache.py",
    "structure.py",
    "settings.py",
    "preview.py",
    "config.py",
    "cli.py",
    "questions.py",
}
ENGINE = sorted(
    path.relative_to(PACKAGE).as_posix()
    for path in PACKAGE.rglob("*.py")
    if path.relative_to(PACKAGE).as_posix() not in GLUE and "__pycache__" not in path.parts
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_engine_is_most_of_the_package():
    for module in ("post.py", "catalog.py", "feeds.py", "podcast.py", "media.py", "rendered.py"):
        assert module in ENGINE


@pytest.mark.parametrize("module", ENGINE)
def test_engine_module_imports_nothing_from_mkdocs(module):
    outside = sorted(
        name for name in imported_modules(PACKAGE / module)
        if name.split(".")[0] in ("mkdocs", "material", "properdocs")
    )  # fmt: skip
    assert outside == [], f"{module} imports {outside}; only {sorted(GLUE)} may know MkDocs"


def test_the_check_itself_catches_an_import(tmp_path):
    offender = tmp_path / "offender.py"
    offender.write_text("from mkdocs.structure.files import File\nimport material.plugins\n")
    assert imported_modules(offender) == {"mkdocs.structure.files", "material.plugins"}


def test_no_module_over_400_lines_and_no_function_over_60():
    # Small pieces, each named for what it does: where a newcomer finds a behaviour from the names alone.
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE).as_posix()
        if len(source.splitlines()) > 400:
            too_long.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if length > 60:
                    too_long.append(f"{name}: {node.name}() is {length} lines")
    assert too_long == []
