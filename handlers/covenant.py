"""The covenant (giao ước thi đua): the head publishes it, each unit reads and signs the exact text."""

from __future__ import annotations

from bot.text.messages import FileRef, Kind
from handlers.base import Context, Router

COVENANT_TEXT = "covenant.text"


def register(router: Router) -> None:
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
        ctx.reply(text, [ctx.choice("cov.publish_button", "kp")], [ctx.choice("back.admin", "am")], edit=edit,
                  raw=True)

    @router.command("giaouoc")
    async def status_command(ctx: Context) -> None:
        await status(ctx, edit=False)

    @router.choice("kv")
    async def status_choice(ctx: Context) -> None:
        await status(ctx, edit=True)

    @router.choice("kp")
    async def ask_text(ctx: Context) -> None:
        ctx.actor.admin_year()
        await ctx.set_state(COVENANT_TEXT)
        ctx.reply("cov.ask_text")

    @router.state(COVENANT_TEXT)
    async def text_sent(ctx: Context) -> None:
        inbound = ctx.inbound
        file = inbound.file if inbound.kind is Kind.FILE else None
        text = inbound.text if inbound.text.strip() else (ctx.t("cov.see_file", file=file.file_name) if file else "")
        covenant, resign, units = await ctx.services.registration.publish_covenant(ctx.actor, text, file)
        await ctx.clear_state()
        ctx.reply("cov.published", [ctx.choice("cov.status_button", "kv")], version=covenant.version,
                  fingerprint=covenant.fingerprint, count=len(units))
        key = "cov.notify_resign" if resign else "cov.notify"
        await ctx.notify_units(units, ctx.t(key, version=covenant.version), [ctx.choice("cov.read_button", "kr:n")])
        year = ctx.actor.admin_year()
        group = await ctx.services.votes.group_chat(year, inbound.sender.channel)
        if group is not None:
            await ctx.notify_group(group, ctx.t("cov.group_posted", version=covenant.version, count=len(units)))

    async def read(ctx: Context, edit: bool) -> None:
        covenant, signed = await ctx.services.registration.covenant_for(ctx.actor)
        text = ctx.t("cov.text", version=covenant.version, text=covenant.text)
        rows = [] if signed else [[ctx.choice("cov.sign_button", f"ks:{covenant.fingerprint}")]]
        if signed:
            text += "\n\n" + ctx.t("cov.already_signed")
        rows.append([ctx.choice("menu.back", "m")])
        reply = ctx.reply(text, *rows, edit=edit, raw=True)
        if covenant.file_id and covenant.channel == ctx.inbound.sender.channel:
            reply.resend = [FileRef(covenant.file_id, covenant.file_name or "giao-uoc", None, None)]

    @router.command("kygiaouoc")
    async def read_command(ctx: Context) -> None:
        await read(ctx, edit=False)

    @router.choice("kr")
    async def read_choice(ctx: Context) -> None:
        await read(ctx, edit=not ctx.args)

    @router.choice("ks")
    async def ask_confirm(ctx: Context) -> None:
        covenant, _ = await ctx.services.registration.covenant_for(ctx.actor)
        fingerprint = ctx.arg()
        ctx.reply("cov.confirm", [ctx.choice("cov.confirm_yes", f"ky:{fingerprint}"), ctx.choice("join.no", "m")],
                  edit=True, version=covenant.version, unit=ctx.actor.unit.name if ctx.actor.unit else "")

    @router.choice("ky")
    async def sign(ctx: Context) -> None:
        covenant = await ctx.services.registration.sign(ctx.actor, ctx.arg())
        ctx.reply("cov.signed", edit=True, version=covenant.version, fingerprint=covenant.fingerprint,
                  when=ctx.when(ctx.services.clock.now()))
