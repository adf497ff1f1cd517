"""What both Bot API doubles share: an aiohttp server on 127.0.0.1, a client session for webhook
deliveries, and background tasks that stop with the server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Self

import aiohttp
from aiohttp import web


class LocalApiServer:
    """Subclasses add their routes in `_routes` and wake their long polls in `_wake_waiters`."""

    max_body = 2 * 1024 * 1024

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False

    def _routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def _wake_waiters(self) -> None:
        """Long polls and waits in progress return at once when the server stops."""

    async def start(self) -> None:
        app = web.Application(client_max_size=self.max_body)
        self._routes(app)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        # port 0 asks the system for a free one; report the one given
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._session = aiohttp.ClientSession()
        self._stopping = False

    async def stop(self) -> None:
        self._stopping = True
        self._wake_waiters()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _spawn(self, coro: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
