"""The bloc's settings that its documents print: the superior body and the place of the date line.

Both vary by province (the reference in ../shared/reference/documents.md), so the bot never guesses them; an
export whose bloc lacks them prints a marked blank, and the head is told in chat which one is missing
(handlers/reports.py) and sets them with /vanban (handlers/admin_blocs.py).
"""

from __future__ import annotations

from bot.domain.clock import Clock
from bot.services.people import Actor, clean_name
from bot.services.refusal import Refused
from storage import audit, blocs
from storage.blocs import DocumentSettings
from storage.db import Database

__all__ = ["PLACE_MAX", "SUPERIOR_MAX", "BlocSettingsService", "DocumentSettings", "missing_settings"]

SUPERIOR_MAX = 200
PLACE_MAX = 100


def missing_settings(settings: DocumentSettings) -> list[str]:
    """The settings still unset, by name ("superior_body", "place"), for the reply that asks for them."""
    return [name for name, value in (("superior_body", settings.superior_body), ("place", settings.place))
            if not value]


class BlocSettingsService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def document_settings(self, actor: Actor) -> DocumentSettings:
        """The administered bloc's settings (admins of the year only)."""
        year = actor.admin_year()
        async with self.db.reading() as conn:
            return await blocs.document_settings(conn, year.bloc_id)

    async def missing(self, actor: Actor) -> list[str]:
        """The administered bloc's settings still unset, by name."""
        return missing_settings(await self.document_settings(actor))

    async def check(self, actor: Actor, superior_body: str, place: str | None) -> None:
        """Refuses what set_document_settings would refuse (`place` None: not given yet), saving nothing."""
        actor.admin_year()
        if clean_name(superior_body, SUPERIOR_MAX) is None:
            raise Refused("bloc_superior_invalid", max=SUPERIOR_MAX)
        if place is not None and clean_name(place, PLACE_MAX) is None:
            raise Refused("bloc_place_invalid", max=PLACE_MAX)

    async def set_document_settings(self, actor: Actor, superior_body: str, place: str) -> DocumentSettings:
        """The administered bloc's superior body and place, as typed (spaces collapsed); both required.

        The superior body is stored as typed and printed in capitals, so "Tỉnh ủy Hưng Yên" and "TỈNH ỦY HƯNG
        YÊN" give the same header.
        """
        await self.check(actor, superior_body, place)
        year = actor.admin_year()
        superior, where = clean_name(superior_body, SUPERIOR_MAX), clean_name(place, PLACE_MAX)
        assert superior is not None and where is not None
        async with self.db.transaction() as conn:
            await blocs.set_document_settings(conn, year.bloc_id, superior, where)
            await audit.record(conn, self.clock.now(), actor.person.id if actor.person else None, year,
                               "bloc.document_settings", superior_body=superior, place=where)
        return DocumentSettings(superior, where)
