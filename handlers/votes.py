"""Votes in chat: the head drafts and opens a vote, units cast secret ballots (or answer a group poll),
the head follows turnout, closes, and everyone sees the result with the receipts."""

from __future__ import annotations

import secrets

from bot.services.vote_text import answer_label, result_text
from bot.services.votes import KINDS, Closed, Opened, VoteView
from bot.text.messages import Choice
from handlers.base import Context, Router, StaleChoice

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


def to_mask(view: VoteView, chosen: list[str]) -> str:
    ids = [o.option_id for o in view.options]
    return format(sum(1 << ids.index(c) for c in chosen), "x")


def from_mask(view: VoteView, mask: str) -> list[str] | None:
    """The options a mask names, or None for a mask no ballot of this vote could carry (forged)."""
    if not 1 <= len(mask) <= MASK_DIGITS or any(c not in "0123456789abcdef" for c in mask):
        return None
    bits = int(mask, 16)
    if bits >> len(view.options) or bin(bits).count("1") > view.vote.seats:
        return None
    return [o.option_id for i, o in enumerate(view.options) if bits >> i & 1]


def ballot_rows(ctx: Context, view: VoteView, chosen: list[str]) -> list[list[Choice]]:
    rows = []
    mask = to_mask(view, chosen)
    for option in view.options:
        mark = "☑️ " if option.option_id in chosen else ""
        label = mark + answer_label(ctx.lang, view, option.option_id)
        rows.append([Choice(label, f"vb:{view.vote.id}:{mask}:{option.option_id}")])
    bottom = [ctx.choice("vote.confirm_button", f"vy:{view.vote.id}:{mask}")] if chosen else []
    bottom.append(ctx.choice("vote.blank_button", f"vn:{view.vote.id}"))
    rows.append(bottom)
    return rows


