"""Admins set the year's deadlines, move them with a reason, extend one for a single unit, and tune the
reminders; everyone sees the deadlines that concern them."""

from __future__ import annotations

from datetime import datetime

from bot.domain.reminder_rules import STEPS, describe_offset, parse_offsets
from bot.services.refusal import Refused
from bot.text.messages import Choice
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import END, START, Command, Dialog, Edge, Typed

DEADLINE_DATE = "deadline.date"
DEADLINE_REASON = "deadline.reason"
EXTEND_DATE = "extend.date"
EXTEND_REASON = "extend.reason"
OFFSETS = "reminder.offsets"


def offsets_text(ctx: Context, offsets: list[int]) -> str:
    parts = []
    for offset in offsets:
        size, amount = describe_offset(offset)
        parts.append(ctx.t("deadlines.offset_after" if offset > 0 else "deadlines.offset_before",
                           amount=ctx.t(f"reminder.left.{size}", amount=amount)))
    return ", ".join(parts)


async def post_deadline(ctx: Context, step: str, when: datetime) -> None:
    """Deadlines are public: the bloc's group sees them."""
    group = await ctx.services.votes.group_chat(ctx.actor.admin_year(), ctx.inbound.sender.channel)
    if group is not None:
        await ctx.notify_group(group, ctx.t("deadlines.group_post", step=ctx.t(f"step.{step}"), when=ctx.when(when)))


async def overview(ctx: Context, edit: bool) -> None:
    steps = await ctx.services.deadlines.overview(ctx.actor)
    names = {v.unit.id: v.unit.name for v in (await ctx.services.onboarding.units(ctx.actor))[1]}
    lines = [ctx.t("deadlines.title", year=ctx.actor.admin_year().year)]
    rows: list[list[Choice]] = []
    for item in steps:
        name = ctx.t(f"step.{item.step}")
        when = ctx.when(item.deadline.due_at) if item.deadline else ctx.t("deadlines.unset")
        lines.append(ctx.t("deadlines.line", step=name, when=when, reminders=offsets_text(ctx, item.offsets)))
        for unit_id, (due, reason) in item.extensions.items():
            lines.append(ctx.t("deadlines.extension", unit=names.get(unit_id, unit_id), when=ctx.when(due),
                               reason=reason))
        row = [Choice(ctx.t("deadlines.set_button", step=name), a.DEADLINE_SET.data(item.step))]
        if item.deadline is not None:
            row.append(ctx.button("deadlines.extend_button", a.EXTEND, item.step))
        rows += [row, [ctx.button("deadlines.rules_button", a.REMINDER_RULES, item.step, step=name)]]
    rows.append([ctx.button("back.admin", a.ADMIN_MENU)])
    ctx.reply("\n".join(lines), *rows, edit=edit, raw=True)


async def overview_command(ctx: Context) -> None:
    await overview(ctx, edit=False)


async def overview_choice(ctx: Context) -> None:
    await ctx.clear_state()
    await overview(ctx, edit=True)


def step_arg(ctx: Context) -> str:
    step = ctx.arg()
    if step not in STEPS:
        raise Refused("step_unknown")
    return step


async def ask_date(ctx: Context, step: str) -> None:
    current = await ctx.services.deadlines.current(ctx.actor, step)
    await ctx.set_state(DEADLINE_DATE, step=step)
    ctx.reply("deadlines.ask_date", step=ctx.t(f"step.{step}"),
              current=ctx.when(current.due_at) if current else ctx.t("deadlines.unset"))


async def set_choice(ctx: Context) -> None:
    await ask_date(ctx, step_arg(ctx))


async def self_assessment_deadline(ctx: Context) -> None:
    await ask_date(ctx, "self_assessment")
    if ctx.inbound.text.strip():
        ctx.outcome.replies.clear()
        await date_typed(ctx)


async def date_typed(ctx: Context) -> None:
    step = (ctx.dialog.data if ctx.dialog else {}).get("step", "self_assessment")
    when = ctx.services.deadlines.read_due(ctx.inbound.text)
    if await ctx.services.deadlines.current(ctx.actor, step) is not None:
        await ctx.set_state(DEADLINE_REASON, step=step, when=when.isoformat())
        ctx.reply("deadlines.ask_reason", when=ctx.when(when))
        return
    await ctx.services.deadlines.set_deadline(ctx.actor, step, when)
    await ctx.clear_state()
    await post_deadline(ctx, step, when)
    ctx.reply("deadlines.set", [ctx.button("deadlines.back", a.DEADLINES)], step=ctx.t(f"step.{step}"),
              when=ctx.when(when))


async def reason_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    step, when = ctx.dialog.data["step"], datetime.fromisoformat(ctx.dialog.data["when"])
    await ctx.services.deadlines.set_deadline(ctx.actor, step, when, ctx.inbound.text)
    await ctx.clear_state()
    await post_deadline(ctx, step, when)
    ctx.reply("deadlines.moved", [ctx.button("deadlines.back", a.DEADLINES)], step=ctx.t(f"step.{step}"),
              when=ctx.when(when))


