"""Fixtures for the Zalo tests: one Telegram double, one Zalo double and one bot per module."""

from __future__ import annotations

import pytest

from tests.zalo.harness import ZaloHarness


@pytest.fixture(scope="module")
async def harness(tmp_path_factory):
    h = ZaloHarness(tmp_path_factory.mktemp("zalo") / "bot.sqlite3")
    await h.start_double()
    await h.start_bot()
    yield h
    await h.stop()
    h.check_rejections()


@pytest.fixture(autouse=True)
def no_rejections(request):
    """A request either double rejects fails the test that caused it."""
    yield
    if "harness" in request.fixturenames:
        request.getfixturevalue("harness").check_rejections()
