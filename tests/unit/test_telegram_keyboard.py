"""Reply keyboards as the Bot API's JSON: built once per distinct keyboard, refused when a button's data is too long."""

import pytest

from bot.channels.telegram import keyboard
from bot.messages import Choice, Reply


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
