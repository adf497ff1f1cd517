"""The one registry of callback actions: what a pressed button asks for.

On the wire a button carries only `code:arg1:arg2…` (Telegram allows 64 bytes of callback data), so the codes
stay the two-letter ones the bot has always used: buttons already sitting in people's chats keep working.
Everywhere else an action is named by its constant, and the dialog tables (handlers/dialog.py) say which step
answers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    name: str  # readable, for the dialog diagrams and error messages
    code: str  # what travels in the button's data
    doc: str
    strangers: bool = False  # pressable by someone who belongs to no unit yet

    def data(self, *args: object) -> str:
        """The compact wire form: `code`, then each argument after a colon."""
        return ":".join((self.code, *(str(arg) for arg in args)))


# --- menus and one's own account -----------------------------------------------------------------
MAIN_MENU = Action("menu.main", "m", "the main menu")
HELP = Action("menu.help", "h", "the help text")
ADMIN_MENU = Action("admin.menu", "am", "the admin menu")
MY_UNIT = Action("unit.mine", "mu", "the representative's own unit")
RENAME = Action("name.change", "rn", "change one's display name")
NOTICE_CHANNEL = Action("channel.choose", "nc", "where notices go: telegram, zalo or both")

# --- joining with an invite ------------------------------------------------------------------------
JOIN_CONFIRM = Action("join.confirm", "jc", "join the unit of the invite code", strangers=True)
JOIN_CANCEL = Action("join.cancel", "jn", "do not join", strangers=True)

# --- blocs and years ---------------------------------------------------------------------------------
NEW_BLOC = Action("bloc.new", "nb", "create a bloc (super-admins)")
CHOOSE_BLOC = Action("bloc.choose", "cb", "the blocs one may administer")
FOCUS_BLOC = Action("bloc.focus", "by", "administer this bloc-year")
NEXT_YEAR = Action("year.next", "ny", "open the bloc's next year")

# --- units, invites, representatives, head and deputy ------------------------------------------------
UNIT_LIST = Action("units.list", "ul", "a page of the year's units")
UNIT_CARD = Action("units.card", "uc", "one unit: its representatives and invite")
INVITE_NEW = Action("invite.new", "ui", "a new invite code for the unit")
INVITE_REVOKE = Action("invite.revoke", "ux", "revoke the unit's invite code")
MAKE_HEAD = Action("lead.head", "uh", "make the unit the head of the year")
MAKE_DEPUTY = Action("lead.deputy", "ud", "make the unit the deputy of the year")
REMOVE_REP = Action("rep.remove", "rr", "ask to remove a representative")
REMOVE_REP_YES = Action("rep.remove.yes", "ry", "remove the representative")
ALL_INVITES = Action("invite.all", "ai", "every unit's invite code")
LEADERSHIP = Action("lead.show", "ld", "the year's head and deputy")
ADD_UNIT = Action("units.add", "au", "add a unit by typing it")
IMPORT_UNITS = Action("units.import", "af", "import units from a spreadsheet")
UNITS_TEMPLATE = Action("units.template", "at", "the spreadsheet template for units")

# --- self-assessment -----------------------------------------------------------------------------------
SHEET = Action("sheet.show", "as", "the unit's score sheet (`n`: as a new message)")
SHEET_CONTINUE = Action("sheet.continue", "an", "the next unscored criterion")
SHEET_LIST = Action("sheet.list", "al", "a page of the list of criteria")
CRITERION = Action("sheet.criterion", "ac", "one criterion to score")
QUICK_VALUE = Action("sheet.value", "av", "a quick value for a criterion")
EVIDENCE_NOTE = Action("evidence.note", "ae", "add evidence to a criterion")
EVIDENCE_LIST = Action("evidence.list", "ax", "a criterion's evidence, to remove some")
EVIDENCE_REMOVE = Action("evidence.remove", "ad", "remove one piece of evidence")
EVIDENCE_FILES = Action("evidence.files", "vf", "send back a criterion's evidence files")
REVIEW = Action("sheet.review", "ar", "review the whole sheet before submitting")
SUBMIT = Action("sheet.submit", "ap", "ask to submit the sheet")
SUBMIT_YES = Action("sheet.submit.yes", "ay", "submit the sheet")
EXPLAIN_LIST = Action("explain.list", "ew", "the criteria the head adjusted (`n`: as a new message)")
EXPLAIN_ITEM = Action("explain.item", "eg", "explain one adjusted criterion")
EXPLAIN_FINISH = Action("explain.finish", "ef", "explanations finished")

# --- the criteria table, checking, ranking ----------------------------------------------------------
TABLE = Action("table.show", "ht", "the criteria table in use")
TABLE_TEMPLATE = Action("table.template", "tt", "the spreadsheet template for criteria")
TABLE_UPLOAD = Action("table.upload", "tu", "upload a criteria table")
TABLE_SAMPLE = Action("table.sample", "tl", "use the sample criteria table")
RESUBMIT = Action("table.resubmit", "rs", "allow resubmission or not (1 or 0)")
CHECK_OVERVIEW = Action("check.overview", "ho", "every unit with its sheet's status")
CHECK_UNIT = Action("check.unit", "hu", "one unit's sheet, layer by layer")
CHECK_CRITERION = Action("check.criterion", "hc", "check one criterion of a unit")
CHECK_VALUE = Action("check.value", "hv", "a quick checked value")
CHECK_SEND_BACK = Action("check.send_back", "hs", "ask to send check 1 back to the unit")
CHECK_SEND_BACK_YES = Action("check.send_back.yes", "hw", "send check 1 back (with the confirmation's token)")
CHECK_REOPEN = Action("check.reopen", "hr", "reopen a unit's sheet")
CLOSE = Action("check.close", "hz", "ask to close checking")
CLOSE_YES = Action("check.close.yes", "hy", "close checking: scores final (with the confirmation's token)")
RANKING = Action("rank.show", "hk", "a page of the ranking")

# --- deadlines and reminders --------------------------------------------------------------------------
DEADLINES = Action("deadline.list", "hd", "every step's deadline and reminders")
DEADLINE_SET = Action("deadline.set", "dl", "set or move a step's deadline")
EXTEND = Action("deadline.extend", "dx", "extend a step's deadline for one unit")
EXTEND_UNIT = Action("deadline.extend.unit", "du", "the unit to extend it for")
REMINDER_RULES = Action("deadline.reminders", "dr", "when a step's reminders go out")

# --- votes and ballots ----------------------------------------------------------------------------------
VOTES = Action("vote.list", "vl", "the year's votes")
VOTE_NEW = Action("vote.new", "vk", "draft a vote of a kind")
VOTE_CARD = Action("vote.card", "vv", "one vote")
VOTE_COMMITTEE = Action("vote.committee", "vm", "the counting committee, for the minutes")
VOTE_OPTIONS = Action("vote.options", "vo", "the nominees of a draft")
VOTE_OPTION = Action("vote.option", "vu", "a nominee in or out")
VOTE_CHANGE = Action("vote.change", "vc", "change a draft's rule")
VOTE_OPEN = Action("vote.open", "vp", "ask to open the vote")
VOTE_OPEN_YES = Action("vote.open.yes", "vq", "open the vote (with the confirmation's token)")
VOTE_TURNOUT = Action("vote.turnout", "vt", "who voted, never what")
VOTE_REMIND = Action("vote.remind", "vr", "remind the units that have not voted")
VOTE_CLOSE = Action("vote.close", "vx", "ask to close and count the vote: turnout against quorum")
VOTE_CLOSE_YES = Action("vote.close.yes", "vz", "close and count the vote (with the confirmation's token)")
BALLOT = Action("ballot.show", "vb", "a ballot, or an option chosen on it")
BALLOT_CONFIRM = Action("ballot.confirm", "vy", "confirm the options chosen")
BALLOT_BLANK = Action("ballot.blank", "vn", "a blank ballot")
BALLOT_CAST = Action("ballot.cast", "vw", "cast the ballot")

# --- registration ------------------------------------------------------------------------------------------
REGISTRATION = Action("reg.card", "gd", "the unit's registration (`n`: as a new message)")
REG_TITLES = Action("reg.titles", "ge", "the titles to register for")
REG_TITLE = Action("reg.title", "gt", "a title in or out")
REG_CULTURED = Action("reg.cultured", "gc", "cultured agency yes or no")
REG_COUNT = Action("reg.count", "gn", "type a count (staff, advanced workers, soldiers)")
REG_TARGETS = Action("reg.targets", "gg", "type the targets")
REG_SUBMIT = Action("reg.submit", "gp", "ask to submit the registration")
REG_SUBMIT_YES = Action("reg.submit.yes", "gy", "submit the registration")
REG_SUMMARY = Action("reg.summary", "gs", "the bloc's registrations")
REG_CATALOGUE = Action("reg.catalogue", "gk", "the year's catalogue of titles")
REG_CATALOGUE_REMOVE = Action("reg.catalogue.remove", "gx", "remove a title from the catalogue")
REG_CATALOGUE_ADD = Action("reg.catalogue.add", "ga", "add a title to the catalogue")

# --- the covenant ---------------------------------------------------------------------------------------------
COVENANT_STATUS = Action("cov.status", "kv", "who signed the covenant")
COVENANT_PUBLISH = Action("cov.publish", "kp", "publish a new covenant text")
COVENANT_READ = Action("cov.read", "kr", "read the covenant (`n`: as a new message)")
COVENANT_SIGN = Action("cov.sign", "ks", "ask to sign the text read")
COVENANT_SIGN_YES = Action("cov.sign.yes", "ky", "sign it")

# --- notices --------------------------------------------------------------------------------------------------
NOTICES = Action("notice.list", "ql", "the notices")
NOTICE_NEW = Action("notice.new", "qn", "write a notice")
NOTICE_TO_ALL = Action("notice.to_all", "qa", "to every unit")
NOTICE_TO_SOME = Action("notice.to_some", "qs", "to chosen units")
NOTICE_UNIT = Action("notice.unit", "qu", "a unit in or out")
NOTICE_UNITS_DONE = Action("notice.units_done", "qd", "the units are chosen")
NOTICE_SEND = Action("notice.send", "qk", "send it, asking for acknowledgement or not (1 or 0)")
NOTICE_ACK = Action("notice.ack", "qr", "a unit acknowledges the notice")
NOTICE_STATUS = Action("notice.status", "qv", "a notice's copies and acknowledgements")

# --- documents and the audit trail ---------------------------------------------------------------------------
REPORTS = Action("report.menu", "rp", "the documents one can ask for")
REPORT_SUMMARY = Action("report.summary", "rx", "the xlsx summary and annexes")
REPORT_CHART = Action("report.chart", "rc", "the ranking chart")
REPORT_VOTE = Action("report.vote", "rv", "a vote's counting minutes")
REPORT_MEETING = Action("report.meeting", "rm", "the meeting minutes")
REPORT_SUBMISSION = Action("report.submission", "ro", "the submission")
AUDIT = Action("audit.trail", "nk", "a page of the audit trail: unit (0 all), kind (- all), page")
AUDIT_UNITS = Action("audit.units", "nd", "filter the trail by unit")
AUDIT_KINDS = Action("audit.kinds", "nv", "filter the trail by kind of action")
DELIVERIES = Action("deliveries.list", "dv", "the year's copies whose delivery is unknown")
DELIVERIES_RESEND = Action("deliveries.resend", "cg", "resend every copy of the year whose delivery is unknown")
DOC_SETTINGS = Action("docs.settings", "ds", "the bloc's superior body and place, printed in its documents")
DOC_SETTINGS_EDIT = Action("docs.settings.edit", "de", "type the bloc's superior body and place again")

# --- the year-end conference ------------------------------------------------------------------------------------
CONFERENCE = Action("conf.card", "oc", "the year's conference: its agenda, attendance and where it stands")
CONF_NEW = Action("conf.new", "on", "create the year's conference by typing its details")
CONF_SECRETARIES = Action("conf.secretaries", "os", "the representatives who may be the secretary")
CONF_SECRETARY = Action("conf.secretary", "ot", "make this person the secretary")
CONF_ITEM_NEW = Action("conf.item.new", "oa", "add an agenda item of a kind (its title typed)")
CONF_ITEM_REMOVE = Action("conf.item.remove", "ox", "remove an agenda item before the conference starts")
CONF_ITEM_UP = Action("conf.item.up", "ou", "move an agenda item up")
CONF_RULE = Action("conf.rule", "or", "the next quorum, or what votes are counted over")
CONF_INVITE = Action("conf.invite", "oi", "invite every unit (and plan the reminder the day before)")
CONF_QR = Action("conf.qr", "oq", "the check-in link as a QR code to print")
CONF_CHECK_IN = Action("conf.check_in", "ok", "a delegate checks their own unit in")
CONF_DELEGATE = Action("conf.delegate", "od", "a unit authorizes a named person to attend (name typed)")
CONF_ATTENDANCE = Action("conf.attendance", "ol", "the secretary's list of units to mark")
CONF_MARK = Action("conf.mark", "om", "the secretary marks a unit present, late or absent (reason typed)")
CONF_OPEN = Action("conf.open", "oo", "the chair opens the conference")
CONF_ITEM_OPEN = Action("conf.item.open", "ob", "the chair opens an agenda item")
CONF_ITEM_POSTPONE = Action("conf.item.postpone", "op", "the chair postpones an agenda item")
CONF_ITEM_CLOSE = Action("conf.item.close", "oe", "the chair closes the open item (a vote's result announced)")
CONF_CLOSE = Action("conf.close", "oz", "the chair closes the conference")
CONF_DRAFT = Action("conf.draft", "of", "the drafted minutes' lines")
CONF_CORRECT = Action("conf.correct", "og", "the secretary corrects a drafted line (typed)")
CONF_FINAL = Action("conf.final", "oy", "approve the minutes as final")
CONF_MINUTES = Action("conf.minutes", "ow", "the minutes and each vote's count minutes as .docx")

# --- thematic movements ---------------------------------------------------------------------------------------
MOVEMENTS = Action("movement.list", "pl", "the year's movements (`n`: as a new message)")
MOVEMENT_NEW = Action("movement.new", "pn", "launch a movement: its title is asked first")
MOVEMENT_TO_ALL = Action("movement.to_all", "pa", "every unit takes part, and the movement is launched")
MOVEMENT_TO_SOME = Action("movement.to_some", "ps", "choose the units taking part")
MOVEMENT_UNIT = Action("movement.unit", "pu", "a unit in or out of the movement being launched")
MOVEMENT_UNITS_DONE = Action("movement.units_done", "pd", "the units are chosen: launch the movement")
MOVEMENT_CARD = Action("movement.card", "pc", "one movement (`n`: as a new message)")
MOVEMENT_JOIN = Action("movement.join", "pj", "the unit registers for the movement: its targets are asked")
MOVEMENT_REPORT = Action("movement.report", "pr", "the unit writes its report: text and files")
MOVEMENT_REPORT_SUBMIT = Action("movement.report.submit", "pf", "submit the unit's report")
MOVEMENT_REVIEW = Action("movement.review", "pv", "the head reads one unit's targets and report")
MOVEMENT_COMMEND = Action("movement.commend", "pk", "mark the unit for commendation: the reason is asked")
MOVEMENT_UNCOMMEND = Action("movement.uncommend", "px", "take the unit's commendation mark away")
MOVEMENT_CLOSE = Action("movement.close", "pz", "ask to close the movement")
MOVEMENT_CLOSE_YES = Action("movement.close.yes", "py", "close the movement and tell the units")


def registry(actions: Iterable[Action]) -> dict[str, Action]:
    """The actions by code, refusing two that share a code or a name."""
    by_code: dict[str, Action] = {}
    names: set[str] = set()
    for action in actions:
        # a shared code would send one button's press to another's step; a shared name would blur the diagrams
        if action.code in by_code or action.name in names:
            raise ValueError(f"action {action.name!r} ({action.code!r}) is defined twice")
        if not action.code.isalpha() or len(action.code) > 2:
            raise ValueError(f"action {action.name!r}: its code {action.code!r} must be one or two letters")
        by_code[action.code] = action
        names.add(action.name)
    return by_code


BY_CODE: dict[str, Action] = registry(value for value in list(globals().values()) if isinstance(value, Action))
