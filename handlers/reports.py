"""Documents in chat: the head asks for a report and receives the file; units get what is public."""

from __future__ import annotations

from bot.documents.charts import ranking_chart
from bot.documents.docx import meeting_minutes_docx, submission_docx, vote_minutes_docx
from bot.documents.xlsx import summary_workbook
from bot.messages import Choice, OutFile
from handlers.base import Context, Router

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"


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

    def send(ctx: Context, name: str, data: bytes, mime: str, key: str, **params: object) -> None:
        reply = ctx.reply(key, **params)
        reply.file = OutFile(name, data, mime)

    @router.choice("rx")
    async def summary(ctx: Context) -> None:
        report = await ctx.services.reports.report(ctx.actor)
        send(ctx, f"tong-hop-diem-{report.year}.xlsx", summary_workbook(report), XLSX, "report.summary_caption",
             bloc=report.bloc, year=report.year)

    @router.choice("rc")
    async def chart(ctx: Context) -> None:
        report = await ctx.services.reports.report(ctx.actor)
        if not report.ranking:
            ctx.reply("rank.empty")
            return
        send(ctx, f"xep-hang-{report.year}.png", ranking_chart(list(report.ranking), ctx.t(
            "report.chart_title", bloc=report.bloc, year=report.year)), PNG, "report.chart_caption", year=report.year)

    @router.choice("rv")
    async def vote_minutes(ctx: Context) -> None:
        year = ctx.actor.admin_year()
        vote_id = ctx.int_arg()
        closed = [c for c in await ctx.services.reports.closed_votes(year) if c.view.vote.id == vote_id]
        if not closed:
            ctx.reply("refused.vote_not_found")
            return
        report = await ctx.services.reports.report(ctx.actor)
        send(ctx, f"bien-ban-kiem-phieu-{vote_id}.docx", vote_minutes_docx(report.header, closed[0].minutes), DOCX,
             "report.vote_minutes_caption", title=closed[0].view.vote.title)

    @router.choice("rm")
    async def meeting(ctx: Context) -> None:
        report = await ctx.services.reports.report(ctx.actor)
        assert report.meeting is not None
        send(ctx, f"bien-ban-hop-tong-ket-{report.year}.docx", meeting_minutes_docx(report.header, report.meeting),
             DOCX, "report.meeting_caption", year=report.year)

    @router.choice("ro")
    async def submission(ctx: Context) -> None:
        report = await ctx.services.reports.report(ctx.actor)
        if report.submission is None:
            ctx.reply("report.no_submission")
            return
        send(ctx, f"to-trinh-de-nghi-khen-thuong-{report.year}.docx",
             submission_docx(report.header, report.submission), DOCX, "report.submission_caption", year=report.year)
