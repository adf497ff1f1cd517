"""docs/dialogs.md is generated from the dialog tables, and the tables cover every step, state, command and
action of the router."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.clock import SystemClock
from bot.services.container import Services
from handlers.actions import Action
from handlers.dialog import END, Command, Typed
from handlers.dialog_docs import DOC_PATH, REGENERATE, render
from handlers.registry import DIALOGS, build_router
from storage.db import Database

HANDLERS = Path(__file__).resolve().parents[2] / "handlers"


def router():
    services = Services.build(Database(":memory:"), SystemClock(), ZoneInfo("Asia/Ho_Chi_Minh"), frozenset())
    return build_router(services)


def edges():
    return [edge for dialog in DIALOGS for edge in dialog.edges]


def test_the_doc_is_generated_from_the_tables():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), f"docs/dialogs.md is stale: run `{REGENERATE}`"


def test_the_doc_draws_every_saved_state_and_every_edge():
    doc = render()
    assert doc.count("stateDiagram-v2") == len(DIALOGS)
    for dialog in DIALOGS:
        for state in dialog.states:
            assert f'state "{state}" as {state.replace(".", "_")}' in doc
    assert doc.count(" --> ") == sum(len(edge.targets) for edge in edges())


def test_every_state_command_and_action_the_router_knows_is_in_an_edge():
    r = router()
    nodes = {node for edge in edges() for node in (edge.source, *edge.targets)}
    assert set(r.saved_states) - nodes == set(), "saved states no edge reaches or leaves"
    assert set(r.states) <= {edge.source for edge in edges() if isinstance(edge.trigger, Typed)}
    commands = {name for edge in edges() if isinstance(edge.trigger, Command) for name in edge.trigger.names}
    assert {*r.commands, *r.stranger_commands, *r.group_commands} == commands
    codes = {edge.trigger.code for edge in edges() if isinstance(edge.trigger, Action)}
    assert {*r.choices, *r.stranger_choices} == codes
    # every saved state leads, along edges, out of the saved states (to END or a screen): no dialog traps a chat
    for state in r.saved_states:
        seen, todo = {state}, [state]
        while todo:
            here = todo.pop()
            for target in (t for edge in edges() if edge.source == here for t in edge.targets):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        assert any(node == END or node not in r.saved_states for node in seen), f"{state} is never left"


def test_every_state_a_step_saves_is_a_saved_state_of_the_tables():
    r = router()
    saved = set()
    for path in sorted(HANDLERS.glob("*.py")):
        module = importlib.import_module(f"handlers.{path.stem}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "set_state"
                    and node.args and isinstance(node.args[0], ast.Name)):
                saved.add(getattr(module, node.args[0].id))
    assert saved and saved <= set(r.saved_states)


def test_every_step_of_handlers_is_in_an_edge_and_every_edge_runs_a_module_level_step():
    in_edges = {edge.step for edge in edges()}
    for step in in_edges:
        assert step.__qualname__ == step.__name__ and step.__module__.startswith("handlers."), step
    unused = []
    for path in sorted(HANDLERS.glob("*.py")):
        module = importlib.import_module(f"handlers.{path.stem}")
        for name, value in vars(module).items():
            if (inspect.iscoroutinefunction(value) and value.__module__ == module.__name__
                    and not name.startswith("_") and list(inspect.signature(value).parameters) == ["ctx"]
                    and value not in in_edges):
                unused.append(f"{path.name}: {name}")
    # a module-level `async def f(ctx)` is a step; a helper of steps takes more, or is private
    assert unused == []
