"""Fixtures the end-to-end suites share: a fresh harness (doubles and bot on a new database) for every test,
a failed test for every request a double rejected, a log line to wait for, a port to listen on, and a small
local HTTP server."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web


def bot_harness(make: Callable[[Path], Any], folder: str) -> Any:
    """A `harness` fixture: `make(database path)` started, yielded, stopped, and failed if a double rejected
    a request. Each test gets its own, so no test leans on what another left behind."""

    @pytest.fixture
    async def harness(tmp_path_factory):
        h = make(tmp_path_factory.mktemp(folder) / "bot.sqlite3")
        await h.start_double()
        try:
            await h.start_bot()
        except BaseException:
            await h.stop()
            raise
        yield h
        await h.stop()
        h.check_rejections()

    return harness


class LogWatch(logging.Handler):
    """Set once a record of `logger` containing `text` is logged: what a test waits for when the bot's only
    sign of an event is a log line (records are emitted on the event loop's own thread). A context manager:
    it listens only inside its block."""

    def __init__(self, logger: str, text: str) -> None:
        super().__init__()
        self.logger = logging.getLogger(logger)
        self.text = text
        self.seen = asyncio.Event()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.count += 1
            self.seen.set()

    def __enter__(self) -> LogWatch:
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self)


def listen_port() -> int:
    """A free port on 127.0.0.1 below the kernel's ephemeral range, for a server a test starts later.

    A port found by binding to port 0 comes from the ephemeral range, which the kernel also hands to
    outgoing connections: between the probe closing and the server binding, a client socket (the bot's own
    connection to a double) can take it, and CI once failed on exactly that. Ports below the range are only
    ever taken by an explicit bind."""
    lowest_ephemeral = _lowest_ephemeral_port()
    below = range(max(1024, lowest_ephemeral - 10_000), lowest_ephemeral)
    for port in random.sample(below, min(200, len(below))):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    # a machine whose ephemeral range starts low leaves nothing below it: take one the kernel picks
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lowest_ephemeral_port() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


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
