"""A representative joins their unit with an invite code: check it, show the unit, confirm."""

from __future__ import annotations

from bot.domain.invite_rules import looks_like_code
from bot.text.messages import Kind
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import Default, Dialog, Edge

STRANGER = "Stranger"
PREVIEW = "Preview"
REPRESENTATIVE = "Representative"


async def preview_code(ctx: Context, typed: str) -> None:
    preview = await ctx.services.onboarding.preview(ctx.inbound.sender, typed)
    ctx.reply("join.confirm", [ctx.button("join.yes", a.JOIN_CONFIRM, preview.code),
                               ctx.button("join.no", a.JOIN_CANCEL)],
              bloc=preview.year.bloc_name, unit=preview.unit.name, name=ctx.actor.display_name)


async def confirm(ctx: Context) -> None:
    code = ctx.arg()
    joined = await ctx.services.onboarding.join(ctx.inbound.sender, code)
    role = ctx.t("join.role.primary" if joined.rep.is_primary else "join.role.secondary")
    ctx.reply("join.done", edit=True, role=role, unit=joined.unit.name, bloc=joined.year.bloc_name)
    head = joined.year.head_unit_id
    if head is not None:
        await ctx.notify_units([head], ctx.t("join.notify_admins", name=joined.rep.full_name,
                                             unit=joined.unit.name))
        if head == joined.unit.id:
            ctx.outcome.admins_changed = True


async def cancel(ctx: Context) -> None:
    ctx.reply("join.cancelled", edit=True)


async def stranger_default(ctx: Context) -> None:
    inbound = ctx.inbound
    if inbound.kind is Kind.TEXT and inbound.text.strip():
        if looks_like_code(inbound.text):
            await preview_code(ctx, inbound.text)
            return
    ctx.reply("stranger.unknown_text")


DIALOG = Dialog(
    "Joining a unit with an invite", ("handlers/joining.py", "handlers/common.py"), (), (
        Edge(STRANGER, Default(strangers=True), stranger_default, (PREVIEW,),
             "the invite code typed as text (or /start CODE) shows the unit"),
        Edge(STRANGER, Default(strangers=True), stranger_default, (STRANGER,),
             "any other text, or a bad code (unknown, expired, revoked, used up, throttled): told how to join"),
        Edge(PREVIEW, a.JOIN_CONFIRM, confirm, (REPRESENTATIVE,),
             "confirmed, every check repeated in the transaction; the head's representatives are told"),
        Edge(PREVIEW, a.JOIN_CONFIRM, confirm, (STRANGER,), "the code went bad meanwhile: refused"),
        Edge(PREVIEW, a.JOIN_CANCEL, cancel, (STRANGER,)),
    ))
