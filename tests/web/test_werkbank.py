"""The case page as a workbench (issue 25): the timeline filtered by kind and paged, the
status step with its confirmation and toelichting, the user kept at the form they used,
every error of a refused form at once in a summary above it, and the rules at the door
for text and dates on every form."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from wtforms import DateField, Form, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import Length

import casus
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Notitie
from casus.extensions import db
from casus.formulieren import Basisformulier, Vroegstedatum
from tests.hulp.client import login
from tests.hulp.databaseinhoud import aantal

VANDAAG = date(2025, 6, 2)

pytestmark = pytest.mark.klok(VANDAAG)


@pytest.fixture
def ik(maak_gebruiker_: Any) -> Any:
    return maak_gebruiker_("regisseur:pga_jeugd", naam="mvisser")


@pytest.fixture
def actief(maak_casus: Any, ik: Any, client: FlaskClient) -> Casus:
    casus = maak_casus("pga_jeugd", "actief", regisseur=ik)
    db.session.commit()
    login(client, ik)
    return casus


def _tekst(antwoord: Any) -> str:
    return str(antwoord.get_data(as_text=True))


def _tijdlijnteksten(html: str) -> list[str]:
    """The notes' texts in the order the timeline shows them."""
    return re.findall(r'<p class="tijdlijn__tekst">(nr-\d+)</p>', html)


# -- the timeline: filtered by kind, paged ---------------------------------------------


@pytest.fixture
def volle_tijdlijn(actief: Casus) -> Casus:
    """25 notes (1 to 25 March), 2 contact moments, 1 intervention; maak_casus wrote 3
    status events (aanmelden, triageren, starten): 31 lines in all."""
    db.session.add_all(
        Notitie(casus=actief, soort="notitie", datum=date(2025, 3, d), tekst=f"nr-{d:02d}")
        for d in range(1, 26)
    )
    db.session.add_all(
        Notitie(casus=actief, soort="contactmoment", datum=date(2025, 4, d), tekst=f"contact {d}")
        for d in (1, 2)
    )
    db.session.add(Interventie(casus=actief, type="gebiedsverbod", datum=date(2025, 4, 3)))
    db.session.commit()
    return actief


def test_the_timeline_filtered_to_notes_is_paged_by_twenty_newest_first(
    client: FlaskClient, volle_tijdlijn: Casus
) -> None:
    eerste = _tekst(client.get(f"/casus/{volle_tijdlijn.id}?soort=notities"))
    # 25 notes: page 1 holds 25 down to 6, page 2 the last five
    assert _tijdlijnteksten(eerste) == [f"nr-{d:02d}" for d in range(25, 5, -1)]
    assert "1–20 van 25 regels" in eerste
    assert "Pagina 1 van 2" in eerste
    assert "contact 1" not in eerste
    assert "Interventie:" not in eerste
    assert 'rel="prev"' not in eerste
    volgende = re.search(r'href="([^"]+)" rel="next"', eerste)
    assert volgende is not None
    assert volgende.group(1).replace("&amp;", "&") == (
        f"/casus/{volle_tijdlijn.id}?soort=notities&pagina=2#tijdlijn"
    )
    tweede = _tekst(client.get(volgende.group(1).replace("&amp;", "&")))
    assert _tijdlijnteksten(tweede) == ["nr-05", "nr-04", "nr-03", "nr-02", "nr-01"]
    assert "21–25 van 25 regels" in tweede
    assert 'rel="prev"' in tweede
    assert 'rel="next"' not in tweede
    # the chosen filter is marked as the current one
    assert 'aria-current="page">Notities</a>' in tweede


@pytest.mark.parametrize(
    ("soort", "totaal"),
    [
        ("contacten", "1–2 van 2 regels"),
        ("interventies", "1–1 van 1 regel"),
        ("statuswijzigingen", "1–3 van 3 regels"),  # aanmelden, triageren, starten
        ("", "1–20 van 31 regels"),
        ("onzin", "1–20 van 31 regels"),  # an unknown filter shows everything
    ],
)
def test_each_filter_counts_only_its_kind(
    client: FlaskClient, volle_tijdlijn: Casus, soort: str, totaal: str
) -> None:
    assert totaal in _tekst(client.get(f"/casus/{volle_tijdlijn.id}?soort={soort}"))


