"""Thematic movements (phong trào thi đua chuyên đề): the head launches one, the units register their targets and
report at the end, the head marks units for commendation and closes it."""

from __future__ import annotations

from datetime import date
from functools import partial

from bot.services.movements import MovementDraft
from bot.text.messages import Choice, FileRef, Kind, Reply
from bot.text.vi_text import format_date
from handlers import actions as a
from handlers.base import Context, checkbox
from handlers.dialog import END, START, Command, Dialog, Edge, Typed
from storage.movements import Movement, Participation

TITLE = "movement.title"
PURPOSE = "movement.purpose"
DATES = "movement.dates"
OCCASION = "movement.occasion"
PLAN = "movement.plan"
UNITS = "movement.units"
TARGETS = "movement.targets"
REPORT = "movement.report"
REASON = "movement.reason"
LIST = "List"
CARD = "Card"
UNIT_REPORT = "UnitReport"
CLOSING = "Closing"


def _in(ctx: Context, state: str) -> dict | None:
    """The dialog's data when the chat is in `state`; otherwise the button is stale and None is returned."""
    if ctx.dialog is None or ctx.dialog.state != state:
        ctx.reply("stale_button")
        return None
    return ctx.dialog.data


# --- the list and a movement's card ---------------------------------------------------------------------------

async def list_command(ctx: Context) -> None:
    await movement_list(ctx, edit=False)


async def list_choice(ctx: Context) -> None:
    await movement_list(ctx, edit=not ctx.args)


async def movement_list(ctx: Context, edit: bool) -> None:
    movements = await ctx.services.movements.visible(ctx.actor)
    rows = [[Choice(ctx.t("movement.button", number=m.number, title=m.title[:40],
                          status=ctx.t(f"movement.status.{m.status}")), a.MOVEMENT_CARD.data(m.id))]
            for m in movements[:20]]
    if ctx.actor.is_admin:
        rows.append([ctx.button("movement.new", a.MOVEMENT_NEW)])
        rows.append([ctx.button("back.admin", a.ADMIN_MENU)])
    else:
        rows.append([ctx.button("menu.back", a.MAIN_MENU)])
    ctx.reply("movement.list" if movements else "movement.list_empty", *rows, edit=edit, count=len(movements))


def _period(movement: Movement) -> str:
    return f"{format_date(movement.starts_on)} – {format_date(movement.ends_on)}"


def _about(ctx: Context, movement: Movement) -> str:
    return ctx.t("movement.about", number=movement.number, title=movement.title, purpose=movement.purpose,
                 period=_period(movement), occasion=movement.occasion, due=ctx.when(movement.report_due_at),
                 plan=movement.plan_text or movement.plan_file_name or "–",
                 status=ctx.t(f"movement.status.{movement.status}"))


def _unit_state(ctx: Context, part: Participation) -> str:
    if part.commended:
        return ctx.t("movement.unit.commended")
    if part.reported_at is not None:
        return ctx.t("movement.unit.reported")
    if part.registered_at is not None:
        return ctx.t("movement.unit.registered")
    return ctx.t("movement.unit.waiting")


