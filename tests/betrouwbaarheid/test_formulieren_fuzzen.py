"""Every POST form of the application, filled with hostile values by hypothesis.

For each POST route of the URL map the test logs in as someone allowed to use it,
opens the page that shows the form, and submits it with one to three fields replaced
by: nothing, 100,000 characters, letters where a date or number belongs, emoji, RTL
marks and combining characters, NUL and other control characters, HTML and script.
The answer is never a server error (a Dutch message, a 400 or a redirect is fine),
never a traceback, never a redirect off the site, and input never comes back as raw
HTML: neither on the answer nor on the page a redirect leads to (flash messages).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from casus.api.clients import maak_client
from casus.auth import sso
from casus.auth.models import Gebruiker
from casus.brp import services as brp
from casus.brp.models import VERHUISD, BrpWijziging
from casus.brp.stub import Stubserver, start_stub
from casus.casussen.models import Casus
from casus.extensions import db
from casus.klok import vandaag
from casus.notificaties.services import notificeer
from casus.signalen.models import Signaal
from casus.taken import MISLUKT
from casus.taken.models import Taak
from casus.triage.models import AgendaPunt, Overleg, OverlegAanpak
from tests.hulp import fabrieken, partners
from tests.hulp.api import is_api_route
from tests.hulp.brp import BSN_VOLWASSEN, brp_config
from tests.hulp.client import login
from tests.hulp.fabrieken import WACHTWOORD
from tests.hulp.formulieren import Formulier, formulieren, knopformulieren
from tests.hulp.server import melding

# generated per route, besides the explicit ones: the whole file stays well under 90 s;
# CASUS_FUZZ_VOORBEELDEN=200 searches longer (with a fresh random seed)
VOORBEELDEN = int(os.environ.get("CASUS_FUZZ_VOORBEELDEN", "15"))
VAST = "CASUS_FUZZ_VOORBEELDEN" not in os.environ  # CI: the same examples every run

# Hostile values. Each script payload has a marker that must never come back raw.
SCRIPTS = {
    "<script>alert('fz1')</script>": "<script>alert('fz1')",
    "\"><img src=x onerror=alert('fz2')>": "<img src=x onerror=alert('fz2')",
    "</textarea><svg/onload=alert('fz3')>": "<svg/onload=alert('fz3')",
    "'><a href=\"javascript:alert('fz4')\">x</a>": "<a href=\"javascript:alert('fz4')",
}
LANG = ["x" * 100_000, "é" * 100_000, "😀" * 25_000, "a b\n" * 25_000]
VERKEERD_TYPE = [
    "abc",
    "2025-13-45",
    "31-02-2025",
    "2025-02-30",
    "0000-00-00",
    "9999-12-31",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "0x1F",
    " 12 ",
    "١٢",
    "１２",  # noqa: RUF001 - a lookalike on purpose
    "true",
    "[]",
    "{}",
    "None",
    "null",
]
UNICODE = [
    "😀🔥👨‍👩‍👧",
    "\u202egnp.exe\u202c",
    "e\u0301\u0308\u0327",
    "\u200b\u200d\ufeff",
    "שלום عليكم",
    "𝕏𝔶𝕫",  # noqa: RUF001 - a lookalike on purpose
    "ǅ ß ﬁ İ",
    "\ufffd",
    "\U0010fffd",
]
STUUR = [
    "\x00",
    "a\x00b",
    "\x1b[31mrood\x1b[0m",
    "\x07\x08\x7f",
    "\r\n\r\nX-Kop: 1",
    "\t\v\f",
    "\x85\u2028\u2029",
]
OVERIG = [
    "' OR '1'='1",
    "'; DROP TABLE casus; --",
    "{{ 7*7 }}",
    "{% raw %}",
    "%s%n%x",
    "../../etc/passwd",
    "//evil.example/",
    "/signalen\r\nLocation: //evil.example",
]

ALLE = -1  # an index meaning: every field the user can see (explicit examples)

bouwsteen = st.one_of(
    st.sampled_from(list(SCRIPTS)),
    st.sampled_from(VERKEERD_TYPE),
    st.sampled_from(UNICODE),
    st.sampled_from(STUUR),
    st.sampled_from(OVERIG),
    st.text(max_size=30),
)
waarde = st.one_of(
    st.just(""),
    st.sampled_from(LANG),
    bouwsteen,
    st.lists(bouwsteen, min_size=2, max_size=4).map("".join),
)


@dataclass
class Wereld:
    """The objects every form needs, with a logged-in client per persona."""

    ids: dict[str, int]
    clients: dict[str, FlaskClient]


# endpoint -> (persona, pages that show its form; {name} is an id of the world)
BRONNEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "auth.inloggen": ("anoniem", ("/inloggen",)),
    "auth.code": ("mfa_code", ("/inloggen/code",)),
    "auth.mfa_instellen": ("mfa_nieuw", ("/mfa/instellen",)),
    "auth.uitloggen": ("teamlid", ("/",)),
    "auth.account": ("teamlid", ("/account",)),
    "triage.besluit": ("teamlid", ("/triage/casussen/{aangemeld}",)),
    "triage.toewijzen": ("teamlid", ("/triage/casussen/{actief}",)),
    "triage.corrigeren": ("teamlid", ("/triage/casussen/{actief}",)),
    "triage.nieuw_overleg": ("teamlid", ("/triage/overleggen/nieuw",)),
    "triage.notities": ("teamlid", ("/triage/overleggen/{overleg}",)),
    "triage.agendapunt_toevoegen": ("teamlid", ("/triage/overleggen/{overleg}",)),
    **{
        f"casussen.{naam}": ("teamlid", ("/casus/{actief}", "/casus/{ondermijning}"))
        for naam in ("notitie", "interventie", "politiecontact", "leefgebieden", "kenmerken")
    },
    "casussen.transitie": (
        "teamlid",
        (
            "/casus/{actief}/status/pauzeren",
            "/casus/{ondermijning}/status/afsluiten_niet_succesvol",
            "/casus/{aangemeld}/status/triageren",
        ),
    ),
    "aanmelding.registreer": ("teamlid", ("/aanmelding/pga_jeugd", "/aanmelding/ondermijning")),
    "beheer.nieuw": ("beheerder", ("/beheer/gebruikers/nieuw",)),
    "beheer.gebruiker": ("beheerder", ("/beheer/gebruikers/{doelwit}",)),
    "beheer.actief": ("beheerder", ("/beheer/gebruikers/{doelwit}",)),
    "beheer.wachtwoord": ("beheerder", ("/beheer/gebruikers/{doelwit}",)),
    "beheer.alleen_sso": ("beheerder", ("/beheer/gebruikers/{doelwit}",)),
    "beheer.sso_ontkoppelen": ("beheerder", ("/beheer/gebruikers/{doelwit}",)),
    # the document forms: the file field is fuzzed as text (no file: refused at the door)
    **{
        f"documenten.casus_{naam}": ("teamlid", ("/casus/{actief}", "/casus/{ondermijning}"))
        for naam in ("toevoegen", "nieuwe_versie")
    },
    **{
        f"documenten.signaal_{naam}": ("teamlid", ("/signalen/{signaal}",))
        for naam in ("toevoegen", "nieuwe_versie")
    },
    "signalen.nieuw": ("teamlid", ("/signalen/nieuw",)),
    "signalen.koppelen": ("teamlid", ("/signalen/{signaal}",)),
    "signalen.afsluiten": ("teamlid", ("/signalen/{signaal}",)),
    "signalen.omzetten": ("teamlid", ("/signalen/{signaal}/omzetten",)),
    "meldpunt.melden": ("anoniem", ("/meldpunt",)),
    "rapportage.vaststellen": ("manager", ("/rapportage/vaststellen",)),
    "privacy.bewaartermijn_uitvoeren": ("privacy", ("/privacy/bewaartermijn/uitvoeren",)),
    "api_beheer.nieuw": ("beheerder", ("/beheer/api-clients/nieuw",)),
    "api_beheer.client": ("beheerder", ("/beheer/api-clients/{apiclient}",)),
    "api_beheer.vernieuw": ("beheerder", ("/beheer/api-clients/{apiclient}",)),
    "api_beheer.intrekken": ("beheerder", ("/beheer/api-clients/{apiclient}/intrekken",)),
    # the BRP (on in this world): the lookup is a button of the aanmelding form
    # (formaction), the refresh and the take-over on the person page, the signal's button
    "brp.opzoeken": ("teamlid", ("/aanmelding/pga_jeugd",)),
    "brp.ververs": ("teamlid", ("/persoon/{persoon}",)),
    "brp.neem_over": ("teamlid", ("/persoon/{persoon}",)),
    "brp.handel_af": ("teamlid", ("/casus/{actief}",)),
    # the own notifications (a notification on the active case) and a failed job
    **{
        f"notificaties.{naam}": ("teamlid", ("/meldingen",))
        for naam in ("openen", "gelezen", "alles_gelezen")
    },
    "taken.opnieuw": ("beheerder", ("/beheer/taken",)),
    # the casusoverleg met partners: the chair's meeting in preparation (not sent), the
    # beheerder's partner pages, and the partner's report on a sent meeting's action
    "partneroverleggen.nieuw": ("teamlid", ("/partneroverleggen/nieuw",)),
    **{
        f"partneroverleggen.{naam}": ("teamlid", ("/partneroverleggen/{partneroverleg}",))
        for naam in (
            "uitnodigen",
            "agendapunt_toevoegen",
            "items_wijzigen",
            "bevestigen",
            "intrekken",
            "afspraak_maken",
        )
    },
    "partneroverleggen.verzenden": ("teamlid", ("/partneroverleggen/{partneroverleg}/verzenden",)),
    "partnerbeheer.verband_nieuw": ("beheerder", ("/beheer/partners/verbanden/nieuw",)),
    "partnerbeheer.verband": ("beheerder", ("/beheer/partners/verbanden/{verband}",)),
    "partnerbeheer.organisatie_nieuw": (
        "beheerder",
        ("/beheer/partners/verbanden/{verband}/organisaties/nieuw",),
    ),
    "partnerbeheer.organisatie": ("beheerder", ("/beheer/partners/organisaties/{organisatie}",)),
    "partnerbeheer.gebruiker_nieuw": (
        "beheerder",
        ("/beheer/partners/organisaties/{organisatie}/gebruikers/nieuw",),
    ),
    "partnerbeheer.gebruiker_actief": (
        "beheerder",
        ("/beheer/partners/organisaties/{organisatie}",),
    ),
    "partner.terugmelden": ("partner", ("/partner/overleg/{verzonden}",)),
}
PERSONAS: dict[str, tuple[str, ...]] = {
    "teamlid": (
        "regisseur:pga_jeugd",
        "triage:pga_jeugd",
        "regisseur:ondermijning",
        "triage:ondermijning",
    ),
    "collega": ("regisseur:pga_jeugd", "regisseur:ondermijning"),
    "manager": ("manager",),
    "beheerder": ("beheerder",),
    "doelwit": ("regisseur:ipta",),
    "mfa_code": ("regisseur:ipta",),
    "mfa_nieuw": ("regisseur:ipta",),
    "privacy": ("privacy",),
}


def post_endpoints(app: Flask) -> set[str]:
    """Every POST route with a form: the API's own routes take JSON with a token and are
    fuzzed from their OpenAPI document instead (tests/api/test_contract.py)."""
    return {
        r.endpoint
        for r in app.url_map.iter_rules()
        if "POST" in (r.methods or ()) and not is_api_route(r.endpoint)
    }


# not a form: the idle warning's keepalive reads no fields (a JSON answer; its CSRF and
# session checks are tested in tests/web/test_sessie_bewaren.py)
GEEN_FORMULIER = {"auth.sessie_verlengen"}


def test_every_post_route_of_the_application_is_fuzzed(app: Flask) -> None:
    assert post_endpoints(app) - GEEN_FORMULIER == set(BRONNEN), "voeg de route toe aan BRONNEN"


@pytest.fixture(scope="module")
def brp_stub() -> Iterator[Stubserver]:
    stub = start_stub()
    yield stub
    stub.stop()


@pytest.fixture
def wereld(
    app: Flask,
    maak_gebruiker_: Callable[..., Gebruiker],
    maak_casus: Any,
    monkeypatch: pytest.MonkeyPatch,
    brp_stub: Stubserver,
    tmp_path: Any,
) -> Wereld:
    # no throttling: every example must reach the form's own checks
    for sleutel in ("INLOG_MAX_PER_ADRES", "MELDPUNT_MAX_PER_ADRES"):
        monkeypatch.setitem(app.config, sleutel, 1_000_000)
    gebruikers = {naam: maak_gebruiker_(*rollen, naam=naam) for naam, rollen in PERSONAS.items()}
    gebruikers["mfa_code"].mfa_geheim = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    # linked: the beheerder's page then has the form that breaks the link
    sso.koppel(gebruikers["doelwit"], "https://sso.gemeente.example/realms/gemeente", "sub-d")
    gebruikers["mfa_code"].mfa_actief = True
    teamlid = gebruikers["teamlid"]
    casussen = {
        "actief": maak_casus("pga_jeugd", "actief", regisseur=teamlid),
        "aangemeld": maak_casus("pga_jeugd", "aangemeld"),
        "ondermijning": maak_casus(
            "ondermijning", "actief", regisseur=teamlid, kenmerken={"onderwerp": "locatie"}
        ),
    }
    overleg = Overleg(
        datum=date(2025, 1, 20),
        aanpakken=[OverlegAanpak(aanpak="pga_jeugd")],
        agenda=[AgendaPunt(casus=casussen["aangemeld"], volgorde=1, bron="wachtrij")],
    )
    signaal = Signaal(
        ref="SIG-OND-2025-00001",
        aanpak="ondermijning",
        bron="collega",
        ontvangen_op=date(2025, 1, 10),
        thema="witwassen",
        tekst="Signaal over een pand",
    )
    # a signal without a case long past its term: the retention run has something to confirm
    verlopen = Signaal(
        aanpak="ondermijning",
        bron="collega",
        ontvangen_op=date(2015, 1, 10),
        thema="witwassen",
        tekst="Oud signaal",
    )
    db.session.add_all([overleg, signaal, verlopen])
    db.session.commit()
    apiclient, _ = maak_client(
        "Datawarehouse", rollen=["manager"], geldig_tot=vandaag() + timedelta(days=30)
    )
    db.session.commit()
    # a document on each case and on the signal: their pages show a new-version form
    monkeypatch.setitem(app.config, "DOCUMENTEN_MAP", str(tmp_path / "documenten"))
    for waar in [{"casus": c} for c in casussen.values()] + [{"signaal": signaal}]:
        fabrieken.document(**waar)
    db.session.commit()
    ids = {naam: c.id for naam, c in casussen.items()}
    ids |= {"overleg": overleg.id, "signaal": signaal.id, "doelwit": gebruikers["doelwit"].id}
    ids["apiclient"] = apiclient.id
    clients = {"anoniem": app.test_client()}
    for naam in ("teamlid", "manager", "beheerder", "mfa_code", "mfa_nieuw", "privacy"):
        client = app.test_client()
        if naam == "mfa_nieuw":  # enrolment is only offered when MFA is required
            monkeypatch.setitem(app.config, "MFA_VERPLICHT", True)
        antwoord = login(client, gebruikers[naam])
        monkeypatch.setitem(app.config, "MFA_VERPLICHT", False)
        assert antwoord.status_code == 302, naam
        clients[naam] = client
    # the BRP on: a check of the active case's person to take over, a signal on the case
    brp_stub.herstel()
    for sleutel, waarde in brp_config(brp_stub).items():
        monkeypatch.setitem(app.config, sleutel, waarde)
    persoon = casussen["actief"].persoon
    persoon.bsn = BSN_VOLWASSEN
    controle = brp.ververs_persoon(teamlid, persoon, "pga_jeugd").controle
    assert controle is not None
    db.session.add(
        BrpWijziging(
            casus_id=casussen["actief"].id,
            persoon_id=persoon.id,
            controle_id=controle.id,
            soort=VERHUISD,
            omschrijving="Ingeschreven in 's-Gravenhage",
        )
    )
    db.session.commit()
    ids["persoon"] = persoon.id
    # a notification for the teamlid, and a failed job for the beheerder's page
    notificeer(
        "toegewezen",
        ontvangers=[teamlid.id],
        tekst=f"Casus {casussen['actief'].ref} is aan u toegewezen.",
        link=f"/casus/{casussen['actief'].id}",
        casus=casussen["actief"],
    )
    db.session.add(Taak(soort="controle", status=MISLUKT, pogingen=3, laatste_fout="Weg"))
    db.session.commit()
    # partners: an organisation with two partner users; a meeting the teamlid chairs in
    # preparation (one invited, the case on it with unconfirmed items), and a sent one
    # with an action for the organisation, on which the partner reports
    verband = partners.maak_verband()
    organisatie = partners.maak_organisatie(verband)
    partner = partners.maak_partner("partner_fuzz", organisatie)
    partners.maak_partner("partner_tweede", organisatie)
    in_voorbereiding = partners.bouw_overleg(
        voorzitter=teamlid,
        partners=[partner],
        punten=[partners.Punt(casussen["actief"], bevestigd=False)],
        verband=verband,
        verzonden=False,
    )
    verzonden = partners.bouw_overleg(
        voorzitter=teamlid,
        partners=[partner],
        punten=[partners.Punt(casussen["actief"])],
        verband=verband,
    )
    partners.maak_afspraak(verzonden, casussen["actief"], organisatie=organisatie)
    db.session.commit()
    clients["partner"] = app.test_client()
    assert partners.login_partner(clients["partner"], partner).status_code == 302
    ids |= {
        "partneroverleg": in_voorbereiding.id,
        "verzonden": verzonden.id,
        "verband": verband.id,
        "organisatie": organisatie.id,
    }
    return Wereld(ids, clients)


def vind_formulieren(
    app: Flask, client: FlaskClient, pagina: str, endpoint: str
) -> list[Formulier]:
    """The forms on ``pagina`` that post to ``endpoint`` (none when the page is gone,
    for instance after logging out)."""
    antwoord = client.get(pagina)
    if antwoord.status_code != 200:
        return []
    adapter = app.url_map.bind("localhost")
    gevonden = []
    html = antwoord.get_data(as_text=True)
    pad = urlsplit(pagina).path
    for form in [*formulieren(html, pad), *knopformulieren(html, pad)]:
        if form.methode != "POST":
            continue
        gevonden_endpoint, _ = adapter.match(urlsplit(form.actie).path, method="POST")
        if gevonden_endpoint == endpoint:
            gevonden.append(form)
    return gevonden


def basiswaarden(form: Formulier) -> dict[str, Any]:
    """What a careful user would submit: the page's values, and every required field
    filled in sensibly."""
    velden = form.gegevens()
    for naam, soort in form.soorten.items():
        keuzes = [k for k in form.keuzes.get(naam, []) if k]
        waarde = velden.get(naam, "")  # several checked boxes: the list of their values
        leeg = not (waarde.strip() if isinstance(waarde, str) else waarde)
        if soort in ("select", "radio") and leeg and keuzes:
            velden[naam] = keuzes[0]
        elif soort == "date" and leeg:
            velden[naam] = vandaag().isoformat()
        elif (soort == "textarea" and leeg) or (
            soort == "text" and leeg and naam in form.verplicht
        ):
            velden[naam] = "Gesprek gevoerd over school en werk."
        elif soort == "password" and leeg:
            velden[naam] = WACHTWOORD
        elif soort == "hidden" and naam.endswith("token") and not naam.endswith("csrf_token"):
            velden[naam] = secrets.token_urlsafe(24)  # a fresh form, not a resubmission
    return velden


def controleer(wat: str, antwoord: Any, waarden: list[str]) -> None:
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code < 500, f"{wat}: {antwoord.status_code} {melding(tekst)}"
    assert "Traceback" not in tekst, wat
    for invoer, kenmerk in SCRIPTS.items():
        if any(invoer in w for w in waarden):
            assert kenmerk not in tekst, f"{wat}: invoer onge-escaped terug in de pagina"
    if 300 <= antwoord.status_code < 400:
        doel = urlsplit(antwoord.headers["Location"])
        naar = f"{wat}: doorverwijzing naar {antwoord.headers['Location']!r}"
        assert doel.netloc in ("", "localhost"), naar
        assert doel.path.startswith("/"), naar


@pytest.mark.parametrize("endpoint", sorted(BRONNEN))
def test_hostile_form_values_never_give_a_server_error_or_raw_html(
    app: Flask, wereld: Wereld, endpoint: str
) -> None:
    persona, paginas = BRONNEN[endpoint]
    client = wereld.clients[persona]
    paginas = tuple(p.format(**wereld.ids) for p in paginas)
    laatst: dict[str, list[Formulier]] = {
        p: vind_formulieren(app, client, p, endpoint) for p in paginas
    }
    assert any(laatst.values()), f"{endpoint}: geen formulier gevonden op {paginas}"

    # no shrinking: an example costs several requests, and the message names the fields
    @settings(
        max_examples=VOORBEELDEN,
        deadline=None,
        derandomize=VAST,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @example(keuze=0, velden_keuze=[(ALLE, "a\x00b")])
    @example(keuze=0, velden_keuze=[(ALLE, LANG[0])])
    @example(keuze=0, velden_keuze=[(ALLE, next(iter(SCRIPTS)))])
    @example(keuze=0, velden_keuze=[(ALLE, "")])
    @example(keuze=0, velden_keuze=[(ALLE, "abc")])
    @given(
        keuze=st.integers(0, 10**6),
        velden_keuze=st.lists(st.tuples(st.integers(0, 10**6), waarde), min_size=1, max_size=3),
    )
    def verstuur(keuze: int, velden_keuze: list[tuple[int, str]]) -> None:
        # what is drawn never depends on the state the previous examples left behind
        # (a page once found keeps its last forms, so this list never changes)
        beschikbaar = [p for p in paginas if laatst[p]]
        pagina = beschikbaar[keuze % len(beschikbaar)]
        # the form as the page shows it now (new token, current version), else as it was
        laatst[pagina] = vind_formulieren(app, client, pagina, endpoint) or laatst[pagina]
        form = laatst[pagina][keuze % len(laatst[pagina])]
        velden = basiswaarden(form)
        namen = [*sorted(set(velden) | set(form.soorten)), "onbekend_veld"]
        kies = []
        for index, nieuw in velden_keuze:
            zichtbaar = [n for n in namen if form.soorten.get(n) != "hidden"]
            for naam in zichtbaar if index == ALLE else [namen[index % len(namen)]]:
                velden[naam] = nieuw
                kies.append(naam)
        wat = f"{persona} POST {form.actie} {sorted(kies)}"
        antwoord = client.post(form.actie, data=velden)
        controleer(wat, antwoord, list(velden.values()))
        if 300 <= antwoord.status_code < 400:  # the page after the redirect shows flashes
            vervolg = client.get(antwoord.headers["Location"])
            controleer(
                f"{wat} -> GET {antwoord.headers['Location']}", vervolg, list(velden.values())
            )
        db.session.rollback()

    verstuur()
    # the application still answers normally afterwards (the form's own page may be gone:
    # a case moved to another aanpak is not the user's to see any more)
    assert client.get("/").status_code in (200, 302)
    assert db.session.get(Casus, wereld.ids["actief"]) is not None
