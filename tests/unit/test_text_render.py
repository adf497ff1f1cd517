"""Replies on a channel without buttons: numbered lines, and answers typed as numbers or words."""

from __future__ import annotations

from bot.channels.text_render import render_numbered, resolve_numbered, split_text
from bot.text.messages import Choice, Reply


def test_choices_become_numbered_lines_in_order():
    reply = Reply("Chọn đơn vị:", [[Choice("✅ Văn phòng Tỉnh ủy", "uc:1"), Choice("⏳ Ban Tổ chức", "uc:2")],
                                    [Choice("« Quản trị", "am")]])
    text, options = render_numbered(reply)
    assert text.splitlines()[:5] == ["Chọn đơn vị:", "", "1. ✅ Văn phòng Tỉnh ủy", "2. ⏳ Ban Tổ chức",
                                     "3. « Quản trị"]
    assert text.endswith("Gõ số thứ tự để chọn.")
    assert options == ["uc:1", "uc:2", "am"]


def test_a_reply_without_choices_is_left_alone():
    assert render_numbered(Reply("Xin chào")) == ("Xin chào", [])


def test_typed_numbers_and_words_resolve_to_the_choice():
    labels = ["✅ Xác nhận", "Hủy"]
    options = ["jc:ABC", "jn"]
    assert resolve_numbered("1", labels, options) == "jc:ABC"
    assert resolve_numbered(" 2. ", labels, options) == "jn"
    assert resolve_numbered("huy", labels, options) == "jn"
    assert resolve_numbered("xác nhận", labels, options) == "jc:ABC"
    assert resolve_numbered("3", labels, options) is None
    assert resolve_numbered("0", labels, options) is None
    assert resolve_numbered("đồng ý", labels, options) is None


def test_long_texts_split_at_line_boundaries():
    lines = [f"Dòng {i:04d} " + "x" * 50 for i in range(200)]
    chunks = split_text("\n".join(lines), 4096)
    assert all(len(c) <= 4096 for c in chunks)
    assert "\n".join(chunks).splitlines() == lines
    assert len(chunks) == 3


def test_a_single_overlong_line_is_cut_without_losing_text():
    text = "a" * 5000
    chunks = split_text(text, 2000)
    assert [len(c) for c in chunks] == [2000, 2000, 1000]
    assert "".join(chunks) == text


def test_an_exact_answer_wins_over_a_label_that_merely_ends_with_it():
    labels = ["✅ Nộp", "Chưa nộp"]
    assert resolve_numbered("nộp", labels, ["ay", "as"]) == "ay"
    assert resolve_numbered("chưa nộp", labels, ["ay", "as"]) == "as"