def test_a_page_beyond_the_last_shows_the_last(client: FlaskClient, volle_tijdlijn: Casus) -> None:
    tekst = _tekst(client.get(f"/casus/{volle_tijdlijn.id}?pagina=99"))
    # 31 lines: page 2 holds lines 21 to 31
    assert "21–31 van 31 regels" in tekst
    assert "Pagina 2 van 2" in tekst


def test_a_filter_without_lines_says_so(client: FlaskClient, actief: Casus) -> None:
    tekst = _tekst(client.get(f"/casus/{actief.id}?soort=leefgebieden"))
    assert "Er is niets van deze soort vastgelegd." in tekst


def test_the_forms_come_before_the_timeline_and_the_note_is_open(
    client: FlaskClient, actief: Casus
) -> None:
    tekst = _tekst(client.get(f"/casus/{actief.id}"))
    assert tekst.index('id="vastleggen-kop"') < tekst.index('id="tijdlijn-kop"')
    for naam in ("notitie", "interventie", "politiecontact", "leefgebieden", "kenmerken"):
        assert f'<details class="werkbank__vak" id="{naam}"' in tekst
    assert '<details class="werkbank__vak" id="notitie" open>' in tekst
    assert '<details class="werkbank__vak" id="interventie">' in tekst


# -- staying in place after saving -------------------------------------------------------


def test_a_saved_note_returns_to_its_form_with_the_message_there(
    client: FlaskClient, actief: Casus
) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/notitie",
        data={
            "notitie-token": "w1",
            "notitie-soort": "notitie",
            "notitie-datum": "2025-06-01",
            "notitie-tekst": "Moeder gebeld.",
        },
    )
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == f"/casus/{actief.id}?sectie=notitie#notitie"
    tekst = _tekst(client.get(antwoord.headers["Location"]))
    vak = tekst[tekst.index('id="notitie"') : tekst.index('id="interventie"')]
    assert "Notitie vastgelegd." in vak
    assert 'role="status"' in vak
    assert tekst.count("Notitie vastgelegd.") == 1  # not also above the page
    # the message is shown once: a reload shows none
    assert "Notitie vastgelegd." not in _tekst(client.get(antwoord.headers["Location"]))


def test_a_saved_intervention_opens_its_own_section(client: FlaskClient, actief: Casus) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/interventie",
        data={
            "interventie-token": "w2",
            "interventie-type": "gebiedsverbod",
            "interventie-datum": "2025-05-01",
        },
    )
    assert antwoord.headers["Location"] == f"/casus/{actief.id}?sectie=interventie#interventie"
    tekst = _tekst(client.get(antwoord.headers["Location"]))
    assert '<details class="werkbank__vak" id="interventie" open>' in tekst
    assert '<details class="werkbank__vak" id="notitie">' in tekst


# -- every error at once, where the user is ----------------------------------------------


def test_a_refused_note_names_every_error_at_once_above_the_form_with_the_text_kept(
    client: FlaskClient, actief: Casus
) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/notitie",
        data={
            "notitie-token": "w3",
            "notitie-soort": "roddel",
            "notitie-datum": "2025-06-03",  # tomorrow
            "notitie-tekst": "Gesprek <b>thuis</b>, moeder erbij.",
        },
    )
    assert antwoord.status_code == 422
    tekst = _tekst(antwoord)
    # the field errors and the service's rule (a date in the future) together
    samenvatting = tekst[
        tekst.index("data-foutsamenvatting") : tekst.index(
            "<form", tekst.index("data-foutsamenvatting")
        )
    ]
    assert '<a href="#notitie-soort">Soort: Kies een van de mogelijkheden.</a>' in samenvatting
    assert (
        '<a href="#notitie-datum">Datum: De datum 03-06-2025 ligt in de toekomst.</a>'
        in samenvatting
    )
    assert 'tabindex="-1"' in tekst[tekst.index('class="foutsamenvatting') - 20 :][:400]
    assert "js/formulier.js" in tekst
    # right above the refused form, in its open section
    vak = tekst[tekst.index('id="notitie"') : tekst.index('id="interventie"')]
    assert vak.startswith('id="notitie" open>')
    assert vak.index("data-foutsamenvatting") < vak.index("<form")
    assert "Gesprek &lt;b&gt;thuis&lt;/b&gt;, moeder erbij.</textarea>" in vak
    assert aantal(Notitie) == 0


