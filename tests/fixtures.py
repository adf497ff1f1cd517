"""Fixtures the end-to-end suites share: one harness (doubles and bot) per test module, and a failed test for
every request a double rejected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def module_harness(make: Callable[[Path], Any], folder: str) -> Any:
    """A module-scoped `harness` fixture: `make(database path)` started, yielded, stopped, checked."""

    @pytest.fixture(scope="module")
    async def harness(tmp_path_factory):
        h = make(tmp_path_factory.mktemp(folder) / "bot.sqlite3")
        await h.start_double()
        await h.start_bot()
        yield h
        await h.stop()
        h.check_rejections()

    return harness


@pytest.fixture(autouse=True)
def no_rejections(request):
    """A request a double rejects fails the test that caused it."""
    yield
    if "harness" in request.fixturenames:
        request.getfixturevalue("harness").check_rejections()
