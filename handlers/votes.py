"""Votes in chat: the head drafts and opens a vote, units cast secret ballots (or answer a group poll),
the head follows turnout, closes, and everyone sees the result with the receipts."""

from __future__ import annotations

import secrets
from functools import partial

from bot.services.refusal import Refused
from bot.services.vote_text import answer_label
from bot.services.votes import KINDS, Closed, VoteView
from bot.text.messages import Choice, Reply
from handlers import actions as a
from handlers.base import Context, StaleChoice
from handlers.dialog import END, START, Command, Dialog, Edge, PollAnswer, Typed
from handlers.vote_text import ChatVoteMessages, ballot_rows, result_text

VOTE_TITLE = "vote.title"
BALLOT = "vote.ballot"
COMMITTEE = "vote.committee"
STATUS_MARK = {"draft": "📝", "open": "🗳", "closed": "📊"}
# A ballot's choices so far travel in its own buttons' data, never in the chat's stored dialog state: a
# stored state "unit X's chat chose no", even deleted, stays readable in the database's files. The choices
# are a bit mask over the ballot's options in hex (60 options in 15 characters, within Telegram's 64 bytes).
MASK_DIGITS = 16
# the secret that seals a ballot (see VoteService.cast): 16 characters of base64url
SECRET_BYTES = 12


def from_mask(view: VoteView, mask: str) -> list[str] | None:
    """The options a mask names, or None for a mask no ballot of this vote could carry (forged)."""
    if not 1 <= len(mask) <= MASK_DIGITS or any(c not in "0123456789abcdef" for c in mask):
        return None
    bits = int(mask, 16)
    if bits >> len(view.options) or bin(bits).count("1") > view.vote.seats:
        return None
    return [o.option_id for i, o in enumerate(view.options) if bits >> i & 1]


# --- the head: drafting, opening, turnout, closing ------------------------------------------------


async def vote_list(ctx: Context, edit: bool) -> None:
    year, votes = await ctx.services.votes.votes(ctx.actor)
    rows = [[Choice(f"{STATUS_MARK[v.status]} {v.title}", a.VOTE_CARD.data(v.id))] for v in votes]
    rows += [[ctx.button("vote.new_award", a.VOTE_NEW, "award"), ctx.button("vote.new_head", a.VOTE_NEW, "head")],
             [ctx.button("vote.new_deputy", a.VOTE_NEW, "deputy"),
              ctx.button("vote.new_question", a.VOTE_NEW, "question")],
             [ctx.button("back.admin", a.ADMIN_MENU)]]
    ctx.reply("vote.list_title", *rows, edit=edit, year=year.year, count=len(votes))


async def list_command(ctx: Context) -> None:
    await vote_list(ctx, edit=False)


async def list_choice(ctx: Context) -> None:
    await vote_list(ctx, edit=True)


async def new_vote(ctx: Context) -> None:
    kind = ctx.arg()
    if kind not in KINDS:
        raise StaleChoice  # nothing is started for a kind this bot does not have
    ctx.actor.admin_year()
    await ctx.set_state(VOTE_TITLE, kind=kind)
    ctx.reply(f"vote.ask_title.{kind}")


async def title_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    vote_id = await ctx.services.votes.create(ctx.actor, ctx.dialog.data["kind"], ctx.inbound.text)
    await ctx.clear_state()
    await vote_card(ctx, vote_id, edit=False)


