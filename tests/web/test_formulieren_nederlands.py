"""Every message a user sees is Dutch, also WTForms' own validation messages.

Two checks: every form class derives from the one base with the Dutch messages
(``casus.formulieren.Basisformulier``), and every form the application shows,
found by reading every page as a browser would, is submitted with empty, wrong,
too long and tampered values without any English WTForms text in the answer.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from wtforms import Form

import casus
from casus.api.clients import maak_client
from casus.auth import sso
from casus.auth.models import Gebruiker
from casus.brp import services as brp
from casus.brp.models import VERHUISD, BrpWijziging
from casus.brp.stub import start_stub
from casus.extensions import db
from casus.formulieren import NEDERLANDS, Basisformulier
from casus.notificaties.services import notificeer
from casus.signalen.models import Signaal
from casus.taken import MISLUKT
from casus.taken.models import Taak
from casus.triage.models import AgendaPunt, Overleg, OverlegAanpak
from tests.hulp import fabrieken, partners
from tests.hulp.api import is_api_route
from tests.hulp.brp import BSN_VOLWASSEN, brp_aan
from tests.hulp.client import login
from tests.hulp.formulieren import Formulier, formulieren, knopformulieren

ENGELS = re.compile(
    r"Not a valid|This field is required|\bInvalid\b|is not a valid choice|"
    r"are not valid choices|Field must be|Field cannot be|Number must be|could not coerce|"
    r"CSRF token|Choices cannot|Date must be"
)
BUITEN_DE_BASIS: set[str] = set()
TEKSTVELDEN = ("text", "search", "textarea", "password", "email", "tel", "url")
VANDAAG = date(2025, 3, 10)


def alle_formulierklassen() -> list[type[Form]]:
    for module in pkgutil.walk_packages(casus.__path__, "casus."):
        importlib.import_module(module.name)
    gevonden, te_doen = [], list(Form.__subclasses__())
    while te_doen:
        klasse = te_doen.pop()
        te_doen.extend(klasse.__subclasses__())
        if klasse.__module__.startswith("casus."):
            gevonden.append(klasse)
    return gevonden


def test_every_form_class_has_the_dutch_base() -> None:
    klassen = alle_formulierklassen()
    assert len(klassen) > 20
    zonder = {
        f"{k.__module__}.{k.__qualname__}" for k in klassen if not issubclass(k, Basisformulier)
    }
    assert zonder == BUITEN_DE_BASIS


def wtforms_teksten() -> list[tuple[str, str | None]]:
    """Every (msgid, msgid_plural) of WTForms' message catalogue."""
    import wtforms

    pot = (Path(wtforms.__file__).parent / "locale" / "wtforms.pot").read_text("utf-8")
    teksten = []
    for blok in pot.split("\n\n"):
        enkel = re.search(r'^msgid "(.+)"$', blok, re.M)
        meer = re.search(r'^msgid_plural "(.+)"$', blok, re.M)
        if enkel:
            teksten.append((enkel.group(1).replace('\\"', '"'), meer.group(1) if meer else None))
    return teksten


def test_the_base_has_dutch_for_every_wtforms_message() -> None:
    teksten = wtforms_teksten()
    assert len(teksten) > 35
    for tekst, meervoud in teksten:
        vertalingen = (
            [NEDERLANDS.gettext(tekst)]
            if meervoud is None
            else [NEDERLANDS.ngettext(tekst, meervoud, n) for n in (1, 2)]
        )
        for vertaald in vertalingen:
            assert vertaald not in (tekst, meervoud), tekst
            assert not ENGELS.search(vertaald), vertaald
            assert "%(value)s" not in vertaald, vertaald  # never echo the submitted value


# -- the walk ----------------------------------------------------------------------


