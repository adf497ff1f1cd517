"""A thin client of the Zalo Bot API (bot-api.zaloplatforms.com): POST {base}/bot{token}/{method} with JSON.

No third-party SDK: the API is a handful of methods with one envelope ({ok, result} or {ok: false,
error_code, description}), and none of the Python SDKs checks `ok` on HTTP 200 or keeps the token out of
errors. See docs/zalo.md and the research notes for what is confirmed and what is a guess.

The token sits in every URL, so no message raised or logged here carries a URL: transport errors are
re-raised as ZaloTransportError naming only the method and the exception type, without their cause.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
TEXT_LIMIT = 2000
# Zalo answers an idle getUpdates with HTTP 408 after `timeout` seconds; our read timeout must be longer
POLL_READ_MARGIN = 10.0
# Zalo fetches a photo by URL itself before answering
PHOTO_TIMEOUT = 60.0
# a request that may have reached Zalo is only repeated when repeating it cannot send a message twice
IDEMPOTENT = frozenset({"getMe", "getWebhookInfo", "setWebhook", "deleteWebhook", "sendChatAction"})

Sleep = Callable[[float], Awaitable[None]]


class ZaloError(Exception):
    """Any failed call. `retryable` says whether the same call may succeed a little later."""

    retryable = False

    def __init__(self, method: str, message: str) -> None:
        super().__init__(f"Zalo {method}: {message}")
        self.method = method


class ZaloTransportError(ZaloError):
    """The request did not get an answer (connection, timeout) or the answer was not the API's JSON."""

    def __init__(self, method: str, message: str, retryable: bool) -> None:
        super().__init__(method, message)
        self.retryable = retryable


class ZaloApiError(ZaloError):
    """The API answered with its error envelope."""

    def __init__(self, method: str, code: int, description: str) -> None:
        super().__init__(method, f"{code} {description}".strip())
        self.code = code
        self.description = description
        # the documented error table calls 403 "Internal server error"
        self.retryable = code in (403, 408, 429) or code >= 500


class ZaloUnauthorized(ZaloApiError):
    """401: the token is wrong or was reset in Zalo Bot Creator. Nothing will work until it is replaced."""


class ZaloRateLimited(ZaloApiError):
    """429: "Quota exceeded". Zalo publishes no numbers, so we back off exponentially, a bounded number of times."""


def _api_error(method: str, code: int, description: str) -> ZaloApiError:
    if code == 401:
        return ZaloUnauthorized(method, code, description)
    if code == 429:
        return ZaloRateLimited(method, code, description)
    return ZaloApiError(method, code, description)


def unwrap_updates(body: object) -> list[dict[str, Any]]:
    """The updates inside a webhook body or a getUpdates result, wrapped in {ok, result} or bare.

    The docs give one update object per getUpdates call; public clients (python-zalo-bot, pyzalo) read the
    result as a list, as Telegram's is, so a list is taken too rather than dropped without a word."""
    if isinstance(body, dict) and body.get("ok") is True and "result" in body:
        body = body["result"]
    items = body if isinstance(body, list) else [body]
    return [item for item in items if isinstance(item, dict)]


