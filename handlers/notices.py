"""Notices (thông báo) from the head to all units or chosen ones, numbered, with an optional "Đã nhận"."""

from __future__ import annotations

from functools import partial

from bot.services.notices import NoticeStatus
from bot.services.outbox import DeliveryCounts
from bot.text.messages import Choice, FileRef, Kind, Reply
from handlers import actions as a
from handlers.base import Context, checkbox
from handlers.dialog import END, START, Command, Dialog, Edge, Typed
from storage.notices import Notice

NOTICE_TEXT = "notice.text"
NOTICE_UNITS = "notice.units"
NOTICE_ACK = "notice.ack"


async def list_command(ctx: Context) -> None:
    await notice_list(ctx, edit=False)


async def list_choice(ctx: Context) -> None:
    await ctx.clear_state()
    await notice_list(ctx, edit=not ctx.args)


async def ask_text(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(NOTICE_TEXT)
    ctx.reply("notice.ask_text")


async def text_sent(ctx: Context) -> None:
    inbound = ctx.inbound
    file = inbound.file if inbound.kind is Kind.FILE else None
    text = inbound.text.strip() or (file.file_name if file else "")
    data = {"text": text, "file": [file.file_id, file.file_name, file.mime_type] if file else None}
    await ctx.set_state(NOTICE_UNITS, **data, units=None)
    ctx.reply("notice.ask_audience", [ctx.button("notice.to_all", a.NOTICE_TO_ALL),
                                      ctx.button("notice.to_some", a.NOTICE_TO_SOME)])


async def _choose_units(ctx: Context) -> None:
    assert ctx.dialog is not None
    chosen = set(ctx.dialog.data.get("units") or [])
    _, views = await ctx.services.onboarding.units(ctx.actor)
    rows = [[checkbox(v.unit.name, v.unit.id in chosen, a.NOTICE_UNIT, v.unit.id)] for v in views]
    if chosen:
        rows.append([ctx.button("notice.units_done", a.NOTICE_UNITS_DONE)])
    ctx.reply("notice.choose_units", *rows, edit=True, count=len(chosen))


async def some(ctx: Context) -> None:
    if ctx.dialog is None or ctx.dialog.state != NOTICE_UNITS:
        ctx.reply("stale_button")
        return
    await _choose_units(ctx)


async def toggle_unit(ctx: Context) -> None:
    if ctx.dialog is None or ctx.dialog.state != NOTICE_UNITS:
        ctx.reply("stale_button")
        return
    unit_id = ctx.int_arg()
    await ctx.services.onboarding.unit(ctx.actor, unit_id)  # the unit must be in the administered bloc
    chosen = set(ctx.dialog.data.get("units") or [])
    chosen ^= {unit_id}
    await ctx.set_state(NOTICE_UNITS, **{**ctx.dialog.data, "units": sorted(chosen)})
    ctx.dialog = await ctx.services.dialogs.get(ctx.inbound.sender.channel, ctx.inbound.sender.chat_id)
    await _choose_units(ctx)


async def ask_ack(ctx: Context, units: list[int] | None) -> None:
    if ctx.dialog is None or ctx.dialog.state != NOTICE_UNITS:
        ctx.reply("stale_button")
        return
    await ctx.set_state(NOTICE_ACK, **{**ctx.dialog.data, "units": units})
    ctx.reply("notice.ask_ack", [ctx.button("notice.ack_yes", a.NOTICE_SEND, 1),
                                 ctx.button("notice.ack_no", a.NOTICE_SEND, 0)], edit=True)


async def to_all(ctx: Context) -> None:
    await ask_ack(ctx, None)


async def units_done(ctx: Context) -> None:
    await ask_ack(ctx, list((ctx.dialog.data.get("units") or []) if ctx.dialog else []))


async def send(ctx: Context) -> None:
    if ctx.dialog is None or ctx.dialog.state != NOTICE_ACK:
        ctx.reply("stale_button")
        return
    data = ctx.dialog.data
    file = FileRef(*data["file"], None) if data.get("file") else None
    # who gets the notice is the service's to decide, and it stores the copies with the notice
    notice, units = await ctx.services.notices.send(ctx.actor, data["text"], file, ctx.int_arg() == 1,
                                                    data.get("units"), partial(notice_message, ctx))
    await ctx.clear_state()
    ctx.reply("notice.sent", [ctx.button("notice.status_button", a.NOTICE_STATUS, notice.id)], edit=True,
              number=notice.number, count=len(units))


async def acknowledge(ctx: Context) -> None:
    notice = await ctx.services.notices.acknowledge(ctx.actor, ctx.int_arg())
    ctx.outcome.notice = ctx.t("notice.acked", number=notice.number)
    ctx.reply("notice.acked", number=notice.number)


async def status(ctx: Context) -> None:
    result = await ctx.services.notices.status(ctx.actor, ctx.int_arg())
    ctx.reply(status_text(ctx, result), [ctx.button("notice.back", a.NOTICES)], edit=True, raw=True)


def notice_message(ctx: Context, notice: Notice) -> Reply:
    """The notice as its recipients see it, with «Đã nhận» when the head asked for it."""
    rows = [[ctx.button("notice.ack_button", a.NOTICE_ACK, notice.id)]] if notice.ask_ack else []
    return Reply(ctx.t("notice.message", number=notice.number, year=ctx.actor.admin_year().year, text=notice.text),
                 rows)


async def notice_list(ctx: Context, edit: bool) -> None:
    notices = await ctx.services.notices.visible(ctx.actor)
    if ctx.actor.is_admin:
        rows = [[Choice(ctx.t("notice.button", number=n.number, text=n.text[:40]), a.NOTICE_STATUS.data(n.id))]
                for n in notices[:20]]
        rows += [[ctx.button("notice.new", a.NOTICE_NEW)], [ctx.button("back.admin", a.ADMIN_MENU)]]
        ctx.reply("notice.list_admin", *rows, edit=edit, count=len(notices))
        return
    lines = [ctx.t("notice.list", count=len(notices))]
    lines += [ctx.t("notice.line", number=n.number, when=ctx.when(n.sent_at), text=n.text) for n in notices[:20]]
    ctx.reply("\n\n".join(lines), [ctx.button("menu.back", a.MAIN_MENU)], edit=edit, raw=True)


def status_text(ctx: Context, result: NoticeStatus) -> str:
    """Who has the notice: its copies' delivery and, when asked for, the units' «Đã nhận»."""
    notice = result.notice
    count = len(result.acknowledged) + len(result.waiting)
    shown = {"number": notice.number, "when": ctx.when(notice.sent_at), "text": notice.text[:300],
             "count": count, "delivery": delivery_line(ctx, result.deliveries)}
    if not notice.ask_ack:
        return ctx.t("notice.status_no_ack", **shown)
    return ctx.t("notice.status", **shown, acked=len(result.acknowledged),
                 done="\n".join(f"✅ {u.name}" for u in result.acknowledged) or "–",
                 waiting="\n".join(f"⏳ {u.name}" for u in result.waiting) or "–")


def delivery_line(ctx: Context, counts: DeliveryCounts) -> str:
    """How far the notice's copies have got (the outbox sends them after the head was answered)."""
    line = ctx.t("notice.delivery", sent=counts.sent, total=counts.total, waiting=counts.waiting,
                 undeliverable=counts.undeliverable)
    return line + ("\n" + ctx.t("notice.delivery_unknown", unknown=counts.unknown) if counts.unknown else "")


LIST = "List"
STATUS = "Status"

DIALOG = Dialog(
    "Notices", ("handlers/notices.py",), (NOTICE_TEXT, NOTICE_UNITS, NOTICE_ACK), (
        Edge(START, Command("thongbao"), list_command, (LIST,),
             "the head sees every notice; a unit sees those addressed to it"),
        Edge(START, a.NOTICES, list_choice, (LIST,), "from a notice's status, the menus"),
        Edge(LIST, a.NOTICE_NEW, ask_text, (NOTICE_TEXT,)),
        Edge(NOTICE_TEXT, Typed(), text_sent, (NOTICE_UNITS,),
             "text, or a file with a caption; the audience asked"),
        Edge(NOTICE_UNITS, a.NOTICE_TO_ALL, to_all, (NOTICE_ACK,), "every unit"),
        Edge(NOTICE_UNITS, a.NOTICE_TO_SOME, some, (NOTICE_UNITS,), "chosen units: the list of units"),
        Edge(NOTICE_UNITS, a.NOTICE_UNIT, toggle_unit, (NOTICE_UNITS,), "a unit in or out"),
        Edge(NOTICE_UNITS, a.NOTICE_UNITS_DONE, units_done, (NOTICE_ACK,), "once at least one unit is chosen"),
        Edge(NOTICE_ACK, a.NOTICE_SEND, send, (END,),
             "saved, numbered within the year, asking for acknowledgement or not; the copies go out from the outbox"),
        Edge(START, a.NOTICE_ACK, acknowledge, (END,), "a unit acknowledges the notice; the first one counts"),
        Edge(LIST, a.NOTICE_STATUS, status, (STATUS,),
             "copies sent / waiting / not deliverable / unknown; who acknowledged, who has not"),
    ),
    "Pressed outside the dialog's state (an old message), the audience and sending buttons answer that the\n"
    "button is stale and change nothing.")
