"""The examples in the package's docstrings are true: every module's doctests run here."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import columnist

MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(columnist.__path__, prefix="columnist.")
    if not module.ispkg
)


def test_every_module_is_found():
    assert {"columnist.words", "columnist.listings", "columnist.importers.wxr"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of the examples in {name} do not hold"
