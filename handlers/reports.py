"""Documents in chat: the head asks for a report and receives the file; units get what is public."""

from __future__ import annotations

from bot.text.messages import Choice, OutFile
from handlers.base import Context, Router


def register(router: Router) -> None:
    @router.command("baocao")
    async def menu_command(ctx: Context) -> None:
        await menu(ctx, edit=False)

    @router.choice("rp")
    async def menu_choice(ctx: Context) -> None:
        await menu(ctx, edit=True)

    async def menu(ctx: Context, edit: bool) -> None:
        year = ctx.actor.admin_year()
        votes = await ctx.services.reports.closed_votes(year)
        rows = [[ctx.choice("report.summary", "rx")], [ctx.choice("report.chart", "rc")]]
        rows += [[Choice(ctx.t("report.vote_minutes", title=c.view.vote.title[:40]), f"rv:{c.view.vote.id}")]
                 for c in votes]
        rows += [[ctx.choice("report.meeting", "rm")], [ctx.choice("report.submission", "ro")],
                 [ctx.choice("back.admin", "am")]]
        ctx.reply("report.menu", *rows, edit=edit, bloc=year.bloc_name, year=year.year)

    def send(ctx: Context, file: OutFile, key: str, **params: object) -> None:
        ctx.reply(key, **params).file = file

    @router.choice("rx")
    async def summary(ctx: Context) -> None:
        year = ctx.actor.admin_year()
        send(ctx, await ctx.services.reports.summary_file(ctx.actor), "report.summary_caption",
             bloc=year.bloc_name, year=year.year)

    @router.choice("rc")
    async def chart(ctx: Context) -> None:
        year = ctx.actor.admin_year()
        title = ctx.t("report.chart_title", bloc=year.bloc_name, year=year.year)
        file = await ctx.services.reports.ranking_chart_file(ctx.actor, title)
        if file is None:
            ctx.reply("rank.empty")
            return
        send(ctx, file, "report.chart_caption", year=year.year)

    @router.choice("rv")
    async def vote_minutes(ctx: Context) -> None:
        title, file = await ctx.services.reports.vote_minutes_file(ctx.actor, ctx.int_arg())
        send(ctx, file, "report.vote_minutes_caption", title=title)

    @router.choice("rm")
    async def meeting(ctx: Context) -> None:
        send(ctx, await ctx.services.reports.meeting_file(ctx.actor), "report.meeting_caption",
             year=ctx.actor.admin_year().year)

    @router.choice("ro")
    async def submission(ctx: Context) -> None:
        file = await ctx.services.reports.submission_file(ctx.actor)
        if file is None:
            ctx.reply("report.no_submission")
            return
        send(ctx, file, "report.submission_caption", year=ctx.actor.admin_year().year)
