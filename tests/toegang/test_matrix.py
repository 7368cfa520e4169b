"""Walk the whole permission matrix: every role against every route and method,
with cases and persons of their own aanpak and of others. A POST that changes
personal data is sent as a valid form (``GELDIG``), and must leave exactly one
complete audit record, without the free text or password it carried."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import func, select, union_all
from werkzeug.routing import Rule

from casus.api.clients import maak_client, trek_in, vernieuw_token
from casus.api.models import Apiclient
from casus.audit.models import AuditRecord
from casus.audit.zegel import verzegel
from casus.auth import mfa
from casus.auth.models import Gebruiker
from casus.brp.models import VERHUISD, BrpControle, BrpWijziging
from casus.casussen.models import Casus
from casus.errors import Ongeldig
from casus.extensions import db
from casus.klok import vandaag
from casus.partners.models import Afspraak, Partnerorganisatie, Partneroverleg
from casus.signalen.models import Signaal
from casus.signalen.services import themas
from casus.toegang.cli import BEGIN, DOC, EINDE, route_teksten
from casus.toegang.matrix import (
    API_AANROEP,
    GEEN_CLIENT,
    MATRIX,
    OBJECT_ARGUMENTEN,
    PARTNER,
    PUBLIEK,
    als_markdown,
    toegestaan,
)
from casus.toegang.policy import partneroverleg_aanpakken
from casus.triage.models import AgendaPunt, Overleg, OverlegAanpak
from tests.hulp import fabrieken
from tests.hulp import partners as partnerwereld
from tests.hulp.api import api_client, is_api_route
from tests.hulp.apimatrix import api_routes, vergeet_verzoek, vul_in
from tests.hulp.client import login
from tests.hulp.formulieren import token
from workflows.codes import INTERVENTIE_TYPES, LEEFGEBIEDEN, ROL_REGISSEUR, ROL_TRIAGE

# persona -> roles; "gedeactiveerd" is deactivated after logging in
PERSONAS: dict[str, tuple[str, ...]] = {
    "anoniem": (),
    "regisseur": ("regisseur:ipta",),
    "regisseur_ander": ("regisseur:rio",),
    "triage": ("triage:ipta",),
    "manager": ("manager",),
    "privacy": ("privacy",),
    "beheerder": ("beheerder",),
    "pga_r": ("regisseur:pga_r", "triage:pga_r"),
    "gedeactiveerd": ("regisseur:ipta",),
    # a partner user (issue 22), invited to the walk's partner meeting; it also holds a
    # team row, which must give it nothing (defence in depth)
    "partner": (PARTNER, "regisseur:ipta"),
}
# the internal pages of a partner meeting (``partneroverleg_id``: the walk's partner
# meeting), whose "aanpakken" are those a mixed meeting may hold
PARTNEROVERLEGGEN = "partneroverleggen."
# the aanpakken of the walk's cases whose items the partner meeting shares (the rio case
# is on its agenda but not confirmed, the pga_r case not on it)
GEDEELD = ("ipta",)
AANPAKKEN = ("ipta", "rio", "pga_r")
OVERGESLAGEN_METHODES = {"HEAD", "OPTIONS"}


def routes(app: Flask) -> Iterator[tuple[Rule, str]]:
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for methode in sorted((rule.methods or set()) - OVERGESLAGEN_METHODES):
            yield rule, methode


def test_every_route_and_method_is_in_the_matrix(app: Flask) -> None:
    ontbreekt = [
        f"{r.endpoint} {m} ({r.rule})" for r, m in routes(app) if (r.endpoint, m) not in MATRIX
    ]
    assert ontbreekt == [], "voeg toe aan casus/toegang/matrix.py: " + ", ".join(ontbreekt)
    bestaand = {(r.endpoint, m) for r, m in routes(app)}
    assert set(MATRIX) - bestaand == set(), "regels in de matrix zonder route"


def test_docs_toegang_shows_the_current_matrix(app: Flask) -> None:
    tekst = DOC.read_text(encoding="utf-8")
    gedocumenteerd = tekst.split(BEGIN)[1].split(EINDE)[0].lstrip("\n")
    assert gedocumenteerd == als_markdown(route_teksten(app)), (
        "docs/toegang.md is verouderd: python -m flask --app casus toegang matrix --schrijf"
    )


@dataclass
class Wereld:
    casussen: dict[str, Casus]
    doelwit: Gebruiker
    overleggen: dict[str, Overleg]
    signalen: dict[str, Signaal]
    doelclient: Apiclient  # the API client the beheerder's client pages act on
    # a signal from the BRP on each case (the case page's "Afgehandeld" acts on it)
    brp_wijzigingen: dict[str, BrpWijziging]
    # a document on each case, and on each signal (by aanpak)
    documenten: dict[str, int] = field(default_factory=dict)
    signaaldocumenten: dict[str, int] = field(default_factory=dict)
    # the partner meeting (sent, in window), its partner organisation and its action
    organisatie: Partnerorganisatie | None = None
    partneroverleg: Partneroverleg | None = None
    afspraak: Afspraak | None = None
    # a partner user the beheerder's partner pages act on (not invited anywhere)
    doelpartner: Gebruiker | None = None


def maak_persona(
    maak_gebruiker_: Any, wereld: Wereld, naam: str, rollen: tuple[str, ...]
) -> Gebruiker:
    """The persona's user; a partner persona is a partner user of the walk's organisation
    (with MFA), invited to its meeting."""
    if PARTNER not in rollen:
        return maak_gebruiker_(*rollen, naam=naam)  # type: ignore[no-any-return]
    gebruiker: Gebruiker = maak_gebruiker_(*(r for r in rollen if r != PARTNER), naam=naam)
    assert wereld.organisatie is not None
    assert wereld.partneroverleg is not None
    gebruiker.partnerorganisatie_id = wereld.organisatie.id
    mfa.activeer(gebruiker, partnerwereld.GEHEIM)
    partnerwereld.nodig_uit(wereld.partneroverleg, gebruiker)
    db.session.commit()
    return gebruiker


def log_in(client: FlaskClient, gebruiker: Gebruiker) -> Any:
    """The log-in form; a partner user also gives its code (MFA is always required)."""
    if gebruiker.is_partner:
        return partnerwereld.login_partner(client, gebruiker)
    return login(client, gebruiker)


def _document(**waar: Any) -> int:
    return int(fabrieken.document(**waar).id)


@pytest.fixture
def wereld(
    app: Flask,
    maak_gebruiker_: Any,
    maak_casus: Any,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> Wereld:
    doelwit = maak_gebruiker_("manager", naam="doelwit")
    casussen = {a: maak_casus(a, "aangemeld") for a in AANPAKKEN}
    overleggen = {
        a: Overleg(
            datum=date(2025, 1, 20),
            aanpakken=[OverlegAanpak(aanpak=a)],
            agenda=[AgendaPunt(casus=casussen[a], volgorde=1, bron="wachtrij")],
        )
        for a in AANPAKKEN
    }
    # a signal per aanpak; only aanpakken that take signals (pga_r here) show theirs
    signalen = {
        a: Signaal(aanpak=a, ontvangen_op=date(2025, 1, 10), bron="collega", thema="radicalisering")
        for a in AANPAKKEN
    }
    db.session.add_all([*overleggen.values(), *signalen.values()])
    db.session.flush()
    doelclient, _ = maak_client(
        "doelwit client", rollen=["manager"], geldig_tot=vandaag() + timedelta(days=30)
    )
    db.session.flush()
    controles = {
        a: BrpControle(persoon_id=c.persoon_id, aanpak=a, bsn="999996009", gegevens={})
        for a, c in casussen.items()
    }
    db.session.add_all(controles.values())
    db.session.flush()
    brp_wijzigingen = {
        a: BrpWijziging(
            casus_id=c.id,
            persoon_id=c.persoon_id,
            controle_id=controles[a].id,
            soort=VERHUISD,
            omschrijving="Ingeschreven in 's-Gravenhage",
        )
        for a, c in casussen.items()
    }
    db.session.add_all(brp_wijzigingen.values())
    db.session.flush()
    # the documents' own storage for this test (no virus scanner: not configured here)
    monkeypatch.setitem(app.config, "DOCUMENTEN_MAP", str(tmp_path / "documenten"))
    documenten = {a: _document(casus=c) for a, c in casussen.items()}
    signaaldocumenten = {a: _document(signaal=s) for a, s in signalen.items() if themas(a)}
    # the partner meeting: sent and in window; the ipta case's items confirmed, the rio
    # case's not (so not shared), the pga_r case not on it (a mixed meeting)
    organisatie = partnerwereld.maak_organisatie(partnerwereld.maak_verband())
    partneroverleg = partnerwereld.bouw_overleg(
        voorzitter=doelwit,
        punten=[
            partnerwereld.Punt(casussen["ipta"], items=("personalia", "verloop")),
            partnerwereld.Punt(casussen["rio"], items=("personalia",), bevestigd=False),
        ],
    )
    afspraak = partnerwereld.maak_afspraak(
        partneroverleg, casussen["ipta"], organisatie=organisatie
    )
    doelpartner = partnerwereld.maak_partner("doelpartner", organisatie)
    db.session.commit()
    return Wereld(
        casussen,
        doelwit,
        overleggen,
        signalen,
        doelclient,
        brp_wijzigingen,
        documenten,
        signaaldocumenten,
        organisatie,
        partneroverleg,
        afspraak,
        doelpartner,
    )


# free text and a password the walk submits: they must never reach the log
VRIJE_TEKST = "Moeder vertelt over de schulden en de ruzie thuis"
NIEUW_WACHTWOORD = "een-heel-nieuw-wachtwoord-77"  # test only


def _regisseur(aanpak: str) -> str:
    ids = db.session.scalars(
        select(Gebruiker.id)
        .join(Gebruiker.teams)
        .where(Gebruiker.actief, Gebruiker.is_api_client.is_(False))
        .filter_by(rol=ROL_REGISSEUR, aanpak=aanpak)
        .order_by(Gebruiker.id)
    )
    return str(next(iter(ids), ""))


def _signaal_aanpak(gebruiker: Gebruiker) -> str:
    return next((a for a in sorted(gebruiker.aanpakken()) if themas(a)), "")


def _signaal_thema(gebruiker: Gebruiker) -> str:
    return next(iter(themas(_signaal_aanpak(gebruiker))), "")


def _casusform(prefix: str, casus: Casus, **velden: str) -> dict[str, Any]:
    return {
        f"{prefix}-token": token(),
        f"{prefix}-versie": str(casus.versie),
        **{f"{prefix}-{k}": v for k, v in velden.items()},
    }


Gegevens = Callable[[Casus, Wereld, Gebruiker], dict[str, Any]]
# endpoint -> a valid form for a POST that changes personal data (see Toegangsregel.logt)
GELDIG: dict[str, Gegevens] = {
    "aanmelding.registreer": lambda c, w, g: {
        "token": token(),
        "voornaam": "Wandel",
        "achternaam": f"Persoon {token()}",
        "geboortedatum": "2001-02-03",
        "aangemeld_op": vandaag().isoformat(),
        "aanmeldreden": VRIJE_TEKST,
    },
    "casussen.notitie": lambda c, w, g: _casusform(
        "notitie", c, soort="notitie", datum=vandaag().isoformat(), tekst=VRIJE_TEKST
    ),
    "casussen.interventie": lambda c, w, g: _casusform(
        "interventie",
        c,
        type=next(iter(INTERVENTIE_TYPES)),
        datum=vandaag().isoformat(),
        tekst=VRIJE_TEKST,
    ),
    "casussen.politiecontact": lambda c, w, g: _casusform(
        "politiecontact", c, soort="politie", datum=vandaag().isoformat()
    ),
    "casussen.leefgebieden": lambda c, w, g: _casusform(
        "leefgebieden", c, datum=vandaag().isoformat(), **{next(iter(LEEFGEBIEDEN)): "3"}
    ),
    "casussen.kenmerken": lambda c, w, g: _casusform("kenmerken", c, wijk="Dorp"),
    "casussen.transitie": lambda c, w, g: _casusform(
        "triageren", c, datum=vandaag().isoformat(), regisseur=_regisseur(c.aanpak)
    ),
    "triage.besluit": lambda c, w, g: {
        "token": token(),
        "versie": str(c.versie),
        "besluit": "aanhouden",
        "toelichting": VRIJE_TEKST,
    },
    "triage.toewijzen": lambda c, w, g: {
        "token": token(),
        "versie": str(c.versie),
        "regisseur": _regisseur(c.aanpak),
        "toelichting": VRIJE_TEKST,
    },
    "triage.corrigeren": lambda c, w, g: {
        "token": token(),
        "versie": str(c.versie),
        "reden": VRIJE_TEKST,
    },
    "triage.nieuw_overleg": lambda c, w, g: {
        "token": token(),
        "datum": vandaag().isoformat(),
        "aanpakken": sorted(g.aanpakken_als(ROL_TRIAGE)),
    },
    "triage.notities": lambda c, w, g: {"token": token(), "notities": VRIJE_TEKST},
    "signalen.nieuw": lambda c, w, g: {
        "token": token(),
        "aanpak": _signaal_aanpak(g),
        "ontvangen_op": vandaag().isoformat(),
        "bron": "collega",
        "thema": _signaal_thema(g),
        "tekst": VRIJE_TEKST,
    },
    "signalen.koppelen": lambda c, w, g: {
        "token": token(),
        "versie": str(w.signalen[c.aanpak].versie),
        "casus_ref": c.ref,
    },
    "signalen.afsluiten": lambda c, w, g: {
        "token": token(),
        "versie": str(w.signalen[c.aanpak].versie),
        "afsluitreden": "Geen aanwijzingen",
    },
    "signalen.omzetten": lambda c, w, g: {
        "token": token(),
        "versie": str(w.signalen[c.aanpak].versie),
        "voornaam": "Wandel",
        "achternaam": "Omzetting",
        "stap": "bevestigen",
    },
    "beheer.nieuw": lambda c, w, g: {
        "token": token(),
        "gebruikersnaam": f"nieuw_{token()}".lower(),
        "naam": "Nieuwe Collega",
        "wachtwoord": NIEUW_WACHTWOORD,
        "rollen": ["manager"],
    },
    "beheer.gebruiker": lambda c, w, g: {"token": token(), "rollen": ["privacy"]},
    "beheer.actief": lambda c, w, g: {"token": token(), "actief": "nee"},
    "beheer.wachtwoord": lambda c, w, g: {"token": token(), "wachtwoord": NIEUW_WACHTWOORD},
    # the target has no SSO identity: the walk sees the refusal's record
    "beheer.alleen_sso": lambda c, w, g: {"token": token(), "alleen_sso": "y"},
    # likewise: not linked, so the walk sees the refusal's record
    "beheer.sso_ontkoppelen": lambda c, w, g: {"token": token()},
    "api_beheer.nieuw": lambda c, w, g: {
        "token": token(),
        "naam": f"walk {token()}".replace("-", "_"),
        "rollen": ["manager"],
        "geldig_tot": (vandaag() + timedelta(days=30)).isoformat(),
        "limiet": "60",
    },
    "api_beheer.client": lambda c, w, g: {
        "token": token(),
        "rollen": ["manager", "regisseur:ipta"],
        "geldig_tot": (vandaag() + timedelta(days=60)).isoformat(),
        "limiet": "90",
        "omschrijving": "",
    },
    "api_beheer.vernieuw": lambda c, w, g: {"token": token()},
    "documenten.casus_toevoegen": lambda c, w, g: _documentform(),
    "documenten.signaal_toevoegen": lambda c, w, g: _documentform(),
    "documenten.casus_nieuwe_versie": lambda c, w, g: _versieform(w.documenten[c.aanpak]),
    "documenten.signaal_nieuwe_versie": lambda c, w, g: _versieform(
        w.signaaldocumenten.get(c.aanpak, 999_999)
    ),
    "api_beheer.intrekken": lambda c, w, g: {"token": token(), "bevestigd": "y"},
    "partner.terugmelden": lambda c, w, g: {
        f"terugmelding{_id(w.afspraak)}-token": token(),
        f"terugmelding{_id(w.afspraak)}-tekst": VRIJE_TEKST,
    },
}


def _id(obj: Any) -> int:
    return int(obj.id) if obj is not None else 999_999


def _documentform() -> dict[str, Any]:
    return {
        "document-token": token(),
        "document-titel": "Brief van de corporatie",
        "document-soort": "brief",
        "document-datum": vandaag().isoformat(),
        "document-vertrouwelijkheid": "zaakvertrouwelijk",
        "document-toelichting": VRIJE_TEKST,
        "document-bestand": (io.BytesIO(fabrieken.PDF), "brief.pdf"),
    }


def _versieform(document_id: int) -> dict[str, Any]:
    prefix = f"versie{document_id}"
    return {
        f"{prefix}-token": token(),
        f"{prefix}-toelichting": VRIJE_TEKST[:100],
        f"{prefix}-bestand": (io.BytesIO(fabrieken.PDF + b"% 2\n"), "brief-2.pdf"),
    }


def url_voor(rule: Rule, casus: Casus, wereld: Wereld) -> str:
    waarden = {
        "casus_id": casus.id,
        "persoon_id": casus.persoon_id,
        "gebruiker_id": wereld.doelwit.id,
        "overleg_id": wereld.overleggen[casus.aanpak].id,
        "aanpak": casus.aanpak,
        "trigger": "triageren",
        "formaat": "csv",
        "signaal_id": wereld.signalen[casus.aanpak].id,
        "client_id": wereld.doelclient.id,
        "wijziging_id": wereld.brp_wijzigingen[casus.aanpak].id,
        # the document of the URL's case, or of its signal
        # (an aanpak that takes no signals has none: nobody sees its signal anyway)
        "document_id": (
            wereld.signaaldocumenten if "signaal_id" in rule.arguments else wereld.documenten
        ).get(casus.aanpak, 999_999),
        "versie": 1,
        "partneroverleg_id": _id(wereld.partneroverleg),
        "afspraak_id": _id(wereld.afspraak),
        # the partner meeting's first agenda point (the ipta case) and one of its items
        "punt_id": _id(wereld.partneroverleg.agenda[0] if wereld.partneroverleg else None),
        "deelitem_id": _id(
            wereld.partneroverleg.agenda[0].items[0] if wereld.partneroverleg else None
        ),
    }
    if rule.endpoint.startswith("partnerbeheer."):
        # the beheerder's partner pages: the walk's organisation, its verband, a partner
        waarden["gebruiker_id"] = _id(wereld.doelpartner)
        waarden["organisatie_id"] = _id(wereld.organisatie)
        waarden["verband_id"] = wereld.organisatie.verband_id if wereld.organisatie else 1
    return vul_in(rule, {arg: waarden.get(arg, 1) for arg in rule.arguments})


# tables a GET may write to: its own audit record, the session's activity, throttling, and
# the cached report of an ended period (casus.rapportage.cache)
MAG_BIJ_GET = {"audit_record", "sessie", "inlogteller", "rapport_cache"}


def inhoud() -> tuple[int, ...]:
    """Row counts of every other table, in one round trip."""
    tabellen = [t for t in db.metadata.sorted_tables if t.name not in MAG_BIJ_GET]
    # plus the sum of case versions, so an UPDATE of a case shows too
    tellingen = union_all(
        *(select(func.count()).select_from(t) for t in tabellen),
        select(func.coalesce(func.sum(Casus.versie), 0)),
    )
    return tuple(db.session.scalars(tellingen))


def laatste_record_id() -> int:
    """The highest audit record id so far (ids have gaps: a rolled-back record's id is
    not used again on PostgreSQL)."""
    return db.session.scalar(select(func.max(AuditRecord.id))) or 0


def test_the_whole_matrix_holds_for_every_role(  # noqa: C901 - one walk over every case
    app: Flask, maak_gebruiker_: Any, wereld: Wereld
) -> None:
    clients: dict[str, tuple[FlaskClient, Gebruiker | None]] = {}
    for naam, rollen in PERSONAS.items():
        client = app.test_client()
        gebruiker = None
        if naam != "anoniem":
            gebruiker = maak_persona(maak_gebruiker_, wereld, f"p_{naam}", rollen)
            # regisseur of the ipta case: their own caseload
            if naam == "regisseur":
                wereld.casussen["ipta"].regisseur_id = gebruiker.id
            db.session.commit()
            g.pop("_login_user", None)
            assert log_in(client, gebruiker).status_code == 302
        clients[naam] = (client, gebruiker)
    clients["gedeactiveerd"][1].actief = False  # type: ignore[union-attr]
    db.session.commit()

    fouten: list[str] = []
    # logging out ends the persona's session: do it last. The API is walked by
    # test_the_api_matrix_holds_for_every_role (a session counts for nothing there)
    alle = sorted(
        ((r, m) for r, m in routes(app) if not MATRIX[(r.endpoint, m)].api),
        key=lambda rm: rm[0].endpoint == "auth.uitloggen",
    )
    for naam, (client, gebruiker) in clients.items():
        for rule, methode in alle:
            regel = MATRIX[(rule.endpoint, methode)]
            heeft_object = any(a in rule.arguments for a in OBJECT_ARGUMENTEN)
            # a partner meeting: one meeting, the aanpakken it may hold
            partneroverleg = heeft_object and rule.endpoint.startswith(PARTNEROVERLEGGEN)
            for aanpak in AANPAKKEN if heeft_object and not partneroverleg else AANPAKKEN[:1]:
                casus = wereld.casussen[aanpak]
                url = url_voor(rule, casus, wereld)
                db.session.expire_all()
                object_aanpakken = frozenset({aanpak}) if heeft_object else None
                if partneroverleg:
                    object_aanpakken = frozenset(partneroverleg_aanpakken("gemengd"))
                mag = toegestaan(gebruiker, regel, object_aanpakken)
                if PARTNER in regel.wie and "casus_id" in rule.arguments:
                    mag = mag and aanpak in GEDEELD  # only a case with a shared item
                voor = laatste_record_id()
                inhoud_voor = inhoud() if methode == "GET" else ()
                # the test's app context (and its g) outlives requests: forget the user
                g.pop("_login_user", None)
                gegevens = GELDIG.get(rule.endpoint) if methode == "POST" else None
                data = gegevens(casus, wereld, gebruiker) if gegevens and gebruiker else {"_": "1"}
                antwoord = client.open(url, method=methode, data=data)
                code = antwoord.status_code
                naar_inloggen = code == 302 and "/inloggen?next=" in antwoord.headers["Location"]
                wat = f"{naam} {methode} {url}: {code}"
                if code >= 500:
                    fouten.append(f"{wat} (serverfout)")
                elif mag and (code == 404 or naar_inloggen):
                    fouten.append(f"{wat}, verwacht toegang")
                elif not mag and gebruiker is not None and gebruiker.is_active and code != 404:
                    fouten.append(f"{wat}, verwacht 404")
                elif (
                    not mag and (gebruiker is None or not gebruiker.is_active) and not naar_inloggen
                ):
                    fouten.append(f"{wat}, verwacht doorsturen naar inloggen")
                fouten += kanaries(
                    wat,
                    naam,
                    gebruiker,
                    antwoord.get_data().decode("utf-8", errors="replace"),
                    wereld,
                )
                if methode == "GET" and inhoud() != inhoud_voor:
                    fouten.append(f"{wat}: een GET wijzigde gegevens")
                actie = (regel.logt or "").replace("<trigger>", "triageren")
                if mag and regel.logt:
                    fouten += controleer_log(wat, actie, voor, gebruiker)
                    if methode == "POST" and rule.endpoint in GELDIG:
                        fouten += controleer_object(wat, actie, voor, rule, casus, wereld)
                elif regel.logt and records_van(actie, voor):
                    fouten.append(f"{wat}: '{actie}' gelogd zonder toegang")
    fouten += controleer_geen_inhoud()
    assert fouten == [], "\n".join(fouten)


def test_every_post_that_logs_is_walked_with_a_valid_form() -> None:
    logt = {e for (e, m), r in MATRIX.items() if m == "POST" and r.logt and not r.api}
    assert logt - {"auth.uitloggen"} == set(GELDIG), "voeg een geldig formulier toe aan GELDIG"
    api = {e for (e, m), r in MATRIX.items() if m == "POST" and r.api}
    assert api == set(GELDIG_API), "voeg een geldige inhoud toe aan GELDIG_API"


def kanaries(
    wat: str, naam: str, gebruiker: Gebruiker | None, tekst: str, wereld: Wereld
) -> list[str]:
    """Cases of aanpakken the user is not in never show up (privacy's inzage excepted);
    for a partner user no case's reference ever (its pages name none)."""
    if naam == "privacy":
        return []
    eigen = (
        gebruiker.aanpakken()
        if gebruiker is not None and gebruiker.is_active and not gebruiker.is_partner
        else set()
    )
    return [
        f"{wat}: toont casus {c.ref} ({a})"
        for a, c in wereld.casussen.items()
        if a not in eigen and c.ref in tekst
    ]


def records_van(actie: str, voor: int) -> list[AuditRecord]:
    """The records of ``actie`` after id ``voor``, sealed (place and hashes set)."""
    verzegel()
    db.session.commit()
    return list(
        db.session.scalars(
            select(AuditRecord).where(AuditRecord.id > voor, AuditRecord.actie == actie)
        )
    )


def controleer_log(wat: str, actie: str, voor: int, gebruiker: Gebruiker | None) -> list[str]:
    van_actie = records_van(actie, voor)
    if len(van_actie) != 1:
        return [f"{wat}: {len(van_actie)} records '{actie}', verwacht 1"]
    r = van_actie[0]
    verplicht = (r.tijdstip, r.gebruikersnaam, r.uitkomst, r.client_adres, r.hash, r.vorige_hash)
    if any(v in (None, "") for v in verplicht) or r.gebruiker_id != gebruiker.id:  # type: ignore[union-attr]
        return [f"{wat}: record {r.id} mist velden"]
    if r.uitkomst not in ("ok", "geweigerd"):
        return [f"{wat}: record {r.id} met uitkomst {r.uitkomst}"]
    return []


def controleer_object(
    wat: str, actie: str, voor: int, rule: Rule, casus: Casus, wereld: Wereld
) -> list[str]:
    """The record of a change names its object: the case and its person, the signal,
    the meeting or the user of the URL; a new case, signal, meeting or user once made."""
    [r] = records_van(actie, voor)
    db.session.expire_all()
    args = set(rule.arguments)
    fout = [
        f"{wat}: record {r.id} ({r.uitkomst}) mist of verkeerd object: "
        f"{r.object_type} {r.object_id} casus {r.casus_id} persoon {r.persoon_id}"
    ]
    if not r.object_type:
        return fout
    if "casus_id" in args and (r.casus_id, r.persoon_id) != (casus.id, casus.persoon_id):
        return fout
    verwacht = {
        "signaal_id": ("signaal", wereld.signalen[casus.aanpak].id),
        "overleg_id": ("overleg", wereld.overleggen[casus.aanpak].id),
        "gebruiker_id": ("gebruiker", wereld.doelwit.id),
        "client_id": ("api_client", wereld.doelclient.id),
    }
    if rule.endpoint.startswith("documenten."):
        # a document's record names the document; on a signal, the signal in its details
        del verwacht["signaal_id"]
        signaal_id = (r.details or {}).get("signaal_id")
        if r.object_type != "document" or (
            "signaal_id" in args and signaal_id != wereld.signalen[casus.aanpak].id
        ):
            return fout
    for arg, (soort, object_id) in verwacht.items():
        if arg in args and (r.object_type, r.object_id) != (soort, str(object_id)):
            return fout
    if r.uitkomst == "ok" and not r.object_id:
        return fout
    if (
        r.uitkomst == "ok"
        and rule.endpoint == "aanmelding.registreer"
        and not (r.casus_id and r.persoon_id)
    ):
        return fout
    return []


def controleer_geen_inhoud() -> list[str]:
    """No free text of a case and no password in any record."""
    return [
        f"record {r.id} ({r.actie}) bevat vrije tekst of een wachtwoord"
        for r in db.session.scalars(select(AuditRecord))
        if any(t in repr(r.inhoud()) for t in (VRIJE_TEKST, NIEUW_WACHTWOORD, "Wandel"))
    ]


# -- the API door ---------------------------------------------------------------------


def test_the_matrix_marks_exactly_the_api_routes(app: Flask) -> None:
    """``Toegangsregel.api`` is set on the routes of /api/v1 and on no other route."""
    verkeerd = [
        f"{r.endpoint} {m}"
        for r, m in routes(app)
        if MATRIX[(r.endpoint, m)].api != is_api_route(r.endpoint)
    ]
    assert verkeerd == []


def _signaalaanpak_of_ander(g: Gebruiker) -> str:
    """The client's aanpak that takes signals, else one that does (of another team)."""
    return _signaal_aanpak(g) or "ondermijning"


# endpoint -> a valid JSON body for an API POST (every API call logs api.aanroep)
GELDIG_API: dict[str, Gegevens] = {
    "api_casussen.registreer": lambda c, w, g: {
        "aanpak": next(iter(sorted(g.aanpakken())), "ipta"),
        "aangemeld_op": vandaag().isoformat(),
        "aanmeldreden": VRIJE_TEKST,
        "persoon": {
            "voornaam": "Wandel",
            "achternaam": f"Persoon {token()}",
            "geboortedatum": "2001-02-03",
        },
    },
    "api_casussen.transitie": lambda c, w, g: {
        "trigger": "triageren",
        "datum": vandaag().isoformat(),
        "regisseur": int(_regisseur(c.aanpak) or 0) or None,
    },
    "api_casuswerk.voeg_notitie_toe": lambda c, w, g: {
        "soort": "notitie",
        "datum": vandaag().isoformat(),
        "tekst": VRIJE_TEKST,
    },
    "api_casuswerk.voeg_interventie_toe": lambda c, w, g: {
        "type": next(iter(INTERVENTIE_TYPES)),
        "datum": vandaag().isoformat(),
        "tekst": VRIJE_TEKST,
    },
    "api_documenten.voeg_document_toe": lambda c, w, g: {
        "titel": "Brief van de corporatie",
        "soort": "brief",
        "datum": vandaag().isoformat(),
        "toelichting": VRIJE_TEKST[:100],
        "bestand": (io.BytesIO(fabrieken.PDF), "brief.pdf"),
    },
    "api_documenten.voeg_versie_toe": lambda c, w, g: {
        "toelichting": VRIJE_TEKST[:100],
        "bestand": (io.BytesIO(fabrieken.PDF + b"% 2\n"), "brief-2.pdf"),
    },
    "api_signalen.registreer": lambda c, w, g: {
        "aanpak": _signaalaanpak_of_ander(g),
        "ontvangen_op": vandaag().isoformat(),
        "bron": "collega",
        "thema": next(iter(themas(_signaalaanpak_of_ander(g)))),
        "tekst": VRIJE_TEKST,
    },
}


# endpoint -> the query string a GET needs to get past validation to its answer
QUERY_API = {"api_rapport.rapport": "?periode=2025-H1"}


@dataclass
class Apipersona:
    """A persona at the API door: its client's token and account, or no valid client."""

    naam: str
    token: str | None  # None: no Authorization header
    gebruiker: Gebruiker | None  # the client's account; None when the token is not valid


def _api_personas(http: FlaskClient) -> list[Apipersona]:
    """Every web persona as an API client with the same roles, but those no client can
    hold; the deactivated persona as a revoked client; and an expired client, a rotated
    token and an unknown one."""
    personas = []
    for naam, rollen in PERSONAS.items():
        if naam == "anoniem":
            personas.append(Apipersona(naam, None, None))
        elif set(rollen) & set(GEEN_CLIENT):
            continue
        else:
            api = api_client(http, *rollen, naam=f"walk {naam}", limiet_per_minuut=10_000)
            personas.append(Apipersona(naam, api.token, api.client.gebruiker))
            if naam == "gedeactiveerd":
                trek_in(api.client)
                personas[-1].gebruiker = None
    verlopen = api_client(http, "regisseur:ipta", naam="walk verlopen", limiet_per_minuut=10_000)
    verlopen.client.geldig_tot = vandaag() - timedelta(days=1)  # its last day was yesterday
    vernieuwd = api_client(http, "regisseur:ipta", naam="walk vernieuwd", limiet_per_minuut=10_000)
    vernieuw_token(vernieuwd.client)
    db.session.commit()
    return [
        *personas,
        Apipersona("verlopen", verlopen.token, None),
        Apipersona("oud_token", vernieuwd.token, None),
        Apipersona("onbekend_token", "casus_" + "x" * 43, None),
    ]


def test_no_client_can_hold_the_privacy_or_the_beheerder_role() -> None:
    for naam, rollen in PERSONAS.items():
        if not set(rollen) & set(GEEN_CLIENT):
            continue
        with pytest.raises(Ongeldig) as fout:
            maak_client(
                f"client van {naam}", rollen=rollen, geldig_tot=vandaag() + timedelta(days=1)
            )
        assert fout.value.veld == "rollen"
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Apiclient)) == 0


