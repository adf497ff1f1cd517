"""The words inside generated documents, taken from the message catalogue.

The project keeps every user-facing text in one catalogue, Vietnamese first and English second, so
the documents' words live there as well (``doc.<field>`` keys in ``bot.text.catalogue``) and cannot drift
from the bot's own wording or escape the catalogue's checks. The documents go to Vietnamese Party and
State offices and follow their official forms, which is why every renderer defaults to ``VI``. ``EN``
exists because the catalogue is bilingual: an English set costs nothing, and rendering it proves that
no renderer prints a word of its own.

``Wording`` stays a frozen dataclass passed to each renderer, so a corrected set is one
``dataclasses.replace`` away. Separators, the date line and Excel formats come from the catalogue too
because they are as much a matter of language as the words are. The few defaults left here are data,
not text: the folded fragments that find roles typed by an admin, and the gap Word must not collapse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import get_origin, get_type_hints

from bot.text.catalogue import MESSAGES

__all__ = ["EN", "VI", "Wording", "wording_for"]


@dataclass(frozen=True, kw_only=True)
class Wording:
    """The words of one language; build it with ``wording_for``. Comments name each template's fields."""

    # --- numbers and dates --------------------------------------------------------------
    decimal_sep: str
    thousands_sep: str
    percent: str  # value
    missing: str  # a number or name that is not known, in a Word table
    blank: str  # a gap to fill in by hand
    yes: str
    no: str
    # Nghị định 30/2020 writes days below 10 and months below 3 with a leading zero.
    date_line: str  # place, day, month, year
    time_phrase: str  # hour, minute, date (dd/mm/yyyy)
    comrade: str  # name
    gap: str  # a short gap to fill in by hand (an hour, a day, a number of copies)
    time_blank: str  # time_phrase with every part left to fill in

    # --- header block -------------------------------------------------------------------
    party_title: str
    party_star: str
    state_title: str
    state_motto: str
    # Party documents write "Số 05-BB/KTĐ" (no colon, number-kind/issuer); State documents
    # "Số: 05/BB-KTĐ" (colon, number/kind-issuer).
    number_party: str  # number
    number_state: str  # number
    number_blank_party: str  # gap, kind, issuer
    number_blank_state: str  # gap, kind, issuer
    number_gap: str = "\u00a0" * 8  # non-breaking so Word keeps the gap
    issuer_code: str
    code_minutes: str
    code_submission: str

    # --- signatures ---------------------------------------------------------------------
    sign_hint: str
    sign_count_head: str
    sign_secretary: str
    sign_member: str
    sign_chair: str
    # a collective's signature: "T/M" in Party documents (Hướng dẫn 36), "TM." in State ones
    sign_on_behalf_party: str  # body
    sign_on_behalf_state: str  # body
    sign_body: str
    sign_head_role: str
    # Roles are typed by the admin; these folded (no diacritics, lower-case) fragments find
    # the head and the secretary among them.
    role_head_keys: tuple[str, ...] = ("truong ban",)
    role_secretary_keys: tuple[str, ...] = ("thu ky",)

    # --- vote-count minutes -------------------------------------------------------------
    vm_title: str
    vm_opening: str  # time, place, kind
    kind_phrases: Mapping[str, str]
    kind_unknown: str
    vm_sec_committee: str
    vm_committee_intro: str
    vm_committee_member: str  # no, name, role
    vm_sec_subject: str
    vm_subject: str  # title
    # what was voted, by vote kind, with its purpose and year; another kind prints its title
    vm_subjects: Mapping[str, str]  # award, title, year, next_year
    with_year: str  # title, year
    vm_sec_count: str
    vm_members: str  # n
    vm_issued: str  # n
    vm_cast: str  # n
    vm_valid: str  # n, blank
    vm_valid_plain: str  # n
    vm_invalid: str  # n
    vm_invalid_blank: str  # n, blank
    vm_blank_valid: str
    vm_blank_invalid: str
    vm_quorum: str  # needed, members, cast, met
    quorum_met: str
    quorum_not_met: str
    vm_table_intro: str
    col_no: str
    col_option: str
    col_votes: str
    col_percent: str  # denominator (see below)
    denominator_members: str  # n
    denominator_cast: str  # n
    col_result: str
    elected_labels: Mapping[str, str]
    elected_default: str
    vm_rule: str  # rule
    vm_unit_votes: str  # unit, votes, base, percent, of
    vm_of_members: str
    vm_of_cast: str
    vm_and: str
    # one conclusion sentence per kind naming the units elected (vm_unit_votes joined)
    vm_conclusions: Mapping[str, str]  # units, award, year, next_year
    vm_conclusion_default: str  # units
    vm_conclusion_notes: Mapping[str, str]  # by tally outcome, appended to the conclusion
    vm_none: Mapping[str, str]  # by tally outcome when nobody is elected: tied
    vm_none_default: str  # outcome
    vm_closing: str  # hour, minute, copies

    # --- meeting minutes ----------------------------------------------------------------
    mm_title: str  # year
    mm_time: str  # time
    mm_place: str  # place
    mm_chair: str  # name
    mm_secretary: str  # name
    mm_guests: str  # names
    mm_sec_attendance: str
    mm_attendance: str  # present, total, absent, names
    mm_attendance_full: str  # present, total
    mm_attendance_unknown: str  # total
    mm_absent_reason: str  # unit, reason
    mm_absent_no_reason: str  # unit
    col_unit: str
    col_attendance: str
    col_representative: str
    present: str
    absent: str
    present_late: str
    mm_sec_ranking: str
    mm_ranking_intro: str
    mm_notes_intro: str
    mm_note_line: str  # unit, note
    mm_sec_votes: str
    mm_vote_heading: str  # no, title
    mm_rules: str  # rule
    mm_rules_for: str  # numbers, rule
    mm_vote_counts: str  # issued, cast, valid, blank, invalid, needed, members, met
    mm_vote_counts_blank_invalid: str  # the same, when the vote's rules make a blank ballot invalid
    mm_no_votes: str
    mm_sec_leaders: str  # year
    mm_next_head: str  # unit
    mm_next_deputy: str  # unit
    mm_closing: str  # hour, minute, copies
    mm_sec_proceedings: str
    mm_sec_movements: str
    mm_movements_intro: str  # count
    mm_movement: str  # title, period, occasion, taking_part, reported, commended
    mm_movement_commended: str  # units
    mm_movement_none: str
    pc_item: str  # no, title
    pc_done: str
    pc_postponed: str
    pc_not_held: str
    pc_vote_elected: str  # cast, issued, units
    pc_elected_unit: str  # unit, votes, percent
    pc_vote_none: str  # cast, issued
    pc_covenant: str  # signed, count, year
    pc_delegation: str  # unit, delegate, by

    # --- ranking columns (Word and Excel) -----------------------------------------------
    col_self: str
    col_checked: str
    col_bonus: str
    col_penalty: str
    col_final: str
    col_rank: str
    col_note: str

    # --- submission ---------------------------------------------------------------------
    sub_title: str
    sub_subject: str  # year
    sub_to: str
    sub_through: str
    # No decree numbers: the law and its decrees changed in 2024-2025 and may change again.
    sub_bases: tuple[str, ...]  # year, bloc (each line uses some of them)
    sub_request: str  # bloc
    col_award: str
    col_vote_percent: str
    sub_none: str
    sub_enclosed: str
    sub_closing: str
    recipients_label: str
    recipients: tuple[str, ...]

    # --- spreadsheets -------------------------------------------------------------------
    sheet_ranking: str
    sheet_annex: str
    sheet_registration: str
    sheet_signatures: str
    sheet_turnout: str
    sheet_notices: str
    sheet_trail: str
    sheet_movements: str
    title_ranking: str  # year
    title_annex: str  # year
    title_registration: str  # year
    title_signatures: str  # year
    title_turnout: str  # year
    title_notices: str  # year
    title_trail: str  # year
    title_movements: str  # year
    col_code: str
    col_criterion: str
    col_max: str
    col_check1: str
    col_explanation: str
    col_check2: str
    col_final_criterion: str
    col_titles: str
    col_commendations: str
    col_cultured: str
    col_staff: str
    col_advanced: str
    col_soldiers: str
    col_submitted: str
    col_signed_by: str
    col_signed_at: str
    col_version: str
    col_status: str
    signed: str
    not_signed: str
    signed_count: str  # signed, total
    prepared_by: str
    col_vote: str
    col_voted: str
    voted: str
    not_voted: str
    col_voted_count: str
    col_unit_count: str
    col_turnout_rate: str
    turnout_note: str
    col_notice: str
    col_acknowledged_at: str
    col_when: str
    col_person: str
    col_action: str
    col_movement: str
    col_period: str
    col_occasion: str
    col_targets: str
    col_reported_at: str
    col_commendation: str
    movement_unit_waiting: str
    movement_unit_registered: str
    movement_unit_reported: str
    acknowledged: str
    not_acknowledged: str
    total_row: str
    average_row: str
    # Excel number formats with a literal suffix: the cell stays a number.
    units_format: str
    page_footer: str  # &P page, &N pages (Excel header/footer codes)

    # --- charts -------------------------------------------------------------------------
    chart_score_axis: str
    chart_points_axis: str
    chart_share_axis: str
    chart_voted: str
    chart_not_voted: str
    chart_turnout_center: str  # voted, total, percent
    chart_no_data: str
    chart_group: str  # code
    chart_ranking_title: str  # year
    chart_turnout_title: str  # title
    chart_distribution_title: str  # year

    # --- file names (folded to ASCII slugs when written) --------------------------------
    file_summary: str  # year
    file_vote_minutes: str  # title
    file_meeting: str  # year
    file_submission: str  # year
    file_ranking_chart: str  # year
    file_turnout_chart: str  # title
    file_distribution_chart: str  # year


