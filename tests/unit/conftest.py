"""Tests that hold app code to a wall-clock budget run without coverage's tracer.

./run-tests.sh measures coverage, and tracing every line and branch makes Python code two to three
times slower: the parser's budget in test_regex_budget.py is then missed on a linear parser. Those
tests are timed as the code runs in production; the code they time is covered by the other tests.
"""

from __future__ import annotations

import pytest

TIMED_MODULES = frozenset({"test_regex_budget.py"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in TIMED_MODULES:
            item.add_marker(pytest.mark.no_cover)
