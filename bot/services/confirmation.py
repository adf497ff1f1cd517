"""Confirmation tokens for steps that cannot be undone (opening or closing a vote, sending checking results
back, closing checking).

The confirmation screen shows what the step will act on and puts a token in its confirm button: a keyed hash
(HMAC-SHA-256, truncated) of the step, its target and a fingerprint of exactly what the screen showed (a vote's
roll, options and rules; its turnout; a unit's check values; every sheet's status and total). The final step
derives the token again from the state as it is now and acts only if the button's token matches. So

* a press that did not come from a confirmation screen (an old button, data typed by hand, a forged
  callback) acts on nothing: without the key, which never leaves the process, no token can be made;
* a confirmation made stale by a change in between (a unit voted, a check value changed) acts on nothing:
  the person is shown the fresh confirmation instead;
* a token cannot act twice: the step it confirms changes the very state it was made of.

Nothing is stored: the token lives only in the button. The key is drawn when the process starts, so a
confirmation shown before a restart has to be confirmed again, which is the safe side.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TOKEN_CHARS = 16  # 96 bits in base64url: well within Telegram's 64 bytes of callback data


class Confirmations:
    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else secrets.token_bytes(32)

    def token(self, step: str, *what: object) -> str:
        """The token of a confirmation of `step` on `what` (the target, then the fingerprint of the state)."""
        message = "\x1f".join((step, *(str(part) for part in what))).encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:TOKEN_CHARS]

    def matches(self, token: str | None, step: str, *what: object) -> bool:
        """Whether `token` is the one a confirmation of this very state would carry."""
        return same(token, self.token(step, *what))


def same(given: str | None, expected: str) -> bool:
    """Whether a button's token is the expected one (in constant time: the token is a secret's hash)."""
    return bool(given) and len(given or "") == TOKEN_CHARS and hmac.compare_digest((given or "").encode(),
                                                                                   expected.encode())

