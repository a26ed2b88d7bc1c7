"""The numpydoc examples in the analysis package run and say what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cardsort.analysis

MODULES = sorted(
    m.name for m in pkgutil.iter_modules(cardsort.analysis.__path__, "cardsort.analysis.")
)


@pytest.mark.parametrize("name", MODULES)
def test_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
