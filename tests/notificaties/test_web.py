"""The Meldingen page and the header: "Meldingen (n)", the list with unread first,
"Gelezen", "Alles gelezen", following a notification; another user's notification is a
404, and the page writes no audit record."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask.testing import FlaskClient
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus
from casus.extensions import db
from casus.notificaties.models import Notificatie
from casus.notificaties.services import notificeer
from tests.hulp.client import login
from tests.hulp.formulieren import formulier, formulieren
from tests.hulp.klok import stil
from tests.hulp.notificaties import Mensen


def meld(casus: Casus, ontvanger: int, sleutel: str, moment: datetime) -> Notificatie:
    with stil(moment):
        notificeer(
            "toegewezen",
            ontvangers=[ontvanger],
            tekst=f"Casus {casus.ref} is aan u toegewezen ({sleutel}).",
            link=f"/casus/{casus.id}",
            casus=casus,
            sleutel=sleutel,
        )
    db.session.commit()
    return db.session.scalars(
        select(Notificatie).where(
            Notificatie.sleutel == sleutel, Notificatie.gebruiker_id == ontvanger
        )
    ).one()


def kop(html: str) -> str:
    gevonden = re.search(r">(Meldingen(?: \(\d+\))?)<", html)
    assert gevonden, html
    return gevonden.group(1)


def test_the_header_counts_the_unread_ones_only_when_logged_in(
    client: FlaskClient, mensen: Mensen, pga_casus: Casus
) -> None:
    assert "Meldingen" not in client.get("/inloggen").get_data(as_text=True)
    login(client, mensen.regisseur)
    assert kop(client.get("/meldingen").get_data(as_text=True)) == "Meldingen (0)"
    meld(pga_casus, mensen.regisseur.id, "a", datetime(2025, 3, 3, 9, tzinfo=UTC))
    meld(pga_casus, mensen.regisseur.id, "b", datetime(2025, 3, 4, 9, tzinfo=UTC))
    meld(pga_casus, mensen.triagist.id, "c", datetime(2025, 3, 4, 9, tzinfo=UTC))
    html = client.get(f"/casus/{pga_casus.id}").get_data(as_text=True)
    assert kop(html) == "Meldingen (2)"
    assert 'Meldingen (2)<span class="visueel-verborgen"> ongelezen</span>' in html


def test_the_list_read_and_all_read(client: FlaskClient, mensen: Mensen, pga_casus: Casus) -> None:
    oud = meld(pga_casus, mensen.regisseur.id, "oud", datetime(2025, 3, 3, 9, tzinfo=UTC))
    nieuw = meld(pga_casus, mensen.regisseur.id, "nieuw", datetime(2025, 3, 4, 9, tzinfo=UTC))
    derde = meld(pga_casus, mensen.regisseur.id, "derde", datetime(2025, 3, 5, 9, tzinfo=UTC))
    login(client, mensen.regisseur)
    audit_voor = db.session.scalar(select(func.count()).select_from(AuditRecord))

    html = client.get("/meldingen").get_data(as_text=True)
    assert "U hebt 3 ongelezen meldingen." in html
    assert html.index("(derde)") < html.index("(nieuw)") < html.index("(oud)")
    assert html.count("Ongelezen: Casus aan u toegewezen") == 3
    assert "05-03-2025 10:00" in html  # in Dutch time

    gelezen = formulier(html, "/meldingen/gelezen", notificatie_id=str(nieuw.id))
    antwoord = client.post(gelezen.actie, data=gelezen.gegevens(), follow_redirects=True)
    html = antwoord.get_data(as_text=True)
    assert "De melding is gelezen." in html
    assert kop(html) == "Meldingen (2)"
    # the read one last, without "Ongelezen"
    assert html.index("(derde)") < html.index("(oud)") < html.index("(nieuw)")
    assert html.count("Ongelezen: ") == 2

    alles = formulier(html, "/meldingen/alles-gelezen")
    antwoord = client.post(alles.actie, data=alles.gegevens(), follow_redirects=True)
    html = antwoord.get_data(as_text=True)
    assert "Alle 2 meldingen zijn gelezen." in html
    assert kop(html) == "Meldingen (0)"
    assert "U hebt geen ongelezen meldingen." in html
    assert "Alles gelezen" not in html
    assert "Ongelezen: " not in html
    db.session.expire_all()
    assert all(n.gelezen_op is not None for n in (oud, nieuw, derde))
    # the page and marking read are no personal data: nothing in the audit log
    assert db.session.scalar(select(func.count()).select_from(AuditRecord)) == audit_voor


def test_following_a_notification_marks_it_read_and_goes_to_its_link(
    client: FlaskClient, mensen: Mensen, pga_casus: Casus
) -> None:
    n = meld(pga_casus, mensen.regisseur.id, "a", datetime(2025, 3, 3, 9, tzinfo=UTC))
    login(client, mensen.regisseur)
    html = client.get("/meldingen").get_data(as_text=True)
    openen = formulier(html, "/meldingen/openen", notificatie_id=str(n.id))
    antwoord = client.post(openen.actie, data=openen.gegevens())
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == f"/casus/{pga_casus.id}"
    db.session.expire_all()
    assert n.gelezen_op is not None
    # the same form again (Back): still there, nothing twice
    antwoord = client.post(openen.actie, data=openen.gegevens())
    assert antwoord.headers["Location"] == f"/casus/{pga_casus.id}"


def test_another_user_s_notification_or_one_no_longer_visible_is_a_404(
    client: FlaskClient, mensen: Mensen, pga_casus: Casus
) -> None:
    eigen = meld(pga_casus, mensen.regisseur.id, "a", datetime(2025, 3, 3, 9, tzinfo=UTC))
    van_een_ander = meld(pga_casus, mensen.triagist.id, "b", datetime(2025, 3, 3, 9, tzinfo=UTC))
    login(client, mensen.regisseur)
    html = client.get("/meldingen").get_data(as_text=True)
    for actie in ("/meldingen/openen", "/meldingen/gelezen"):
        form = formulier(html, actie, notificatie_id=str(eigen.id))
        for ander_id in (van_een_ander.id, 2_147_483_647, 9_999_999_999):
            antwoord = client.post(actie, data=form.gegevens(notificatie_id=str(ander_id)))
            assert antwoord.status_code == 404, (actie, ander_id)
        # without an id: the form's message, back to the list
        antwoord = client.post(actie, data=form.gegevens(notificatie_id=""))
        assert antwoord.status_code == 302
    db.session.expire_all()
    assert van_een_ander.gelezen_op is None

    # the regisseur leaves PGA Jeugd: the notification on its case is gone from the page
    from casus.auth.services import geef_rollen

    geef_rollen(mensen.regisseur, [("regisseur", "ipta")])
    db.session.commit()
    html = client.get("/meldingen").get_data(as_text=True)
    assert "Er zijn geen meldingen." in html
    assert kop(html) == "Meldingen (0)"
    form = formulier(html, "/meldingen/alles-gelezen") if "Alles gelezen" in html else None
    assert form is None
    antwoord = client.post(
        "/meldingen/openen",
        data={"notificatie_id": str(eigen.id), "token": "abc123"},
    )
    assert antwoord.status_code == 404


def test_a_page_of_notifications_has_every_form_it_shows(
    client: FlaskClient, mensen: Mensen, pga_casus: Casus
) -> None:
    for i in range(27):
        meld(pga_casus, mensen.regisseur.id, f"n{i}", datetime(2025, 3, 3, 9, i, tzinfo=UTC))
    login(client, mensen.regisseur)
    html = client.get("/meldingen").get_data(as_text=True)
    assert "Pagina 1 van 2 · 27 meldingen" in html
    acties = [f.actie for f in formulieren(html)]
    assert acties.count("/meldingen/openen") == 25
    assert acties.count("/meldingen/gelezen") == 25
    html = client.get("/meldingen?pagina=2").get_data(as_text=True)
    gelezen = formulier(html, "/meldingen/gelezen?pagina=2")
    antwoord = client.post(gelezen.actie, data=gelezen.gegevens())
    assert antwoord.headers["Location"] == "/meldingen?pagina=2"
