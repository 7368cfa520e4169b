"""The minutes (verslag) of a meeting: every decision taken in it, read from the event log."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from casus.auth.models import Gebruiker
from casus.casussen.models import AANHOUDEN, Gebeurtenis
from casus.extensions import db
from casus.templating import aanpak_label, datum
from casus.triage import queries
from casus.triage.models import AgendaPunt, Overleg
from casus.triage.weergave import Gebeurtenisregel
from workflows import CATALOGUS
from workflows.base import NIET_OPGENOMEN

BESLUIT_TRANSITIES = ("triageren", "niet_opnemen", "omzetten", AANHOUDEN)


@dataclass
class Verslagpunt:
    punt: AgendaPunt
    besluiten: list[Gebeurtenisregel] = field(default_factory=list)


def verslag(overleg: Overleg, gebruiker: Gebruiker) -> list[Verslagpunt]:
    """Per visible agenda item, the decisions of this meeting in the order taken."""
    punten = db.session.scalars(queries.agenda(overleg, gebruiker)).unique().all()
    casus_ids = [p.casus_id for p in punten]
    events = (
        db.session.scalars(
            select(Gebeurtenis)
            .where(
                Gebeurtenis.casus_id.in_(casus_ids), Gebeurtenis.transitie.in_(BESLUIT_TRANSITIES)
            )
            .order_by(Gebeurtenis.casus_id, Gebeurtenis.volgnummer)
        ).all()
        if casus_ids
        else []
    )
    # the meeting id sits in the event's JSON data; an agenda is small, so filter here
    van_overleg = [g for g in events if (g.data or {}).get("overleg_id") == overleg.id]
    namen = _regisseurs(van_overleg)
    per_casus: dict[int, list[Gebeurtenisregel]] = {}
    for g in van_overleg:
        per_casus.setdefault(g.casus_id, []).append(Gebeurtenisregel(g, omschrijf(g, namen)))
    return [Verslagpunt(p, per_casus.get(p.casus_id, [])) for p in punten]


def omschrijf(g: Gebeurtenis, namen: dict[int, str]) -> str:
    """A decision in words, as it goes into the minutes."""
    toelichting = f" Toelichting: {g.toelichting}" if g.toelichting else ""
    if g.transitie == "triageren":
        regisseur = namen.get(int((g.data or {}).get("regisseur_id") or 0), "onbekend")
        return f"Opgenomen; regisseur {regisseur}.{toelichting}"
    if g.transitie == "niet_opnemen":
        reden = CATALOGUS.get(g.aanpak).reden(NIET_OPGENOMEN, g.reden or "")
        return f"Niet opgenomen: {reden.label if reden else g.reden}.{toelichting}"
    if g.transitie == "omzetten":
        van = str((g.data or {}).get("van_aanpak") or "")
        return f"Omgezet van {aanpak_label(van)} naar {aanpak_label(g.aanpak)}.{toelichting}"
    return f"Aangehouden tot het volgende overleg.{toelichting}"


def als_markdown(overleg: Overleg, punten: list[Verslagpunt]) -> str:
    aanpakken = ", ".join(aanpak_label(a) for a in overleg.aanpak_codes)
    regels = [
        f"# Verslag triageoverleg {datum(overleg.datum, lang=True)}",
        "",
        f"- Aanpakken: {aanpakken}",
        f"- Aanwezig: {', '.join(d.naam for d in overleg.deelnemers) or '—'}",
        "",
        "## Besluiten",
        "",
    ]
    for nr, vp in enumerate(punten, 1):
        casus = vp.punt.casus
        regels.append(f"{nr}. {casus.ref} ({aanpak_label(casus.aanpak)}), {casus.onderwerp}")
        for b in vp.besluiten:
            tekst = f"~~{b.label}~~ (gecorrigeerd)" if b.vervallen else b.label
            wie = b.gebeurtenis.gebruiker.naam if b.gebeurtenis.gebruiker else "onbekend"
            regels.append(f"   - {tekst} — {wie}, {datum(b.gebeurtenis.geregistreerd_op)}")
        if not vp.besluiten:
            regels.append("   - Geen besluit genomen.")
    regels += ["", "## Notities", "", overleg.notities or "Geen notities.", ""]
    return "\n".join(regels)


def _regisseurs(events: list[Gebeurtenis]) -> dict[int, str]:
    ids = {int(v) for g in events if isinstance(v := (g.data or {}).get("regisseur_id"), int)}
    if not ids:
        return {}
    return dict(
        db.session.execute(select(Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(ids)))
        .tuples()
        .all()
    )
