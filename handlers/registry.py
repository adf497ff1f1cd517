"""Builds the router from every dialog's table; the order is the order of docs/dialogs.md."""

from __future__ import annotations

from bot.services.container import Services
from handlers import (
    admin_blocs,
    admin_units,
    assessment,
    audit,
    checking,
    common,
    conference,
    covenant,
    deadlines,
    deliveries,
    joining,
    linking,
    movements,
    my_unit,
    notices,
    registration,
    reports,
    votes,
)
from handlers.base import Router
from handlers.dialog import Dialog

DIALOGS: tuple[Dialog, ...] = (
    common.DIALOG, joining.DIALOG, my_unit.DIALOG, admin_blocs.DIALOG, admin_units.DIALOG, assessment.DIALOG,
    checking.DIALOG, deadlines.DIALOG, linking.DIALOG, votes.DIALOG, registration.DIALOG, covenant.DIALOG,
    notices.DIALOG, reports.DIALOG, audit.DIALOG, deliveries.DIALOG, conference.DIALOG,
    movements.DIALOG,
)


def build_router(services: Services) -> Router:
    router = Router(services)
    for dialog in DIALOGS:
        router.add(dialog)
    return router