def register(router: Router) -> None:  # noqa: C901 (its steps still nest inside it: the one register left to flatten)
    # --- the head: drafting, opening, turnout, closing ------------------------------------------------

    async def vote_list(ctx: Context, edit: bool) -> None:
        year, votes = await ctx.services.votes.votes(ctx.actor)
        rows = [[Choice(f"{STATUS_MARK[v.status]} {v.title}", f"vv:{v.id}")] for v in votes]
        rows += [[ctx.choice("vote.new_award", "vk:award"), ctx.choice("vote.new_head", "vk:head")],
                 [ctx.choice("vote.new_deputy", "vk:deputy"), ctx.choice("vote.new_question", "vk:question")],
                 [ctx.choice("back.admin", "am")]]
        ctx.reply("vote.list_title", *rows, edit=edit, year=year.year, count=len(votes))

    @router.command("bophieu")
    async def list_command(ctx: Context) -> None:
        await vote_list(ctx, edit=False)

    @router.choice("vl")
    async def list_choice(ctx: Context) -> None:
        await vote_list(ctx, edit=True)

    @router.choice("vk")
    async def new_vote(ctx: Context) -> None:
        kind = ctx.arg()
        if kind not in KINDS:
            raise StaleChoice  # nothing is started for a kind this bot does not have
        ctx.actor.admin_year()
        await ctx.set_state(VOTE_TITLE, kind=kind)
        ctx.reply(f"vote.ask_title.{kind}")

    @router.state(VOTE_TITLE)
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
                rows.append([ctx.choice("vote.edit_options", f"vo:{vote.id}")])
            rows.append([ctx.choice("vote.seats_minus", f"vc:{vote.id}:seats-"),
                         ctx.choice("vote.seats_plus", f"vc:{vote.id}:seats+"),
                         ctx.choice("vote.toggle_mode", f"vc:{vote.id}:mode")])
            rows.append([ctx.choice("vote.cycle_quorum", f"vc:{vote.id}:quorum"),
                         ctx.choice("vote.cycle_win", f"vc:{vote.id}:win_rule"),
                         ctx.choice("vote.cycle_tie", f"vc:{vote.id}:tie_rule")])
            rows.append([ctx.choice("vote.open_button", f"vp:{vote.id}")])
        elif vote.status == "open":
            lines.append(ctx.t("vote.fingerprint", fingerprint=vote.fingerprint))
            rows.append([ctx.choice("vote.turnout_button", f"vt:{vote.id}")])
            rows.append([ctx.choice("vote.close_button", f"vx:{vote.id}")])
        rows.append([ctx.choice("vote.back", "vl")])
        ctx.reply("\n".join(lines), *rows, edit=edit, raw=True)

    @router.choice("vv")
    async def card_choice(ctx: Context) -> None:
        view = await ctx.services.votes.view(ctx.actor, ctx.int_arg())
        if view.vote.status == "closed" and view.vote.result is not None:
            ctx.reply("vote.closed_card", [ctx.choice("vote.committee_button", f"vm:{view.vote.id}")],
                      [ctx.choice("vote.back", "vl")], edit=True, title=view.vote.title)
            return
        await vote_card(ctx, view.vote.id, edit=True)

    @router.choice("vm")
    async def ask_committee(ctx: Context) -> None:
        view = await ctx.services.votes.view(ctx.actor, ctx.int_arg())
        await ctx.set_state(COMMITTEE, vote=view.vote.id)
        ctx.reply("vote.ask_committee", title=view.vote.title)

    @router.state(COMMITTEE)
    async def committee_typed(ctx: Context) -> None:
        assert ctx.dialog is not None
        view = await ctx.services.votes.set_minutes_details(ctx.actor, int(ctx.dialog.data["vote"]), ctx.inbound.text)
        await ctx.clear_state()
        ctx.reply("vote.committee_saved", [ctx.choice("report.menu_button", "rp")], title=view.vote.title)

    @router.choice("vo")
    async def edit_options(ctx: Context) -> None:
        view = await ctx.services.votes.view(ctx.actor, ctx.int_arg())
        chosen = {o.option_id for o in view.options}
        rows = [[Choice(("✅ " if str(u.id) in chosen else "⬜ ") + u.name, f"vu:{view.vote.id}:{u.id}")]
                for u in await ctx.services.votes.candidates(ctx.actor)]
        rows.append([ctx.choice("vote.done_options", f"vv:{view.vote.id}")])
        ctx.reply("vote.options_edit", *rows, edit=True)

    @router.choice("vu")
    async def toggle_option(ctx: Context) -> None:
        await ctx.services.votes.toggle_option(ctx.actor, ctx.int_arg(0), ctx.int_arg(1))
        await edit_options(ctx)

    @router.choice("vc")
    async def change(ctx: Context) -> None:
        await ctx.services.votes.change(ctx.actor, ctx.int_arg(0), ctx.arg(1))
        await vote_card(ctx, ctx.int_arg(0), edit=True)

    @router.choice("vp")
    async def open_vote(ctx: Context) -> None:
        opened = await ctx.services.votes.open(ctx.actor, ctx.int_arg())
        note = ctx.t("vote.opened", count=len(opened.view.roll))
        if opened.fell_back:
            note += "\n" + ctx.t(f"vote.fell_back.{opened.fell_back}")
        await vote_card(ctx, opened.view.vote.id, edit=True, note=note)
        await send_ballots(ctx, opened)

    async def send_ballots(ctx: Context, opened: Opened) -> None:
        view = opened.view
        if view.vote.mode == "open" and opened.fell_back is None:
            await ctx.notify_units(view.roll, ctx.t("vote.poll_posted", title=view.vote.title))
            return
        text = ctx.t("vote.ballot", title=view.vote.title, seats=view.vote.seats,
                     runoff=ctx.t("vote.runoff_note") if view.vote.runoff_of else "")
        await ctx.notify_units(view.roll, text, *ballot_rows(ctx, view, []))

    @router.choice("vt")
    async def turnout(ctx: Context) -> None:
        view, voted, waiting = await ctx.services.votes.turnout(ctx.actor, ctx.int_arg())
        text = ctx.t("vote.turnout", title=view.vote.title, voted=len(voted), count=len(view.roll),
                     done="\n".join(f"✅ {u.name}" for u in voted) or "–",
                     waiting="\n".join(f"⏳ {u.name}" for u in waiting) or "–")
        rows = [[ctx.choice("vote.remind_button", f"vr:{view.vote.id}")]] if waiting else []
        rows.append([ctx.choice("vote.back_card", f"vv:{view.vote.id}")])
        ctx.reply(text, *rows, edit=True, raw=True)

    @router.choice("vr")
    async def remind(ctx: Context) -> None:
        view, _, waiting = await ctx.services.votes.turnout(ctx.actor, ctx.int_arg())
        await ctx.notify_units([u.id for u in waiting], ctx.t("vote.reminder", title=view.vote.title),
                               [ctx.choice("vote.open_ballot", f"vb:{view.vote.id}")])
        ctx.outcome.notice = ctx.t("vote.reminded", count=len(waiting))
        ctx.reply("vote.reminded", edit=False, count=len(waiting))

    @router.choice("vx")
    async def close_vote(ctx: Context) -> None:
        closed = await ctx.services.votes.close(ctx.actor, ctx.int_arg())
        await publish(ctx, closed)

    async def publish(ctx: Context, closed: Closed) -> None:
        text = result_text(ctx.lang, closed.view, closed.tally, closed.receipts)
        ctx.reply(text, [ctx.choice("vote.back", "vl")], raw=True)
        await ctx.notify_units(closed.view.roll, text)
        # results are public: the bloc's group sees them too
        channel = ctx.inbound.sender.channel
        group = await ctx.services.votes.group_chat(ctx.actor.admin_year(), channel)
        if group is not None:
            await ctx.notify_group(group, text)
        if closed.runoff is not None:
            runoff = closed.runoff.view
            ctx.reply("vote.runoff_opened", title=runoff.vote.title,
                      options=", ".join(answer_label(ctx.lang, runoff, o.option_id) for o in runoff.options))
            await send_ballots(ctx, closed.runoff)

    # --- a unit's ballot -----------------------------------------------------------------------------

    @router.command("phieubau")
    async def my_ballots(ctx: Context) -> None:
        views = await ctx.services.votes.open_ballots(ctx.actor)
        if not views:
            ctx.reply("vote.no_ballots")
            return
        rows = [[Choice(v.vote.title, f"vb:{v.vote.id}")] for v in views]
        ctx.reply("vote.choose_ballot", *rows)

    @router.choice("vb")
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
        ctx.reply("vote.ballot_progress", *ballot_rows(ctx, view, chosen), edit=True, title=view.vote.title,
                  seats=view.vote.seats, chosen=picked)

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
        ctx.reply("vote.confirm", [ctx.choice("vote.cast_button", f"vw:{vote_id}:{mask}:{secret}"),
                                   ctx.choice("vote.change_button", f"vb:{vote_id}:{mask}:")],
                  edit=True, title=view.vote.title, chosen=picked)

    @router.choice("vy")
    async def confirm_choice(ctx: Context) -> None:
        await confirm(ctx, blank=False)

    @router.choice("vn")
    async def blank_choice(ctx: Context) -> None:
        await confirm(ctx, blank=True)

    @router.state(BALLOT)
    async def typed_on_ballot(ctx: Context) -> None:
        ctx.reply("vote.ballot_hint")

    @router.choice("vw")
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

    @router.group_command("ganketnhom")
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

    router.poll_answer = poll_answer
