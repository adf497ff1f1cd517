"""The year-end conference (hội nghị tổng kết): the head prepares it and chairs its agenda, the units' delegates
check in, the secretary keeps the attendance and corrects the drafted minutes, the head receives the documents."""

from __future__ import annotations

from functools import partial

from bot.documents.qr import qr_png
from bot.services.conference import VOTE_KINDS, ConferenceView
from bot.text.messages import PNG_MIME, Choice, OutFile, Reply
from handlers import actions as a
from handlers.base import Context, StaleChoice
from handlers.dialog import END, START, Command, Dialog, Edge, Typed
from handlers.vote_text import ChatVoteMessages
from storage.conference import ITEM_KINDS, Conference

DETAILS = "conference.details"
ITEM_TITLE = "conference.item_title"
REASON = "conference.reason"
DELEGATE_NAME = "conference.delegate"
CORRECTION = "conference.correction"
# the /start payload of the check-in link (Telegram allows letters, digits, _ and -)
LINK_PREFIX = "hn"
ITEM_MARK = {"pending": "▫️", "open": "▶️", "postponed": "⏸", "done": "✅"}


def link_payload(conference_id: int) -> str:
    return f"{LINK_PREFIX}{conference_id}"


def is_check_in_link(payload: str) -> bool:
    return payload.startswith(LINK_PREFIX) and payload[len(LINK_PREFIX):].isdigit()


# --- the head's card ------------------------------------------------------------------------------------------


def _agenda(ctx: Context, view: ConferenceView) -> list[str]:
    return [ctx.t("conf.item_line", mark=ITEM_MARK[i.status], no=i.position, title=i.title,
                  kind=ctx.t(f"conf.kind.{i.kind}")) for i in view.items] or [ctx.t("conf.no_items")]


def _summary(ctx: Context, view: ConferenceView) -> str:
    c = view.conference
    lines = [ctx.t("conf.card", title=c.title, when=ctx.when(c.starts_at), place=c.place, chair=c.chair,
                   secretary=view.secretary or ctx.t("conf.no_secretary"), guests="; ".join(c.guests) or "–",
                   status=ctx.t(f"conf.status.{c.status}"))]
    lines.append(ctx.t("conf.rules", quorum=ctx.t(f"vote.quorum.{c.quorum}"), base=ctx.t(f"conf.base.{c.vote_base}")))
    if c.status != "planned":
        lines.append(ctx.t("conf.quorum", present=len(view.present), count=len(view.units), needed=view.quorum_needed,
                           met=ctx.t("conf.quorum_met" if view.quorum_met else "conf.quorum_not_met"),
                           vote_members=view.vote_members, vote_needed=view.vote_quorum_needed))
    lines.append(ctx.t("conf.agenda_title"))
    lines += _agenda(ctx, view)
    return "\n".join(lines)


async def card(ctx: Context, edit: bool, note: str | None = None) -> None:
    view = await ctx.services.conference.current(ctx.actor)
    if view is None:
        ctx.reply("conf.none", [ctx.button("conf.new_button", a.CONF_NEW)], [ctx.button("back.admin", a.ADMIN_MENU)],
                  edit=edit)
        return
    c = view.conference
    rows: list[list[Choice]] = []
    if c.status in ("planned", "invited"):
        for item in view.items:
            rows.append([Choice(f"↑ {item.position}", a.CONF_ITEM_UP.data(item.id)),
                         Choice(ctx.t("conf.remove_item", no=item.position), a.CONF_ITEM_REMOVE.data(item.id))])
        kinds = [ctx.button(f"conf.kind.{k}", a.CONF_ITEM_NEW, k) for k in ITEM_KINDS]
        rows += [kinds[i:i + 3] for i in range(0, len(kinds), 3)]
        rows.append([ctx.button("conf.secretary_button", a.CONF_SECRETARIES),
                     ctx.button("conf.rule_quorum", a.CONF_RULE, "quorum"),
                     ctx.button("conf.rule_base", a.CONF_RULE, "base")])
        rows.append([ctx.button("conf.invite_button", a.CONF_INVITE)])
        if c.status == "invited":
            rows.append([ctx.button("conf.qr_button", a.CONF_QR), ctx.button("conf.open_button", a.CONF_OPEN)])
    elif c.status == "running":
        current = view.current
        if current is not None:
            rows.append([ctx.button("conf.close_item", a.CONF_ITEM_CLOSE, current.id, no=current.position)])
            if current.kind not in VOTE_KINDS:
                rows.append([ctx.button("conf.postpone_item", a.CONF_ITEM_POSTPONE, current.id, no=current.position)])
        else:
            for item in view.items:
                if item.status in ("pending", "postponed"):
                    rows.append([ctx.button("conf.open_item", a.CONF_ITEM_OPEN, item.id, no=item.position),
                                 ctx.button("conf.postpone_item", a.CONF_ITEM_POSTPONE, item.id, no=item.position)])
            rows.append([ctx.button("conf.close_button", a.CONF_CLOSE)])
        rows.append([ctx.button("conf.qr_button", a.CONF_QR), ctx.button("conf.card_refresh", a.CONFERENCE)])
    else:
        rows.append([ctx.button("conf.draft_button", a.CONF_DRAFT), ctx.button("conf.minutes_button", a.CONF_MINUTES)])
    rows.append([ctx.button("back.admin", a.ADMIN_MENU)])
    text = _summary(ctx, view)
    ctx.reply(f"{note}\n\n{text}" if note else text, *rows, edit=edit and note is None, raw=True)


