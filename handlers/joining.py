"""A representative joins their unit with an invite code: check it, show the unit, confirm."""

from __future__ import annotations

from bot.domain.invite_rules import looks_like_code
from bot.text.messages import Kind
from handlers.base import Context, Router


async def preview_code(ctx: Context, typed: str) -> None:
    preview = await ctx.services.onboarding.preview(ctx.inbound.sender, typed)
    ctx.reply("join.confirm", [ctx.choice("join.yes", f"jc:{preview.code}"), ctx.choice("join.no", "jn")],
              bloc=preview.year.bloc_name, unit=preview.unit.name, name=ctx.actor.display_name)


def register(router: Router) -> None:
    @router.choice("jc", strangers=True)
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

    @router.choice("jn", strangers=True)
    async def cancel(ctx: Context) -> None:
        ctx.reply("join.cancelled", edit=True)

    async def stranger_default(ctx: Context) -> None:
        inbound = ctx.inbound
        if inbound.kind is Kind.TEXT and inbound.text.strip():
            if looks_like_code(inbound.text):
                await preview_code(ctx, inbound.text)
                return
        ctx.reply("stranger.unknown_text")

    router.stranger_default = stranger_default
