"""The database's content as plain data: row counts, and the demo database's content
independent of row ids and write times."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Leefgebiedenscore, Notitie
from casus.extensions import db
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from workflows.codes import LEEFGEBIEDEN


def aantal(model: Any, *voorwaarden: Any) -> int:
    """The rows of ``model`` that meet ``voorwaarden``, read afresh (the session's loaded
    objects are expired first)."""
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*voorwaarden)) or 0


def inhoud() -> dict[str, Any]:
    namen = {g.id: g.gebruikersnaam for g in db.session.scalars(select(Gebruiker))}
    namen[None] = None  # type: ignore[index]
    personen = {
        p.id: (p.voornaam, p.tussenvoegsel, p.achternaam, p.geboortedatum, p.bsn, p.adres, p.wijk)
        for p in db.session.scalars(select(Persoon).order_by(Persoon.id))
    }
    personen[None] = None  # type: ignore[index]
    casussen = db.session.scalars(select(Casus).order_by(Casus.id)).all()
    refs = {c.id: c.ref for c in casussen}
    refs[None] = None  # type: ignore[index]
    events = db.session.scalars(select(Gebeurtenis).order_by(Gebeurtenis.id)).all()
    volg = {e.id: (refs[e.casus_id], e.volgnummer) for e in events}
    volg[None] = None  # type: ignore[index]

    def data(d: dict[str, Any] | None) -> Any:
        if d is None:
            return None
        return {k: namen[v] if k == "regisseur_id" else v for k, v in sorted(d.items())}

    return {
        "casussen": [
            (
                c.ref,
                c.aanpak,
                c.status,
                personen[c.persoon_id],
                namen[c.regisseur_id],
                c.aangemeld_op,
                c.kenmerken,
                c.aanmeldreden,
                c.status_sinds,
                c.opname_op,
                c.afgesloten_op,
            )
            for c in casussen
        ],
        "gebeurtenissen": sorted(
            (
                refs[e.casus_id],
                e.volgnummer,
                e.transitie,
                e.van_status,
                e.naar_status,
                e.aanpak,
                e.datum,
                namen[e.gebruiker_id],
                e.reden,
                e.partij,
                e.toelichting,
                repr(data(e.data)),
                repr(volg[e.vervalt_id]),
            )
            for e in events
        ),
        "notities": sorted(
            (refs[n.casus_id], n.datum, n.soort, n.vorm or "", n.tekst, namen[n.gebruiker_id] or "")
            for n in db.session.scalars(select(Notitie))
        ),
        "interventies": sorted(
            (
                refs[i.casus_id],
                i.datum,
                i.type,
                repr(i.einddatum),
                i.tekst,
                namen[i.gebruiker_id] or "",
            )
            for i in db.session.scalars(select(Interventie))
        ),
        "scores": sorted(
            (refs[s.casus_id], s.datum, *(s.score(lg) for lg in LEEFGEBIEDEN))
            for s in db.session.scalars(select(Leefgebiedenscore))
        ),
        "politiecontacten": sorted(
            (repr(personen[p.persoon_id]), p.datum, p.soort, refs[p.casus_id] or "")
            for p in db.session.scalars(select(PolitieContact))
        ),
        "signalen": sorted(
            (
                s.aanpak,
                s.ontvangen_op,
                s.bron,
                s.thema,
                s.tekst,
                s.status,
                s.afsluitreden or "",
                refs[s.casus_id] or "",
                repr(personen[s.persoon_id]),
                s.betreft_naam or "",
                s.betreft_adres or "",
            )
            for s in db.session.scalars(select(Signaal))
        ),
    }