def test_a_web_session_opens_no_api_route(app: Flask, maak_gebruiker_: Any, wereld: Wereld) -> None:
    """Logged in on the web (privacy and beheerder too, who can have no client), a
    session cookie reaches no API route but the API's description: 401."""
    fouten = []
    bezocht = 0
    for naam, rollen in PERSONAS.items():
        if naam in ("anoniem", "gedeactiveerd"):
            continue
        http = app.test_client()
        gebruiker = maak_persona(maak_gebruiker_, wereld, f"sessie_{naam}", rollen)
        db.session.commit()
        vergeet_verzoek()
        assert log_in(http, gebruiker).status_code == 302
        for rule, methode in api_routes(app):
            casus = wereld.casussen["ipta"]
            url = url_voor(rule, casus, wereld)
            vergeet_verzoek()
            kop = {"If-Match": f'"{casus.versie}"'}
            antwoord = http.open(url, method=methode, json={}, headers=kop)
            verwacht = 200 if PUBLIEK in MATRIX[(rule.endpoint, methode)].wie else 401
            bezocht += 1
            if antwoord.status_code != verwacht:
                fouten.append(
                    f"{naam} {methode} {url}: {antwoord.status_code}, verwacht {verwacht}"
                )
    assert fouten == [], "\n".join(fouten)
    assert bezocht >= (len(PERSONAS) - 2) * len(list(api_routes(app)))


