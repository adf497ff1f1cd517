"""The Telegram channel's sending: keyboards as the Bot API's JSON, built once per distinct keyboard and refused when
a button's data is too long; group chats held to the group cap."""

import pytest

from bot.channels.limiter import SendLimiter, Ticket
from bot.channels.telegram import TelegramChannel, keyboard
from bot.text.messages import Choice, Reply


def test_a_keyboard_is_the_bot_api_object_and_equal_keyboards_are_built_once() -> None:
    rows = [[Choice("1,5", "av:1.2:15"), Choice("2", "av:1.2:2")], [Choice("Về phiếu", "as")]]
    first = keyboard(Reply("a", rows))
    assert first == {"inline_keyboard": [[{"text": "1,5", "callback_data": "av:1.2:15"},
                                          {"text": "2", "callback_data": "av:1.2:2"}],
                                         [{"text": "Về phiếu", "callback_data": "as"}]]}
    again = keyboard(Reply("b", [list(row) for row in rows]))
    assert again is first
    assert keyboard(Reply("c", [[Choice("Về phiếu", "as")]])) is not first


def test_no_choices_means_no_keyboard() -> None:
    assert keyboard(Reply("a")) is None


@pytest.mark.parametrize("data", ["", "đ" * 32 + "x"])  # 0 bytes; 65 bytes
def test_callback_data_outside_1_to_64_bytes_is_refused(data: str) -> None:
    with pytest.raises(ValueError, match="1-64 bytes"):
        keyboard(Reply("a", [[Choice("A", data)]]))


def test_callback_data_of_exactly_64_bytes_is_taken() -> None:
    assert keyboard(Reply("a", [[Choice("A", "đ" * 32)]])) is not None


class RecordingLimiter(SendLimiter):
    def __init__(self) -> None:
        super().__init__()
        self.tickets: list[tuple[str, bool, bool]] = []

    async def acquire(self, chat_id: str, *, pace_chat: bool = True, group: bool = False,
                      urgent: bool = False) -> Ticket:
        self.tickets.append((chat_id, group, urgent))
        return await super().acquire(chat_id, pace_chat=pace_chat, group=group, urgent=urgent)


async def test_group_chats_get_the_group_cap_and_answers_go_ahead_of_other_sends() -> None:
    limiter = RecordingLimiter()
    channel = TelegramChannel("123:abc", "http://127.0.0.1:1/bot", "http://127.0.0.1:1/file", None,  # type: ignore[arg-type]
                              limiter)

    async def answered() -> str:
        return "ok"

    for chat in ("-1001234567890", "-42", "800001"):
        assert await channel._call(chat, answered) == "ok"
    assert await channel._call("800002", answered, urgent=True) == "ok"  # an answer to someone who wrote
    assert limiter.tickets == [("-1001234567890", True, False), ("-42", True, False), ("800001", False, False),
                               ("800002", False, True)]
    await limiter.wait_idle()  # every slot was given back
