"""The one door from a channel into the application: what Telegram's and Zalo's code may ask of it.

A channel turns what arrives into an Inbound, hands it to `handle`, and renders the Outcome it gets back;
besides that it may ask the few things below, and nothing else (it never reaches services or storage by
attribute chains, and keeps no dialog state of its own: the numbered options a text-only channel offers
are kept here, next to the chat's dialog).

`handle` is also where an unexpected error ends: the person gets one polite apology and the log one line
without user text. When the failing step had begun to change the chat's saved dialog state, that state may
no longer be what the person sees (a score typed next would be checked against the criterion before the
one on screen), so the dialog is dropped; when even dropping it fails (the disk is full), the chat is
remembered as unsure and its next typed text is not taken as the answer to the saved step. A step that
failed before touching the state leaves the dialog as the screen shows it: pressing again works.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.text.catalogue import t
from bot.text.messages import Inbound, Kind, Outcome, Reply
from handlers.base import ChannelContext, Router, StepFailed

log = logging.getLogger(__name__)

# the dialog_state key and state of a chat's offered options, next to the chat's own dialog row: handlers
# replace or clear their row at every step, and must neither wipe the numbers nor see them
OPTIONS_STATE = "zalo.options"


def options_key(chat_id: str) -> str:
    return f"{chat_id}:options"


@dataclass(frozen=True)
class SavedOptions:
    """Numbered options a chat was offered: labels and choice data in order, and the dialog step they were
    offered in (None: no dialog)."""

    labels: list[str]
    data: list[str]
    step: str | None


class ChatApp:
    def __init__(self, router: Router) -> None:
        self._router = router
        self._services = router.services
        self._unsure: set[tuple[str, str]] = set()

    @property
    def default_language(self) -> str:
        return self._services.people.default_language

    async def handle(self, inbound: Inbound, channel: ChannelContext) -> Outcome:
        """The answer to one update; never raises."""
        chat = (inbound.sender.channel, inbound.sender.chat_id)
        if chat in self._unsure and inbound.kind in (Kind.TEXT, Kind.FILE):
            if await self._drop_dialog(chat):
                self._unsure.discard(chat)
            return Outcome([Reply(t("error.step_lost", self.default_language))])
        try:
            outcome = await self._router.dispatch(inbound, channel)
        except Exception as exc:
            cause = exc.__cause__ if isinstance(exc, StepFailed) and exc.__cause__ is not None else exc
            log.error("an update in %s chat %s failed: %s", chat[0], chat[1], type(cause).__name__, exc_info=cause)
            if isinstance(exc, StepFailed) and exc.dialog_uncertain and not await self._drop_dialog(chat):
                self._unsure.add(chat)
            return Outcome([Reply(t("error.internal", self.default_language))])
        self._unsure.discard(chat)  # the step ran to its end: the saved state is what it left
        return outcome

    async def _drop_dialog(self, chat: tuple[str, str]) -> bool:
        try:
            await self._services.dialogs.clear(*chat)
        except Exception as exc:
            log.error("dropping the dialog of %s chat %s failed too: %s", chat[0], chat[1], type(exc).__name__)
            return False
        return True

    # --- what a channel may ask besides ---------------------------------------------------------------

    async def in_dialog(self, channel: str, chat_id: str) -> str | None:
        """The chat's saved dialog step, if any: a text-only channel then offers its options as "#1"."""
        state = await self._services.dialogs.get(channel, chat_id)
        return state.state if state is not None else None

    async def offered(self, channel: str, chat_id: str) -> SavedOptions | None:
        saved = await self._services.dialogs.get(channel, options_key(chat_id))
        if saved is None or saved.state != OPTIONS_STATE:
            return None
        labels, data = saved.data.get("labels", []), saved.data.get("data", [])
        if not isinstance(labels, list) or not isinstance(data, list) or len(labels) != len(data):
            return None
        return SavedOptions(labels, data, saved.data.get("step"))

    async def offer(self, channel: str, chat_id: str, labels: list[str], data: list[str]) -> str | None:
        """Saves the options just offered to the chat, with the step they belong to (returned)."""
        step = await self.in_dialog(channel, chat_id)
        await self._services.dialogs.put(channel, options_key(chat_id), OPTIONS_STATE,
                                         {"labels": labels, "data": data, "step": step})
        return step

    async def forget_offered(self, channel: str, chat_id: str) -> None:
        await self._services.dialogs.clear(channel, options_key(chat_id))

    async def mark_blocked(self, channel: str, chat_id: str) -> None:
        """The person blocked the bot: notices stop going to this chat until they write again."""
        await self._services.people.mark_blocked(channel, chat_id)

    async def chat_on(self, channel: str, user_id: str, wanted: str) -> str | None:
        """The chat on channel `wanted` of the person behind this account, if they linked one."""
        return await self._services.people.chat_on(channel, user_id, wanted)

    async def admin_chats(self, channel: str) -> set[str]:
        """The chats on this channel of everyone who administers a bloc-year now (their command menu)."""
        return await self._services.onboarding.admin_chats(channel, self._services.super_admin_ids)
