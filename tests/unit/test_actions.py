"""Callback actions: one registry (handlers/actions.py), compact data on the wire, every button built from it,
and every action answered by exactly one step."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from handlers import actions
from handlers.actions import Action, registry
from handlers.registry import DIALOGS

HANDLERS = Path(__file__).resolve().parents[2] / "handlers"
# every code the bot has ever put on a button: buttons already sitting in people's chats must keep working
CODES_IN_CHATS = set(
    "m h am mu rn nc jc jn nb cb by ny ul uc ui ux uh ud rr ry ai ld au af at as an al ac av ae ax ad vf ar ap ay "
    "ew eg ef ht tt tu tl rs ho hu hc hv hs hr hz hy hk hd dl dx du dr vl vk vv vm vo vu vc vp vt vr vx vb vy vn "
    "vw gd ge gt gc gn gg gp gy gs gk gx ga kv kp kr ks ky ql qn qa qs qu qd qk qr qv rp rx rc rv rm ro nk nd "
    "nv cg".split())
# the calls that build a button, and the position of the action (or data) among their arguments
BUTTON_CALLS = {"button": 1, "checkbox": 2, "page": 3, "Choice": 1}


def test_the_wire_form_is_the_code_then_each_argument():
    assert actions.CHECK_VALUE.data(3, "1.1", "7.5") == "hv:3:1.1:7.5"
    assert actions.ADMIN_MENU.data() == "am"
    # "back from the confirmation" keeps its empty last argument, which the ballot step reads
    assert actions.BALLOT.data(12, "3", "") == "vb:12:3:"


def test_every_code_in_peoples_chats_is_still_an_action():
    assert CODES_IN_CHATS <= set(actions.BY_CODE)  # new actions may come; none may go


@pytest.mark.parametrize("twin", [Action("admin.other", "am", "x"), Action("admin.menu", "zz", "x")])
def test_a_code_or_a_name_defined_twice_is_refused(twin):
    with pytest.raises(ValueError, match="defined twice"):
        registry([actions.ADMIN_MENU, twin])


def test_a_code_too_long_for_the_wire_is_refused():
    with pytest.raises(ValueError, match="one or two letters"):
        registry([Action("admin.long", "adm", "x")])


def _button_calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(HANDLERS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if name in BUTTON_CALLS:
                    found.append((f"{path.name}:{node.lineno}", node))
    return found


def _literal_data(tree: ast.AST) -> list[int]:
    """Lines of strings that look like hand-written callback data: "am", f"hu:{unit_id}"."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            head = str(node.values[0].value)
            if head.partition(":")[0] in CODES_IN_CHATS and ":" in head:
                lines.append(node.lineno)
    return lines


def test_no_button_in_handlers_carries_hand_written_data():
    offenders = []
    for where, call in _button_calls():
        index = BUTTON_CALLS[call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id]
        if len(call.args) > index and isinstance(call.args[index], ast.Constant | ast.JoinedStr):
            offenders.append(where)
    for path in sorted(HANDLERS.glob("*.py")):
        if path.name != "actions.py":
            offenders += [f"{path.name}:{line}" for line in _literal_data(ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == [], f"callback data must come from handlers/actions.py: {offenders}"


def test_the_check_sees_hand_written_data():
    tree = ast.parse('rows = [Choice(label, f"hu:{unit_id}")]\nctx.button("back", "am")\n')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert all(isinstance(c.args[1], ast.Constant | ast.JoinedStr) for c in calls)
    assert _literal_data(tree) == [1]


def _offered() -> set[str]:
    """The actions some handler puts on a button (by their constant's name)."""
    names = set()
    for _, call in _button_calls():
        for arg in call.args:
            if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "a":
                names.add(arg.attr)
    for path in sorted(HANDLERS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # ACTION.data(...), a.ACTION.data(...)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "data":
                target = node.func.value
                names.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
    return names


def test_every_action_is_offered_by_a_button_and_answered_by_exactly_one_step():
    steps: dict[str, set] = {}
    for dialog in DIALOGS:
        for edge in dialog.edges:
            if isinstance(edge.trigger, Action):
                steps.setdefault(edge.trigger.code, set()).add(edge.step)
    assert {code for code in actions.BY_CODE if code not in steps} == set(), "defined but never reached"
    assert {code: s for code, s in steps.items() if len(s) > 1} == {}, "reached by two steps"
    constants = {name for name, value in vars(actions).items() if isinstance(value, Action)}
    assert constants - _offered() == set(), "no button offers these"
