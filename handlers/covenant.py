"""The covenant (giao ước thi đua): the head publishes it, each unit reads and signs the exact text."""

from __future__ import annotations

from bot.text.messages import FileRef, Kind
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import END, START, Command, Dialog, Edge, Typed

COVENANT_TEXT = "covenant.text"


async def status(ctx: Context, edit: bool) -> None:
    result = await ctx.services.registration.covenant_status(ctx.actor)
    if result.covenant is None:
        text = ctx.t("cov.none")
    else:
        text = ctx.t("cov.status", version=result.covenant.version, fingerprint=result.covenant.fingerprint,
                     when=ctx.when(result.covenant.published_at), signed=len(result.signed),
                     count=len(result.signed) + len(result.unsigned),
                     done="\n".join(f"✍️ {u.name} ({ctx.when(at)})" for u, at, _ in result.signed) or "–",
                     waiting="\n".join(f"⏳ {u.name}" for u in result.unsigned) or "–")
    ctx.reply(text, [ctx.button("cov.publish_button", a.COVENANT_PUBLISH)], [ctx.button("back.admin", a.ADMIN_MENU)],
              edit=edit, raw=True)


async def status_command(ctx: Context) -> None:
    await status(ctx, edit=False)


async def status_choice(ctx: Context) -> None:
    await status(ctx, edit=True)


async def ask_text(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(COVENANT_TEXT)
    ctx.reply("cov.ask_text")


async def text_sent(ctx: Context) -> None:
    inbound = ctx.inbound
    file = inbound.file if inbound.kind is Kind.FILE else None
    text = inbound.text if inbound.text.strip() else (ctx.t("cov.see_file", file=file.file_name) if file else "")
    covenant, resign, units = await ctx.services.registration.publish_covenant(ctx.actor, text, file)
    await ctx.clear_state()
    ctx.reply("cov.published", [ctx.button("cov.status_button", a.COVENANT_STATUS)], version=covenant.version,
              fingerprint=covenant.fingerprint, count=len(units))
    key = "cov.notify_resign" if resign else "cov.notify"
    await ctx.notify_units(units, ctx.t(key, version=covenant.version),
                           [ctx.button("cov.read_button", a.COVENANT_READ, "n")])
    year = ctx.actor.admin_year()
    group = await ctx.services.votes.group_chat(year, inbound.sender.channel)
    if group is not None:
        await ctx.notify_group(group, ctx.t("cov.group_posted", version=covenant.version, count=len(units)))


async def read(ctx: Context, edit: bool) -> None:
    covenant, signed = await ctx.services.registration.covenant_for(ctx.actor)
    text = ctx.t("cov.text", version=covenant.version, text=covenant.text)
    rows = [] if signed else [[ctx.button("cov.sign_button", a.COVENANT_SIGN, covenant.fingerprint)]]
    if signed:
        text += "\n\n" + ctx.t("cov.already_signed")
    rows.append([ctx.button("menu.back", a.MAIN_MENU)])
    reply = ctx.reply(text, *rows, edit=edit, raw=True)
    if covenant.file_id and covenant.channel == ctx.inbound.sender.channel:
        reply.resend = [FileRef(covenant.file_id, covenant.file_name or "giao-uoc", None, None)]


async def read_command(ctx: Context) -> None:
    await read(ctx, edit=False)


async def read_choice(ctx: Context) -> None:
    await read(ctx, edit=not ctx.args)


async def ask_confirm(ctx: Context) -> None:
    covenant, _ = await ctx.services.registration.covenant_for(ctx.actor)
    fingerprint = ctx.arg()
    ctx.reply("cov.confirm", [ctx.button("cov.confirm_yes", a.COVENANT_SIGN_YES, fingerprint),
                               ctx.button("join.no", a.MAIN_MENU)],
              edit=True, version=covenant.version, unit=ctx.actor.unit.name if ctx.actor.unit else "")


async def sign(ctx: Context) -> None:
    covenant = await ctx.services.registration.sign(ctx.actor, ctx.arg())
    ctx.reply("cov.signed", edit=True, version=covenant.version, fingerprint=covenant.fingerprint,
              when=ctx.when(ctx.services.clock.now()))


STATUS = "Status"
READING = "Reading"
CONFIRM = "Confirm"

DIALOG = Dialog(
    "The covenant", ("handlers/covenant.py",), (COVENANT_TEXT,), (
        Edge(START, Command("giaouoc"), status_command, (STATUS,), "version, who signed, who has not"),
        Edge(START, a.COVENANT_STATUS, status_choice, (STATUS,)),
        Edge(STATUS, a.COVENANT_PUBLISH, ask_text, (COVENANT_TEXT,)),
        Edge(COVENANT_TEXT, Typed(), text_sent, (STATUS,),
             "text, or a document with a caption: a new version; every unit asked to sign, again if they had"),
        Edge(COVENANT_TEXT, Typed(), text_sent, (COVENANT_TEXT,), "empty: refused"),
        Edge(START, Command("kygiaouoc"), read_command, (READING,)),
        Edge(START, a.COVENANT_READ, read_choice, (READING,),
             "from the notice or a reminder (`kr:n`: as a new message)"),
        Edge(READING, a.COVENANT_SIGN, ask_confirm, (CONFIRM,), "the fingerprint of the text read"),
        Edge(CONFIRM, a.COVENANT_SIGN_YES, sign, (END,),
             "signed: unit, person, time, fingerprint; refused if the text changed meanwhile"),
    ))
