"""The inzage (AVG article 15) in words a citizen can read: per aanpak which data, from
which source, for which purpose, who received them and how long they are kept, and who
viewed the file. No code, field name or ISO timestamp: every code goes through its label
(``casus.labels``, the catalogue), every date through ``datum``.

``inzage.inzage`` stays the machine-readable export (``inzage.json``); this module builds
the page and its download from the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select

from casus import labels
from casus.audit.models import AuditRecord
from casus.audit.queries import over_persoon
from casus.auth.models import Gebruiker
from casus.brp import GEGEVENSGROEPEN
from casus.brp.models import BrpControle
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Leefgebiedenscore, Notitie
from casus.documenten.models import Document, Documentversie
from casus.extensions import db
from casus.klok import TIJDZONE, vandaag
from casus.partners import ITEMS
from casus.partners.models import Verstrekking
from casus.partners.register import grondslagtekst, verstrekkingen_van
from casus.personen.models import Persoon, PolitieContact
from casus.privacy.models import Opschoning
from casus.signalen.models import SIGNAAL_STATUSSEN, Signaal
from casus.templating import datum
from casus.toegang.actor import Actor, vereis_actor
from casus.toegang.policy import mag_inzage_geven, vereis
from casus.triage.weergave import gebeurtenislabel
from workflows import CATALOGUS
from workflows.codes import (
    CONTACT_VORMEN,
    LEEFGEBIEDEN,
    NOTITIE_SOORTEN,
    POLITIECONTACT_SOORTEN,
    SCORE_MAX,
)


def lange_datum(waarde: date | datetime | None) -> str:
    """ "6 december 2026", or with a time "6 december 2026 om 08:12" (Amsterdam)."""
    if waarde is None:
        return "onbekend"
    if isinstance(waarde, datetime):
        lokaal = waarde.astimezone(TIJDZONE)
        return f"{datum(lokaal.date(), lang=True)} om {lokaal:%H:%M}"
    return datum(waarde, lang=True)


@dataclass
class Regel:
    """One line of a list: when, and what in words."""

    wanneer: str
    tekst: str


@dataclass
class Casusdeel:
    nummer: str
    gegevens: list[tuple[str, str]]
    verloop: list[Regel]
    notities: list[Regel]
    interventies: list[Regel]
    leefgebieden: list[Regel]
    politiecontacten: list[Regel]
    documenten: list[Regel] = field(default_factory=list)


@dataclass
class Aanpakdeel:
    naam: str
    doel: str
    bronnen: list[str]
    bewaren: str
    casussen: list[Casusdeel] = field(default_factory=list)
    signalen: list[Regel] = field(default_factory=list)
    # the documents on those signals
    signaaldocumenten: list[Regel] = field(default_factory=list)


@dataclass
class Inzageoverzicht:
    opgesteld_op: str
    naam: str
    persoonsgegevens: list[tuple[str, str]]
    aanpakken: list[Aanpakdeel]
    politiecontacten: list[Regel]
    ontvangers: list[Regel]
    ingezien: list[Regel]


def leesbare_inzage(persoon: Persoon, *, actor: Actor) -> Inzageoverzicht:
    """Everything on ``persoon`` in Dutch words, per aanpak (the privacy officer)."""
    actor = vereis_actor(actor)
    vereis(mag_inzage_geven(actor), "Alleen de privacyfunctionaris kan een inzage opstellen.")
    casussen = db.session.scalars(
        select(Casus).where(Casus.persoon_id == persoon.id).order_by(Casus.aangemeld_op, Casus.id)
    ).all()
    signalen = db.session.scalars(
        select(Signaal)
        .where(Signaal.persoon_id == persoon.id)
        .order_by(Signaal.ontvangen_op, Signaal.id)
    ).all()
    contacten = db.session.scalars(
        select(PolitieContact)
        .where(PolitieContact.persoon_id == persoon.id)
        .order_by(PolitieContact.datum, PolitieContact.id)
    ).all()
    namen = _gebruikersnamen()
    opgeschoond = set(
        db.session.scalars(
            select(Opschoning.casus_id).where(Opschoning.casus_id.in_([c.id for c in casussen]))
        )
    )
    per_aanpak: dict[str, Aanpakdeel] = {}
    for c in casussen:
        deel = per_aanpak.setdefault(c.aanpak, _aanpakdeel(c.aanpak, casussen))
        deel.casussen.append(_casusdeel(c, namen, contacten, c.id in opgeschoond))
    for s in signalen:
        deel = per_aanpak.setdefault(s.aanpak, _aanpakdeel(s.aanpak, casussen))
        deel.signalen.append(_signaalregel(s))
        deel.signaaldocumenten.extend(_documentregels(Document.signaal_id == s.id))
    brp = _brp_gegevens(persoon.id)
    for aanpak, deel in per_aanpak.items():
        deel.bronnen = _bronnen(
            [c for c in casussen if c.aanpak == aanpak],
            [s for s in signalen if s.aanpak == aanpak],
            namen,
        )
        if brp.get(aanpak):
            deel.bronnen.append(
                "De Basisregistratie Personen (BRP), voor deze aanpak geraadpleegd: "
                + _opsomming([GEGEVENSGROEPEN[g].lower() for g in brp[aanpak]])
                + "."
            )
    volgorde = sorted(
        per_aanpak.items(),
        key=lambda kv: (CATALOGUS.get(kv[0]).volgorde if kv[0] in CATALOGUS else 999, kv[0]),
    )
    return Inzageoverzicht(
        opgesteld_op=lange_datum(vandaag()),
        naam=persoon.volledige_naam,
        persoonsgegevens=_persoonsgegevens(persoon),
        aanpakken=[deel for _, deel in volgorde],
        politiecontacten=[_contactregel(pc) for pc in contacten if pc.casus_id is None],
        ontvangers=_ontvangers(casussen) + _verstrekkingen(actor, casussen),
        ingezien=_ingezien(persoon.id, namen, {c.id: c.ref for c in casussen}),
    )


def _bronnen(casussen: list[Casus], signalen: list[Signaal], namen: dict[int, str]) -> list[str]:
    """Where the data of one aanpak came from, as its rows record it."""
    bronnen = []
    for c in casussen:
        door = (
            f"door {namen.get(c.created_by_id, 'een medewerker')}"
            if c.created_by_id is not None
            else "overgenomen uit het vorige registratiesysteem"
        )
        bronnen.append(f"De aanmelding van casus {c.ref} ({door}).")
    deelnemers = [d for c in casussen for d in (c.notities, c.interventies)]
    if any(deelnemers) or any(c.leefgebiedenscores for c in casussen):
        bronnen.append("Gesprekken, contactmomenten en beoordelingen van de regisseur en het team.")
    if any(_heeft_politiecontact(c.id) for c in casussen):
        bronnen.append("Politie en justitie: de data van contacten met hen.")
    for bron in dict.fromkeys(labels.bron(s.bron) for s in signalen):
        bronnen.append(f"Een signaal van: {bron}.")
    return bronnen


# the audit records of a query of the BRP on the person (casus.brp.services)
BRP_GERAADPLEEGD = "brp.geraadpleegd"
BRP_GEKOPPELD = "brp.aanmeldcontrole_gekoppeld"
# ... and of a signal it gave on one of their cases
BRP_SIGNAAL = ("brp.wijziging_gesignaleerd", "brp.wijziging_afgehandeld")


# the stored check's fields (``BrpPersoon.als_dict``) that hold each group's data
BRP_VELDEN_PER_GROEP: dict[str, tuple[str, ...]] = {
    "naam": ("voornamen", "voorvoegsel", "geslachtsnaam"),
    "geboortedatum": ("geboortedatum",),
    "adres": ("adres", "gemeente_code", "gemeente_naam"),
    "overlijden": ("overleden_op",),
    "gezag": ("gezag",),
}


def _brp_gegevens(persoon_id: int) -> dict[str, list[str]]:
    """Per aanpak the groups of data the BRP gave about the person (catalogue order of
    the groups)."""
    records = db.session.scalars(
        select(AuditRecord).where(
            AuditRecord.persoon_id == persoon_id,
            AuditRecord.actie.in_((BRP_GERAADPLEEGD, BRP_GEKOPPELD)),
            AuditRecord.uitkomst == "ok",
        )
    ).all()
    per_aanpak: dict[str, set[str]] = {}
    for r in records:
        details = r.details or {}
        aanpak = details.get("aanpak")
        if isinstance(aanpak, str):
            per_aanpak.setdefault(aanpak, set()).update(details.get("gegevens") or ())
    # and what is stored of it (a check without a record of its own, such as the demo's)
    for aanpak, gegevens in db.session.execute(
        select(BrpControle.aanpak, BrpControle.gegevens).where(BrpControle.persoon_id == persoon_id)
    ):
        per_aanpak.setdefault(aanpak, set()).update(
            groep
            for groep, velden in BRP_VELDEN_PER_GROEP.items()
            if any(gegevens.get(v) for v in velden)
        )
    return {a: [g for g in GEGEVENSGROEPEN if g in groepen] for a, groepen in per_aanpak.items()}


def _opsomming(delen: list[str]) -> str:
    """ "a, b en c"."""
    if len(delen) < 2:
        return "".join(delen)
    return ", ".join(delen[:-1]) + " en " + delen[-1]


def _brp_tekst(r: AuditRecord) -> str:
    """A query of the BRP in words: for which aanpak, why, which data, and its outcome."""
    details = r.details or {}
    aanpak = details.get("aanpak")
    tekst = f" voor {labels.aanpak(aanpak)}" if isinstance(aanpak, str) else ""
    aanleiding = labels.BRP_AANLEIDINGEN.get(str(details.get("aanleiding")))
    if aanleiding and r.actie == BRP_GERAADPLEEGD:
        tekst += f", {aanleiding}"
    gevraagd = details.get("gegevens") or ()
    groepen = [GEGEVENSGROEPEN[g].lower() for g in GEGEVENSGROEPEN if g in gevraagd]
    if groepen:
        tekst += f"; gevraagd: {_opsomming(groepen)}"
    if r.uitkomst != "ok":
        reden = labels.BRP_ZONDER_RESULTAAT.get(str(details.get("uitkomst")))
        tekst += "; zonder resultaat" + (f": {reden}" if reden else "")
    return tekst


def _heeft_politiecontact(casus_id: int) -> bool:
    return (
        db.session.scalar(
            select(PolitieContact.id).where(PolitieContact.casus_id == casus_id).limit(1)
        )
        is not None
    )


def _gebruikersnamen() -> dict[int, str]:
    return dict(db.session.execute(select(Gebruiker.id, Gebruiker.naam)).all())


def _persoonsgegevens(p: Persoon) -> list[tuple[str, str]]:
    rijen = [("Naam", p.volledige_naam)]
    if p.geboortedatum:
        rijen.append(("Geboortedatum", lange_datum(p.geboortedatum)))
    if p.bsn:
        rijen.append(("Burgerservicenummer", p.bsn))
    if p.adres:
        rijen.append(("Adres", p.adres))
    if p.wijk:
        rijen.append(("Wijk", p.wijk))
    rijen.append(("Voor het eerst vastgelegd", lange_datum(p.created_at)))
    if p.geanonimiseerd_op:
        rijen.append(("Geanonimiseerd", lange_datum(p.geanonimiseerd_op)))
    return rijen


def _aanpakdeel(aanpak: str, casussen: Sequence[Casus]) -> Aanpakdeel:
    if aanpak not in CATALOGUS:
        return Aanpakdeel(aanpak, "", [], "")
    definitie = CATALOGUS.get(aanpak)
    jaren = definitie.instellingen.bewaartermijn_jaren
    bewaren = (
        f"De gegevens worden bewaard tot {jaren} jaar nadat de casus is afgesloten. "
        "Daarna worden de naam, het adres, het burgerservicenummer en alle vrije tekst "
        "gewist; alleen gegevens zonder naam voor de statistiek blijven over."
    )
    afgesloten = [c for c in casussen if c.aanpak == aanpak and c.afgesloten_op]
    if afgesloten:
        laatste = max(c.afgesloten_op for c in afgesloten if c.afgesloten_op)
        tot = _jaren_later(laatste, jaren)
        bewaren += f" Voor de afgesloten casus(sen) hier is dat na {lange_datum(tot)}."
    return Aanpakdeel(
        naam=definitie.label,
        doel=definitie.omschrijving,
        bronnen=[],
        bewaren=bewaren,
    )


def _jaren_later(d: date, jaren: int) -> date:
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:  # 29 February
        return d.replace(year=d.year + jaren, day=28)


def _casusdeel(
    c: Casus,
    namen: dict[int, str],
    contacten: Sequence[PolitieContact],
    opgeschoond: bool,
) -> Casusdeel:
    gegevens = [
        ("Aangemeld op", lange_datum(c.aangemeld_op)),
        ("Huidige status", labels.status(c.status)),
    ]
    if c.afgesloten_op:
        gegevens.append(("Afgesloten op", lange_datum(c.afgesloten_op)))
    if c.regisseur_id:
        gegevens.append(("Regisseur", namen.get(c.regisseur_id, "onbekend")))
    if c.aanmeldreden:
        gegevens.append(("Reden van aanmelding", c.aanmeldreden))
    definitie = CATALOGUS.get(c.aanpak) if c.aanpak in CATALOGUS else None
    for code, waarde in (c.kenmerken or {}).items():
        kenmerk = definitie.kenmerk(code) if definitie else None
        if kenmerk is None or waarde in (None, ""):
            continue
        tekst = (
            labels.kenmerkwaarde(code, str(waarde), c.aanpak) if kenmerk.waarden else str(waarde)
        )
        gegevens.append((kenmerk.label, tekst))
    if opgeschoond:
        gegevens.append(("Bewaartermijn", "Verstreken: de persoonsgegevens zijn gewist."))
    return Casusdeel(
        nummer=c.ref,
        gegevens=gegevens,
        verloop=_verloop(c),
        notities=[
            Regel(lange_datum(n.datum), _notitietekst(n))
            for n in db.session.scalars(
                select(Notitie).where(Notitie.casus_id == c.id).order_by(Notitie.datum, Notitie.id)
            )
        ],
        interventies=[
            Regel(_periode(i.datum, i.einddatum), labels.interventie(i.type) + _erbij(i.tekst))
            for i in db.session.scalars(
                select(Interventie)
                .where(Interventie.casus_id == c.id)
                .order_by(Interventie.datum, Interventie.id)
            )
        ],
        leefgebieden=[
            Regel(lange_datum(s.datum), _scores(s))
            for s in db.session.scalars(
                select(Leefgebiedenscore)
                .where(Leefgebiedenscore.casus_id == c.id)
                .order_by(Leefgebiedenscore.datum, Leefgebiedenscore.id)
            )
        ],
        politiecontacten=[_contactregel(pc) for pc in contacten if pc.casus_id == c.id],
        documenten=_documentregels(Document.casus_id == c.id),
    )


def _documentregels(waar: ColumnElement[bool]) -> list[Regel]:
    """One line per document: its date, kind, title, confidentiality and how many
    versions it has (the content is not part of the overview)."""
    aantal = (
        select(func.count())
        .where(Documentversie.document_id == Document.id)
        .correlate(Document)
        .scalar_subquery()
    )
    rijen = db.session.execute(
        select(Document, aantal).where(waar).order_by(Document.datum, Document.id)
    ).all()
    return [
        Regel(
            lange_datum(d.datum),
            f"{labels.documentsoort(d.soort)}: {d.titel} "
            f"({labels.vertrouwelijkheid(d.vertrouwelijkheid).lower()}; "
            f"{versies} {'versie' if versies == 1 else 'versies'})",
        )
        for d, versies in rijen
    ]


def _erbij(tekst: str | None) -> str:
    return f": {tekst}" if tekst else ""


def _periode(van: date, tot: date | None) -> str:
    return lange_datum(van) + (f" tot en met {lange_datum(tot)}" if tot else "")


def _verloop(c: Casus) -> list[Regel]:
    """The status history in words, oldest first; a step later voided says so."""
    stappen = db.session.scalars(
        select(Gebeurtenis).where(Gebeurtenis.casus_id == c.id).order_by(Gebeurtenis.volgnummer)
    ).all()
    vervallen = {g.vervalt_id for g in stappen if g.vervalt_id is not None}
    regels = []
    for g in stappen:
        tekst = gebeurtenislabel(g)
        if g.transitie == "omzetten":
            tekst += f" (naar {labels.aanpak_voluit(g.aanpak)})"
        elif g.naar_status != g.van_status and g.transitie not in ("aanmelden", "corrigeren"):
            tekst += f"; de status werd: {labels.status(g.naar_status)}"
        if g.reden:
            tekst += f". Reden: {labels.reden(g.reden, g.aanpak, g.naar_status)}"
        if g.partij:
            tekst += f". Overgedragen aan: {g.partij}"
        if g.toelichting:
            tekst += f". Toelichting: {g.toelichting}"
        if g.id in vervallen:
            tekst += " (later gecorrigeerd: deze stap geldt niet meer)"
        regels.append(Regel(lange_datum(g.datum), tekst))
    return regels


def _notitietekst(n: Notitie) -> str:
    soort = NOTITIE_SOORTEN.get(n.soort, "Notitie")
    if n.vorm:
        soort += f" ({CONTACT_VORMEN.get(n.vorm, '').lower() or 'overig'})"
    return soort + _erbij(n.tekst)


def _scores(s: Leefgebiedenscore) -> str:
    delen = [
        f"{label} {getattr(s, code)} van {SCORE_MAX}"
        for code, label in LEEFGEBIEDEN.items()
        if getattr(s, code) is not None
    ]
    return "; ".join(delen) or "geen scores ingevuld"


def _contactregel(pc: PolitieContact) -> Regel:
    return Regel(
        lange_datum(pc.datum),
        f"Contact met {POLITIECONTACT_SOORTEN.get(pc.soort, 'politie of justitie').lower()}",
    )


def _signaalregel(s: Signaal) -> Regel:
    tekst = (
        f"Signaal over: {labels.thema(s.thema, s.aanpak)}, "
        f"afkomstig van {labels.bron(s.bron)}; {SIGNAAL_STATUSSEN.get(s.status, '').lower()}"
    ).rstrip("; ")
    return Regel(lange_datum(s.ontvangen_op), tekst + _erbij(s.tekst))


def _ontvangers(casussen: Sequence[Casus]) -> list[Regel]:
    """Partners the data went to, as the case log names them (an overdracht)."""
    if not casussen:
        return []
    stappen = db.session.scalars(
        select(Gebeurtenis)
        .where(
            Gebeurtenis.casus_id.in_([c.id for c in casussen]),
            Gebeurtenis.partij.is_not(None),
        )
        .order_by(Gebeurtenis.datum, Gebeurtenis.id)
    ).all()
    nummers = {c.id: c.ref for c in casussen}
    return [
        Regel(
            lange_datum(g.datum), f"{g.partij}, bij de overdracht van casus {nummers[g.casus_id]}"
        )
        for g in stappen
        if g.partij
    ]


def _verstrekkingen(actor: Actor, casussen: Sequence[Casus]) -> list[Regel]:
    """The items shared with partners in a casusoverleg met partners (the
    verstrekkingenregister): one line per organisation, item, case and meeting (the
    register has a row per partner user; the citizen reads which organisation), with
    the purpose and the basis, and a withdrawal when every row of it was withdrawn."""
    regels: dict[tuple[int, int, str, int], tuple[Verstrekking, datetime | None]] = {}
    for v in verstrekkingen_van(actor, [c.id for c in casussen]):
        sleutel = (v.overleg_id, v.casus_id, v.item, v.organisatie_id)
        eerder = regels.get(sleutel)
        if eerder is None:
            regels[sleutel] = (v, v.ingetrokken_op)
        elif eerder[1] is not None:
            # withdrawn only when every row is: the latest withdrawal
            later = None if v.ingetrokken_op is None else max(eerder[1], v.ingetrokken_op)
            regels[sleutel] = (eerder[0], later)
    uitkomst = []
    for v, ingetrokken in regels.values():
        tekst = (
            f"{v.organisatie.naam}: {ITEMS.get(v.item, 'een gegeven').lower()}, uit casus "
            f"{v.casus.ref}, in het casusoverleg met partners van {lange_datum(v.overleg.datum)}. "
            f"Doel: {v.doel.rstrip('.')}. Grondslag: {grondslagtekst(v.grondslag, v.artikel)}"
        )
        if ingetrokken is not None:
            tekst += f". Later ingetrokken: op {lange_datum(ingetrokken)}"
        uitkomst.append(Regel(lange_datum(v.verstrekt_op), tekst + "."))
    return uitkomst


def _ingezien(persoon_id: int, namen: dict[int, str], nummers: dict[int, str]) -> list[Regel]:
    """Every record on the person, their cases or signals that succeeded, oldest first:
    who, when, what (in words) and on which case."""
    # a query of the BRP that gave nothing still asked about the person: listed too
    records = db.session.scalars(
        select(AuditRecord)
        .where(
            over_persoon(persoon_id),
            or_(
                AuditRecord.uitkomst == "ok",
                and_(AuditRecord.actie == BRP_GERAADPLEEGD, AuditRecord.uitkomst == "mislukt"),
            ),
        )
        .order_by(AuditRecord.id)
    ).all()
    regels = []
    for r in records:
        wie = (
            namen.get(r.gebruiker_id, "een medewerker")
            if r.gebruiker_id is not None
            else "het systeem (automatisch)"
        )
        tekst = f"{wie}: {labels.audit_actie(r.actie)}"
        if r.actie in (BRP_GERAADPLEEGD, BRP_GEKOPPELD):
            tekst += _brp_tekst(r)
        elif r.actie in BRP_SIGNAAL and r.details:
            tekst += f": {labels.brp_wijziging(str(r.details.get('soort'))).lower()}"
        if r.casus_id is not None and r.casus_id in nummers:
            tekst += f" (casus {nummers[r.casus_id]})"
        regels.append(Regel(lange_datum(r.tijdstip), tekst))
    return regels