async def vote_card(ctx: Context, vote_id: int, edit: bool, note: str | None = None) -> None:
    view = await ctx.services.votes.view(ctx.actor, vote_id)
    vote = view.vote
    lines = [note] if note else []
    lines.append(ctx.t("vote.card", title=vote.title, kind=ctx.t(f"vote.kind.{vote.kind}"),
                       status=ctx.t(f"vote.status.{vote.status}"), mode=ctx.t(f"vote.mode.{vote.mode}"),
                       seats=vote.seats, quorum=ctx.t(f"vote.quorum.{vote.quorum}"),
                       win=ctx.t(f"vote.win.{vote.win_rule}"), tie=ctx.t(f"vote.tie.{vote.tie_rule}")))
    lines.append(ctx.t("vote.options_title", count=len(view.options)))
    lines += [f"• {answer_label(ctx.lang, view, o.option_id)}" for o in view.options]
    rows: list[list[Choice]] = []
    if vote.status == "draft":
        if vote.kind != "question":
            rows.append([ctx.button("vote.edit_options", a.VOTE_OPTIONS, vote.id)])
        rows.append([ctx.button("vote.seats_minus", a.VOTE_CHANGE, vote.id, "seats-"),
                     ctx.button("vote.seats_plus", a.VOTE_CHANGE, vote.id, "seats+"),
                     ctx.button("vote.toggle_mode", a.VOTE_CHANGE, vote.id, "mode")])
        rows.append([ctx.button("vote.cycle_quorum", a.VOTE_CHANGE, vote.id, "quorum"),
                     ctx.button("vote.cycle_win", a.VOTE_CHANGE, vote.id, "win_rule"),
                     ctx.button("vote.cycle_tie", a.VOTE_CHANGE, vote.id, "tie_rule")])
        rows.append([ctx.button("vote.open_button", a.VOTE_OPEN, vote.id)])
    elif vote.status == "open":
        lines.append(ctx.t("vote.fingerprint", fingerprint=vote.fingerprint))
        rows.append([ctx.button("vote.turnout_button", a.VOTE_TURNOUT, vote.id)])
        rows.append([ctx.button("vote.close_button", a.VOTE_CLOSE, vote.id)])
    rows.append([ctx.button("vote.back", a.VOTES)])
    ctx.reply("\n".join(lines), *rows, edit=edit, raw=True)


async def card_choice(ctx: Context) -> None:
    view = await ctx.services.votes.view(ctx.actor, ctx.int_arg())
    if view.vote.status == "closed" and view.vote.result is not None:
        ctx.reply("vote.closed_card", [ctx.button("vote.committee_button", a.VOTE_COMMITTEE, view.vote.id)],
                  [ctx.button("vote.back", a.VOTES)], edit=True, title=view.vote.title)
        return
    await vote_card(ctx, view.vote.id, edit=True)


async def ask_committee(ctx: Context) -> None:
    view = await ctx.services.votes.view(ctx.actor, ctx.int_arg())
    await ctx.set_state(COMMITTEE, vote=view.vote.id)
    ctx.reply("vote.ask_committee", title=view.vote.title)


