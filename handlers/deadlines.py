"""Admins set the year's deadlines, move them with a reason, extend one for a single unit, and tune the
reminders; everyone sees the deadlines that concern them."""

from __future__ import annotations

from datetime import datetime

from bot.domain.reminder_rules import STEPS, describe_offset, parse_offsets
from bot.services.refusal import Refused
from bot.text.messages import Choice
from handlers.base import Context, Router

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
        row = [Choice(ctx.t("deadlines.set_button", step=name), f"dl:{item.step}")]
        if item.deadline is not None:
            row.append(ctx.choice("deadlines.extend_button", f"dx:{item.step}"))
        rows += [row, [ctx.choice("deadlines.rules_button", f"dr:{item.step}", step=name)]]
    rows.append([ctx.choice("back.admin", "am")])
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
    ctx.reply("deadlines.set", [ctx.choice("deadlines.back", "hd")], step=ctx.t(f"step.{step}"),
              when=ctx.when(when))


async def reason_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    step, when = ctx.dialog.data["step"], datetime.fromisoformat(ctx.dialog.data["when"])
    await ctx.services.deadlines.set_deadline(ctx.actor, step, when, ctx.inbound.text)
    await ctx.clear_state()
    await post_deadline(ctx, step, when)
    ctx.reply("deadlines.moved", [ctx.choice("deadlines.back", "hd")], step=ctx.t(f"step.{step}"),
              when=ctx.when(when))


async def extend_choose_unit(ctx: Context) -> None:
    step = step_arg(ctx)
    _, views = await ctx.services.onboarding.units(ctx.actor)
    rows = [[Choice(v.unit.name, f"du:{step}:{v.unit.id}")] for v in views]
    rows.append([ctx.choice("deadlines.back", "hd")])
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
    ctx.reply("deadlines.extended", [ctx.choice("deadlines.back", "hd")], unit=unit.name,
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
    ctx.reply("deadlines.offsets_set", [ctx.choice("deadlines.back", "hd")], step=ctx.t(f"step.{step}"),
              reminders=offsets_text(ctx, offsets))


def register(router: Router) -> None:
    """Wire each step to the command, button prefix or dialog state that reaches it."""
    router.command("hanchot")(overview_command)
    router.choice("hd")(overview_choice)
    router.choice("dl")(set_choice)
    router.command("hanchamdiem")(self_assessment_deadline)
    router.state(DEADLINE_DATE)(date_typed)
    router.state(DEADLINE_REASON)(reason_typed)
    router.choice("dx")(extend_choose_unit)
    router.choice("du")(extend_ask_date)
    router.state(EXTEND_DATE)(extend_date_typed)
    router.state(EXTEND_REASON)(extend_reason_typed)
    router.choice("dr")(ask_offsets)
    router.state(OFFSETS)(offsets_typed)