class ZaloClient:
    def __init__(self, token: str, base_url: str = DEFAULT_BASE_URL, *,
                 transport: httpx.AsyncBaseTransport | None = None, sleep: Sleep = asyncio.sleep,
                 retries: int = 3, rate_limit_retries: int = 5, backoff: float = 0.5,
                 rate_limit_backoff: float = 1.0, max_backoff: float = 30.0, timeout: float = 20.0) -> None:
        self._token = token
        self._base = base_url.rstrip("/")
        self._sleep = sleep
        self.retries = retries
        self.rate_limit_retries = rate_limit_retries
        self.backoff = backoff
        self.rate_limit_backoff = rate_limit_backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False)

    async def aclose(self) -> None:
        await self._http.aclose()

    def _redact(self, text: str) -> str:
        if not self._token:
            return text
        text = text.replace(self._token, "***")
        secret = self._token.split(":", 1)[-1]
        return text.replace(secret, "***") if len(secret) >= 8 else text

    # --- the one way every call goes -----------------------------------------------------------------

    async def call(self, method: str, payload: dict[str, Any] | None = None, *, http_timeout: float | None = None,
                   retries: int | None = None) -> Any:
        """The call's `result` (None when the API sends none). Raises ZaloError after bounded retries."""
        attempt = 0
        limit = self.retries if retries is None else retries
        while True:
            try:
                return await self._once(method, payload or {}, http_timeout)
            except ZaloUnauthorized:
                raise
            except ZaloRateLimited:
                if retries == 0 or attempt >= self.rate_limit_retries:
                    raise
                delay = min(self.rate_limit_backoff * 2 ** attempt, self.max_backoff)
            except ZaloError as exc:
                if not exc.retryable or attempt >= limit:
                    raise
                delay = min(self.backoff * 2 ** attempt, self.max_backoff)
                log.info("zalo %s failed (%s), retry %d in %.1f s", method, exc, attempt + 1, delay)
            attempt += 1
            await self._sleep(delay)

    async def _once(self, method: str, payload: dict[str, Any], http_timeout: float | None) -> Any:
        url = f"{self._base}/bot{self._token}/{method}"
        problem: ZaloError | None = None
        try:
            response = await self._http.post(url, json=payload, timeout=http_timeout or self.timeout)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # never reached Zalo: always safe to repeat
            problem = ZaloTransportError(method, type(exc).__name__, retryable=True)
        except httpx.HTTPError as exc:
            problem = ZaloTransportError(method, type(exc).__name__, retryable=method in IDEMPOTENT)
        if problem is not None:
            # raised outside the except block: the httpx exception (its request holds the URL) stays unlinked
            raise problem
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ZaloTransportError(method, f"HTTP {status}, not the API's JSON",
                                     retryable=status >= 500 or status in (403, 429))
        # business errors may come as HTTP 200 with ok: false, so both are checked
        if status >= 400 or body.get("ok") is not True:
            code = body.get("error_code")
            if not isinstance(code, int) or isinstance(code, bool):
                code = status if status >= 400 else 0
            raise _api_error(method, code, self._redact(str(body.get("description") or ""))[:300])
        return body.get("result")

    # --- the methods -----------------------------------------------------------------------------------

    async def get_me(self) -> dict[str, Any]:
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, poll_seconds: int = 30) -> list[dict[str, Any]]:
        """Waits up to `poll_seconds` for updates: one (as documented), or several if the result is a list;
        none when none came (Zalo's HTTP 408)."""
        if poll_seconds < 1:
            # one project measured that timeout 0 hangs instead of returning at once
            raise ValueError("getUpdates timeout must be at least 1 second")
        try:
            # the documented parameter type is String; the sample sends a number; both are reported to work
            result = await self.call("getUpdates", {"timeout": str(poll_seconds)},
                                     http_timeout=poll_seconds + POLL_READ_MARGIN, retries=0)
        except ZaloApiError as exc:
            if exc.code == 408:
                return []
            raise
        return unwrap_updates(result)

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        if not 8 <= len(secret_token) <= 256:
            raise ValueError("the Zalo webhook secret must be 8-256 characters")
        result = await self.call("setWebhook", {"url": url, "secret_token": secret_token})
        return result if isinstance(result, dict) else {}

    async def delete_webhook(self) -> None:
        try:
            await self.call("deleteWebhook")
        except ZaloApiError as exc:
            # reported for a bot that never had a webhook: already the state we want
            if exc.code != 400:
                raise

    async def get_webhook_info(self) -> dict[str, Any] | None:
        """The webhook's url and updated_at, or None when none is set (Zalo answers 404)."""
        try:
            result = await self.call("getWebhookInfo")
        except ZaloApiError as exc:
            if exc.code == 404:
                return None
            raise
        return result if isinstance(result, dict) and result.get("url") else None

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        if not 1 <= len(text) <= TEXT_LIMIT:
            raise ValueError(f"a Zalo message must be 1-{TEXT_LIMIT} characters, not {len(text)}")
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return result if isinstance(result, dict) else {}

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None) -> dict[str, Any]:
        """A photo Zalo fetches from a public URL; there is no documented upload."""
        payload: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            payload["caption"] = caption[:TEXT_LIMIT]
        result = await self.call("sendPhoto", payload, http_timeout=PHOTO_TIMEOUT)
        return result if isinstance(result, dict) else {}

    async def send_sticker(self, chat_id: str, sticker_id: str) -> dict[str, Any]:
        result = await self.call("sendSticker", {"chat_id": chat_id, "sticker": sticker_id})
        return result if isinstance(result, dict) else {}

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action}, retries=0)

    async def download(self, url: str, limit: int) -> bytes:
        """A file someone sent (Zalo gives a URL on its CDN), refused above `limit` bytes."""
        problem: ZaloError | None = None
        data = bytearray()
        try:
            async with self._http.stream("GET", url, timeout=PHOTO_TIMEOUT) as response:
                if response.status_code != 200:
                    problem = ZaloTransportError("download", f"HTTP {response.status_code}", retryable=False)
                else:
                    async for chunk in response.aiter_bytes():
                        data += chunk
                        if len(data) > limit:
                            problem = ZaloTransportError("download", f"larger than {limit} bytes", retryable=False)
                            break
        except httpx.HTTPError as exc:
            problem = ZaloTransportError("download", type(exc).__name__, retryable=False)
        if problem is not None:
            raise problem
        return bytes(data)