def test_an_empty_note_dated_ahead_reports_both_errors(client: FlaskClient, actief: Casus) -> None:
    tekst = _tekst(
        client.post(
            f"/casus/{actief.id}/notitie",
            data={
                "notitie-token": "w4",
                "notitie-soort": "notitie",
                "notitie-datum": "2025-07-01",
                "notitie-tekst": "",
            },
        )
    )
    assert '<a href="#notitie-tekst">Tekst: Vul een tekst in.</a>' in tekst
    assert "De datum 01-07-2025 ligt in de toekomst." in tekst


def test_an_intervention_ending_before_it_starts_and_dated_ahead_reports_both(
    client: FlaskClient, actief: Casus
) -> None:
    tekst = _tekst(
        client.post(
            f"/casus/{actief.id}/interventie",
            data={
                "interventie-token": "w5",
                "interventie-type": "gebiedsverbod",
                "interventie-datum": "2025-06-10",
                "interventie-einddatum": "2025-06-05",
            },
        )
    )
    assert "De datum 10-06-2025 ligt in de toekomst." in tekst
    assert "De einddatum ligt vóór de begindatum." in tekst
    assert aantal(Interventie) == 0


def test_an_intervention_may_end_in_the_future(client: FlaskClient, actief: Casus) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/interventie",
        data={
            "interventie-token": "w6",
            "interventie-type": "gebiedsverbod",
            "interventie-datum": "2025-06-01",
            "interventie-einddatum": "2025-12-01",
        },
    )
    assert antwoord.status_code == 302


# -- the status step -----------------------------------------------------------------


def test_the_status_step_shows_the_new_status_the_verdict_and_what_the_button_does(
    client: FlaskClient, actief: Casus
) -> None:
    keuze = _tekst(client.get(f"/casus/{actief.id}/status"))
    assert (
        f'<a href="/casus/{actief.id}/status/afsluiten_niet_succesvol#bevestigen">'
        "Niet succesvol afsluiten</a>"
    ) in keuze
    tekst = _tekst(client.get(f"/casus/{actief.id}/status/afsluiten_niet_succesvol"))
    assert "<dt>Nieuwe status</dt><dd>Niet succesvol afgesloten</dd>" in tekst
    assert ">Casus niet succesvol afsluiten</button>" in tekst
    assert "Verplicht: waarom krijgt de casus deze status?" in tekst
    # PGA Jeugd's reasons for niet succesvol afsluiten have no guards: each is possible
    assert 'melding--succes">Met reden' in tekst
    assert "Nu niet mogelijk" not in tekst


