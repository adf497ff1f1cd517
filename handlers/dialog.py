"""Dialog tables: each dialog is its steps (module-level functions) and one table of edges.

An edge says: from `source`, this `trigger` runs this `step`, which leads to one of `targets`. Nodes are
the saved dialog states (the string stored in `dialog_state`, so a restart resumes them), screens (a message
with buttons, such as "UnitCard": they exist only in the diagrams, a button on them can be pressed at any
time) and START/END. The router is built from the tables (Router.add) and checks at run time that a step
only moves the chat along an edge of its table; docs/dialogs.md is generated from them
(`python -m handlers.dialog_docs`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from handlers.actions import Action

START = "[*]"
END = "[*]"
# a step receives the Context of handlers/base.py; named loosely here because base.py builds on this module
Step = Callable[[Any], Awaitable[None]]


class DialogTableError(Exception):
    """A step moved a chat along an edge its dialog table does not have: a programming error, never bad input."""


@dataclass(frozen=True, init=False)
class Command:
    """A command with its aliases. `strangers`: for people in no unit too; `group`: only in a group chat."""

    names: tuple[str, ...]
    strangers: bool = False
    group: bool = False

    def __init__(self, *names: str, strangers: bool = False, group: bool = False) -> None:
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "strangers", strangers)
        object.__setattr__(self, "group", group)


@dataclass(frozen=True)
class Typed:
    """Whatever is sent (text, a file, a photo) while the chat is in the edge's source state."""


@dataclass(frozen=True)
class Default:
    """Anything no command, button or saved state took: for known people, or for strangers."""

    strangers: bool = False


@dataclass(frozen=True)
class PollAnswer:
    """An answer to a native poll in a group."""


Trigger = Command | Action | Typed | Default | PollAnswer


@dataclass(frozen=True)
class Edge:
    source: str
    trigger: Trigger
    step: Step
    targets: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Dialog:
    title: str
    files: tuple[str, ...]
    states: tuple[str, ...]  # the saved dialog states this dialog owns
    edges: tuple[Edge, ...]
    intro: str = ""  # what the diagram alone does not say

    def __post_init__(self) -> None:
        for edge in self.edges:
            if isinstance(edge.trigger, Typed) and edge.source not in self.states:
                raise DialogTableError(f"{self.title}: text typed in {edge.source!r}, not a saved state of it")


def trigger_key(trigger: Trigger, source: str) -> str:
    """What the router looks a trigger up by (typed text: by the state it is typed in)."""
    match trigger:
        case Action():
            return trigger.code
        case Typed():
            return f"state {source}"
        case Default():
            return "default strangers" if trigger.strangers else "default"
        case PollAnswer():
            return "poll answer"
    raise TypeError(f"one key per command name: {trigger!r}")


@dataclass(frozen=True)
class Running:
    """The edges of one trigger that fit the chat's state when the step started: what the step may do."""

    edges: tuple[Edge, ...]
    state: str | None  # the chat's saved state then, if any
    saved_states: frozenset[str]

    @classmethod
    def of(cls, edges: list[Edge], state: str | None, saved_states: frozenset[str]) -> Running:
        # an edge from a saved state fits only in it; a screen's buttons can be pressed whatever the state
        fitting = tuple(e for e in edges if e.source == state or e.source not in saved_states)
        if not fitting and isinstance(edges[0].trigger, Action):
            # a button from an old message, pressed after the chat left the state it was shown in: the step
            # re-checks everything, and may still go where the button's edges go
            fitting = tuple(edges)
        return cls(fitting, state, saved_states)

    def _describe(self) -> str:
        triggers = sorted({repr(e.trigger) for e in self.edges})
        return f"from {self.state or START} by {', '.join(triggers) or 'a trigger with no edge there'}"

    def check_set(self, state: str) -> None:
        if not any(state in edge.targets for edge in self.edges):
            raise DialogTableError(f"no edge leads to {state!r} {self._describe()}")

    def check_clear(self) -> None:
        for edge in self.edges:
            if edge.source != self.state:
                return  # the chat is not in this edge's source: nothing the table keeps is being left
            # leaving a saved state for END, or for a screen (which is no saved state), is clearing it
            if any(target == END or target not in self.saved_states for target in edge.targets):
                return
        raise DialogTableError(f"no edge leaves the saved state {self._describe()}")
