"""The Telegram channel's sending: keyboards as the Bot API's JSON, built once per distinct keyboard and refused when
a button's data is too long; group chats held to the group cap."""

import pytest
from telegram.error import NetworkError, TimedOut

from bot.channels import telegram
from bot.channels.limiter import SendLimiter, Ticket
from bot.channels.telegram import MAX_SEND_ATTEMPTS, TelegramChannel, keyboard
from bot.services.notify import LATER, SENT, UNKNOWN
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


# --- what a failure becomes: copies at most once, answers at least once --------------------------------------

def _channel(monkeypatch: pytest.MonkeyPatch, failures: list[Exception]) -> tuple[TelegramChannel, list[str]]:
    """A channel whose API calls fail with `failures`, in order, then succeed; it records every call."""
    monkeypatch.setattr(telegram, "ANSWER_BACKOFF", 0.0)
    # no pacing: retries to one chat would otherwise wait a real second each (tests/unit/test_limiter.py paces)
    channel = TelegramChannel("123:abc", "http://127.0.0.1:1/bot", "http://127.0.0.1:1/file", None,  # type: ignore[arg-type]
                              SendLimiter(per_second=100_000, chat_interval=0))
    calls: list[str] = []

    async def api(method: str, **params: object) -> object:
        calls.append(method)
        if failures:
            raise failures.pop(0)
        return {"message_id": 1}

    channel._api = api  # type: ignore[method-assign]
    return channel, calls


class Leaving:
    def __init__(self) -> None:
        self.times = 0

    async def __call__(self) -> None:
        self.times += 1


@pytest.mark.parametrize("failure", [TimedOut(), NetworkError("Bad Gateway"),
                                     NetworkError("aiohttp.ServerDisconnectedError: Server disconnected")])
async def test_a_copy_whose_answer_was_lost_is_unknown_and_never_sent_again(monkeypatch, failure) -> None:
    channel, calls = _channel(monkeypatch, [failure] * 5)
    leaving = Leaving()
    assert await channel.deliver("800001", Reply("Thông báo"), leaving=leaving) == UNKNOWN
    assert calls == ["sendMessage"] and leaving.times == 1


async def test_a_copy_that_could_not_connect_is_tried_again_then_later(monkeypatch) -> None:
    refused = NetworkError("aiohttp.ClientConnectorError: Cannot connect to host")
    channel, calls = _channel(monkeypatch, [refused] * MAX_SEND_ATTEMPTS)
    leaving = Leaving()
    assert await channel.deliver("800001", Reply("Thông báo"), leaving=leaving) == LATER
    assert len(calls) == MAX_SEND_ATTEMPTS and leaving.times == 1
    channel, calls = _channel(monkeypatch, [refused])
    assert await channel.deliver("800001", Reply("Thông báo"), leaving=Leaving()) == SENT
    assert len(calls) == 2


async def test_a_copy_that_does_not_leave_is_not_sent() -> None:
    channel = TelegramChannel("123:abc", "http://127.0.0.1:1/bot", "http://127.0.0.1:1/file", None,  # type: ignore[arg-type]
                              SendLimiter())
    calls: list[str] = []

    async def api(method: str, **params: object) -> object:
        calls.append(method)
        return {}

    async def stopping() -> None:
        raise RuntimeError("the sender is stopping")

    channel._api = api  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await channel.deliver("800001", Reply("Thông báo"), leaving=stopping)
    assert calls == []


async def test_an_answer_survives_a_502_and_a_dropped_connection_and_counts_a_possible_duplicate(monkeypatch) -> None:
    dropped = NetworkError("aiohttp.ServerDisconnectedError: Server disconnected")
    channel, calls = _channel(monkeypatch, [NetworkError("Bad Gateway"), dropped])
    await channel.send("800001", Reply("Đã lưu điểm."), urgent=True)
    assert calls == ["sendMessage"] * 3 and channel.possible_duplicates == 2


async def test_an_answer_is_tried_a_bounded_number_of_times(monkeypatch) -> None:
    channel, calls = _channel(monkeypatch, [TimedOut()] * 10)
    with pytest.raises(TimedOut):
        await channel.send("800001", Reply("Đã lưu điểm."), urgent=True)
    assert len(calls) == telegram.ANSWER_ATTEMPTS
