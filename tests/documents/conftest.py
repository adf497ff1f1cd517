"""Render every document of the sample year once per test session; the tests read them back."""

from __future__ import annotations

from io import BytesIO

import docx
import openpyxl
import pytest
from docx.document import Document as DocumentObject
from openpyxl.workbook.workbook import Workbook

from bot.documents import (
    YearReport,
    meeting_minutes_docx,
    submission_docx,
    summary_workbook,
    vote_minutes_docx,
)
from bot.documents.sample import sample_report


@pytest.fixture(scope="session")
def report() -> YearReport:
    return sample_report()


@pytest.fixture(scope="session")
def workbook(report: YearReport) -> Workbook:
    return openpyxl.load_workbook(BytesIO(summary_workbook(report)))


@pytest.fixture(scope="session")
def vote_docs(report: YearReport) -> list[DocumentObject]:
    return [docx.Document(BytesIO(vote_minutes_docx(report.header, v))) for v in report.votes]


@pytest.fixture(scope="session")
def meeting_doc(report: YearReport) -> DocumentObject:
    assert report.meeting is not None
    return docx.Document(BytesIO(meeting_minutes_docx(report.header, report.meeting)))


@pytest.fixture(scope="session")
def submission_doc(report: YearReport) -> DocumentObject:
    assert report.submission is not None
    return docx.Document(BytesIO(submission_docx(report.header, report.submission)))
