"""/start, /help, /menu, /huy and what to say when nothing else applies."""

from __future__ import annotations

from handlers import actions as a
from handlers.base import Context
from handlers.conference import check_in_link, is_check_in_link
from handlers.dialog import END, START, Command, Default, Dialog, Edge
from handlers.joining import PREVIEW, STRANGER, preview_code
from handlers.menus import show_admin_menu, show_main_menu

MAIN_MENU = "MainMenu"
ADMIN_MENU = "AdminMenu"
HELP = "Help"


async def start(ctx: Context) -> None:
    payload = ctx.inbound.text.strip()
    if is_check_in_link(payload):  # the conference's QR code at the hall
        await check_in_link(ctx, payload)
        return
    if payload:
        await preview_code(ctx, payload)
        return
    if ctx.actor.rep is None and not ctx.actor.is_super:
        ctx.reply("stranger.welcome", name=ctx.actor.display_name)
        return
    await show_main_menu(ctx)


async def help_command(ctx: Context) -> None:
    await _show_help(ctx)


async def menu(ctx: Context) -> None:
    await show_main_menu(ctx)


async def menu_choice(ctx: Context) -> None:
    await show_main_menu(ctx, edit=True)


async def admin_menu(ctx: Context) -> None:
    await show_admin_menu(ctx)


async def admin_menu_choice(ctx: Context) -> None:
    await show_admin_menu(ctx, edit=True)


async def cancel(ctx: Context) -> None:
    # the router already dropped the unfinished dialog before calling any command
    ctx.reply("cancelled" if ctx.abandoned is not None else "nothing_to_cancel")


async def known_default(ctx: Context) -> None:
    ctx.reply("unknown_text")


async def _show_help(ctx: Context) -> None:
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


DIALOG = Dialog(
    "Starting, menus, help and cancelling", ("handlers/common.py", "handlers/menus.py"), (), (
        Edge(START, Command("start", strangers=True), start, (PREVIEW,),
             "/start CODE: the invite's unit, to confirm (see the joining dialog)"),
        Edge(START, Command("start", strangers=True), start, (STRANGER,), "a stranger is told how to join"),
        Edge(START, Command("start", strangers=True), start, (END,), "/start hn<id>: a delegate checks in"),
        Edge(START, Command("start", strangers=True), start, (MAIN_MENU,), "a known person gets the main menu"),
        Edge(START, Command("help", "trogiup", strangers=True), help_command, (HELP,), "what one may do, by role"),
        Edge(START, Command("help", "trogiup", strangers=True), help_command, (STRANGER,),
             "a stranger is told how to join"),
        Edge(MAIN_MENU, a.HELP, help_command, (HELP,)),
        Edge(START, Command("menu"), menu, (MAIN_MENU,)),
        Edge(START, a.MAIN_MENU, menu_choice, (MAIN_MENU,), "«back to the menu» on many messages: the main menu "
             "in place of that message"),
        Edge(START, Command("quantri"), admin_menu, (ADMIN_MENU,), "admins of the year"),
        Edge(MAIN_MENU, a.ADMIN_MENU, admin_menu_choice, (ADMIN_MENU,)),
        Edge(START, Command("huy", "cancel", strangers=True), cancel, (END,),
             "the router already abandoned any unfinished dialog; only that is said"),
        Edge(START, Default(), known_default, (END,), "anything else typed outside a dialog: told to use /menu"),
    ))
