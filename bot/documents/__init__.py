"""Document renderers: plain data in (``model``), bytes out (.xlsx, .docx, .png).

Pure functions: no database, no chat. Every word printed inside a document comes from
``wording.Wording`` (Vietnamese by default).

The renderers are loaded on first use: importing the data model (which the services do at
start-up) should not pull in matplotlib, python-docx and openpyxl.
"""

from __future__ import annotations

import importlib
from typing import Any

from bot.documents.model import (
    AttendanceRow,
    CriterionAnnexRow,
    DocumentHeader,
    MeetingMinutes,
    NoticeAckRow,
    RankingRow,
    RegistrationRow,
    SignatureRow,
    Submission,
    TrailRow,
    TurnoutRow,
    VoteMinutes,
    YearReport,
)
from bot.documents.wording import VI, Wording

_RENDERERS = {
    "summary_workbook": "bot.documents.xlsx",
    "vote_minutes_docx": "bot.documents.docx",
    "meeting_minutes_docx": "bot.documents.docx",
    "submission_docx": "bot.documents.docx",
    "ranking_chart": "bot.documents.charts",
    "turnout_chart": "bot.documents.charts",
    "distribution_chart": "bot.documents.charts",
    "group_scores": "bot.documents.charts",
    "sample_report": "bot.documents.sample",
    "write_all": "bot.documents.sample",
}

__all__ = [
    "VI",
    "AttendanceRow",
    "CriterionAnnexRow",
    "DocumentHeader",
    "MeetingMinutes",
    "NoticeAckRow",
    "RankingRow",
    "RegistrationRow",
    "SignatureRow",
    "Submission",
    "TrailRow",
    "TurnoutRow",
    "VoteMinutes",
    "Wording",
    "YearReport",
    "distribution_chart",
    "group_scores",
    "meeting_minutes_docx",
    "ranking_chart",
    "sample_report",
    "submission_docx",
    "summary_workbook",
    "turnout_chart",
    "vote_minutes_docx",
    "write_all",
]


def __getattr__(name: str) -> Any:
    module = _RENDERERS.get(name)
    if module is None:
        raise AttributeError(f"module 'bot.documents' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