async def extend_choose_unit(ctx: Context) -> None:
    step = step_arg(ctx)
    _, views = await ctx.services.onboarding.units(ctx.actor)
    rows = [[Choice(v.unit.name, a.EXTEND_UNIT.data(step, v.unit.id))] for v in views]
    rows.append([ctx.button("deadlines.back", a.DEADLINES)])
    ctx.reply("deadlines.extend_which", *rows, edit=True, step=ctx.t(f"step.{step}"))


async def extend_ask_date(ctx: Context) -> None:
    step = step_arg(ctx)
    _, view = await ctx.services.onboarding.unit(ctx.actor, ctx.int_arg(1))
    await ctx.set_state(EXTEND_DATE, step=step, unit=view.unit.id)
    ctx.reply("deadlines.extend_date", unit=view.unit.name, step=ctx.t(f"step.{step}"))


async def extend_date_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    when = ctx.services.deadlines.read_due(ctx.inbound.text)
    await ctx.set_state(EXTEND_REASON, **ctx.dialog.data, when=when.isoformat())
    ctx.reply("deadlines.ask_reason", when=ctx.when(when))


async def extend_reason_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    data = ctx.dialog.data
    when = datetime.fromisoformat(data["when"])
    unit = await ctx.services.deadlines.extend_for_unit(ctx.actor, data["step"], int(data["unit"]), when,
                                                        ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("deadlines.extended", [ctx.button("deadlines.back", a.DEADLINES)], unit=unit.name,
              step=ctx.t(f"step.{data['step']}"), when=ctx.when(when))
    await ctx.notify_units([unit.id], ctx.t("deadlines.extended_notice", step=ctx.t(f"step.{data['step']}"),
                                            when=ctx.when(when), reason=" ".join(ctx.inbound.text.split())))


async def ask_offsets(ctx: Context) -> None:
    step = step_arg(ctx)
    ctx.actor.admin_year()
    await ctx.set_state(OFFSETS, step=step)
    ctx.reply("deadlines.ask_offsets", step=ctx.t(f"step.{step}"))


async def offsets_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    offsets = parse_offsets(ctx.inbound.text)
    if offsets is None:
        raise Refused("offsets_invalid")
    step = ctx.dialog.data["step"]
    await ctx.services.deadlines.set_offsets(ctx.actor, step, offsets)
    await ctx.clear_state()
    ctx.reply("deadlines.offsets_set", [ctx.button("deadlines.back", a.DEADLINES)], step=ctx.t(f"step.{step}"),
              reminders=offsets_text(ctx, offsets))


DEADLINES = "Deadlines"
CHOOSE_UNIT = "ChooseUnit"

DIALOG = Dialog(
    "Deadlines and reminders", ("handlers/deadlines.py",),
    (DEADLINE_DATE, DEADLINE_REASON, EXTEND_DATE, EXTEND_REASON, OFFSETS), (
        Edge(START, Command("hanchot"), overview_command, (DEADLINES,),
             "every step, its deadline, extensions and reminder times"),
        Edge(START, a.DEADLINES, overview_choice, (DEADLINES,)),
        Edge(DEADLINES, a.DEADLINE_SET, set_choice, (DEADLINE_DATE,), "a step"),
        Edge(START, Command("hanchamdiem"), self_assessment_deadline, (DEADLINE_DATE,),
             "the self-assessment's date asked"),
        Edge(START, Command("hanchamdiem"), self_assessment_deadline, (END,),
             "/hanchamdiem DATE: set at once, as if the date were typed"),
        Edge(START, Command("hanchamdiem"), self_assessment_deadline, (DEADLINE_REASON,),
             "/hanchamdiem DATE when the step already had one"),
        Edge(DEADLINE_DATE, Typed(), date_typed, (DEADLINE_DATE,), "unreadable or past date"),
        Edge(DEADLINE_DATE, Typed(), date_typed, (END,),
             "date typed, first deadline of the step (set; reminders planned; posted in the group)"),
        Edge(DEADLINE_DATE, Typed(), date_typed, (DEADLINE_REASON,), "date typed, the step already had one"),
        Edge(DEADLINE_REASON, Typed(), reason_typed, (END,),
             "reason typed (moved; old reminders cancelled, new ones planned)"),
        Edge(DEADLINES, a.EXTEND, extend_choose_unit, (CHOOSE_UNIT,), "extend for one unit"),
        Edge(CHOOSE_UNIT, a.EXTEND_UNIT, extend_ask_date, (EXTEND_DATE,)),
        Edge(EXTEND_DATE, Typed(), extend_date_typed, (EXTEND_DATE,), "unreadable or past date"),
        Edge(EXTEND_DATE, Typed(), extend_date_typed, (EXTEND_REASON,), "date typed"),
        Edge(EXTEND_REASON, Typed(), extend_reason_typed, (END,),
             "reason typed (extended if later than the bloc's deadline; the unit is told)"),
        Edge(DEADLINES, a.REMINDER_RULES, ask_offsets, (OFFSETS,)),
        Edge(OFFSETS, Typed(), offsets_typed, (OFFSETS,), "unreadable times"),
        Edge(OFFSETS, Typed(), offsets_typed, (END,),
             "times typed, e.g. 7 days, 3 days, 2 hours, 1 day overdue, in Vietnamese (reminders re-planned)"),
    ),
    "Setting or moving a deadline re-plans the reminders at once (bot/services/reminders.py); the stale ones\n"
    "of the old deadline are cancelled in the same step.")