def test_closing_needs_a_toelichting_which_the_timeline_then_shows(
    client: FlaskClient, actief: Casus
) -> None:
    data = {
        "afsluiten_niet_succesvol-token": "w7",
        "afsluiten_niet_succesvol-versie": str(actief.versie),
        "afsluiten_niet_succesvol-datum": "2025-06-01",
        "afsluiten_niet_succesvol-reden": "recidive",
    }
    zonder = client.post(f"/casus/{actief.id}/status/afsluiten_niet_succesvol", data=data)
    assert zonder.status_code == 422
    tekst = _tekst(zonder)
    assert "Vul een toelichting in: waarom krijgt de casus deze status?" in tekst
    assert "data-foutsamenvatting" in tekst
    # the chosen reason is kept
    assert '<option selected value="recidive">' in tekst
    db.session.expire_all()
    assert db.session.get(Casus, actief.id).status == "actief"

    data |= {
        "afsluiten_niet_succesvol-token": "w8",
        "afsluiten_niet_succesvol-toelichting": "Opnieuw aangehouden; hulp geweigerd.",
    }
    met = client.post(f"/casus/{actief.id}/status/afsluiten_niet_succesvol", data=data)
    assert met.status_code == 302
    assert met.headers["Location"] == f"/casus/{actief.id}?sectie=status#status"
    db.session.expire_all()
    assert db.session.get(Casus, actief.id).status == "niet_succesvol_afgesloten"
    laatste = db.session.scalars(
        select(Gebeurtenis).order_by(Gebeurtenis.volgnummer.desc()).limit(1)
    ).one()
    assert laatste.toelichting == "Opnieuw aangehouden; hulp geweigerd."
    pagina = _tekst(client.get(met.headers["Location"]))
    # back at the status summary; the note's form is open for what comes next
    assert '<details class="werkbank__vak" id="notitie" open>' in pagina
    status = pagina[pagina.index('id="status-kop"') : pagina.index('id="vastleggen-kop"')]
    assert "De status is nu &#39;Niet succesvol afgesloten&#39;." in status
    assert "Opnieuw aangehouden; hulp geweigerd." in pagina


def test_a_status_change_sent_again_is_answered_as_the_first_not_refused(
    client: FlaskClient, actief: Casus
) -> None:
    # the second send carries the version the first one raised: judged again it would
    # be refused as "changed by someone else", yet it is the same form
    data = {
        "afsluiten_niet_succesvol-token": "tweemaal",
        "afsluiten_niet_succesvol-versie": str(actief.versie),
        "afsluiten_niet_succesvol-datum": "2025-06-01",
        "afsluiten_niet_succesvol-reden": "recidive",
        "afsluiten_niet_succesvol-toelichting": "Hulp geweigerd.",
    }
    eerste = client.post(f"/casus/{actief.id}/status/afsluiten_niet_succesvol", data=data)
    tweede = client.post(f"/casus/{actief.id}/status/afsluiten_niet_succesvol", data=data)
    assert (eerste.status_code, tweede.status_code) == (302, 302)
    assert tweede.headers["Location"] == eerste.headers["Location"]
    assert "Dit formulier was al verwerkt" in _tekst(client.get(tweede.headers["Location"]))
    afsluitingen = db.session.scalars(
        select(Gebeurtenis).where(
            Gebeurtenis.casus_id == actief.id,
            Gebeurtenis.transitie == "afsluiten_niet_succesvol",
        )
    ).all()
    assert len(afsluitingen) == 1


def test_pausing_needs_no_toelichting(client: FlaskClient, actief: Casus) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/status/pauzeren",
        data={
            "pauzeren-token": "w9",
            "pauzeren-versie": str(actief.versie),
            "pauzeren-datum": "2025-06-01",
            "pauzeren-reden": "detentie",
        },
    )
    assert antwoord.status_code == 302


def test_a_refused_status_change_names_every_error_at_once(
    client: FlaskClient, actief: Casus
) -> None:
    tekst = _tekst(
        client.post(
            f"/casus/{actief.id}/status/afsluiten_succesvol",
            data={
                "afsluiten_succesvol-token": "w10",
                "afsluiten_succesvol-versie": str(actief.versie),
                "afsluiten_succesvol-datum": "2025-06-01",
                "afsluiten_succesvol-reden": "interventies_uitgeput",
            },
        )
    )
    # the guard (no intervention yet) and the missing toelichting, together
    assert "Er is nog geen interventie geregistreerd op deze casus." in tekst
    assert "Vul een toelichting in" in tekst


def test_niet_opnemen_and_omzetten_by_triage_are_confirmed_steps(
    client: FlaskClient, maak_casus: Any, maak_gebruiker_: Any
) -> None:
    triage = maak_gebruiker_("triage:pga_jeugd")
    aangemeld = maak_casus("pga_jeugd", "aangemeld")
    db.session.commit()
    login(client, triage)
    niet = _tekst(client.get(f"/casus/{aangemeld.id}/status/niet_opnemen"))
    assert "<dt>Nieuwe status</dt><dd>Niet opgenomen</dd>" in niet
    assert ">Casus niet opnemen</button>" in niet
    assert "Verplicht: waarom" in niet
    om = _tekst(client.get(f"/casus/{aangemeld.id}/status/omzetten"))
    assert ">Casus omzetten naar andere aanpak</button>" in om
    assert "kunt u de casus daarna niet meer openen" in om
    assert "Verplicht: waarom" not in om
    antwoord = client.post(
        f"/casus/{aangemeld.id}/status/niet_opnemen",
        data={
            "niet_opnemen-token": "w11",
            "niet_opnemen-versie": str(aangemeld.versie),
            "niet_opnemen-datum": "2025-06-01",
            "niet_opnemen-reden": "geen_doelgroep",
        },
    )
    assert antwoord.status_code == 422
    assert "Vul een toelichting in" in _tekst(antwoord)


def test_a_move_that_is_not_possible_now_says_so(client: FlaskClient, actief: Casus) -> None:
    tekst = _tekst(client.get(f"/casus/{actief.id}/status/hervatten"))
    assert "Deze statuswijziging is nu niet mogelijk." in tekst
    assert '<form method="post" action="/casus/' not in tekst


# -- rules at the door: maximum lengths and no dates before 1900 -------------------------


@pytest.mark.parametrize(
    ("route", "data", "melding"),
    [
        ("notitie", {"notitie-tekst": "x" * 10_001}, "Maximaal 10000 tekens."),
        ("notitie", {"notitie-datum": "1899-12-31"}, "Vul een datum in vanaf 01-01-1900."),
        (
            "interventie",
            {"interventie-datum": "1899-12-31", "interventie-type": "gebiedsverbod"},
            "Vul een datum in vanaf 01-01-1900.",
        ),
        (
            "politiecontact",
            {"politiecontact-datum": "1899-12-31", "politiecontact-soort": "politie"},
            "Vul een datum in vanaf 01-01-1900.",
        ),
        (
            "leefgebieden",
            {"leefgebieden-datum": "1899-12-31", "leefgebieden-huisvesting": "3"},
            "Vul een datum in vanaf 01-01-1900.",
        ),
        (
            "status/overdragen",
            {
                "overdragen-datum": "1899-12-31",
                "overdragen-partij": "p" * 201,
                "overdragen-toelichting": "t" * 2001,
            },
            "Vul een datum in vanaf 01-01-1900.",
        ),
    ],
)
def test_too_long_texts_and_dates_before_1900_are_refused(
    client: FlaskClient, actief: Casus, route: str, data: dict[str, str], melding: str
) -> None:
    prefix = route.split("/")[-1]
    basis = {
        f"{prefix}-token": f"lang-{route}",
        f"{prefix}-versie": str(actief.versie),
        "notitie-soort": "notitie",
        "notitie-datum": "2025-06-01",
        "notitie-tekst": "Gesproken.",
    }
    antwoord = client.post(f"/casus/{actief.id}/{route}", data={**basis, **data})
    assert antwoord.status_code == 422
    tekst = _tekst(antwoord)
    assert melding in tekst
    if prefix == "overdragen":  # all three at once
        assert "Maximaal 200 tekens." in tekst
        assert "Maximaal 2000 tekens." in tekst


def test_a_note_dated_1_january_1900_is_accepted(client: FlaskClient, actief: Casus) -> None:
    antwoord = client.post(
        f"/casus/{actief.id}/notitie",
        data={
            "notitie-token": "w12",
            "notitie-soort": "notitie",
            "notitie-datum": "1900-01-01",
            "notitie-tekst": "Oude aantekening.",
        },
    )
    assert antwoord.status_code == 302


