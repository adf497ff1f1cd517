"""A Zalo Official Account API double: one HTTP server on 127.0.0.1 standing in for oauth.zaloapp.com/v4/oa and
openapi.zalo.me, and the webhook deliveries Zalo makes to the bot.

It enforces what docs/zalo.md and the research notes (zalo-oa-notes.md) document, and follows the notes' best
guess where they say "unconfirmed" (docs/zalo.md lists those as questions for the live API):
- OAuth v4: the `secret_key` header; a code is single use and checked against its PKCE challenge; an access
  token lives `expires_in` (90000 s) on the double's clock; a refresh token is single use and rotated, and a
  reused one answers error -14020.
- OpenAPI: the `access_token` header; an unknown token answers -216 and an expired one -220, with HTTP 200.
- /v3.0/oa/message/cs: text of 1-2000 characters; at most 5 buttons, titles of 1-100 characters, payloads up
  to 1000, known button types; a media template names an uploaded image, a file message an uploaded file's
  token. Only to a user who interacted within 7 days (-230 otherwise) and follows the OA (-213).
- /v2.0/oa/upload/file (PDF, DOC, DOCX up to 5 MB) and /v2.0/oa/upload/image (JPG, PNG up to 1 MB), multipart
  field `file`; uploads are kept 7 days.
- Webhook events are signed: X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA secret key).

Refusals a correct bot can meet (an expired token, the window, an arranged error) are answered but not
recorded; anything else refused is recorded in `rejections`, so a test fails on what Zalo would refuse.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from bot.sandbox.doubles.http_base import LocalApiServer

from .state import OARejection, OAToken, OAUpload, OAUser

TEXT_LIMIT = 2000
MAX_BUTTONS = 5
TITLE_LIMIT = 100
PAYLOAD_LIMIT = 1000
BUTTON_TYPES = frozenset({"oa.open.url", "oa.query.show", "oa.query.hide", "oa.open.phone", "oa.open.sms"})
FILE_TYPES = {"pdf": 5 * 1024 * 1024, "doc": 5 * 1024 * 1024, "docx": 5 * 1024 * 1024}
IMAGE_TYPES = {"jpg": 1024 * 1024, "jpeg": 1024 * 1024, "png": 1024 * 1024}
WINDOW = timedelta(days=7)
UPLOAD_KEPT = timedelta(days=7)
CODE_VALID = timedelta(minutes=10)
REFRESH_VALID = timedelta(days=90)
ACCESS_SECONDS = 90000


class _Refused(Exception):
    def __init__(self, code: int, message: str, *, expected: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.expected = expected


class ZaloOADouble(LocalApiServer):
    def __init__(self, now: Callable[[], datetime], *, app_id: str = "4318234567890123456",
                 app_secret: str = "app-secret-QX2mN8", oa_secret_key: str = "oa-secret-Pz7Kd1",
                 host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.now = now
        self.app_id = app_id
        self.app_secret = app_secret
        self.oa_secret_key = oa_secret_key
        self.webhook_url: str | None = None
        self.users: dict[str, OAUser] = {}
        self.access_tokens: dict[str, OAToken] = {}
        self.refresh_tokens: dict[str, OAToken] = {}
        self.used_refresh_tokens: set[str] = set()
        self.codes: dict[str, tuple[str, datetime]] = {}  # code -> (PKCE challenge, issued at)
        self.uploads: dict[str, OAUpload] = {}
        self.files: dict[str, bytes] = {}  # what users sent, served at /files/<name>
        self.rejections: list[OARejection] = []
        self.refusals: list[OARejection] = []  # expected refusals, for tests to inspect
        self.refreshes = 0
        self._errors: list[tuple[str, int, str]] = []
        self._msg_ids = 0

    # --- what tests arrange ---------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return self.base_url

    @property
    def oauth_url(self) -> str:
        return f"{self.base_url}/v4/oa"

    def authorize(self, challenge: str) -> str:
        """An OA admin grants the app access: the code Zalo gives the redirect URI."""
        code = secrets.token_urlsafe(24)
        self.codes[code] = (challenge, self.now())
        return code

    def issue_tokens(self) -> tuple[str, str, int]:
        """Tokens as if the app had just been authorized: (access, refresh, expires_in)."""
        return self._new_pair()

    def revoke_access_tokens(self) -> None:
        for token in self.access_tokens.values():
            token.revoked = True

    def inject_error(self, path: str, code: int, message: str = "arranged") -> None:
        """The next call to `path` answers `error: code`."""
        self._errors.append((path, code, message))

    def user(self, display_name: str = "Trần Thị Bình", user_id: str | None = None) -> Any:
        from .client import ZaloOAUser

        if user_id is None:
            user_id = str(7_000_000_000_000_000_000 + len(self.users) + 1)  # ids exceed 2^53
        oa_user = self.users.setdefault(user_id, OAUser(user_id, display_name))
        return ZaloOAUser(self, oa_user)

    def host_file(self, name: str, data: bytes) -> str:
        self.files[name] = data
        return f"{self.base_url}/files/{name}"

    # --- webhook deliveries ---------------------------------------------------------------------------

    def event(self, user: OAUser, event_name: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """The event Zalo posts for a user's action; the action is an interaction (it opens the window)."""
        user.last_interaction = self.now()
        event: dict[str, Any] = {"app_id": self.app_id, "event_name": event_name,
                                 "timestamp": str(int(self.now().timestamp() * 1000)),
                                 "user_id_by_app": f"app-{user.id}"}
        if event_name in ("follow", "unfollow"):
            event["follower"] = {"id": user.id}
            event["oa_id"] = "oa-1"
        else:
            self._msg_ids += 1
            event["sender"] = {"id": user.id}
            event["recipient"] = {"id": "oa-1"}
            event["message"] = {"msg_id": f"msg{self._msg_ids:012d}", **(message or {})}
        return event

    def sign(self, body: bytes, event: dict[str, Any]) -> str:
        digest = hashlib.sha256(self.app_id.encode() + body + str(event["timestamp"]).encode()
                                + self.oa_secret_key.encode()).hexdigest()
        return f"mac={digest}"

    async def post_event(self, event: dict[str, Any], signature: str | None = None) -> int:
        """Posts an event to the bot's webhook, signed unless a signature is given; the HTTP status."""
        assert self.webhook_url is not None and self._session is not None, "no webhook URL set"
        body = json.dumps(event, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json",
                   "X-ZEvent-Signature": signature if signature is not None else self.sign(body, event)}
        async with self._session.post(self.webhook_url, data=body, headers=headers) as response:
            await response.read()
            return response.status

    # --- the server -----------------------------------------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        app.router.add_post("/v4/oa/access_token", self._access_token)
        app.router.add_post("/v3.0/oa/message/cs", self._api(self._send))
        app.router.add_post("/v2.0/oa/upload/file", self._api(self._upload_file))
        app.router.add_post("/v2.0/oa/upload/image", self._api(self._upload_image))
        app.router.add_get("/files/{name}", self._file)

    def _new_pair(self) -> tuple[str, str, int]:
        access, refresh = "acc-" + secrets.token_urlsafe(24), "ref-" + secrets.token_urlsafe(24)
        self.access_tokens[access] = OAToken(access, self.now() + timedelta(seconds=ACCESS_SECONDS))
        self.refresh_tokens[refresh] = OAToken(refresh, self.now() + REFRESH_VALID)
        return access, refresh, ACCESS_SECONDS

    async def _access_token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if request.headers.get("secret_key") != self.app_secret or form.get("app_id") != self.app_id:
            return self._oauth_error("/v4/oa/access_token", -14002, "invalid app", dict(form))
        grant = form.get("grant_type")
        if grant == "authorization_code":
            code = str(form.get("code") or "")
            issued = self.codes.pop(code, None)
            verifier = str(form.get("code_verifier") or "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
            if issued is None or issued[1] + CODE_VALID < self.now() or issued[0] != challenge:
                return self._oauth_error("/v4/oa/access_token", -14019, "invalid code", {"grant_type": grant})
        elif grant == "refresh_token":
            refresh = str(form.get("refresh_token") or "")
            token = self.refresh_tokens.pop(refresh, None)
            if refresh in self.used_refresh_tokens:
                self.refusals.append(OARejection("/v4/oa/access_token", -14020, "refresh token reused"))
                return web.json_response({"error": -14020, "error_name": "Invalid refresh token",
                                          "error_description": "refresh token was used"})
            if token is None or token.expires_at < self.now():
                return self._oauth_error("/v4/oa/access_token", -14014, "invalid refresh token",
                                         {"grant_type": grant})
            self.used_refresh_tokens.add(refresh)
            self.refreshes += 1
        else:
            return self._oauth_error("/v4/oa/access_token", -14001, "invalid grant_type", {"grant_type": grant})
        access, refresh, expires = self._new_pair()
        return web.json_response({"access_token": access, "refresh_token": refresh, "expires_in": str(expires)})

    def _oauth_error(self, path: str, code: int, message: str, params: dict[str, Any]) -> web.Response:
        self.rejections.append(OARejection(path, code, message, {k: v for k, v in params.items()
                                                                if k not in ("refresh_token", "code")}))
        return web.json_response({"error": code, "error_name": message, "error_description": message})

    def _api(self, handler: Callable[[web.Request], Any]) -> Callable[[web.Request], Any]:
        async def wrapped(request: web.Request) -> web.Response:
            path = request.path
            try:
                self._check_token(request.headers.get("access_token", ""))
                for index, (where, code, message) in enumerate(self._errors):
                    if where == path:
                        del self._errors[index]
                        raise _Refused(code, message, expected=True)
                data = await handler(request)
            except _Refused as refused:
                record = OARejection(path, refused.code, refused.message)
                (self.refusals if refused.expected else self.rejections).append(record)
                return web.json_response({"error": refused.code, "message": refused.message})
            return web.json_response({"error": 0, "message": "Success", "data": data})

        return wrapped

    def _check_token(self, value: str) -> None:
        token = self.access_tokens.get(value)
        if token is None or token.revoked:
            # a revoked token is what a correct bot meets; a token never issued is a bug
            raise _Refused(-216, "Access token is invalid", expected=token is not None)
        if token.expires_at <= self.now():
            raise _Refused(-220, "access_token is expired or removed", expected=True)

    async def _send(self, request: web.Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except ValueError:
            raise _Refused(-201, "body is not JSON") from None
        recipient, message = body.get("recipient"), body.get("message")
        if not isinstance(recipient, dict) or not isinstance(message, dict) or set(body) != {"recipient", "message"}:
            raise _Refused(-201, "recipient and message are required")
        user = self.users.get(str(recipient.get("user_id")))
        if user is None or not isinstance(recipient.get("user_id"), str):
            raise _Refused(-201, "unknown user_id (a string)")
        recorded = self._message(message)
        if not user.follower:
            raise _Refused(-213, "User has not followed the OA", expected=True)
        if user.last_interaction is None or user.last_interaction + WINDOW < self.now():
            raise _Refused(-230, "User has not interacted with the OA in the past 7 days", expected=True)
        user.messages.append(recorded)
        user.changed.set()
        self._msg_ids += 1
        return {"message_id": f"oa{self._msg_ids:012d}", "user_id": user.id,
                "sent_time": str(int(self.now().timestamp() * 1000))}

    def _message(self, message: dict[str, Any]) -> dict[str, Any]:
        """What a message shows the user, after checking it as the API would."""
        unknown = set(message) - {"text", "attachment"}
        if unknown or not message:
            raise _Refused(-201, f"unknown message fields {sorted(unknown)}")
        recorded: dict[str, Any] = {"text": None, "buttons": [], "file": None, "image": None}
        text = message.get("text")
        if text is not None:
            if not isinstance(text, str) or not text.strip():
                raise _Refused(-201, "text must be a non-empty string")
            if len(text) > TEXT_LIMIT:
                raise _Refused(-210, f"text longer than {TEXT_LIMIT} characters")
            recorded["text"] = text
        attachment = message.get("attachment")
        if attachment is None:
            if text is None:
                raise _Refused(-201, "a message needs text or an attachment")
            return recorded
        kind, payload = attachment.get("type"), attachment.get("payload")
        if not isinstance(payload, dict):
            raise _Refused(-201, "attachment.payload is required")
        if kind == "file":
            upload = self._upload(payload.get("token"), "file")
            recorded["file"] = (upload.name, upload.data)
        elif kind == "template" and payload.get("template_type") == "media":
            elements = payload.get("elements")
            if not isinstance(elements, list) or len(elements) != 1 or elements[0].get("media_type") != "image":
                raise _Refused(-201, "a media template has one image element")
            upload = self._upload(elements[0].get("attachment_id"), "image")
            recorded["image"] = (upload.name, upload.data)
        elif kind == "template" and "template_type" not in payload:
            if text is None:
                raise _Refused(-201, "buttons need a text")
            buttons = payload.get("buttons")
            if not isinstance(buttons, list) or not 1 <= len(buttons) <= MAX_BUTTONS:
                raise _Refused(-201, f"1-{MAX_BUTTONS} buttons")
            for button in buttons:
                title, button_type, value = button.get("title"), button.get("type"), button.get("payload")
                if not isinstance(title, str) or not 1 <= len(title) <= TITLE_LIMIT:
                    raise _Refused(-201, f"a button title is 1-{TITLE_LIMIT} characters")
                if button_type not in BUTTON_TYPES:
                    raise _Refused(-201, f"unknown button type {button_type!r}")
                if button_type.startswith("oa.query") and (not isinstance(value, str)
                                                           or not 1 <= len(value) <= PAYLOAD_LIMIT):
                    raise _Refused(-201, f"a query button's payload is 1-{PAYLOAD_LIMIT} characters")
                recorded["buttons"].append((title, value))
        else:
            raise _Refused(-201, f"unsupported attachment {kind!r}")
        return recorded

    def _upload(self, key: object, kind: str) -> OAUpload:
        upload = self.uploads.get(str(key)) if isinstance(key, str) else None
        if upload is None or upload.kind != kind or upload.uploaded_at + UPLOAD_KEPT < self.now():
            raise _Refused(-201, f"unknown {kind} attachment")
        return upload

    async def _read_upload(self, request: web.Request, limits: dict[str, int]) -> tuple[str, bytes]:
        post = await request.post()
        field = post.get("file")
        if not isinstance(field, web.FileField) or set(post) != {"file"}:
            raise _Refused(-201, "multipart field 'file' is required")
        data = field.file.read()
        extension = field.filename.rsplit(".", 1)[-1].lower() if "." in field.filename else ""
        if extension not in limits:
            raise _Refused(-201, f"file type {extension!r} is not allowed")
        if len(data) > limits[extension]:
            raise _Refused(-201, f"larger than {limits[extension]} bytes")
        return field.filename, data

    async def _upload_file(self, request: web.Request) -> dict[str, Any]:
        name, data = await self._read_upload(request, FILE_TYPES)
        token = "file-" + secrets.token_urlsafe(16)
        self.uploads[token] = OAUpload("file", name, data, self.now())
        return {"token": token}

    async def _upload_image(self, request: web.Request) -> dict[str, Any]:
        name, data = await self._read_upload(request, IMAGE_TYPES)
        attachment = "img-" + secrets.token_urlsafe(16)
        self.uploads[attachment] = OAUpload("image", name, data, self.now())
        return {"attachment_id": attachment}

    async def _file(self, request: web.Request) -> web.StreamResponse:
        data = self.files.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data)
