"""One way through a POST: every form that changes data goes through
``casus.werkplek.formulier.verwerk`` (token, service, one commit, the refusal next to
the form). Each form that got its idempotency token with it, sent twice exactly as the
page rendered it, changes nothing the second time; and no POST view of the
application skips the shared path, except the log-in steps (``casus.auth.views`` says
why)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from casus.audit.models import AuditRecord
from casus.extensions import db
from casus.rapportage.models import Vaststelling
from casus.signalen.models import Signaal
from casus.triage.models import AgendaPunt, Overleg, OverlegAanpak
from casus.werkplek.models import Formuliertoken
from tests.hulp.api import is_api_route
from tests.hulp.client import login
from tests.hulp.databaseinhoud import aantal
from tests.hulp.formulieren import formulier

VANDAAG = date(2025, 9, 1)
AL_VERWERKT = "Dit formulier was al verwerkt; er is niets dubbel vastgelegd."
# the log-in steps keep their own commit: used before anyone is logged in, and a refused
# attempt must be kept (counters, record), not rolled back
EIGEN_PAD = {
    "auth.inloggen",
    "auth.code",
    "auth.mfa_instellen",
    "auth.uitloggen",
    # the BRP lookup at the aanmelding re-renders the form as typed: it changes no
    # aanmelding and claims no form token (registering does); its one commit holds the
    # query's audit record and the stored check
    "brp.opzoeken",
}
# not a form: the idle warning's keepalive (JSON), which changes only the session's activity
GEEN_FORMULIER = {"auth.sessie_verlengen"}


pytestmark = pytest.mark.klok(VANDAAG)


def records(actie: str) -> int:
    return aantal(AuditRecord, AuditRecord.actie == actie, AuditRecord.uitkomst == "ok")


@dataclass
class Geval:
    pagina: str  # the page that shows the form
    actie: str  # where the form posts
    waarden: dict[str, Any]  # what the user fills in
    gedaan: Callable[[], int]  # how often the change was made


def _triage(client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any, soort: str) -> Geval:
    lid = maak_gebruiker_("triage:pga_jeugd")
    casus = maak_casus("pga_jeugd", "aangemeld")
    overleg = Overleg(datum=date(2025, 8, 25), aanpakken=[OverlegAanpak(aanpak="pga_jeugd")])
    db.session.add(overleg)
    db.session.commit()
    login(client, lid)
    pagina = f"/triage/overleggen/{overleg.id}"
    if soort == "notities":
        return Geval(
            pagina,
            f"{pagina}/notities",
            {"notities": "Volgende keer: caseload."},
            lambda: records("triage.notities"),
        )
    return Geval(
        pagina,
        f"{pagina}/agenda",
        {"ref": casus.ref},
        lambda: aantal(AgendaPunt, AgendaPunt.overleg_id == overleg.id),
    )


def _beheer(client: FlaskClient, maak_gebruiker_: Any, soort: str) -> Geval:
    beheerder = maak_gebruiker_("beheerder")
    jan = maak_gebruiker_("regisseur:ipta")
    db.session.commit()
    login(client, beheerder)
    pagina = f"/beheer/gebruikers/{jan.id}"
    if soort == "rollen":
        return Geval(
            pagina,
            pagina,
            {"rollen": ["regisseur:ipta", "manager"]},
            lambda: records("beheer.rollen_gewijzigd"),
        )
    return Geval(
        pagina,
        f"{pagina}/wachtwoord",
        {"wachtwoord": "een-nieuw-wachtwoord"},
        lambda: records("beheer.wachtwoord_gereset"),
    )


def _vaststellen(client: FlaskClient, maak_gebruiker_: Any) -> Geval:
    manager = maak_gebruiker_("manager")
    db.session.commit()
    login(client, manager)
    return Geval(
        "/rapportage/vaststellen?periode=2025-H1",
        "/rapportage/vaststellen",
        {"bevestigd": "y"},
        lambda: aantal(Vaststelling),
    )


def _meldpunt() -> Geval:
    return Geval(
        "/meldpunt",
        "/meldpunt",
        {"onderwerp": "ondermijning", "tekst": "Veel verkeer bij een pand, 's nachts."},
        lambda: aantal(Signaal),
    )


GEVALLEN = [
    "triage.notities",
    "triage.agendapunt_toevoegen",
    "beheer.gebruiker",
    "beheer.wachtwoord",
    "rapportage.vaststellen",
    "meldpunt.melden",
]


def maak_geval(endpoint: str, client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any) -> Geval:
    if endpoint == "triage.notities":
        return _triage(client, maak_gebruiker_, maak_casus, "notities")
    if endpoint == "triage.agendapunt_toevoegen":
        return _triage(client, maak_gebruiker_, maak_casus, "agenda")
    if endpoint == "beheer.gebruiker":
        return _beheer(client, maak_gebruiker_, "rollen")
    if endpoint == "beheer.wachtwoord":
        return _beheer(client, maak_gebruiker_, "wachtwoord")
    if endpoint == "rapportage.vaststellen":
        return _vaststellen(client, maak_gebruiker_)
    return _meldpunt()


@pytest.mark.parametrize("endpoint", GEVALLEN)
def test_a_form_sent_twice_changes_nothing_the_second_time(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any, endpoint: str
) -> None:
    geval = maak_geval(endpoint, client, maak_gebruiker_, maak_casus)
    html = client.get(geval.pagina).get_data(as_text=True)
    form = formulier(html, geval.actie)
    assert form.veld("token") is not None
    assert form.veld("token").waarde
    data = form.gegevens(**geval.waarden)

    eerste = client.post(geval.actie, data=data)
    assert eerste.status_code == 302, eerste.get_data(as_text=True)
    assert geval.gedaan() == 1
    tweede = client.post(geval.actie, data=data, follow_redirects=True)

    assert tweede.status_code == 200
    assert geval.gedaan() == 1
    assert aantal(Formuliertoken, Formuliertoken.token == data["token"]) == 1
    if endpoint != "meldpunt.melden":  # the meldpunt shows no messages
        assert AL_VERWERKT in tweede.get_data(as_text=True)


def test_a_refused_form_keeps_its_token_free_for_the_corrected_submission(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    geval = _triage(client, maak_gebruiker_, maak_casus, "agenda")
    form = formulier(client.get(geval.pagina).get_data(as_text=True), geval.actie)
    fout = client.post(geval.actie, data=form.gegevens(ref="PGA-2099-99999"), follow_redirects=True)
    assert "Geen casus gevonden met dit casusnummer." in fout.get_data(as_text=True)
    assert client.post(geval.actie, data=form.gegevens(**geval.waarden)).status_code == 302
    assert geval.gedaan() == 1


def post_endpoints(app: Flask) -> set[str]:
    return {r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ())}


def namen(functie: Any) -> set[str]:
    """The names a function's code uses, its inner functions' included."""
    gevonden, codes = set(), [functie.__code__]
    while codes:
        code = codes.pop()
        gevonden |= set(code.co_names)
        codes += [c for c in code.co_consts if inspect.iscode(c)]
    return gevonden


def bereikt(functie: Any, gezien: set[Any] | None = None) -> set[str]:
    """The names used by a view and by the helpers of its own module that it calls."""
    gezien = gezien if gezien is not None else set()
    gezien.add(functie)
    gebruikt = namen(functie)
    for naam in list(gebruikt):
        hulp = functie.__globals__.get(naam)
        if (
            inspect.isfunction(hulp)
            and hulp.__module__ == functie.__module__
            and hulp not in gezien
        ):
            gebruikt |= bereikt(hulp, gezien)
    return gebruikt


def test_every_post_view_goes_through_the_shared_path(app: Flask) -> None:
    """Each POST view reaches ``verwerk`` (or ``verwerk_met_melding``) and neither
    commits nor rolls back itself; only the log-in steps have their own (one) commit."""
    for endpoint in sorted(post_endpoints(app) - EIGEN_PAD - GEEN_FORMULIER):
        gebruikt = bereikt(inspect.unwrap(app.view_functions[endpoint]))
        # the API's changes have their own one path: casus.api.basis.bewaar (one commit
        # of the change, its records and the call's record)
        gedeeld = {"bewaar"} if is_api_route(endpoint) else {"verwerk", "verwerk_met_melding"}
        assert gebruikt & gedeeld, endpoint
        assert not gebruikt & {"commit", "rollback"}, endpoint
    assert post_endpoints(app) >= EIGEN_PAD
