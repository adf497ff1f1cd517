"""The message catalogue: both languages, the same placeholders, proper Vietnamese, and the only source of text."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from pathlib import Path

import pytest

from bot.text.catalogue import MESSAGES, t

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)
# modules whose Vietnamese literals are data, not sentences the bot says
DATA_MODULES = {
    "bot/text/catalogue.py", "bot/domain/criteria_import.py", "bot/documents/sample.py", "bot/services/sample_bloc.py",
    "bot/domain/titles.py", "bot/domain/unit_import.py", "bot/text/vi_text.py",
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    vi, en = MESSAGES[key]
    assert en, f"{key} has no English"
    assert placeholders(vi) == placeholders(en), key
    assert unicodedata.normalize("NFC", vi) == vi, f"{key} is not NFC"


def test_vietnamese_is_written_with_diacritics():
    # a catalogue typed without diacritics ("Xin chao") would pass every other check
    with_marks = sum(1 for vi, _ in MESSAGES.values() if VIETNAMESE_LETTERS.search(vi))
    assert with_marks / len(MESSAGES) > 0.8


def test_lookup_falls_back_to_vietnamese_and_fills_placeholders():
    assert t("join.done", "en", role="x", unit="U", bloc="B").startswith("Registered!")
    assert t("join.done", "fr", role="x", unit="U", bloc="B").startswith("Đăng ký thành công!")


def test_no_user_facing_vietnamese_outside_the_catalogue():
    offenders = []
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py"), ROOT / "bot.py"]:
        rel = path.relative_to(ROOT).as_posix()
        if rel in DATA_MODULES or rel.startswith("bot/sandbox/doubles/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if VIETNAMESE_LETTERS.search(node.value):
                    offenders.append(f"{rel}:{node.lineno}: {node.value[:40]!r}")
    assert offenders == []


def test_no_message_is_defined_twice():
    # a dict literal keeps the last of two equal keys without a word, hiding the first text
    tree = ast.parse((ROOT / "bot" / "text" / "catalogue.py").read_text(encoding="utf-8"))
    literal = next(node for node in ast.walk(tree) if isinstance(node, ast.Dict) and len(node.keys) > 50)
    keys = [key.value for key in literal.keys if isinstance(key, ast.Constant)]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []
