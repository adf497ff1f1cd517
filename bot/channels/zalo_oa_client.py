"""A thin client of the Zalo Official Account (OA) API: OAuth v4 at oauth.zaloapp.com, OpenAPI at openapi.zalo.me.

What each call looks like, and what is confirmed, is in docs/zalo.md ("Official Account") and the research notes
(zalo-oa-notes.md). Two habits of this API shape the code:
- success is HTTP 200 *and* `error == 0`: refusals, an expired token included, mostly come as HTTP 200 with a
  negative `error`, so every answer's body is read;
- the access token goes in an `access_token` header (not Bearer), and tokens never appear in a URL, an error
  or a log line raised from here.

No call is repeated here: whether a failed send may be tried again depends on who it was for
(bot/services/notify.py), so the channel decides.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

DEFAULT_OAUTH_URL = "https://oauth.zaloapp.com/v4/oa"
DEFAULT_API_URL = "https://openapi.zalo.me"
# what the notes document for consultation (CS) messages; the button limits are a v2-era SDK's and one
# third-party SDK's (docs/zalo.md lists them as questions to check)
TEXT_LIMIT = 2000
MAX_BUTTONS = 5
BUTTON_TITLE_LIMIT = 100
BUTTON_PAYLOAD_LIMIT = 1000
FILE_LIMIT = 5 * 1024 * 1024
IMAGE_LIMIT = 1024 * 1024
FILE_TYPES = frozenset({"pdf", "doc", "docx"})
IMAGE_TYPES = frozenset({"jpg", "jpeg", "png"})

# the error codes the channel acts on (notes §5)
RATE_LIMITED = frozenset({-32})
OUT_OF_QUOTA = frozenset({-211, -218})
NOT_FOLLOWER = frozenset({-213})
TOKEN_REFUSED = frozenset({-216, -220})
OUTSIDE_WINDOW = frozenset({-230, -232})
TIMEOUT = 30.0


class OAError(Exception):
    """Any failed call. `left` says whether the request may have reached Zalo (then a message may have gone)."""

    left = True
    code = 0

    def __init__(self, call: str, message: str) -> None:
        super().__init__(f"Zalo OA {call}: {message}")
        self.call = call


class OATransportError(OAError):
    """No answer (connection, timeout) or an answer that was not the API's JSON."""

    def __init__(self, call: str, message: str, *, left: bool, status: int | None = None) -> None:
        super().__init__(call, message)
        self.left = left
        self.status = status


class OAApiError(OAError):
    """The API answered with a negative `error` (or an HTTP error status with its JSON)."""

    left = False  # Zalo read the request and refused it: nothing was delivered

    def __init__(self, call: str, code: int, message: str) -> None:
        super().__init__(call, f"{code} {message}".strip())
        self.code = code

    @property
    def token_refused(self) -> bool:
        return self.code in TOKEN_REFUSED or self.code == 401

    @property
    def outside_window(self) -> bool:
        return self.code in OUTSIDE_WINDOW or self.code in NOT_FOLLOWER

    @property
    def rate_limited(self) -> bool:
        return self.code in RATE_LIMITED or self.code == 429

    @property
    def out_of_quota(self) -> bool:
        return self.code in OUT_OF_QUOTA


class OAuthRefused(OAError):
    """The OAuth server refused a code or a refresh token: only a new authorization helps."""

    left = False


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds the access token lives