@pytest.fixture
def wereld(
    app: Flask,
    maak_gebruiker_: Any,
    maak_casus: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[dict[str, Any]]:
    for sleutel in ("INLOG_MAX_PER_ADRES", "MELDPUNT_MAX_PER_ADRES"):
        monkeypatch.setitem(app.config, sleutel, 1_000_000)
    with time_machine.travel(VANDAAG, tick=False):
        ik = maak_gebruiker_(
            "regisseur:ipta",
            "triage:ipta",
            "regisseur:ondermijning",
            "triage:ondermijning",
            "manager",
            "privacy",
            "beheerder",
            naam="alles",
        )
        doelwit = maak_gebruiker_("regisseur:ipta", naam="doelwit")
        # linked to an account at the municipality: the beheerder's page then has the
        # form that breaks the link
        sso.koppel(doelwit, "https://sso.gemeente.example/realms/gemeente", "sub-doelwit")
        mfa = maak_gebruiker_("regisseur:ipta", naam="mfa")
        mfa.mfa_geheim, mfa.mfa_actief = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", True
        casussen = [
            maak_casus("ipta", "aangemeld"),
            maak_casus("ipta", "actief", regisseur=ik),
            maak_casus("ondermijning", "actief", regisseur=ik, kenmerken={"onderwerp": "locatie"}),
        ]
        overleg = Overleg(
            datum=VANDAAG,
            aanpakken=[OverlegAanpak(aanpak="ipta")],
            agenda=[AgendaPunt(casus=casussen[0], volgorde=1, bron="wachtrij")],
        )
        signaal = Signaal(
            aanpak="ondermijning",
            ontvangen_op=date(2025, 3, 1),
            bron="collega",
            thema="witwassen",
            tekst="Contant geld",
        )
        # a signal without a case long past its term: the retention run shows its form
        verlopen = Signaal(
            aanpak="ondermijning",
            ontvangen_op=date(2015, 1, 10),
            bron="collega",
            thema="witwassen",
            tekst="Oud signaal",
        )
        db.session.add_all([overleg, signaal, verlopen])
        db.session.commit()
        # a notification: the Meldingen page shows its open, read and all-read forms
        notificeer(
            "toegewezen",
            ontvangers=[ik.id],
            tekst=f"Casus {casussen[1].ref} is aan u toegewezen.",
            link=f"/casus/{casussen[1].id}",
            casus=casussen[1],
        )
        # a failed background job: the beheerder's jobs page shows "Opnieuw proberen"
        db.session.add(
            Taak(soort="controle", status=MISLUKT, pogingen=3, laatste_fout="Verbinding weg")
        )
        db.session.commit()
        # a document on a case and on the signal: their pages show a new-version form
        monkeypatch.setitem(app.config, "DOCUMENTEN_MAP", str(tmp_path / "documenten"))
        for waar in ({"casus": casussen[1]}, {"signaal": signaal}):
            fabrieken.document(**waar)
        db.session.commit()
        apiclient, _ = maak_client(
            "Datawarehouse", rollen=["manager"], geldig_tot=VANDAAG + timedelta(days=30)
        )
        db.session.commit()
        # partners: a meeting I chair in preparation (the ipta case on it, its items not
        # yet confirmed) and a sent one with an action for the organisation
        verband = partners.maak_verband()
        organisatie = partners.maak_organisatie(verband)
        partner = partners.maak_partner("partner_nl", organisatie)
        partners.maak_partner("partner_twee", organisatie)
        in_voorbereiding = partners.bouw_overleg(
            voorzitter=ik,
            partners=[partner],
            punten=[partners.Punt(casussen[1], bevestigd=False)],
            verband=verband,
            verzonden=False,
        )
        verzonden = partners.bouw_overleg(
            voorzitter=ik, partners=[partner], punten=[partners.Punt(casussen[1])], verband=verband
        )
        partners.maak_afspraak(verzonden, casussen[1], organisatie=organisatie)
        db.session.commit()
        # the BRP on (ipta has a profile): the lookup at the aanmelding, and on the
        # person page of my ipta case a check to take over, on the case a signal
        stub = start_stub()
        with brp_aan(app, stub):
            persoon = casussen[1].persoon
            persoon.bsn = BSN_VOLWASSEN
            controle = brp.ververs_persoon(ik, persoon, "ipta").controle
            assert controle is not None
            db.session.add(
                BrpWijziging(
                    casus_id=casussen[1].id,
                    persoon_id=persoon.id,
                    controle_id=controle.id,
                    soort=VERHUISD,
                    omschrijving="Ingeschreven in 's-Gravenhage",
                )
            )
            db.session.commit()
            try:
                yield {
                    "apiclient": apiclient,
                    "ik": ik,
                    "mfa": mfa,
                    "doelwit": doelwit,
                    "casussen": casussen,
                    "overleg": overleg,
                    "signaal": signaal,
                    "partner": partner,
                    "partneroverleggen": [in_voorbereiding, verzonden],
                    "organisatie": organisatie,
                }
            finally:
                stub.stop()


def paginas(app: Flask, w: dict[str, Any]) -> list[str]:
    """Every GET page, with the objects of the world filled in."""
    waarden: dict[str, list[Any]] = {
        "casus_id": [c.id for c in w["casussen"]],
        "persoon_id": [w["casussen"][1].persoon_id],
        "overleg_id": [w["overleg"].id],
        "signaal_id": [w["signaal"].id],
        "gebruiker_id": [w["doelwit"].id],
        "client_id": [w["apiclient"].id],
        "aanpak": ["ipta", "ondermijning"],
        "trigger": ["triageren"],
        "formaat": ["csv"],
        "n": [1],
        # a download is no page with forms (the case and signal pages show the documents'
        # forms): a document that does not exist is enough
        "document_id": [999_999],
        "versie": [1],
        "partneroverleg_id": [o.id for o in w["partneroverleggen"]],
        "verband_id": [w["organisatie"].verband_id],
        "organisatie_id": [w["organisatie"].id],
    }
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        args = sorted(rule.arguments)
        for combinatie in itertools.product(*(waarden[a] for a in args)):
            urls.append(adapter.build(rule.endpoint, dict(zip(args, combinatie, strict=True))))
    return urls


def verzamel(
    client: FlaskClient, urls: list[str], gevonden: dict[tuple[Any, ...], Formulier]
) -> None:
    for url in urls:
        antwoord = client.get(url)
        if antwoord.status_code != 200 or not antwoord.mimetype.startswith("text/html"):
            continue
        html = antwoord.get_data(as_text=True)
        pad = urlsplit(url).path
        for form in [*formulieren(html, pad), *knopformulieren(html, pad)]:
            sleutel = (
                form.methode,
                urlsplit(form.actie).path,
                tuple(sorted(v.naam for v in form.velden)),
            )
            gevonden.setdefault(sleutel, form)


def varianten(form: Formulier) -> dict[str, dict[str, Any]]:
    """Empty, nonsense, too long, and nonsense in the hidden fields too."""
    invulbaar = [v for v in form.velden if v.invulbaar]
    verborgen = [v for v in form.velden if v.verborgen and not v.naam.endswith("token")]
    basis = form.gegevens()
    leeg = {
        k: w
        for k, w in basis.items()
        if k not in {v.naam for v in invulbaar if v.soort in ("checkbox", "radio")}
    }
    leeg.update({v.naam: "" for v in invulbaar if v.soort not in ("checkbox", "radio")})
    onzin = {**basis, **{v.naam: "zzz" for v in invulbaar}}
    te_lang = {
        **onzin,
        **{
            v.naam: "x" * ((v.maxlength or 20_000) + 1) for v in invulbaar if v.soort in TEKSTVELDEN
        },
    }
    gemanipuleerd = {**onzin, **{v.naam: "zzz" for v in verborgen}}
    return {"leeg": leeg, "onzin": onzin, "te lang": te_lang, "gemanipuleerd": gemanipuleerd}


def verstuur(client: FlaskClient, form: Formulier, data: dict[str, Any]) -> Any:
    if form.methode == "GET":
        return client.get(form.actie, query_string=data, follow_redirects=True)
    return client.post(form.actie, data=data, follow_redirects=True)


def controleer(
    client: FlaskClient, formulieren_: dict[tuple[Any, ...], Formulier], wat: str
) -> list[str]:
    fouten = []
    for form in formulieren_.values():
        if not any(v.invulbaar for v in form.velden):
            continue  # a button (log out, (de)activate): nothing to fill in wrongly
        for naam, data in varianten(form).items():
            antwoord = verstuur(client, form, data)
            tekst = antwoord.get_data(as_text=True)
            if antwoord.status_code >= 500:
                fouten.append(f"{wat} {form.methode} {form.actie} ({naam}): {antwoord.status_code}")
            for m in ENGELS.finditer(tekst):
                fouten.append(
                    f"{wat} {form.methode} {form.actie} ({naam}): "
                    f"{tekst[max(0, m.start() - 80) : m.end() + 40]!r}"
                )
    return fouten


def test_no_form_of_the_application_answers_in_english(
    app: Flask, wereld: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(VANDAAG, tick=False):
        ingelogd, anoniem = app.test_client(), app.test_client()
        assert login(ingelogd, wereld["ik"]).status_code == 302
        gevonden: dict[tuple[Any, ...], Formulier] = {}
        verzamel(ingelogd, paginas(app, wereld), gevonden)
        openbaar: dict[tuple[Any, ...], Formulier] = {}
        verzamel(anoniem, ["/inloggen", "/meldpunt"], openbaar)
        # half-way through logging in: the code, and enrolling in MFA
        code, inschrijven = app.test_client(), app.test_client()
        login(code, wereld["mfa"])
        verzamel(code, ["/inloggen/code"], openbaar)
        monkeypatch.setitem(app.config, "MFA_VERPLICHT", True)
        login(inschrijven, wereld["doelwit"])
        verzamel(inschrijven, ["/mfa/instellen"], openbaar)
        # a partner user (MFA): the report on its organisation's action
        partner = app.test_client()
        assert partners.login_partner(partner, wereld["partner"]).status_code == 302
        verzonden = wereld["partneroverleggen"][1]
        verzamel(partner, ["/partner", f"/partner/overleg/{verzonden.id}"], openbaar)

        adapter = app.url_map.bind("localhost")
        getoond = {
            adapter.match(pad, method="POST")[0]
            for (methode, pad, _) in [*gevonden, *openbaar]
            if methode == "POST"
        }
        # the API's own routes take JSON with a token, no form (tests/api)
        alle_posts = {
            r.endpoint
            for r in app.url_map.iter_rules()
            if "POST" in (r.methods or ()) and not is_api_route(r.endpoint)
        }
        geen_formulier = {"auth.sessie_verlengen"}  # the idle warning's keepalive (JSON)
        assert alle_posts - getoond - geen_formulier == set(), (
            "formulier niet gevonden op een pagina"
        )

        fouten = controleer(ingelogd, gevonden, "ingelogd")
        fouten += controleer(
            anoniem,
            {k: f for k, f in openbaar.items() if k[1] in ("/inloggen", "/meldpunt")},
            "anoniem",
        )
        fouten += controleer(
            code, {k: f for k, f in openbaar.items() if k[1] == "/inloggen/code"}, "code"
        )
        fouten += controleer(
            inschrijven, {k: f for k, f in openbaar.items() if k[1] == "/mfa/instellen"}, "mfa"
        )
        fouten += controleer(
            partner, {k: f for k, f in openbaar.items() if k[1].startswith("/partner")}, "partner"
        )
    assert fouten == [], "\n".join(fouten)
    assert isinstance(wereld["ik"], Gebruiker)