# fields that are matching data or layout, not words: they keep their defaults whatever the language
_DATA_FIELDS = frozenset({"number_gap", "role_head_keys", "role_secretary_keys"})
_PREFIX = "doc."


def _template(key: str, language: str) -> str:
    # MESSAGES rather than catalogue.t: t fills placeholders, and these are templates the renderers fill
    vi, en = MESSAGES[key]
    return en if language == "en" else vi


def _entries(name: str) -> list[tuple[str, str]]:
    """(suffix, key) of ``doc.<name>.<suffix>``, in catalogue order: the items of a list or mapping field."""
    prefix = f"{_PREFIX}{name}."
    return [(key.removeprefix(prefix), key) for key in MESSAGES if key.startswith(prefix)]


def wording_for(language: str) -> Wording:
    """The document words in ``language`` ("vi" or "en"; anything else is Vietnamese, as in ``t``)."""
    hints = get_type_hints(Wording)
    values: dict[str, object] = {}
    for f in fields(Wording):
        if f.name in _DATA_FIELDS:
            continue
        origin = get_origin(hints[f.name])
        if origin is tuple:  # doc.<name>.1, doc.<name>.2, ...
            items = sorted(_entries(f.name), key=lambda entry: int(entry[0]))
            values[f.name] = tuple(_template(key, language) for _, key in items)
        elif origin is Mapping:  # doc.<name>.<mapping key>
            values[f.name] = {suffix: _template(key, language) for suffix, key in _entries(f.name)}
        else:
            values[f.name] = _template(f"{_PREFIX}{f.name}", language)
    return Wording(**values)  # type: ignore[arg-type]


VI = wording_for("vi")
EN = wording_for("en")