def test_a_textarea_counts_a_line_break_as_one_character_as_the_browser_does(
    client: FlaskClient, actief: Casus
) -> None:
    # 5,000 lines of "x" joined by CRLF: 9,999 characters as the browser counts them
    # (10,000 allowed), 14,998 as sent
    tekst = "\r\n".join(["x"] * 5000)
    antwoord = client.post(
        f"/casus/{actief.id}/notitie",
        data={
            "notitie-token": "w13",
            "notitie-soort": "notitie",
            "notitie-datum": "2025-06-01",
            "notitie-tekst": tekst,
        },
    )
    assert antwoord.status_code == 302
    assert len(db.session.scalars(select(Notitie.tekst)).one()) == 9999


def _basisformulieren() -> list[type[Form]]:
    for module in pkgutil.walk_packages(casus.__path__, "casus."):
        importlib.import_module(module.name)
    gevonden, te_doen = [], list(Basisformulier.__subclasses__())
    while te_doen:
        klasse = te_doen.pop()
        te_doen.extend(klasse.__subclasses__())
        gevonden.append(klasse)
    return gevonden


def test_every_text_field_of_every_form_has_a_maximum_and_every_date_a_minimum(
    app: Flask,
) -> None:
    gecontroleerd = 0
    with app.test_request_context():
        for klasse in _basisformulieren():
            try:
                form = klasse(formdata=None, meta={"csrf": False})
            except TypeError:  # a form that needs arguments of its own
                continue
            for veld in form:
                if isinstance(veld, (HiddenField, PasswordField)):
                    continue
                if isinstance(veld, StringField):
                    maxima = [v.max for v in veld.validators if isinstance(v, Length)]
                    assert maxima, f"{klasse.__name__}.{veld.name}"
                    assert all(m > 0 for m in maxima), f"{klasse.__name__}.{veld.name}"
                    assert f'maxlength="{min(maxima)}"' in veld(), f"{klasse.__name__}.{veld.name}"
                    gecontroleerd += 1
                if isinstance(veld, DateField):
                    assert any(isinstance(v, Vroegstedatum) for v in veld.validators)
                    assert 'min="1900-01-01"' in veld(), f"{klasse.__name__}.{veld.name}"
                    gecontroleerd += 1
    assert gecontroleerd > 30


def test_the_defaults_are_200_for_a_line_4000_for_a_textarea_and_a_field_keeps_its_own(
    app: Flask,
) -> None:
    class Proef(Basisformulier):
        regel = StringField("Regel")
        tekst = TextAreaField("Tekst")
        eigen = StringField("Eigen", validators=[Length(max=30)])
        datum = DateField("Datum")
        later = DateField("Later", validators=[Vroegstedatum(date(2000, 1, 1))])

    with app.test_request_context(
        method="POST",
        data={
            "regel": "r" * 201,
            "tekst": "t" * 4001,
            "eigen": "e" * 31,
            "datum": "1899-12-31",
            "later": "1999-12-31",
        },
    ):
        form = Proef(meta={"csrf": False})
        assert not form.validate()
        assert form.regel.errors == ["Gebruik maximaal 200 tekens; dit zijn er 201."]
        assert form.tekst.errors == ["Gebruik maximaal 4000 tekens; dit zijn er 4001."]
        assert form.eigen.errors == ["Gebruik maximaal 30 tekens."]
        assert form.datum.errors == ["Vul een datum in vanaf 01-01-1900."]
        assert form.later.errors == ["Vul een datum in vanaf 01-01-2000."]
    # a second instance does not stack the rules (the declared list is shared)
    with app.test_request_context():
        for _ in range(3):
            form = Proef(formdata=None, meta={"csrf": False})
        assert sum(isinstance(v, Length) for v in form.regel.validators) == 1
