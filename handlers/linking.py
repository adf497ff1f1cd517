"""One person on two channels: linking a Telegram and a Zalo account, and choosing where notices go.

/lienket on the channel a person registered on shows a one-time code; /lienket CODE on the other channel
adds that account to the same person. /kenh chooses the channel for reminders and notices.
"""

from __future__ import annotations

from bot.services.people import CHANNEL_NAMES, NOTICE_CHOICES
from bot.text.vi_text import fold
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import END, START, Command, Dialog, Edge

CODE_SHOWN = "CodeShown"
LINKED = "Linked"
CHOOSING = "Choosing"


def notice_label(ctx: Context, choice: str) -> str:
    return ctx.t(f"notice.{choice}")


async def link(ctx: Context) -> None:
    sender = ctx.inbound.sender
    typed = ctx.inbound.text.strip()
    if typed:
        linked = await ctx.services.people.redeem_link_code(sender, typed)
        channel = CHANNEL_NAMES.get(sender.channel, sender.channel)
        ctx.reply("link.done", channel=channel, name=linked.person.full_name)
        # told on the accounts they already had, so a code typed by someone else does not go unnoticed
        for other_channel, chat in linked.notify:
            ctx.notify_chat(other_channel, chat, linked.person.id, ctx.t("link.notice", channel=channel), "link")
        # a head's representative now reachable on Telegram gets the admin command menu there
        ctx.outcome.admins_changed = True
        return
    if ctx.actor.person is None:
        ctx.reply("link.how")
        return
    code = await ctx.services.people.new_link_code(ctx.actor)
    ctx.reply("link.code", code=code.code, channel=CHANNEL_NAMES[code.other_channel],
              time=ctx.when(code.expires_at))


async def _ask_channel(ctx: Context) -> None:
    person = ctx.actor.person
    assert person is not None  # a known actor: a representative or a super-admin
    people = ctx.services.people
    current = await people.notice_preference(person.id)
    linked = await people.linked_channels(person.id)
    text = ctx.t("notice.ask", current=notice_label(ctx, current))
    if len(linked) == 1:
        text += ctx.t("notice.hint_link", channel=CHANNEL_NAMES.get(next(iter(linked)), ""))
    ctx.reply(text, [ctx.button(f"notice.{c}", a.NOTICE_CHANNEL, c) for c in NOTICE_CHOICES[:2]],
              [ctx.button("notice.both", a.NOTICE_CHANNEL, "both")], raw=True)


async def set_channel(ctx: Context, choice: str, edit: bool) -> None:
    saved = await ctx.services.people.set_notice_preference(ctx.actor, choice)
    ctx.reply("notice.set", edit=edit, current=notice_label(ctx, saved))


async def channel_command(ctx: Context) -> None:
    typed = fold(ctx.inbound.text)
    if not typed:
        await _ask_channel(ctx)
        return
    # "/kenh zalo", "/kenh ca hai": the words of a choice, as people type them on a text-only channel
    words = {fold(ctx.t(f"notice.{c}")): c for c in NOTICE_CHOICES} | {c: c for c in NOTICE_CHOICES}
    words |= {"ca hai": "both", "hai": "both"}
    await set_channel(ctx, words.get(typed, typed), edit=False)


async def channel_choice(ctx: Context) -> None:
    await set_channel(ctx, ctx.arg(), edit=True)


DIALOG = Dialog(
    "Linking two channels and choosing where notices go", ("handlers/linking.py",), (), (
        Edge(START, Command("lienket", strangers=True), link, (CODE_SHOWN,),
             "a representative or an admin gets a code valid 15 minutes"),
        Edge(START, Command("lienket", strangers=True), link, (END,), "a stranger is told how to link"),
        Edge(CODE_SHOWN, Command("lienket", strangers=True), link, (LINKED,),
             "/lienket CODE on the other channel adds the account to the same person (the old account told)"),
        Edge(CODE_SHOWN, Command("lienket", strangers=True), link, (CODE_SHOWN,),
             "/lienket CODE refused (wrong, used, expired, same channel, account taken, throttled)"),
        Edge(START, Command("kenh"), channel_command, (CHOOSING,),
             "current channel for notices, and a hint to link when only one"),
        Edge(START, Command("kenh"), channel_command, (END,),
             "/kenh telegram, /kenh zalo, /kenh ca hai (saved at once)"),
        Edge(CHOOSING, a.NOTICE_CHANNEL, channel_choice, (END,),
             "Telegram, Zalo or both; refused for a channel not linked"),
    ))