async def card(ctx: Context) -> None:
    if ctx.dialog is not None:
        await ctx.clear_state()
    view = await ctx.services.movements.view(ctx.actor, ctx.int_arg())
    movement = view.movement
    edit = ctx.arg(1) != "n"
    if ctx.actor.is_admin:
        lines = [_about(ctx, movement), ctx.t("movement.units_head", count=len(view.units))]
        lines += [ctx.t("movement.unit_line", unit=u.name, state=_unit_state(ctx, p)) for u, p in view.units]
        rows = [[Choice(u.label, a.MOVEMENT_REVIEW.data(movement.id, u.id))] for u, _ in view.units]
        if movement.status == "running":
            rows.append([ctx.button("movement.close", a.MOVEMENT_CLOSE, movement.id)])
        rows.append([ctx.button("movement.back", a.MOVEMENTS)])
        reply = ctx.reply("\n".join(lines), *rows, edit=edit, raw=True)
    else:
        unit, part = view.units[0]
        lines = [_about(ctx, movement), ctx.t("movement.mine", unit=unit.name, state=_unit_state(ctx, part))]
        if part.targets:
            lines.append(ctx.t("movement.targets_line", targets=part.targets))
        if part.report_text:
            lines.append(ctx.t("movement.report_line", text=part.report_text,
                               files=len(view.files.get(unit.id, []))))
        if part.commended:
            lines.append(ctx.t("movement.commend_line", reason=part.commend_reason))
        rows = []
        if movement.status == "running" and part.reported_at is None:
            rows.append([ctx.button("movement.join" if part.registered_at is None else "movement.rejoin",
                                    a.MOVEMENT_JOIN, movement.id)])
            if part.registered_at is not None:
                rows.append([ctx.button("movement.report", a.MOVEMENT_REPORT, movement.id)])
        rows.append([ctx.button("movement.back", a.MOVEMENTS)])
        reply = ctx.reply("\n".join(lines), *rows, edit=edit, raw=True)
    if movement.plan_file_id and movement.plan_channel == ctx.inbound.sender.channel and ctx.arg(1) == "n":
        reply.resend = [FileRef(movement.plan_file_id, movement.plan_file_name or "ke-hoach", None, None)]


# --- the head launches a movement ---------------------------------------------------------------------------

