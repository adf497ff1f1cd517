"""python-telegram-bot's HTTP transport on aiohttp instead of httpx.

Measured on the scoring benchmark (bench/update_throughput.py, 300 representatives): with httpx, sending
the replies took about half of the bot's CPU, most of it in httpcore's connection pool, which scans every
connection and every queued request each time one is handed out, so its cost grows with the number of
chats answered at once. aiohttp (already a dependency: the webhook server and the Zalo channel use it)
queues requests for a connection in O(1). Only the transport changes: python-telegram-bot still builds
every request and parses every answer.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from http import HTTPStatus

import aiohttp
import certifi
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# without files, the parameters go as one JSON body (the Bot API takes JSON): form-encoding the text and
# 22-button keyboard of a scoring reply cost 93 µs of CPU, building the JSON body 35 µs
JSON_BODY = {"Content-Type": "application/json"}


def _seconds(value: object, default: float | None) -> float | None:
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value  # type: ignore[return-value]


class AiohttpRequest(BaseRequest):
    def __init__(self, connections: int = 64, read_timeout: float | None = 5.0, write_timeout: float | None = 5.0,
                 connect_timeout: float | None = 5.0, pool_timeout: float | None = 10.0,
                 media_write_timeout: float | None = 20.0, on_unauthorized: Callable[[], None] | None = None
                 ) -> None:
        self._connections = connections
        # told of every 401: the Bot API's answer to a token that was revoked or replaced
        self._on_unauthorized = on_unauthorized
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # certifi's authorities, as httpx used: a slim server image may have no system CA store
            tls = ssl.create_default_context(cafile=certifi.where())
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections, limit_per_host=self._connections, ssl=tls),
                headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: object = BaseRequest.DEFAULT_NONE,
                         write_timeout: object = BaseRequest.DEFAULT_NONE,
                         connect_timeout: object = BaseRequest.DEFAULT_NONE,
                         pool_timeout: object = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data and request_data.contains_files else None
        data: aiohttp.FormData | bytes | None = None
        headers = None
        if files:
            form = aiohttp.FormData()
            for name, value in (request_data.json_parameters if request_data else {}).items():
                form.add_field(name, value)
            for name, (file_name, content, mime_type) in files.items():
                form.add_field(name, content, filename=file_name, content_type=mime_type)
            data = form
        elif request_data is not None:
            data, headers = request_data.json_payload, JSON_BODY
        # aiohttp has no separate write timeout; a send gets the read and write budgets together
        read = _seconds(read_timeout, self._read)
        write = _seconds(write_timeout, self._media_write if files else self._write)
        timeout = aiohttp.ClientTimeout(
            total=None, connect=_seconds(pool_timeout, self._pool), sock_connect=_seconds(connect_timeout,
                                                                                          self._connect),
            sock_read=None if read is None or write is None else read + write)
        try:
            async with self._session.request(method, url, data=data, headers=headers, timeout=timeout) as response:
                body = await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # some aiohttp errors quote the URL, and a Bot API URL holds the token
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {str(exc).replace(url, '<Bot API URL>')}") from exc
        if response.status == HTTPStatus.UNAUTHORIZED and self._on_unauthorized is not None:
            self._on_unauthorized()
        return response.status, body
