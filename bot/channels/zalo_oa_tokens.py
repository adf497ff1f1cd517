"""The OA's tokens: kept in the database, refreshed before they expire and after Zalo refuses one.

A refresh token is single use (each refresh returns a new one and kills the old), so the pair Zalo returns is
written at once, both tokens in one transaction: a crash between writing them would leave a refresh token
Zalo no longer accepts, and only an admin authorizing the OA again (`bot.py zalo-oa-authorize`) helps then.
For the same reason only one refresh runs at a time: two at once would race, and the loser's token is dead.

When the refresh token is refused, the channel stops (TokensDead) and the log gets one line saying how to
authorize again; the other channels go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

from bot.channels.zalo_oa_client import OAError, OAuthRefused, ZaloOAClient
from bot.domain.clock import Clock
from bot.services.zalo_oa import OATokens, ZaloOAStore

log = logging.getLogger(__name__)

# refreshed this long before the access token's end, so a send never starts with a token about to die
REFRESH_AHEAD = timedelta(minutes=30)
AUTHORIZE_HINT = ("authorize the OA again: run `python bot.py zalo-oa-authorize` as an OA admin, open the link "
                  "it prints and paste the code, then restart the bot")


class TokensDead(Exception):
    """No usable tokens: never authorized, or the refresh token was refused."""


class TokenKeeper:
    def __init__(self, store: ZaloOAStore, client: ZaloOAClient, clock: Clock,
                 on_dead: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self.on_dead = on_dead
        self.dead = False
        self.refreshes = 0  # for the logs and the tests
        self._tokens: OATokens | None = None
        self._lock = asyncio.Lock()

    async def load(self) -> bool:
        """Reads the stored tokens; False (and the channel stays off) when there are none for this app."""
        self._tokens = await self.store.tokens(self.client.app_id)
        if self._tokens is None:
            self._die("no tokens are stored for this app")
        return self._tokens is not None

    async def access_token(self) -> str:
        """A token good for a while yet, refreshed first when it is near its end. Raises TokensDead, or OAError
        when Zalo could not be reached for a refresh that was due."""
        if self.dead or self._tokens is None:
            raise TokensDead()
        if self._tokens.access_expires_at - REFRESH_AHEAD > self.clock.now():
            return self._tokens.access_token
        return await self._refresh(self._tokens.access_token)

    async def refused(self, used: str) -> str:
        """Zalo refused `used` (expired early, revoked): a fresh one, unless a refresh already replaced it."""
        if self.dead or self._tokens is None:
            raise TokensDead()
        return await self._refresh(used)

    async def _refresh(self, used: str) -> str:
        async with self._lock:
            if self.dead or self._tokens is None:
                raise TokensDead()
            if self._tokens.access_token != used:
                return self._tokens.access_token  # refreshed by whoever held the lock before us
            try:
                tokens = await self.client.refresh(self._tokens.refresh_token)
            except OAuthRefused as exc:
                self._die(str(exc))
                raise TokensDead() from None
            except OAError as exc:
                # the refresh token may have been used up by a request whose answer was lost: the next try tells
                log.warning("refreshing the Zalo OA token failed (%s); tried again at the next send", exc)
                raise
            # from here the old refresh token is dead: nothing may come between Zalo's answer and this write
            self._tokens = await self.store.save_tokens(self.client.app_id, tokens.access_token, tokens.refresh_token,
                                                       tokens.expires_in)
            self.refreshes += 1
            log.info("zalo OA access token refreshed; valid until %s", self._tokens.access_expires_at.isoformat())
            return self._tokens.access_token

    def _die(self, why: str) -> None:
        if self.dead:
            return
        self.dead = True
        log.error("the Zalo OA channel stops: %s; %s", why, AUTHORIZE_HINT)
        if self.on_dead is not None:
            self.on_dead(why)