def new_verifier() -> str:
    """A PKCE code verifier (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def code_challenge(verifier: str) -> str:
    """base64url(SHA-256(verifier)) without padding, as OAuth v4 for OA expects."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def webhook_mac(app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The hex SHA-256 Zalo puts in X-ZEvent-Signature as "mac=<hex>": of app id + raw body + timestamp + the
    OA secret key, a plain hash, not an HMAC (notes §2)."""
    digest = hashlib.sha256()
    digest.update(app_id.encode())
    digest.update(body)
    digest.update(timestamp.encode())
    digest.update(oa_secret_key.encode())
    return digest.hexdigest()


def file_type(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


class ZaloOAClient:
    def __init__(self, app_id: str, app_secret: str, api_url: str = DEFAULT_API_URL,
                 oauth_url: str = DEFAULT_OAUTH_URL, *, transport: httpx.AsyncBaseTransport | None = None,
                 timeout: float = TIMEOUT) -> None:
        self.app_id = app_id
        self._app_secret = app_secret
        self._api = api_url.rstrip("/")
        self._oauth = oauth_url.rstrip("/")
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False)

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- OAuth v4 --------------------------------------------------------------------------------------

    def permission_url(self, redirect_uri: str, challenge: str, state: str) -> str:
        """The page an OA admin opens to grant this app access; Zalo then calls `redirect_uri` with a code."""
        query = urlencode({"app_id": self.app_id, "redirect_uri": redirect_uri, "code_challenge": challenge,
                           "state": state})
        return f"{self._oauth}/permission?{query}"

    async def exchange_code(self, code: str, verifier: str) -> Tokens:
        return await self._token_call("authorize", {"code": code, "app_id": self.app_id,
                                                    "grant_type": "authorization_code", "code_verifier": verifier})

    async def refresh(self, refresh_token: str) -> Tokens:
        """New tokens; the refresh token given is dead from now on, whether or not the answer arrives."""
        return await self._token_call("refresh", {"refresh_token": refresh_token, "app_id": self.app_id,
                                                  "grant_type": "refresh_token"})

    async def _token_call(self, call: str, form: dict[str, str]) -> Tokens:
        problem: OAError | None = None
        try:
            response = await self._http.post(f"{self._oauth}/access_token", data=form,
                                             headers={"secret_key": self._app_secret})
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            problem = OATransportError(call, type(exc).__name__, left=False)
        except httpx.HTTPError as exc:
            problem = OATransportError(call, type(exc).__name__, left=True)
        if problem is not None:
            raise problem  # outside the except block: the httpx exception (it holds the form) stays unlinked
        body = _json(response)
        if body is None:
            raise OATransportError(call, f"HTTP {response.status_code}, not the API's JSON", left=True,
                                   status=response.status_code)
        access, refresh = body.get("access_token"), body.get("refresh_token")
        if isinstance(access, str) and access and isinstance(refresh, str) and refresh:
            try:
                expires_in = int(body.get("expires_in") or 0)  # documented as the string "90000"
            except (TypeError, ValueError):
                expires_in = 0
            return Tokens(access, refresh, expires_in or 90000)
        if response.status_code >= 500:
            raise OATransportError(call, f"HTTP {response.status_code}", left=True, status=response.status_code)
        # error, error_name and error_description vary (notes §1); none of them carries a token
        detail = " ".join(str(body.get(k)) for k in ("error", "error_name", "error_description", "message")
                          if body.get(k) not in (None, ""))
        raise OAuthRefused(call, detail[:300] or f"HTTP {response.status_code}")

    # --- OpenAPI ---------------------------------------------------------------------------------------

    async def call(self, path: str, access_token: str, *, json: dict[str, Any] | None = None,
                   files: dict[str, tuple[str, bytes, str]] | None = None) -> dict[str, Any]:
        """POSTs to `path` (e.g. "/v3.0/oa/message/cs") and returns the answer's `data`."""
        problem: OAError | None = None
        try:
            response = await self._http.post(f"{self._api}{path}", json=json, files=files,
                                             headers={"access_token": access_token})
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            problem = OATransportError(path, type(exc).__name__, left=False)
        except httpx.HTTPError as exc:
            problem = OATransportError(path, type(exc).__name__, left=True)
        if problem is not None:
            raise problem
        body = _json(response)
        status = response.status_code
        if body is None:
            if status == 401:
                raise OAApiError(path, 401, "Unauthorized")
            raise OATransportError(path, f"HTTP {status}, not the API's JSON", left=status >= 500, status=status)
        code = body.get("error", 0)
        if not isinstance(code, int) or isinstance(code, bool):
            code = -1
        if status >= 500 and code == 0:
            raise OATransportError(path, f"HTTP {status}", left=True, status=status)
        if code != 0 or status >= 400:
            raise OAApiError(path, code or status, str(body.get("message") or "")[:300])
        data = body.get("data")
        return data if isinstance(data, dict) else {}

    async def send(self, access_token: str, user_id: str, message: dict[str, Any]) -> dict[str, Any]:
        """One consultation (CS) message to a user who interacted with the OA within 7 days."""
        return await self.call("/v3.0/oa/message/cs", access_token,
                               json={"recipient": {"user_id": user_id}, "message": message})

    async def upload_file(self, access_token: str, name: str, data: bytes, mime: str) -> str:
        """Uploads a PDF, DOC or DOCX (at most 5 MB); returns the token a file message refers to."""
        result = await self.call("/v2.0/oa/upload/file", access_token, files={"file": (name, data, mime)})
        token = result.get("token")
        if not isinstance(token, str) or not token:
            raise OATransportError("/v2.0/oa/upload/file", "no token in the answer", left=False)
        return token

    async def upload_image(self, access_token: str, name: str, data: bytes, mime: str) -> str:
        """Uploads a JPG or PNG (at most 1 MB); returns the attachment id a media message refers to."""
        result = await self.call("/v2.0/oa/upload/image", access_token, files={"file": (name, data, mime)})
        attachment = result.get("attachment_id")
        if not isinstance(attachment, str) or not attachment:
            raise OATransportError("/v2.0/oa/upload/image", "no attachment_id in the answer", left=False)
        return attachment

    async def download(self, url: str, limit: int) -> bytes:
        """A file a user sent (Zalo gives a URL on its CDN), refused above `limit` bytes."""
        problem: OAError | None = None
        data = bytearray()
        try:
            async with self._http.stream("GET", url) as response:
                if response.status_code != 200:
                    problem = OATransportError("download", f"HTTP {response.status_code}", left=False)
                else:
                    async for chunk in response.aiter_bytes():
                        data += chunk
                        if len(data) > limit:
                            problem = OATransportError("download", f"larger than {limit} bytes", left=False)
                            break
        except httpx.HTTPError as exc:
            problem = OATransportError("download", type(exc).__name__, left=False)
        if problem is not None:
            raise problem
        return bytes(data)


def text_message(text: str, buttons: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """A text, with buttons (title, payload) that send the payload back as the user's text when pressed."""
    message: dict[str, Any] = {"text": text}
    if buttons:
        message["attachment"] = {"type": "template", "payload": {"buttons": [
            {"title": title, "type": "oa.query.show", "payload": payload} for title, payload in buttons]}}
    return message


def file_message(token: str) -> dict[str, Any]:
    return {"attachment": {"type": "file", "payload": {"token": token}}}


def image_message(attachment_id: str, text: str = "") -> dict[str, Any]:
    message: dict[str, Any] = {"attachment": {"type": "template", "payload": {
        "template_type": "media", "elements": [{"media_type": "image", "attachment_id": attachment_id}]}}}
    if text:
        message["text"] = text
    return message


def _json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
