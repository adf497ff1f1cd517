"""/start, /help, /menu, /huy and what to say when nothing else applies."""

from __future__ import annotations

from handlers.base import Context, Router
from handlers.joining import preview_code
from handlers.menus import show_admin_menu, show_main_menu


def register(router: Router) -> None:
    @router.command("start", strangers=True)
    async def start(ctx: Context) -> None:
        payload = ctx.inbound.text.strip()
        if payload:
            await preview_code(ctx, payload)
            return
        if ctx.actor.rep is None and not ctx.actor.is_super:
            ctx.reply("stranger.welcome", name=ctx.actor.display_name)
            return
        await show_main_menu(ctx)

    @router.command("help", "trogiup", strangers=True)
    async def help_command(ctx: Context) -> None:
        await show_help(ctx)

    @router.choice("h")
    async def help_choice(ctx: Context) -> None:
        await show_help(ctx)

    @router.command("menu")
    async def menu(ctx: Context) -> None:
        await show_main_menu(ctx)

    @router.choice("m")
    async def menu_choice(ctx: Context) -> None:
        await show_main_menu(ctx, edit=True)

    @router.command("quantri")
    async def admin_menu(ctx: Context) -> None:
        await show_admin_menu(ctx)

    @router.choice("am")
    async def admin_menu_choice(ctx: Context) -> None:
        await show_admin_menu(ctx, edit=True)

    @router.command("huy", "cancel", strangers=True)
    async def cancel(ctx: Context) -> None:
        # the router already dropped the unfinished dialog before calling any command
        ctx.reply("cancelled" if ctx.abandoned is not None else "nothing_to_cancel")

    async def known_default(ctx: Context) -> None:
        ctx.reply("unknown_text")

    router.default = known_default


async def show_help(ctx: Context) -> None:
    actor = ctx.actor
    if actor.rep is None and not actor.is_super:
        ctx.reply("stranger.welcome", name=actor.display_name)
        return
    text = ctx.t("help.rep") + ctx.t("help.linking")
    if actor.is_admin or actor.is_super:
        text += ctx.t("help.admin")
    if actor.is_super:
        text += ctx.t("help.super")
    ctx.reply(text, raw=True)