async def committee_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    view = await ctx.services.votes.set_minutes_details(ctx.actor, int(ctx.dialog.data["vote"]), ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("vote.committee_saved", [ctx.button("report.menu_button", a.REPORTS)], title=view.vote.title)


async def edit_options(ctx: Context) -> None:
    view = await ctx.services.votes.view(ctx.actor, ctx.int_arg())
    chosen = {o.option_id for o in view.options}
    rows = [[Choice(("✅ " if str(u.id) in chosen else "⬜ ") + u.name, a.VOTE_OPTION.data(view.vote.id, u.id))]
            for u in await ctx.services.votes.candidates(ctx.actor)]
    rows.append([ctx.button("vote.done_options", a.VOTE_CARD, view.vote.id)])
    ctx.reply("vote.options_edit", *rows, edit=True)


async def toggle_option(ctx: Context) -> None:
    await ctx.services.votes.toggle_option(ctx.actor, ctx.int_arg(0), ctx.int_arg(1))
    await edit_options(ctx)


async def change(ctx: Context) -> None:
    await ctx.services.votes.change(ctx.actor, ctx.int_arg(0), ctx.arg(1))
    await vote_card(ctx, ctx.int_arg(0), edit=True)


async def ask_open(ctx: Context, note: str | None = None) -> None:
    """Opening freezes the roll and the options for good: the head sees both before confirming."""
    preview = await ctx.services.votes.prepare_open(ctx.actor, ctx.int_arg(0))
    view = preview.view
    lines = [note] if note else []
    lines.append(ctx.t("vote.open_confirm", title=view.vote.title, count=len(preview.roll),
                       options=len(view.options), mode=ctx.t(f"vote.mode.{view.vote.mode}"),
                       quorum=ctx.t(f"vote.quorum.{view.vote.quorum}")))
    lines.append(ctx.t("vote.open_confirm_roll", units=", ".join(u.name for u in preview.roll)))
    lines.append(ctx.t("vote.options_title", count=len(view.options)))
    lines += [f"• {answer_label(ctx.lang, view, o.option_id)}" for o in view.options]
    # after a refused press, a new message: the refusal stands out, and an edit could repeat the same text
    ctx.reply("\n".join(lines), [ctx.button("vote.open_yes", a.VOTE_OPEN_YES, view.vote.id, preview.token)],
              [ctx.button("vote.back_card", a.VOTE_CARD, view.vote.id)], edit=note is None, raw=True)


async def open_vote(ctx: Context) -> None:
    # vq:<vote>:<token>, only ever on the confirmation (bot/services/confirmation.py)
    vote_id = ctx.int_arg(0)
    try:
        opened = await ctx.services.votes.open(ctx.actor, vote_id, ctx.arg(1), ChatVoteMessages(ctx.lang))
    except Refused as refusal:
        if refusal.code != "confirm_stale":
            raise
        await ask_open(ctx, note=ctx.t("refused.confirm_stale"))
        return
    note = ctx.t("vote.opened", count=len(opened.view.roll))
    if opened.fell_back:
        note += "\n" + ctx.t(f"vote.fell_back.{opened.fell_back}")
    await vote_card(ctx, opened.view.vote.id, edit=True, note=note)


async def turnout(ctx: Context) -> None:
    view, voted, waiting = await ctx.services.votes.turnout(ctx.actor, ctx.int_arg())
    text = ctx.t("vote.turnout", title=view.vote.title, voted=len(voted), count=len(view.roll),
                 done="\n".join(f"✅ {u.name}" for u in voted) or "–",
                 waiting="\n".join(f"⏳ {u.name}" for u in waiting) or "–")
    rows = [[ctx.button("vote.remind_button", a.VOTE_REMIND, view.vote.id)]] if waiting else []
    rows.append([ctx.button("vote.back_card", a.VOTE_CARD, view.vote.id)])
    ctx.reply(text, *rows, edit=True, raw=True)


async def remind(ctx: Context) -> None:
    waiting = await ctx.services.votes.remind(ctx.actor, ctx.int_arg(), partial(reminder_message, ctx))
    ctx.outcome.notice = ctx.t("vote.reminded", count=len(waiting))
    ctx.reply("vote.reminded", edit=False, count=len(waiting))


def reminder_message(ctx: Context, view: VoteView) -> Reply:
    return Reply(ctx.t("vote.reminder", title=view.vote.title),
                 [[ctx.button("vote.open_ballot", a.BALLOT, view.vote.id)]])


async def ask_close(ctx: Context, note: str | None = None) -> None:
    """Closing cannot be undone: the head sees the turnout against the quorum, and what closing now means."""
    preview = await ctx.services.votes.prepare_close(ctx.actor, ctx.int_arg(0))
    vote = preview.view.vote
    lines = [note] if note else []
    lines.append(ctx.t("vote.close_confirm", title=vote.title, voted=preview.voted, members=preview.members,
                       needed=preview.quorum_needed, quorum=ctx.t(f"vote.quorum.{vote.quorum}")))
    lines.append(ctx.t("vote.close_quorum_met" if preview.quorum_met else "vote.close_quorum_not_met",
                       needed=preview.quorum_needed, members=preview.members))
    lines.append(ctx.t("vote.close_means"))
    ctx.reply("\n".join(lines), [ctx.button("vote.close_yes", a.VOTE_CLOSE_YES, vote.id, preview.token)],
              [ctx.button("vote.back_card", a.VOTE_CARD, vote.id)], edit=note is None, raw=True)


async def close_vote(ctx: Context) -> None:
    # vz:<vote>:<token>, only ever on the confirmation (bot/services/confirmation.py)
    vote_id = ctx.int_arg(0)
    try:
        closed = await ctx.services.votes.close(ctx.actor, vote_id, ctx.arg(1), ChatVoteMessages(ctx.lang))
    except Refused as refusal:
        if refusal.code != "confirm_stale":
            raise
        await ask_close(ctx, note=ctx.t("refused.confirm_stale"))
        return
    await publish(ctx, closed)


async def publish(ctx: Context, closed: Closed) -> None:
    """The head's own copy of what the service already stored for the units and the group."""
    text = result_text(ctx.lang, closed.view, closed.tally, closed.receipts)
    ctx.reply(text, [ctx.button("vote.back", a.VOTES)], raw=True)
    if closed.runoff is not None:
        runoff = closed.runoff.view
        ctx.reply("vote.runoff_opened", title=runoff.vote.title,
                  options=", ".join(answer_label(ctx.lang, runoff, o.option_id) for o in runoff.options))


# --- a unit's ballot -----------------------------------------------------------------------------


async def my_ballots(ctx: Context) -> None:
    views = await ctx.services.votes.open_ballots(ctx.actor)
    if not views:
        ctx.reply("vote.no_ballots")
        return
    rows = [[Choice(v.vote.title, a.BALLOT.data(v.vote.id))] for v in views]
    ctx.reply("vote.choose_ballot", *rows)


async def ballot_choice(ctx: Context) -> None:
    # vb:<vote> a fresh ballot; vb:<vote>:<option> (ballots sent before masks); vb:<vote>:<mask>:<option>
    # toggles <option> on a ballot showing <mask>; vb:<vote>:<mask>: back from the confirmation
    vote_id = ctx.int_arg(0)
    view, already = await ctx.services.votes.ballot(ctx.actor, vote_id)
    if already:
        ctx.reply("refused.already_voted")
        return
    mask, option = ("0", ctx.arg(1)) if len(ctx.args) == 2 else (ctx.arg(1) or "0", ctx.arg(2))
    chosen = from_mask(view, mask)
    if chosen is None or (option and option not in {o.option_id for o in view.options}):
        ctx.reply("refused.ballot_invalid", seats=view.vote.seats)
        return
    if option:
        if option in chosen:
            chosen.remove(option)
        elif view.vote.seats == 1:
            chosen = [option]
        elif len(chosen) < view.vote.seats:
            chosen.append(option)
        else:
            ctx.outcome.notice = ctx.t("vote.too_many", seats=view.vote.seats)
    if ctx.dialog is None or ctx.dialog.state != BALLOT or ctx.dialog.data.get("vote") != vote_id:
        await ctx.set_state(BALLOT, vote=vote_id)  # only which ballot is on screen, for typed text
    picked = ", ".join(answer_label(ctx.lang, view, c) for c in chosen) or "–"
    progress = ctx.reply("vote.ballot_progress", *ballot_rows(ctx.lang, view, chosen), edit=True,
                         title=view.vote.title, seats=view.vote.seats, chosen=picked)
    progress.secret = True  # its choices carry what is ticked: no channel may write them down


async def confirm(ctx: Context, blank: bool) -> None:
    vote_id = ctx.int_arg(0)
    view, already = await ctx.services.votes.ballot(ctx.actor, vote_id)
    if already:
        ctx.reply("refused.already_voted")
        return
    mask = "0" if blank else ctx.arg(1)
    chosen = from_mask(view, mask)
    if chosen is None or (not blank and not chosen):
        ctx.reply("refused.ballot_invalid", seats=view.vote.seats)
        return
    picked = ", ".join(answer_label(ctx.lang, view, c) for c in chosen) or ctx.t("vote.blank")
    # a new secret for each confirmation: it lives only in this message's button (see VoteService.cast)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    confirmation = ctx.reply("vote.confirm", [ctx.button("vote.cast_button", a.BALLOT_CAST, vote_id, mask, secret),
                                              ctx.button("vote.change_button", a.BALLOT, vote_id, mask, "")],
                             edit=True, title=view.vote.title, chosen=picked)
    confirmation.secret = True


