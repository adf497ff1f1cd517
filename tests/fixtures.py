"""Fixtures the end-to-end suites share: one harness (doubles and bot) per test module, a failed test for
every request a double rejected, and a small local HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web


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


@asynccontextmanager
async def local_server(route: str, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                       ) -> AsyncIterator[int]:
    """A small HTTP server on 127.0.0.1 answering POSTs to `route` with `handler`; yields its port."""
    app = web.Application()
    app.router.add_post(route, handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    finally:
        await runner.cleanup()