async def conference_command(ctx: Context) -> None:
    """/hoinghi: the head's card; the secretary's attendance; a representative's own check-in."""
    if ctx.actor.is_admin:
        await card(ctx, edit=False)
        return
    view = await ctx.services.conference.view_of(ctx.actor.year) if ctx.actor.year else None
    if view is None:
        ctx.reply("refused.conference_none")
        return
    if ctx.actor.person is not None and view.conference.secretary_id == ctx.actor.person.id:
        await attendance(ctx, edit=False)
        return
    ctx.reply(invitation_text(ctx, view.conference, view), *invitation_rows(ctx, view.conference), raw=True)


async def card_choice(ctx: Context) -> None:
    await card(ctx, edit=True)


async def ask_details(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(DETAILS)
    ctx.reply("conf.ask_details")


async def details_typed(ctx: Context) -> None:
    await ctx.services.conference.create(ctx.actor, ctx.inbound.text)
    await ctx.clear_state()
    await card(ctx, edit=False, note=ctx.t("conf.created"))


async def secretaries(ctx: Context) -> None:
    people = await ctx.services.conference.secretaries(ctx.actor)
    rows = [[Choice(f"{name} ({unit})", a.CONF_SECRETARY.data(pid))] for pid, name, unit in people]
    rows.append([ctx.button("conf.back", a.CONFERENCE)])
    ctx.reply("conf.choose_secretary", *rows, edit=True)


async def set_secretary(ctx: Context) -> None:
    view = await ctx.services.conference.set_secretary(ctx.actor, ctx.int_arg())
    await card(ctx, edit=False, note=ctx.t("conf.secretary_set", name=view.secretary))


async def change_rule(ctx: Context) -> None:
    await ctx.services.conference.set_rule(ctx.actor, ctx.arg())
    await card(ctx, edit=True)


async def ask_item_title(ctx: Context) -> None:
    kind = ctx.arg()
    if kind not in ITEM_KINDS:
        raise StaleChoice
    await ctx.services.conference.current(ctx.actor)
    await ctx.set_state(ITEM_TITLE, kind=kind)
    # a review vote's minutes name the award it proposes for: its title is the award's name
    ctx.reply("conf.ask_item_title.review" if kind == "review" else "conf.ask_item_title",
              kind=ctx.t(f"conf.kind.{kind}"))


async def item_title_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    await ctx.services.conference.add_item(ctx.actor, str(ctx.dialog.data.get("kind")), ctx.inbound.text)
    await ctx.clear_state()
    await card(ctx, edit=False, note=ctx.t("conf.item_added"))


async def remove_item(ctx: Context) -> None:
    await ctx.services.conference.remove_item(ctx.actor, ctx.int_arg())
    await card(ctx, edit=True)


async def move_up(ctx: Context) -> None:
    await ctx.services.conference.move_up(ctx.actor, ctx.int_arg())
    await card(ctx, edit=True)


# --- invitations, the reminder, the check-in link ----------------------------------------------------------------


def invitation_text(ctx: Context, conference: Conference, view: ConferenceView | None = None) -> str:
    agenda = "\n".join(_agenda(ctx, view)) if view is not None else ""
    return ctx.t("conf.invitation", title=conference.title, when=ctx.when(conference.starts_at),
                 place=conference.place, chair=conference.chair, agenda=agenda)


def invitation_rows(ctx: Context, conference: Conference) -> list[list[Choice]]:
    return [[ctx.button("conf.check_in_button", a.CONF_CHECK_IN, conference.id),
             ctx.button("conf.delegate_button", a.CONF_DELEGATE, conference.id)]]


def invitation(ctx: Context, view: ConferenceView, conference: Conference) -> Reply:
    return Reply(invitation_text(ctx, conference, view), invitation_rows(ctx, conference))


def reminder(ctx: Context, conference: Conference) -> Reply:
    return Reply(ctx.t("conf.reminder", title=conference.title, when=ctx.when(conference.starts_at),
                       place=conference.place), invitation_rows(ctx, conference))


async def invite(ctx: Context) -> None:
    view = await ctx.services.conference.current(ctx.actor)
    if view is None:
        ctx.reply("refused.conference_none")
        return
    _, count = await ctx.services.conference.invite(ctx.actor, partial(invitation, ctx, view), partial(reminder, ctx))
    await card(ctx, edit=False, note=ctx.t("conf.invited", count=count))


async def qr(ctx: Context) -> None:
    view = await ctx.services.conference.current(ctx.actor)
    if view is None:
        ctx.reply("refused.conference_none")
        return
    link = ctx.channel.deep_link(link_payload(view.conference.id))
    if link is None:
        ctx.reply("conf.qr_unavailable")
        return
    ctx.reply("conf.qr_caption", link=link).file = OutFile(f"diem-danh-hoi-nghi-{view.conference.id}.png",
                                                           qr_png(link), PNG_MIME)


async def check_in(ctx: Context, conference_id: int) -> None:
    _, unit, late = await ctx.services.conference.check_in(ctx.actor, conference_id)
    ctx.reply("conf.checked_in_late" if late else "conf.checked_in", unit=unit.name,
              when=ctx.when(ctx.services.clock.now()))


async def check_in_choice(ctx: Context) -> None:
    await check_in(ctx, ctx.int_arg())


async def check_in_link(ctx: Context, payload: str) -> None:
    """/start hn<id>, from the QR code shown at the hall (handlers/common.py hands it here)."""
    await check_in(ctx, int(payload[len(LINK_PREFIX):]))


async def ask_delegate(ctx: Context) -> None:
    conference_id = ctx.int_arg()
    if ctx.actor.unit is None:
        ctx.reply("refused.not_registered")
        return
    await ctx.set_state(DELEGATE_NAME, conference=conference_id)
    ctx.reply("conf.ask_delegate", unit=ctx.actor.unit.name)


async def delegate_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    view, unit = await ctx.services.conference.delegate(ctx.actor, int(ctx.dialog.data["conference"]),
                                                        ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("conf.delegated", unit=unit.name, name=view.delegations[unit.id].delegate)


# --- the secretary: attendance -------------------------------------------------------------------------------------


async def attendance(ctx: Context, edit: bool = True) -> None:
    view = await ctx.services.conference.for_secretary(ctx.actor)
    rows = []
    for unit in view.units:
        row = view.attendance.get(unit.id)
        mark = "⬜" if row is None else ("🕘" if row.late else "✅") if row.present else "❌"
        rows.append([Choice(f"{mark} {unit.name}", a.CONF_MARK.data(unit.id))])
    if view.conference.status in ("closed", "final"):
        rows.append([ctx.button("conf.draft_button", a.CONF_DRAFT)])
    lines = [ctx.t("conf.attendance_title", title=view.conference.title, present=len(view.present),
                   count=len(view.units), needed=view.quorum_needed)]
    for unit in view.units:
        if (d := view.delegations.get(unit.id)) is not None:
            lines.append(ctx.t("conf.delegation_line", unit=unit.name, name=d.delegate))
    ctx.reply("\n".join(lines), *rows, edit=edit, raw=True)


async def attendance_choice(ctx: Context) -> None:
    await attendance(ctx, edit=True)


async def mark(ctx: Context) -> None:
    # om:<unit> the unit's choices; om:<unit>:<present|late|absent|reason>
    unit_id = ctx.int_arg(0)
    status = ctx.arg(1)
    if not status:
        view = await ctx.services.conference.for_secretary(ctx.actor)
        unit = next((u for u in view.units if u.id == unit_id), None)
        if unit is None:
            raise StaleChoice
        ctx.reply("conf.mark_unit", [ctx.button("conf.mark_present", a.CONF_MARK, unit_id, "present"),
                                     ctx.button("conf.mark_late", a.CONF_MARK, unit_id, "late")],
                  [ctx.button("conf.mark_absent_reason", a.CONF_MARK, unit_id, "reason"),
                   ctx.button("conf.mark_absent", a.CONF_MARK, unit_id, "absent")],
                  [ctx.button("conf.back", a.CONF_ATTENDANCE)], edit=True, unit=unit.name)
        return
    if status == "reason":
        await ctx.services.conference.for_secretary(ctx.actor)
        await ctx.set_state(REASON, unit=unit_id)
        ctx.reply("conf.ask_reason")
        return
    await ctx.services.conference.mark(ctx.actor, unit_id, status)
    await attendance(ctx, edit=True)


async def reason_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    await ctx.services.conference.mark(ctx.actor, int(ctx.dialog.data["unit"]), "absent", ctx.inbound.text)
    await ctx.clear_state()
    await attendance(ctx, edit=False)


# --- the chair: running the agenda -----------------------------------------------------------------------------------


async def open_conference(ctx: Context) -> None:
    view = await ctx.services.conference.open_conference(ctx.actor)
    await card(ctx, edit=False, note=ctx.t("conf.opened", when=ctx.when(view.conference.opened_at or
                                                                        ctx.services.clock.now())))


def covenant_prompt(ctx: Context, version: int) -> Reply:
    return Reply(ctx.t("conf.covenant_prompt", version=version),
                 [[ctx.button("cov.read_button", a.COVENANT_READ, "n")]])


async def open_item(ctx: Context) -> None:
    view, opened = await ctx.services.conference.open_item(ctx.actor, ctx.int_arg(), ChatVoteMessages(ctx.lang),
                                                           partial(covenant_prompt, ctx))
    item = view.current
    assert item is not None
    note = ctx.t("conf.item_opened", no=item.position, title=item.title)
    if opened is not None:
        note += "\n" + ctx.t("conf.vote_opened", count=len(opened.view.roll), members=view.vote_members)
    await card(ctx, edit=False, note=note)


async def postpone_item(ctx: Context) -> None:
    await ctx.services.conference.postpone_item(ctx.actor, ctx.int_arg())
    await card(ctx, edit=True)


async def close_item(ctx: Context) -> None:
    _, done = await ctx.services.conference.close_item(ctx.actor, ctx.int_arg(), ChatVoteMessages(ctx.lang))
    note = ctx.t("conf.item_closed", no=done.item.position, title=done.item.title)
    if done.closed is not None:
        result = done.closed.tally
        elected = {o.option_id: o.label for o in done.closed.view.options}
        note += "\n" + ctx.t("conf.vote_result", cast=result.cast, issued=result.issued,
                             elected=", ".join(elected.get(e, e) for e in result.elected) or ctx.t("audit.nobody"))
    if done.signed is not None:
        note += "\n" + ctx.t("conf.covenant_count", signed=done.signed[0], count=done.signed[1])
    await card(ctx, edit=False, note=note)


async def close_conference(ctx: Context) -> None:
    view = await ctx.services.conference.close_conference(ctx.actor)
    await card(ctx, edit=False, note=ctx.t("conf.closed", when=ctx.when(view.conference.closed_at or
                                                                        ctx.services.clock.now())))


# --- the minutes -----------------------------------------------------------------------------------------------


async def draft(ctx: Context, edit: bool = True, note: str | None = None) -> None:
    view, lines = await ctx.services.conference.draft(ctx.actor)
    text = [note] if note else []
    text.append(ctx.t("conf.draft_title", title=view.conference.title,
                      status=ctx.t(f"conf.status.{view.conference.status}")))
    text += [f"{i}. {line}" for i, line in enumerate(lines, start=1)]
    rows = []
    is_secretary = ctx.actor.person is not None and view.conference.secretary_id == ctx.actor.person.id
    if view.conference.status == "closed":
        if is_secretary:
            rows.append([ctx.button("conf.correct_button", a.CONF_CORRECT)])
        rows.append([ctx.button("conf.final_button", a.CONF_FINAL)])
    if ctx.actor.is_admin:
        rows.append([ctx.button("conf.minutes_button", a.CONF_MINUTES)])
    ctx.reply("\n".join(text), *rows, edit=edit and note is None, raw=True)


async def draft_choice(ctx: Context) -> None:
    await draft(ctx, edit=True)


async def ask_correction(ctx: Context) -> None:
    await ctx.services.conference.for_secretary(ctx.actor)
    await ctx.set_state(CORRECTION)
    ctx.reply("conf.ask_correction")


async def correction_typed(ctx: Context) -> None:
    _, _, line = await ctx.services.conference.correct(ctx.actor, ctx.inbound.text)
    await ctx.clear_state()
    await draft(ctx, edit=False, note=ctx.t("conf.corrected", no=line))


async def finalize(ctx: Context) -> None:
    view = await ctx.services.conference.finalize(ctx.actor)
    year = ctx.actor.year
    if ctx.actor.is_admin:
        await minutes(ctx)
        return
    ctx.reply("conf.finalized")
    if year is not None and year.head_unit_id is not None:
        await ctx.notify_units([year.head_unit_id], ctx.t("conf.finalized_head", title=view.conference.title),
                               [ctx.button("conf.minutes_button", a.CONF_MINUTES)])


async def minutes(ctx: Context) -> None:
    """The meeting minutes and each conference vote's count minutes, one file a message."""
    vote_ids = await ctx.services.conference.vote_ids(ctx.actor)
    year = ctx.actor.admin_year()
    ctx.reply("report.meeting_caption", year=year.year).file = await ctx.services.reports.meeting_file(ctx.actor)
    for vote_id in vote_ids:
        title, file = await ctx.services.reports.vote_minutes_file(ctx.actor, vote_id)
        ctx.reply("report.vote_minutes_caption", title=title).file = file


CARD = "ConferenceCard"
SECRETARIES = "Secretaries"
ATTENDANCE = "Attendance"
UNIT_MARKS = "UnitMarks"
INVITATION = "Invitation"
CHECKED_IN = "CheckedIn"
DRAFT = "Draft"
DOCUMENTS = "MinutesFiles"
QR = "QrCode"

DIALOG = Dialog(
    "The year-end conference", ("handlers/conference.py",), (DETAILS, ITEM_TITLE, REASON, DELEGATE_NAME, CORRECTION), (
        Edge(START, Command("hoinghi"), conference_command, (CARD,), "the head's admins: the conference's card"),
        Edge(START, Command("hoinghi"), conference_command, (ATTENDANCE,), "the secretary: the attendance to mark"),
        Edge(START, Command("hoinghi"), conference_command, (INVITATION,), "a representative: check in or delegate"),
        Edge(START, a.CONFERENCE, card_choice, (CARD,), "from the admin menu"),
        Edge(CARD, a.CONF_NEW, ask_details, (DETAILS,), "no conference yet"),
        Edge(DETAILS, Typed(), details_typed, (CARD,),
             "title, date and time, place, chair, guests (\"; \" between): the conference created"),
        Edge(DETAILS, Typed(), details_typed, (DETAILS,), "a missing line, a past or unreadable date: refused"),
        Edge(CARD, a.CONF_SECRETARIES, secretaries, (SECRETARIES,), "the representatives of the member units"),
        Edge(SECRETARIES, a.CONF_SECRETARY, set_secretary, (CARD,), "the secretary named"),
        Edge(CARD, a.CONF_RULE, change_rule, (CARD,), "the conference's quorum; votes counted over present or all"),
        Edge(CARD, a.CONF_ITEM_NEW, ask_item_title, (ITEM_TITLE,), "a kind of item, until the conference opens"),
        Edge(ITEM_TITLE, Typed(), item_title_typed, (CARD,), "the item added at the end (recorded)"),
        Edge(ITEM_TITLE, Typed(), item_title_typed, (ITEM_TITLE,), "empty or too long: refused"),
        Edge(CARD, a.CONF_ITEM_REMOVE, remove_item, (CARD,), "recorded; refused once the conference opened"),
        Edge(CARD, a.CONF_ITEM_UP, move_up, (CARD,), "recorded; refused once the conference opened"),
        Edge(CARD, a.CONF_INVITE, invite, (CARD,),
             "every unit invited through the outbox; the reminder the day before planned"),
        Edge(CARD, a.CONF_QR, qr, (QR,), "the check-in deep link as a PNG QR code"),
        Edge(INVITATION, a.CONF_CHECK_IN, check_in_choice, (CHECKED_IN,),
             "from the invitation or the reminder: the delegate's own unit present (late once opened)"),
        Edge(INVITATION, a.CONF_DELEGATE, ask_delegate, (DELEGATE_NAME,), "the unit authorizes someone"),
        Edge(DELEGATE_NAME, Typed(), delegate_typed, (END,), "who, for which unit, by whom: recorded"),
        Edge(DELEGATE_NAME, Typed(), delegate_typed, (DELEGATE_NAME,), "not a name: refused"),
        Edge(ATTENDANCE, a.CONF_ATTENDANCE, attendance_choice, (ATTENDANCE,), "the secretary only"),
        Edge(ATTENDANCE, a.CONF_MARK, mark, (UNIT_MARKS,), "a unit: present, late, absent with or without reason"),
        Edge(UNIT_MARKS, a.CONF_MARK, mark, (ATTENDANCE,), "marked (a delegation's delegate goes with it)"),
        Edge(UNIT_MARKS, a.CONF_MARK, mark, (REASON,), "absent with a reason: the reason typed"),
        Edge(REASON, Typed(), reason_typed, (ATTENDANCE,), "absent, with the reason"),
        Edge(REASON, Typed(), reason_typed, (REASON,), "too long: refused"),
        Edge(CARD, a.CONF_OPEN, open_conference, (CARD,), "the chair opens it: the agenda frozen, the time kept"),
        Edge(CARD, a.CONF_ITEM_OPEN, open_item, (CARD,),
             "one item at a time; a vote opens on the roll of the units present (secret ballots); the covenant "
             "item asks the units present to sign"),
        Edge(CARD, a.CONF_ITEM_POSTPONE, postpone_item, (CARD,), "an item not yet held, or open without a vote"),
        Edge(CARD, a.CONF_ITEM_CLOSE, close_item, (CARD,),
             "a vote counted and its result announced to its roll only now; covenant signatures counted"),
        Edge(CARD, a.CONF_CLOSE, close_conference, (CARD,), "no item open: the closing time kept"),
        Edge(CARD, a.CONF_DRAFT, draft_choice, (DRAFT,), "the proceedings' drafted lines"),
        Edge(ATTENDANCE, a.CONF_DRAFT, draft_choice, (DRAFT,), "the secretary, once the conference closed"),
        Edge(DRAFT, a.CONF_CORRECT, ask_correction, (CORRECTION,), "the secretary only"),
        Edge(CORRECTION, Typed(), correction_typed, (DRAFT,), "\"N. new text\": line N replaced (recorded)"),
        Edge(CORRECTION, Typed(), correction_typed, (CORRECTION,), "no such line, or empty: refused"),
        Edge(DRAFT, a.CONF_FINAL, finalize, (DOCUMENTS,), "the head approves: the minutes sent at once"),
        Edge(DRAFT, a.CONF_FINAL, finalize, (END,), "the secretary approves: the head is told"),
        Edge(CARD, a.CONF_MINUTES, minutes, (DOCUMENTS,),
             "the meeting minutes and each conference vote's count minutes as .docx"),
    ),
    "Only the head's admins prepare and chair; the secretary is the person the head named; a delegate checks in\n"
    "only their own unit (also by the deep link /start hn<id>, shown at the hall as a QR code). Every change is\n"
    "in the audit trail.")