def test_the_api_matrix_holds_for_every_role(  # noqa: C901 - one walk over every case
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, wereld: Wereld
) -> None:
    """Every API route for every persona's client, with cases and signals of its own
    aanpak and of others: access as the matrix says, 404 outside it, 401 without a
    valid token, one api.aanroep per call of a valid client, no other team's case."""
    for aanpak in AANPAKKEN:  # a person to triage a case to (a client cannot be one)
        maak_gebruiker_(f"regisseur:{aanpak}", naam=f"mens_{aanpak}")
    personas = _api_personas(client)
    # the regisseur's client is the assigned regisseur of the ipta case (as on the web)
    regisseur = next(p for p in personas if p.naam == "regisseur")
    wereld.casussen["ipta"].regisseur_id = regisseur.gebruiker.id  # type: ignore[union-attr]
    db.session.commit()
    fouten: list[str] = []
    # (endpoint, method) -> the status codes the walk saw
    gezien: dict[tuple[str, str], set[int]] = {}
    for persona in personas:
        for rule, methode in api_routes(app):
            regel = MATRIX[(rule.endpoint, methode)]
            heeft_object = any(a in rule.arguments for a in OBJECT_ARGUMENTEN)
            for aanpak in AANPAKKEN if heeft_object else AANPAKKEN[:1]:
                db.session.expire_all()
                casus = wereld.casussen[aanpak]
                url = url_voor(rule, casus, wereld) + QUERY_API.get(rule.endpoint, "")
                g_ = persona.gebruiker
                mag = toegestaan(g_, regel, frozenset({aanpak}) if heeft_object else None)
                voor = laatste_record_id()
                inhoud_voor = inhoud() if methode == "GET" else ()
                kop = {"If-Match": f'"{casus.versie}"'}
                if persona.token is not None:
                    kop["Authorization"] = f"Bearer {persona.token}"
                gegevens = GELDIG_API.get(rule.endpoint) if methode == "POST" else None
                body = gegevens(casus, wereld, g_) if gegevens and g_ is not None else {}
                vergeet_verzoek()
                # an upload is multipart (a file in the body), everything else JSON
                multipart = any(isinstance(v, tuple) for v in body.values())
                antwoord = client.open(
                    url,
                    method=methode,
                    headers=kop,
                    **({"data": body} if multipart else {"json": body}),
                )
                code = antwoord.status_code
                wat = f"{persona.naam} {methode} {url}: {code}"
                gezien.setdefault((rule.endpoint, methode), set()).add(code)
                if code >= 500:
                    fouten.append(f"{wat} (serverfout)")
                elif PUBLIEK in regel.wie:
                    if code != 200:
                        fouten.append(f"{wat}, verwacht 200 (openbaar)")
                elif g_ is None:
                    if code != 401 or antwoord.content_type != "application/problem+json":
                        fouten.append(f"{wat}, verwacht 401 (problem+json)")
                    elif len(records_van("api.token_geweigerd", voor)) != 1:
                        fouten.append(f"{wat}: geen api.token_geweigerd gelogd")
                elif mag and code in (401, 404):
                    fouten.append(f"{wat}, verwacht toegang")
                elif not mag and code != 404 and not (code == 403 and not heeft_object):
                    fouten.append(f"{wat}, verwacht 404")
                fouten += kanaries(
                    wat,
                    persona.naam,
                    g_,
                    antwoord.get_data().decode("utf-8", errors="replace"),
                    wereld,
                )
                if methode == "GET" and inhoud() != inhoud_voor:
                    fouten.append(f"{wat}: een GET wijzigde gegevens")
                if regel.logt and g_ is not None:
                    fouten += controleer_aanroep(wat, voor, g_, code, rule, casus)
                elif records_van(API_AANROEP, voor):
                    fouten.append(f"{wat}: '{API_AANROEP}' gelogd zonder geldige client")
    fouten += controleer_geen_inhoud()
    assert fouten == [], "\n".join(fouten)
    # what the walk proved, per route: no token, a revoked, an expired, a rotated and
    # an unknown token get 401 on every route but the description; every route with an
    # object answers 404 for another team's case or signal
    for (endpoint, methode), soorten in gezien.items():
        regel = MATRIX[(endpoint, methode)]
        if PUBLIEK in regel.wie:
            assert soorten == {200}, (endpoint, methode, soorten)
            continue
        assert 401 in soorten, (endpoint, methode, soorten)
        assert soorten - {401, 403, 404}, (endpoint, methode, soorten)
    met_object = {
        (r.endpoint, m)
        for r, m in api_routes(app)
        if any(a in r.arguments for a in OBJECT_ARGUMENTEN)
    }
    assert all(404 in gezien[k] for k in met_object), gezien
    assert set(gezien) == {(r.endpoint, m) for r, m in api_routes(app)}
    print("\nAPI-routes in de rechtenwandeling:")
    for (endpoint, methode), soorten in sorted(gezien.items()):
        print(f"  {methode} {endpoint}: {sorted(soorten)}")