async def ask_title(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(TITLE)
    ctx.reply("movement.ask_title")


async def title_typed(ctx: Context) -> None:
    title = ctx.services.movements.check_title(ctx.actor, ctx.inbound.text)
    await ctx.set_state(PURPOSE, title=title)
    ctx.reply("movement.ask_purpose")


async def purpose_typed(ctx: Context) -> None:
    purpose = ctx.services.movements.check_purpose(ctx.inbound.text)
    await ctx.set_state(DATES, **{**(ctx.dialog.data if ctx.dialog else {}), "purpose": purpose})
    ctx.reply("movement.ask_dates")


async def dates_typed(ctx: Context) -> None:
    start, end = ctx.services.movements.check_dates(ctx.inbound.text)
    await ctx.set_state(OCCASION, **{**(ctx.dialog.data if ctx.dialog else {}), "starts_on": start.isoformat(),
                                     "ends_on": end.isoformat()})
    ctx.reply("movement.ask_occasion")


async def occasion_typed(ctx: Context) -> None:
    occasion = ctx.services.movements.check_occasion(ctx.inbound.text)
    await ctx.set_state(PLAN, **{**(ctx.dialog.data if ctx.dialog else {}), "occasion": occasion})
    ctx.reply("movement.ask_plan")


async def plan_sent(ctx: Context) -> None:
    inbound = ctx.inbound
    file = inbound.file if inbound.kind is Kind.FILE else None
    text = inbound.text.strip()
    plan = ctx.services.movements.check_plan(text) if text or file is None else None
    data = {**(ctx.dialog.data if ctx.dialog else {}), "plan": plan,
            "file": [file.file_id, file.file_name, file.mime_type] if file else None, "units": []}
    await ctx.set_state(UNITS, **data)
    ctx.reply("movement.ask_units", [ctx.button("movement.to_all", a.MOVEMENT_TO_ALL),
                                     ctx.button("movement.to_some", a.MOVEMENT_TO_SOME)])


async def _choose_units(ctx: Context, chosen: set[int]) -> None:
    _, views = await ctx.services.onboarding.units(ctx.actor)
    rows = [[checkbox(v.unit.name, v.unit.id in chosen, a.MOVEMENT_UNIT, v.unit.id)] for v in views]
    if chosen:
        rows.append([ctx.button("movement.units_done", a.MOVEMENT_UNITS_DONE)])
    ctx.reply("movement.choose_units", *rows, edit=True, count=len(chosen))


async def to_some(ctx: Context) -> None:
    data = _in(ctx, UNITS)
    if data is not None:
        await _choose_units(ctx, set(data.get("units") or []))


async def toggle_unit(ctx: Context) -> None:
    data = _in(ctx, UNITS)
    if data is None:
        return
    unit_id = ctx.int_arg()
    await ctx.services.onboarding.unit(ctx.actor, unit_id)  # the unit must be in the administered bloc
    chosen = set(data.get("units") or []) ^ {unit_id}
    await ctx.set_state(UNITS, **{**data, "units": sorted(chosen)})
    await _choose_units(ctx, chosen)


async def _launch(ctx: Context, units: list[int] | None) -> None:
    data = _in(ctx, UNITS)
    if data is None:
        return
    file = FileRef(*data["file"], None) if data.get("file") else None
    draft = MovementDraft(data["title"], data["purpose"], date.fromisoformat(data["starts_on"]),
                          date.fromisoformat(data["ends_on"]), data["occasion"], data.get("plan"), file)
    movement, chosen = await ctx.services.movements.launch(ctx.actor, draft, units, partial(launch_message, ctx))
    await ctx.clear_state()
    ctx.reply("movement.launched", [ctx.button("movement.open", a.MOVEMENT_CARD, movement.id)], edit=True,
              number=movement.number, title=movement.title, count=len(chosen), due=ctx.when(movement.report_due_at))


async def to_all(ctx: Context) -> None:
    await _launch(ctx, None)


async def units_done(ctx: Context) -> None:
    await _launch(ctx, list((ctx.dialog.data.get("units") or []) if ctx.dialog else []))


def launch_message(ctx: Context, movement: Movement) -> Reply:
    """How the units taking part learn of the movement, with a button to register."""
    return Reply(ctx.t("movement.announce", about=_about(ctx, movement)),
                 [[ctx.button("movement.join", a.MOVEMENT_JOIN, movement.id)]])


# --- a unit registers and reports -----------------------------------------------------------------------------

async def ask_targets(ctx: Context) -> None:
    view = await ctx.services.movements.view(ctx.actor, ctx.int_arg())
    if ctx.actor.unit is None or view.movement.status != "running":
        ctx.reply("refused.movement_closed")
        return
    await ctx.set_state(TARGETS, movement=view.movement.id)
    ctx.reply("movement.ask_targets", title=view.movement.title)


async def targets_typed(ctx: Context) -> None:
    movement_id = int((ctx.dialog.data if ctx.dialog else {})["movement"])
    movement = await ctx.services.movements.register(ctx.actor, movement_id, ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("movement.registered", [ctx.button("movement.open", a.MOVEMENT_CARD, movement.id)],
              title=movement.title, due=ctx.when(movement.report_due_at))


async def ask_report(ctx: Context) -> None:
    movement = await ctx.services.movements.check_reporting(ctx.actor, ctx.int_arg())
    await ctx.set_state(REPORT, movement=movement.id)
    ctx.reply("movement.ask_report", title=movement.title, due=ctx.when(movement.report_due_at))


async def report_sent(ctx: Context) -> None:
    movement_id = int((ctx.dialog.data if ctx.dialog else {})["movement"])
    inbound = ctx.inbound
    file = inbound.file if inbound.kind is Kind.FILE else None
    text = inbound.text.strip() or None
    if file is None and text is None:
        ctx.reply("refused.movement_report_invalid", max=4000)
        return
    count = await ctx.services.movements.add_to_report(ctx.actor, movement_id, text, file)
    # the state stays: more files (or a corrected text) may follow until the report is submitted
    await ctx.set_state(REPORT, movement=movement_id)
    ctx.reply("movement.report_kept", [ctx.button("movement.submit", a.MOVEMENT_REPORT_SUBMIT, movement_id)],
              files=count)


async def submit_report(ctx: Context) -> None:
    movement = await ctx.services.movements.submit_report(ctx.actor, ctx.int_arg())
    if ctx.dialog is not None:
        await ctx.clear_state()
    ctx.reply("movement.report_submitted", [ctx.button("movement.open", a.MOVEMENT_CARD, movement.id)], edit=True,
              title=movement.title)


# --- the head reviews, commends and closes ---------------------------------------------------------------------

async def review(ctx: Context) -> None:
    if ctx.dialog is not None:
        await ctx.clear_state()
    movement, unit, part, files = await ctx.services.movements.unit_report(ctx.actor, ctx.int_arg(), ctx.int_arg(1))
    lines = [ctx.t("movement.review", number=movement.number, title=movement.title, unit=unit.name,
                   state=_unit_state(ctx, part), targets=part.targets or "–", report=part.report_text or "–",
                   files=", ".join(f.file_name for f in files) or "–")]
    if part.commended:
        lines.append(ctx.t("movement.commend_line", reason=part.commend_reason))
    rows = []
    if movement.status == "running":
        if part.commended:
            rows.append([ctx.button("movement.uncommend", a.MOVEMENT_UNCOMMEND, movement.id, unit.id)])
        elif part.reported_at is not None:
            rows.append([ctx.button("movement.commend", a.MOVEMENT_COMMEND, movement.id, unit.id)])
    rows.append([ctx.button("movement.back_card", a.MOVEMENT_CARD, movement.id)])
    reply = ctx.reply("\n".join(lines), *rows, raw=True)
    # files sent on another channel cannot be handed on here: their names are listed above
    reply.resend = [FileRef(f.file_id, f.file_name, f.mime_type, None) for f in files
                    if f.channel == ctx.inbound.sender.channel]


async def ask_reason(ctx: Context) -> None:
    movement_id, unit_id = ctx.int_arg(), ctx.int_arg(1)
    _, unit, part, _ = await ctx.services.movements.unit_report(ctx.actor, movement_id, unit_id)
    if part.reported_at is None:
        ctx.reply("refused.movement_not_reported")
        return
    await ctx.set_state(REASON, movement=movement_id, unit=unit_id)
    ctx.reply("movement.ask_reason", unit=unit.name)


async def reason_typed(ctx: Context) -> None:
    data = ctx.dialog.data if ctx.dialog else {}
    unit = await ctx.services.movements.commend(ctx.actor, int(data["movement"]), int(data["unit"]), ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("movement.commended", [ctx.button("movement.back_card", a.MOVEMENT_CARD, data["movement"])],
              unit=unit.name)


async def uncommend(ctx: Context) -> None:
    movement_id = ctx.int_arg()
    unit = await ctx.services.movements.commend(ctx.actor, movement_id, ctx.int_arg(1), None)
    ctx.reply("movement.uncommended", [ctx.button("movement.back_card", a.MOVEMENT_CARD, movement_id)], edit=True,
              unit=unit.name)


async def ask_close(ctx: Context) -> None:
    ctx.actor.admin_year()
    view = await ctx.services.movements.view(ctx.actor, ctx.int_arg())
    commended = [u.name for u, p in view.units if p.commended]
    unreported = sum(p.reported_at is None for _, p in view.units)
    ctx.reply("movement.ask_close", [ctx.button("movement.close_yes", a.MOVEMENT_CLOSE_YES, view.movement.id)],
              [ctx.button("movement.back_card", a.MOVEMENT_CARD, view.movement.id)], edit=True,
              title=view.movement.title, commended="\n".join(f"🏅 {n}" for n in commended) or "–",
              unreported=unreported)


async def close(ctx: Context) -> None:
    movement, commended = await ctx.services.movements.close(ctx.actor, ctx.int_arg(), partial(closing_message, ctx))
    ctx.reply("movement.closed", [ctx.button("movement.back", a.MOVEMENTS)], edit=True, title=movement.title,
              count=len(commended))


def closing_message(ctx: Context, movement: Movement, part: Participation) -> Reply:
    """What each unit taking part is told when the movement closes: commended (and why), or thanked."""
    if part.commended:
        return Reply(ctx.t("movement.closed_commended", number=movement.number, title=movement.title,
                           reason=part.commend_reason))
    return Reply(ctx.t("movement.closed_thanks", number=movement.number, title=movement.title))


DIALOG = Dialog(
    "Thematic movements", ("handlers/movements.py",), (TITLE, PURPOSE, DATES, OCCASION, PLAN, UNITS, TARGETS, REPORT,
                                                       REASON), (
        Edge(START, Command("phongtrao"), list_command, (LIST,),
             "the head sees every movement of the year; a unit those it takes part in"),
        Edge(START, a.MOVEMENTS, list_choice, (LIST,), "from a card, the menus, a reminder (`n`)"),
        Edge(LIST, a.MOVEMENT_CARD, card, (CARD,),
             "the head: every unit's state, each unit's report, closing; a unit: its targets and report"),
        Edge(LIST, a.MOVEMENT_NEW, ask_title, (TITLE,), "the head only"),
        Edge(TITLE, Typed(), title_typed, (PURPOSE,), "1-300 characters, else refused and asked again"),
        Edge(PURPOSE, Typed(), purpose_typed, (DATES,)),
        Edge(DATES, Typed(), dates_typed, (OCCASION,),
             "dd/mm/yyyy - dd/mm/yyyy; unreadable, end before start, or already over: refused"),
        Edge(OCCASION, Typed(), occasion_typed, (PLAN,), "the anniversary or event it celebrates"),
        Edge(PLAN, Typed(), plan_sent, (UNITS,), "the plan as text, or a file"),
        Edge(UNITS, a.MOVEMENT_TO_ALL, to_all, (END,),
             "launched for every unit: stored, deadline set, units told in one transaction"),
        Edge(UNITS, a.MOVEMENT_TO_SOME, to_some, (UNITS,), "the list of units"),
        Edge(UNITS, a.MOVEMENT_UNIT, toggle_unit, (UNITS,), "a unit in or out"),
        Edge(UNITS, a.MOVEMENT_UNITS_DONE, units_done, (END,), "launched for the chosen units"),
        Edge(START, a.MOVEMENT_CARD, card, (CARD,), "from the announcement, a reply, a reminder"),
        Edge(CARD, a.MOVEMENT_JOIN, ask_targets, (TARGETS,), "a unit registers (again, before reporting)"),
        Edge(START, a.MOVEMENT_JOIN, ask_targets, (TARGETS,), "from the announcement"),
        Edge(TARGETS, Typed(), targets_typed, (END,), "the unit's targets, 1-2000 characters"),
        Edge(CARD, a.MOVEMENT_REPORT, ask_report, (REPORT,), "once registered, before the report is submitted"),
        Edge(REPORT, Typed(), report_sent, (REPORT,), "the report's text (the latest kept) or one more file"),
        Edge(REPORT, a.MOVEMENT_REPORT_SUBMIT, submit_report, (END,), "refused without a text"),
        Edge(CARD, a.MOVEMENT_REVIEW, review, (UNIT_REPORT,), "targets, report, files sent back"),
        Edge(UNIT_REPORT, a.MOVEMENT_COMMEND, ask_reason, (REASON,), "only a unit that reported"),
        Edge(REASON, Typed(), reason_typed, (END,), "the reason, 1-500 characters"),
        Edge(UNIT_REPORT, a.MOVEMENT_UNCOMMEND, uncommend, (UNIT_REPORT,)),
        Edge(CARD, a.MOVEMENT_CLOSE, ask_close, (CLOSING,), "who is commended, how many did not report"),
        Edge(CLOSING, a.MOVEMENT_CLOSE_YES, close, (END,),
             "closed; every unit taking part told (commended with the reason, or thanked); reminders cancelled"),
    ),
    "One movement runs at a time: its report deadline is the year's «movement» step in /hanchot, where the head\n"
    "can move it or extend it for one unit; units that have not reported get the usual reminders.")
