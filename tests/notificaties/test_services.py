"""notificeer and what a user sees of it: only users who may see the case or signal get
a notification, and see it only while they may; a key makes it idempotent; a rollback
takes it back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.auth.services import geef_rollen
from casus.casussen.models import Casus
from casus.extensions import db
from casus.notificaties.models import Notificatie
from casus.notificaties.services import (
    aantal_ongelezen,
    markeer_gelezen,
    notificatie_van,
    notificaties_van,
    notificeer,
    ongelezen_per_soort,
    relatieve_link,
)
from tests.hulp import fabrieken
from tests.hulp.klok import stil
from tests.hulp.notificaties import Mensen


def ontvangers() -> list[tuple[int, str]]:
    return list(
        db.session.execute(
            select(Notificatie.gebruiker_id, Notificatie.soort).order_by(Notificatie.gebruiker_id)
        ).tuples()
    )


def aantal_rijen() -> int:
    return db.session.scalar(select(func.count()).select_from(Notificatie)) or 0


def termijn(casus: Casus, ontvangers: list[int], sleutel: str | None = None) -> int:
    return notificeer(
        "termijn_nadert",
        ontvangers=ontvangers,
        tekst=f"De termijn van casus {casus.ref} loopt bijna af.",
        link=f"/casus/{casus.id}",
        casus=casus,
        sleutel=sleutel,
    )


def test_only_active_members_of_the_case_s_team_are_notified(
    mensen: Mensen, pga_casus: Casus
) -> None:
    alle = [mensen.regisseur, mensen.triagist, mensen.ander_team, mensen.inactief, mensen.manager]

    nieuw = termijn(pga_casus, [g.id for g in alle])

    # regisseur and triagist of pga_jeugd; not ipta's regisseur, the deactivated
    # regisseur or the manager (a global role sees no case)
    assert nieuw == 2
    assert ontvangers() == sorted(
        [(mensen.regisseur.id, "termijn_nadert"), (mensen.triagist.id, "termijn_nadert")]
    )


def test_a_signal_s_notification_only_reaches_its_aanpak_s_team(
    maak_gebruiker_: fabrieken.Callable[..., fabrieken.Gebruiker],
) -> None:
    ondermijning = maak_gebruiker_("regisseur:ondermijning", naam="ondermijning")
    jeugd = maak_gebruiker_("regisseur:pga_jeugd", naam="jeugd")
    signaal = fabrieken.signaal("ondermijning")  # by the import: notifies its regisseurs
    db.session.execute(db.delete(Notificatie))

    nieuw = notificeer(
        "signaal",
        ontvangers=[ondermijning.id, jeugd.id],
        tekst=f"Nieuw signaal {signaal.ref} voor uw team.",
        link=f"/signalen/{signaal.id}",
        signaal=signaal,
    )

    assert nieuw == 1
    assert ontvangers() == [(ondermijning.id, "signaal")]


def test_without_a_case_every_active_recipient_is_notified(mensen: Mensen) -> None:
    nieuw = notificeer(
        "taak_mislukt",
        ontvangers=[mensen.manager.id, mensen.inactief.id],
        tekst="De achtergrondtaak 'digests' is mislukt.",
        link="/meldingen",
    )
    assert nieuw == 1
    assert ontvangers() == [(mensen.manager.id, "taak_mislukt")]


def test_the_same_key_twice_adds_one_row_per_user(mensen: Mensen, pga_casus: Casus) -> None:
    assert termijn(pga_casus, [mensen.regisseur.id], sleutel="termijn:1:triage:2025-03-01") == 1
    assert termijn(pga_casus, [mensen.regisseur.id], sleutel="termijn:1:triage:2025-03-01") == 0
    db.session.commit()
    # again in a later transaction, now with a second user who has not got it yet
    ids = [mensen.regisseur.id, mensen.triagist.id]
    assert termijn(pga_casus, ids, sleutel="termijn:1:triage:2025-03-01") == 1
    db.session.commit()
    assert aantal_rijen() == 2
    # without a key nothing is deduplicated
    assert termijn(pga_casus, [mensen.regisseur.id]) == 1
    assert termijn(pga_casus, [mensen.regisseur.id]) == 1
    assert aantal_rijen() == 4


def test_a_rollback_leaves_no_notification(mensen: Mensen, pga_casus: Casus) -> None:
    assert termijn(pga_casus, [mensen.regisseur.id], sleutel="a") == 1
    db.session.rollback()
    assert aantal_rijen() == 0
    # and the key is free again
    assert termijn(pga_casus, [mensen.regisseur.id], sleutel="a") == 1


def test_a_user_who_leaves_the_team_gets_none_and_no_longer_sees_the_old_ones(
    mensen: Mensen, pga_casus: Casus
) -> None:
    regisseur = mensen.regisseur
    termijn(pga_casus, [regisseur.id], sleutel="oud")
    taak = notificeer(  # no case: stays visible whatever the teams
        "taak_mislukt", ontvangers=[regisseur.id], tekst="Een taak is mislukt.", link="/"
    )
    assert taak == 1
    db.session.commit()
    oud = db.session.scalars(select(Notificatie).where(Notificatie.sleutel == "oud")).one()
    assert aantal_ongelezen(regisseur) == 2
    assert ongelezen_per_soort(regisseur.id) == {"taak_mislukt": 1, "termijn_nadert": 1}

    geef_rollen(regisseur, [("regisseur", "ipta")])  # moved to another team
    db.session.commit()

    assert termijn(pga_casus, [regisseur.id], sleutel="nieuw") == 0
    assert aantal_ongelezen(regisseur) == 1
    assert [n.soort for n in notificaties_van(regisseur).items] == ["taak_mislukt"]
    assert ongelezen_per_soort(regisseur.id) == {"taak_mislukt": 1}
    assert notificatie_van(regisseur, oud.id) is None
    assert markeer_gelezen(regisseur, [oud.id]) == 0
    # the row itself is kept: back in the team, it is there again, still unread
    geef_rollen(regisseur, [("regisseur", "pga_jeugd")])
    db.session.commit()
    assert notificatie_van(regisseur, oud.id) == oud
    assert aantal_ongelezen(regisseur) == 2


def test_a_deactivated_user_sees_nothing(mensen: Mensen) -> None:
    notificeer("taak_mislukt", ontvangers=[mensen.manager.id], tekst="Mislukt.", link="/")
    db.session.commit()
    assert ongelezen_per_soort(mensen.manager.id) == {"taak_mislukt": 1}
    mensen.manager.actief = False
    db.session.commit()
    assert ongelezen_per_soort(mensen.manager.id) == {}
    assert ongelezen_per_soort(999_999) == {}


def test_unread_per_kind_since_a_moment(mensen: Mensen, pga_casus: Casus) -> None:
    r = mensen.regisseur.id
    with stil(datetime(2025, 3, 3, 8, 0, tzinfo=UTC)):
        termijn(pga_casus, [r], sleutel="1")
        notificeer("taak_mislukt", ontvangers=[r], tekst="Mislukt.", link="/")
    with stil(datetime(2025, 3, 4, 8, 0, tzinfo=UTC)):
        termijn(pga_casus, [r], sleutel="2")
        termijn(pga_casus, [r], sleutel="3")
    db.session.commit()
    gelezen = db.session.scalars(select(Notificatie.id).where(Notificatie.sleutel == "3")).one()
    assert markeer_gelezen(mensen.regisseur, [gelezen]) == 1
    db.session.commit()

    assert ongelezen_per_soort(r) == {"taak_mislukt": 1, "termijn_nadert": 2}
    # since the evening of the 3rd: "2" only ("3" is read)
    assert ongelezen_per_soort(r, sinds=datetime(2025, 3, 3, 20, 0, tzinfo=UTC)) == {
        "termijn_nadert": 1
    }


def test_marking_read_touches_only_the_actor_s_own(mensen: Mensen, pga_casus: Casus) -> None:
    termijn(pga_casus, [mensen.regisseur.id, mensen.triagist.id])
    db.session.commit()
    van_triagist = db.session.scalars(
        select(Notificatie.id).where(Notificatie.gebruiker_id == mensen.triagist.id)
    ).one()
    assert markeer_gelezen(mensen.regisseur, [van_triagist]) == 0
    assert markeer_gelezen(mensen.regisseur, alle=True) == 1
    assert markeer_gelezen(mensen.regisseur, alle=True) == 0
    db.session.commit()
    assert aantal_ongelezen(mensen.regisseur) == 0
    assert aantal_ongelezen(mensen.triagist) == 1


def test_the_list_shows_unread_first_then_newest(
    app: Flask, mensen: Mensen, pga_casus: Casus
) -> None:
    r = mensen.regisseur
    for dag, sleutel in ((3, "maandag"), (4, "dinsdag"), (5, "woensdag")):
        with stil(datetime(2025, 3, dag, 9, 0, tzinfo=UTC)):
            termijn(pga_casus, [r.id], sleutel=sleutel)
    db.session.commit()
    woensdag = db.session.scalars(
        select(Notificatie.id).where(Notificatie.sleutel == "woensdag")
    ).one()
    markeer_gelezen(r, [woensdag])
    db.session.commit()

    with app.test_request_context("/meldingen"):  # the page's links to the next page
        pagina = notificaties_van(r, nummer=1, grootte=2)
    assert pagina.volgende_url == "/meldingen?pagina=2"
    assert [n.sleutel for n in pagina.items] == ["dinsdag", "maandag"]
    assert (pagina.totaal, pagina.aantal_paginas) == (3, 2)


def test_refuses_an_unknown_kind_and_a_link_elsewhere(mensen: Mensen) -> None:
    with pytest.raises(ValueError, match="soort"):
        notificeer("onbekend", ontvangers=[mensen.manager.id], tekst="x", link="/")
    for link in ("https://example.org/", "//example.org/", "casus/1"):
        with pytest.raises(ValueError, match="link"):
            notificeer("taak_mislukt", ontvangers=[mensen.manager.id], tekst="x", link=link)
    assert aantal_rijen() == 0


def test_a_relative_link_is_built_outside_a_request_too() -> None:
    assert relatieve_link("casussen.casus", casus_id=12) == "/casus/12"
    assert relatieve_link("notificaties.lijst") == "/meldingen"
