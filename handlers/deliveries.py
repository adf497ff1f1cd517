"""Messages whose delivery is in doubt: the head of the year lists them (/chuagui) and resends them all with one
press. The service re-checks who asks (bot/services/deliveries.py): anyone but the year's admins is refused,
and the list only ever holds copies of the administered bloc-year.
"""

from __future__ import annotations

from bot.services.deliveries import copy_text
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import START, Command, Dialog, Edge

SHOWN = 10  # lines listed; the count says how many there are in all


async def show(ctx: Context, edit: bool = False) -> None:
    unknown = await ctx.services.deliveries.unknown(ctx.actor)
    params = {"bloc": unknown.year.bloc_name, "year": unknown.year.year}
    if not unknown.count:
        ctx.reply("deliveries.none", [ctx.button("back.admin", a.ADMIN_MENU)], edit=edit, **params)
        return
    lines = []
    for copy in unknown.copies:
        who = copy.person_name or ctx.t("deliveries.group")
        lines.append(ctx.t("deliveries.line", who=who, what=copy_text(copy)))
    for delivery in unknown.reminders:
        what = ctx.t("deliveries.reminder", step=ctx.t(f"step.{delivery.step}"))
        lines.append(ctx.t("deliveries.line", who=delivery.person_name, what=what))
    text = ctx.t("deliveries.title", count=unknown.count, **params) + "\n\n" + "\n".join(lines[:SHOWN])
    if len(lines) > SHOWN:
        text += "\n" + ctx.t("deliveries.more", count=len(lines) - SHOWN)
    ctx.reply(text, [ctx.button("deliveries.resend", a.DELIVERIES_RESEND)], [ctx.button("back.admin", a.ADMIN_MENU)],
              edit=edit, raw=True)


async def show_command(ctx: Context) -> None:
    await show(ctx)


async def show_choice(ctx: Context) -> None:
    await show(ctx, edit=True)


async def resend(ctx: Context) -> None:
    count = await ctx.services.deliveries.resend(ctx.actor)
    if not count:
        year = ctx.actor.admin_year()
        ctx.reply("deliveries.none", edit=True, bloc=year.bloc_name, year=year.year)
        return
    ctx.reply("deliveries.resent", edit=True, count=count)


LISTED = "Listed"

DIALOG = Dialog(
    "Messages whose delivery is unknown", ("handlers/deliveries.py",), (), (
        Edge(START, Command("chuagui"), show_command, (LISTED,),
             "admins of the year: notices, reminders and notifications that may not have arrived"),
        Edge(START, a.DELIVERIES, show_choice, (LISTED,), "from the admin menu"),
        Edge(LISTED, a.DELIVERIES_RESEND, resend, (LISTED,), "one press: a new copy of each, counted like any other"),
    ))

