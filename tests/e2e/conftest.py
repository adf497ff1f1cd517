from __future__ import annotations

import pytest

from tests.e2e.harness import BotHarness


@pytest.fixture(scope="module")
async def harness(tmp_path_factory):
    """One double and one bot per test module."""
    h = BotHarness(tmp_path_factory.mktemp("e2e") / "bot.sqlite3")
    await h.start_double()
    await h.start_bot()
    yield h
    await h.stop()
    h.check_rejections()


@pytest.fixture(autouse=True)
def no_rejections(request):
    """A request the double rejects fails the test that caused it."""
    yield
    if "harness" in request.fixturenames:
        request.getfixturevalue("harness").check_rejections()