def controleer_aanroep(
    wat: str, voor: int, gebruiker: Gebruiker, code: int, rule: Rule, casus: Casus
) -> list[str]:
    """Exactly one api.aanroep, complete, on the client's account, with the call's
    status and outcome; a call about one case names the case and its person."""
    van_actie = records_van(API_AANROEP, voor)
    if len(van_actie) != 1:
        return [f"{wat}: {len(van_actie)} records '{API_AANROEP}', verwacht 1"]
    r = van_actie[0]
    verplicht = (r.tijdstip, r.gebruikersnaam, r.uitkomst, r.client_adres, r.hash, r.vorige_hash)
    if any(v in (None, "") for v in verplicht) or r.gebruiker_id != gebruiker.id:
        return [f"{wat}: record {r.id} mist velden"]
    details = r.details or {}
    if r.uitkomst != ("ok" if code < 400 else "geweigerd") or details.get("status") != code:
        return [f"{wat}: record {r.id} met uitkomst {r.uitkomst}, details {details}"]
    if (
        "casus_id" in rule.arguments
        and code < 400
        and (r.casus_id, r.persoon_id)
        != (
            casus.id,
            casus.persoon_id,
        )
    ):
        return [f"{wat}: record {r.id} noemt casus {r.casus_id} persoon {r.persoon_id}"]
    return []
