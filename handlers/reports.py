"""Documents in chat: the head asks for a report and receives the file; units get what is public."""

from __future__ import annotations

from bot.text.messages import Choice, OutFile
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import START, Command, Dialog, Edge


async def menu_command(ctx: Context) -> None:
    await menu(ctx, edit=False)


async def menu_choice(ctx: Context) -> None:
    await menu(ctx, edit=True)


async def menu(ctx: Context, edit: bool) -> None:
    year = ctx.actor.admin_year()
    votes = await ctx.services.reports.closed_votes(year)
    rows = [[ctx.button("report.summary", a.REPORT_SUMMARY)], [ctx.button("report.chart", a.REPORT_CHART)]]
    rows += [[Choice(ctx.t("report.vote_minutes", title=c.view.vote.title[:40]), a.REPORT_VOTE.data(c.view.vote.id))]
             for c in votes]
    rows += [[ctx.button("report.meeting", a.REPORT_MEETING)], [ctx.button("report.submission", a.REPORT_SUBMISSION)]]
    text = ctx.t("report.menu", bloc=year.bloc_name, year=year.year)
    missing = await ctx.services.reports.missing_settings(ctx.actor)
    if missing:
        # the documents would print a marked blank where the bloc's header settings belong
        text += "\n\n" + ctx.t("reports.settings_missing",
                                missing=", ".join(ctx.t(f"reports.setting.{name}") for name in missing))
        rows.append([ctx.button("admin.doc_settings", a.DOC_SETTINGS)])
    rows.append([ctx.button("back.admin", a.ADMIN_MENU)])
    ctx.reply(text, *rows, edit=edit, raw=True)


def send(ctx: Context, file: OutFile, key: str, **params: object) -> None:
    ctx.reply(key, **params).file = file


async def summary(ctx: Context) -> None:
    year = ctx.actor.admin_year()
    send(ctx, await ctx.services.reports.summary_file(ctx.actor), "report.summary_caption",
         bloc=year.bloc_name, year=year.year)


async def chart(ctx: Context) -> None:
    year = ctx.actor.admin_year()
    title = ctx.t("report.chart_title", bloc=year.bloc_name, year=year.year)
    file = await ctx.services.reports.ranking_chart_file(ctx.actor, title)
    if file is None:
        ctx.reply("rank.empty")
        return
    send(ctx, file, "report.chart_caption", year=year.year)


async def vote_minutes(ctx: Context) -> None:
    title, file = await ctx.services.reports.vote_minutes_file(ctx.actor, ctx.int_arg())
    send(ctx, file, "report.vote_minutes_caption", title=title)


async def meeting(ctx: Context) -> None:
    send(ctx, await ctx.services.reports.meeting_file(ctx.actor), "report.meeting_caption",
         year=ctx.actor.admin_year().year)


async def submission(ctx: Context) -> None:
    file = await ctx.services.reports.submission_file(ctx.actor)
    if file is None:
        ctx.reply("report.no_submission")
        return
    send(ctx, file, "report.submission_caption", year=ctx.actor.admin_year().year)


DOCUMENTS = "Documents"

DIALOG = Dialog(
    "Documents", ("handlers/reports.py",), (), (
        Edge(START, Command("baocao"), menu_command, (DOCUMENTS,), "admins of the year"),
        Edge(START, a.REPORTS, menu_choice, (DOCUMENTS,)),
        Edge(DOCUMENTS, a.REPORT_SUMMARY, summary, (DOCUMENTS,), "xlsx summary and annexes"),
        Edge(DOCUMENTS, a.REPORT_CHART, chart, (DOCUMENTS,), "ranking chart"),
        Edge(DOCUMENTS, a.REPORT_VOTE, vote_minutes, (DOCUMENTS,), "vote-count minutes of a counted vote"),
        Edge(DOCUMENTS, a.REPORT_MEETING, meeting, (DOCUMENTS,), "meeting minutes"),
        Edge(DOCUMENTS, a.REPORT_SUBMISSION, submission, (DOCUMENTS,), "submission"),
    ))
