"""Notices (thông báo) from the head to all units or chosen ones, numbered, with an optional "Đã nhận"."""

from __future__ import annotations

from functools import partial

from bot.services.notices import NoticeStatus
from bot.services.outbox import DeliveryCounts
from bot.text.messages import Choice, FileRef, Kind, Reply
from handlers.base import Context, Router, checkbox
from storage.notices import Notice

NOTICE_TEXT = "notice.text"
NOTICE_UNITS = "notice.units"
NOTICE_ACK = "notice.ack"


def register(router: Router) -> None:
    @router.command("thongbao")
    async def list_command(ctx: Context) -> None:
        await notice_list(ctx, edit=False)

    @router.choice("ql")
    async def list_choice(ctx: Context) -> None:
        await ctx.clear_state()
        await notice_list(ctx, edit=not ctx.args)

    @router.choice("qn")
    async def ask_text(ctx: Context) -> None:
        ctx.actor.admin_year()
        await ctx.set_state(NOTICE_TEXT)
        ctx.reply("notice.ask_text")

    @router.state(NOTICE_TEXT)
    async def text_sent(ctx: Context) -> None:
        inbound = ctx.inbound
        file = inbound.file if inbound.kind is Kind.FILE else None
        text = inbound.text.strip() or (file.file_name if file else "")
        data = {"text": text, "file": [file.file_id, file.file_name, file.mime_type] if file else None}
        await ctx.set_state(NOTICE_UNITS, **data, units=None)
        ctx.reply("notice.ask_audience", [ctx.choice("notice.to_all", "qa"), ctx.choice("notice.to_some", "qs")])

    async def choose_units(ctx: Context) -> None:
        assert ctx.dialog is not None
        chosen = set(ctx.dialog.data.get("units") or [])
        _, views = await ctx.services.onboarding.units(ctx.actor)
        rows = [[checkbox(v.unit.name, v.unit.id in chosen, f"qu:{v.unit.id}")] for v in views]
        if chosen:
            rows.append([ctx.choice("notice.units_done", "qd")])
        ctx.reply("notice.choose_units", *rows, edit=True, count=len(chosen))

    @router.choice("qs")
    async def some(ctx: Context) -> None:
        if ctx.dialog is None or ctx.dialog.state != NOTICE_UNITS:
            ctx.reply("stale_button")
            return
        await choose_units(ctx)

    @router.choice("qu")
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
        await choose_units(ctx)

    async def ask_ack(ctx: Context, units: list[int] | None) -> None:
        if ctx.dialog is None or ctx.dialog.state != NOTICE_UNITS:
            ctx.reply("stale_button")
            return
        await ctx.set_state(NOTICE_ACK, **{**ctx.dialog.data, "units": units})
        ctx.reply("notice.ask_ack", [ctx.choice("notice.ack_yes", "qk:1"), ctx.choice("notice.ack_no", "qk:0")],
                  edit=True)

    @router.choice("qa")
    async def to_all(ctx: Context) -> None:
        await ask_ack(ctx, None)

    @router.choice("qd")
    async def units_done(ctx: Context) -> None:
        await ask_ack(ctx, list((ctx.dialog.data.get("units") or []) if ctx.dialog else []))

    @router.choice("qk")
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
        ctx.reply("notice.sent", [ctx.choice("notice.status_button", f"qv:{notice.id}")], edit=True,
                  number=notice.number, count=len(units))

    @router.choice("qr")
    async def acknowledge(ctx: Context) -> None:
        notice = await ctx.services.notices.acknowledge(ctx.actor, ctx.int_arg())
        ctx.outcome.notice = ctx.t("notice.acked", number=notice.number)
        ctx.reply("notice.acked", number=notice.number)

    @router.choice("qv")
    async def status(ctx: Context) -> None:
        result = await ctx.services.notices.status(ctx.actor, ctx.int_arg())
        ctx.reply(status_text(ctx, result), [ctx.choice("notice.back", "ql")], edit=True, raw=True)


def notice_message(ctx: Context, notice: Notice) -> Reply:
    """The notice as its recipients see it, with «Đã nhận» when the head asked for it."""
    rows = [[ctx.choice("notice.ack_button", f"qr:{notice.id}")]] if notice.ask_ack else []
    return Reply(ctx.t("notice.message", number=notice.number, year=ctx.actor.admin_year().year, text=notice.text),
                 rows)


async def notice_list(ctx: Context, edit: bool) -> None:
    notices = await ctx.services.notices.visible(ctx.actor)
    if ctx.actor.is_admin:
        rows = [[Choice(ctx.t("notice.button", number=n.number, text=n.text[:40]), f"qv:{n.id}")]
                for n in notices[:20]]
        rows += [[ctx.choice("notice.new", "qn")], [ctx.choice("back.admin", "am")]]
        ctx.reply("notice.list_admin", *rows, edit=edit, count=len(notices))
        return
    lines = [ctx.t("notice.list", count=len(notices))]
    lines += [ctx.t("notice.line", number=n.number, when=ctx.when(n.sent_at), text=n.text) for n in notices[:20]]
    ctx.reply("\n\n".join(lines), [ctx.choice("menu.back", "m")], edit=edit, raw=True)


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
