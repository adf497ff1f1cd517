"""What the Zalo OA double remembers: the app and its tokens, the users and what the OA sent them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class OARejection:
    """A request the real API would refuse, which the bot should not have made."""

    path: str
    code: int
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class OAToken:
    value: str
    expires_at: datetime
    revoked: bool = False


@dataclass
class OAUser:
    id: str
    display_name: str
    follower: bool = True
    last_interaction: datetime | None = None
    # what the OA sent this user, in order: {"text", "buttons": [(title, payload)], "file": name, "image": name}
    messages: list[dict[str, Any]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class OAUpload:
    kind: str  # "file" or "image"
    name: str
    data: bytes
    uploaded_at: datetime