async def confirm_choice(ctx: Context) -> None:
    await confirm(ctx, blank=False)


async def blank_choice(ctx: Context) -> None:
    await confirm(ctx, blank=True)


async def typed_on_ballot(ctx: Context) -> None:
    ctx.reply("vote.ballot_hint")


async def cast(ctx: Context) -> None:
    # vw:<vote>:<mask>:<secret>, only ever on a confirmation; anything else is an old or forged button
    vote_id = ctx.int_arg(0)
    secret = ctx.arg(2)
    if len(ctx.args) != 3 or not 16 <= len(secret) <= 32:
        ctx.reply("stale_button")
        return
    view, _ = await ctx.services.votes.ballot(ctx.actor, vote_id)
    chosen = from_mask(view, ctx.arg(1))
    if chosen is None:
        ctx.reply("refused.ballot_invalid", seats=view.vote.seats)
        return
    receipt, before = await ctx.services.votes.cast(ctx.actor, vote_id, chosen, secret)
    if ctx.dialog is not None and ctx.dialog.state == BALLOT:
        await ctx.clear_state()
    ctx.reply("vote.cast_again" if before else "vote.cast_done", edit=True, receipt=receipt)


# --- the bloc's group and its polls -----------------------------------------------------------------


async def link_group(ctx: Context) -> None:
    year = await ctx.services.votes.link_group(ctx.actor, ctx.inbound.sender.channel, ctx.inbound.sender.chat_id,
                                               ctx.inbound.chat_title)
    ctx.reply("vote.group_linked", bloc=year.bloc_name)


