"""Builds the router with every dialog registered."""

from __future__ import annotations

from bot.services.container import Services
from handlers import (
    admin_blocs,
    admin_units,
    assessment,
    audit,
    checking,
    common,
    covenant,
    deadlines,
    joining,
    linking,
    my_unit,
    notices,
    registration,
    reports,
    votes,
)
from handlers.base import Router


def build_router(services: Services) -> Router:
    router = Router(services)
    for module in (common, joining, my_unit, admin_blocs, admin_units, assessment, checking, deadlines,
                   linking, votes, registration, covenant, notices,
                   reports, audit):
        module.register(router)
    return router