async def poll_answer(ctx: Context) -> None:
    inbound = ctx.inbound
    outcome = await ctx.services.votes.cast_from_poll(inbound.sender.channel, inbound.sender.user_id,
                                                      inbound.poll_id or "", list(inbound.option_ids))
    if outcome not in ("counted", "unknown_poll"):
        ctx.reply(f"vote.poll.{outcome}")



VOTES = "Votes"
DRAFT = "Draft"
NOMINEES = "Nominees"
OPEN = "Open"
CONFIRM_OPEN = "ConfirmOpen"
CONFIRM_CLOSE = "ConfirmClose"
TURNOUT = "Turnout"
COUNTED = "Counted"
CHOOSE_BALLOT = "ChooseBallot"
BALLOT_MESSAGE = "BallotMessage"
CONFIRMING = "Confirming"

DIALOG = Dialog(
    "Votes: drafting, ballots, polls, counting", ("handlers/votes.py",), (VOTE_TITLE, BALLOT, COMMITTEE), (
        Edge(START, Command("bophieu"), list_command, (VOTES,), "the year's votes"),
        Edge(START, a.VOTES, list_choice, (VOTES,)),
        Edge(VOTES, a.VOTE_NEW, new_vote, (VOTE_TITLE,), "award, head, deputy or question"),
        Edge(VOTE_TITLE, Typed(), title_typed, (VOTE_TITLE,), "empty or over 300 characters"),
        Edge(VOTE_TITLE, Typed(), title_typed, (DRAFT,),
             "title typed (nominees: units that submitted and are not barred)"),
        Edge(VOTES, a.VOTE_CARD, card_choice, (DRAFT,), "a draft's card"),
        Edge(VOTES, a.VOTE_CARD, card_choice, (OPEN,), "an open vote's card"),
        Edge(VOTES, a.VOTE_CARD, card_choice, (COUNTED,), "a counted vote"),
        Edge(DRAFT, a.VOTE_OPTIONS, edit_options, (NOMINEES,)),
        Edge(NOMINEES, a.VOTE_OPTION, toggle_option, (NOMINEES,), "a unit in or out"),
        Edge(NOMINEES, a.VOTE_CARD, card_choice, (DRAFT,)),
        Edge(DRAFT, a.VOTE_CHANGE, change, (DRAFT,), "seats, secret or open, quorum, win rule, tie rule"),
        Edge(DRAFT, a.VOTE_OPEN, ask_open, (CONFIRM_OPEN,), "the roll and options it will freeze"),
        Edge(CONFIRM_OPEN, a.VOTE_OPEN_YES, open_vote, (OPEN,),
             "roll and options frozen; ballots to every unit, or a poll in the group (more than 12 options "
             "fall back to ballots), stored with the opening"),
        Edge(CONFIRM_OPEN, a.VOTE_OPEN_YES, open_vote, (CONFIRM_OPEN,),
             "a stale or forged token: nothing opened, the fresh confirmation shown"),
        Edge(CONFIRM_OPEN, a.VOTE_CARD, card_choice, (DRAFT,), "not now"),
        Edge(OPEN, a.VOTE_TURNOUT, turnout, (TURNOUT,), "who voted, never what"),
        Edge(TURNOUT, a.VOTE_REMIND, remind, (TURNOUT,), "the rest reminded"),
        Edge(TURNOUT, a.VOTE_CARD, card_choice, (OPEN,)),
        Edge(OPEN, a.VOTE_CLOSE, ask_close, (CONFIRM_CLOSE,),
             "turnout against the quorum, and whether the result would be valid"),
        Edge(CONFIRM_CLOSE, a.VOTE_CLOSE_YES, close_vote, (COUNTED,),
             "or the vote's deadline: result and receipts to every unit, stored with the closing; a tie opens "
             "a runoff"),
        Edge(CONFIRM_CLOSE, a.VOTE_CLOSE_YES, close_vote, (CONFIRM_CLOSE,),
             "a stale or forged token (someone voted since): nothing closed, the fresh turnout shown"),
        Edge(CONFIRM_CLOSE, a.VOTE_CARD, card_choice, (OPEN,), "not now"),
        Edge(COUNTED, a.VOTE_COMMITTEE, ask_committee, (COMMITTEE,), "for the vote-count minutes"),
        Edge(COMMITTEE, Typed(), committee_typed, (COMMITTEE,), "fewer than 2 lines or too long"),
        Edge(COMMITTEE, Typed(), committee_typed, (END,),
             "place and \"Name - role\" lines typed (saved for the minutes)"),
        Edge(START, Command("phieubau"), my_ballots, (CHOOSE_BALLOT,), "the unit's open ballots"),
        Edge(BALLOT_MESSAGE, a.BALLOT, ballot_choice, (BALLOT,),
             "from the ballot message, a reminder or /phieubau; the choices so far travel in the buttons"),
        Edge(BALLOT, a.BALLOT, ballot_choice, (BALLOT,), "choose or unchoose, up to the seats"),
        Edge(BALLOT, Typed(), typed_on_ballot, (BALLOT,), "a hint to press the buttons"),
        Edge(BALLOT, a.BALLOT_CONFIRM, confirm_choice, (CONFIRMING,), "confirm the choice"),
        Edge(BALLOT, a.BALLOT_BLANK, blank_choice, (CONFIRMING,), "a blank ballot"),
        Edge(CONFIRMING, a.BALLOT, ballot_choice, (BALLOT,), "change"),
        Edge(CONFIRMING, a.BALLOT_CAST, cast, (END,),
             "cast: receipt given; a second ballot from the unit is refused"),
        Edge(START, Command("ganketnhom", group=True), link_group, (END,),
             "in a group: an admin links the bloc's group"),
        Edge(START, PollAnswer(), poll_answer, (END,), "a poll answer in the group: the first answer of a unit counts"),
    ),
    "The head drafts a vote, opens it (roll and options frozen, fingerprint recorded), follows turnout and\n"
    "closes it, confirming both (the confirm button's token is bound to what the confirmation showed); the\n"
    "tally (bot/domain/tally.py) applies the vote's own rules and a tie may open a runoff at once. A\n"
    "unit's ballot is chosen in its buttons, never in the chat's dialog state (which only says which ballot is on\n"
    "screen), and confirmed before it is cast; the database refuses a second ballot from the same unit.")
