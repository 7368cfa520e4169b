"""The services notify whom an event concerns: the new regisseur of an assignment, the
aanmelder of a triage decision, the regisseurs of a signal's team; never the actor
itself, nobody for the import's history, and nobody who may not see the case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.casussen.services import meld_aan, wijs_regisseur_toe
from casus.extensions import db
from casus.notificaties.models import Notificatie
from casus.signalen.services import registreer_signaal, themas
from casus.toegang.actor import IMPORT, MELDPUNT
from casus.triage.services import neem_besluit
from tests.hulp import fabrieken
from tests.hulp.klok import stil

VANDAAG = date(2025, 3, 10)

pytestmark = pytest.mark.klok(VANDAAG)


def notificaties() -> list[tuple[int, str, str, str]]:
    return list(
        db.session.execute(
            select(
                Notificatie.gebruiker_id, Notificatie.soort, Notificatie.tekst, Notificatie.link
            ).order_by(Notificatie.gebruiker_id, Notificatie.id)
        ).tuples()
    )


@pytest.fixture
def triagist(maak_gebruiker_: Callable[..., Gebruiker]) -> Gebruiker:
    # also regisseur: may assign a case to themselves
    return maak_gebruiker_("triage:pga_jeugd", "regisseur:pga_jeugd", naam="triagist")


def test_an_assignment_notifies_the_new_regisseur(
    maak_casus: Callable[..., Casus],
    maak_gebruiker_: Callable[..., Gebruiker],
    triagist: Gebruiker,
) -> None:
    eerste = maak_gebruiker_("regisseur:pga_jeugd", naam="eerste")
    tweede = maak_gebruiker_("regisseur:pga_jeugd", naam="tweede")
    casus = maak_casus("pga_jeugd", "actief", regisseur=eerste)  # by the import: no news
    assert notificaties() == []

    wijs_regisseur_toe(casus, tweede, actor=triagist, datum=VANDAAG)

    assert notificaties() == [
        (
            tweede.id,
            "toegewezen",
            f"Casus {casus.ref} is aan u toegewezen.",
            f"/casus/{casus.id}",
        )
    ]


def test_assigning_oneself_or_nobody_or_by_the_import_notifies_nobody(
    maak_casus: Callable[..., Casus],
    maak_gebruiker_: Callable[..., Gebruiker],
    triagist: Gebruiker,
) -> None:
    casus = maak_casus("pga_jeugd", "actief")
    wijs_regisseur_toe(casus, triagist, actor=triagist, datum=VANDAAG)
    wijs_regisseur_toe(casus, None, actor=triagist, datum=VANDAAG)
    wijs_regisseur_toe(casus, maak_gebruiker_("regisseur:pga_jeugd"), actor=IMPORT, datum=VANDAAG)
    assert notificaties() == []


def test_a_rolled_back_assignment_leaves_no_notification(
    maak_casus: Callable[..., Casus],
    maak_gebruiker_: Callable[..., Gebruiker],
    triagist: Gebruiker,
) -> None:
    casus = maak_casus("pga_jeugd", "actief")
    nieuw = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    wijs_regisseur_toe(casus, nieuw, actor=triagist, datum=VANDAAG)
    assert len(notificaties()) == 1
    db.session.rollback()
    assert notificaties() == []


def _aanmelding(aanmelder: Gebruiker) -> Casus:
    casus = meld_aan(
        "pga_jeugd",
        actor=aanmelder,
        aangemeld_op=date(2025, 3, 3),
        persoon=fabrieken.persoon(),
    )
    db.session.commit()
    return casus


def test_a_triage_decision_notifies_the_aanmelder_and_the_assigned_regisseur(
    maak_gebruiker_: Callable[..., Gebruiker], triagist: Gebruiker
) -> None:
    aanmelder = maak_gebruiker_("regisseur:pga_jeugd", naam="aanmelder")
    regisseur = maak_gebruiker_("regisseur:pga_jeugd", naam="regisseur")
    casus = _aanmelding(aanmelder)

    neem_besluit(casus, "opnemen", actor=triagist, regisseur=regisseur)

    assert notificaties() == [
        (
            aanmelder.id,
            "triagebesluit",
            f"Uw aanmelding {casus.ref} is door de triage opgenomen.",
            f"/casus/{casus.id}",
        ),
        (
            regisseur.id,
            "toegewezen",
            f"Casus {casus.ref} is aan u toegewezen.",
            f"/casus/{casus.id}",
        ),
    ]


def test_niet_opnemen_and_aanhouden_are_told_the_aanmelder(
    maak_gebruiker_: Callable[..., Gebruiker], triagist: Gebruiker
) -> None:
    aanmelder = maak_gebruiker_("regisseur:pga_jeugd", naam="aanmelder")
    a, b = _aanmelding(aanmelder), _aanmelding(aanmelder)

    neem_besluit(a, "aanhouden", actor=triagist, toelichting="Eerst de school horen.")
    neem_besluit(b, "niet_opnemen", actor=triagist, reden="elders_belegd", toelichting="Jeugdzorg.")

    assert [t for _, _, t, _ in notificaties()] == [
        f"Uw aanmelding {a.ref} is door de triage aangehouden tot het volgende overleg.",
        f"Uw aanmelding {b.ref} is door de triage niet opgenomen.",
    ]


def test_no_decision_notice_to_oneself_nor_to_an_aanmelder_who_cannot_see_the_case(
    maak_gebruiker_: Callable[..., Gebruiker], triagist: Gebruiker
) -> None:
    eigen = _aanmelding(triagist)
    neem_besluit(eigen, "opnemen", actor=triagist, regisseur=triagist)
    assert notificaties() == []

    # omgezet to IPTA: the aanmelder, only in PGA Jeugd's team, no longer sees the case
    aanmelder = maak_gebruiker_("regisseur:pga_jeugd", naam="aanmelder")
    casus = _aanmelding(aanmelder)
    neem_besluit(casus, "omzetten", actor=triagist, doel_aanpak="ipta", toelichting="IPTA.")
    assert casus.aanpak == "ipta"
    assert notificaties() == []


def test_a_decision_on_an_aanmelding_that_moved_teams_reaches_an_aanmelder_in_both(
    maak_gebruiker_: Callable[..., Gebruiker], triagist: Gebruiker
) -> None:
    aanmelder = maak_gebruiker_("regisseur:pga_jeugd", "regisseur:ipta", naam="aanmelder")
    casus = _aanmelding(aanmelder)
    neem_besluit(casus, "omzetten", actor=triagist, doel_aanpak="ipta", toelichting="IPTA.")
    assert notificaties() == [
        (
            aanmelder.id,
            "triagebesluit",
            "Uw aanmelding is door de triage omgezet naar een andere aanpak; het "
            f"casusnummer is nu {casus.ref}.",
            f"/casus/{casus.id}",
        )
    ]
    assert casus.ref.startswith("IPTA-")


def test_a_new_signal_notifies_the_regisseurs_of_its_team_but_not_its_registrar(
    maak_gebruiker_: Callable[..., Gebruiker],
) -> None:
    melder = maak_gebruiker_("regisseur:ondermijning", naam="melder")
    collega = maak_gebruiker_("regisseur:ondermijning", naam="collega")
    maak_gebruiker_("triage:ondermijning", naam="alleen_triage")
    maak_gebruiker_("regisseur:pga_r", naam="ander_team")
    db.session.commit()

    signaal = registreer_signaal(
        "ondermijning",
        ontvangen_op=date(2025, 3, 7),
        bron="meld_misdaad_anoniem",
        thema=next(iter(themas("ondermijning"))),
        tekst="Veel verkeer bij een woning, 's nachts.",
        betreft_naam="Snackbar De Hoek",
        actor=melder,
    )

    assert notificaties() == [
        (
            collega.id,
            "signaal",
            f"Nieuw signaal {signaal.ref} voor uw team.",
            f"/signalen/{signaal.id}",
        )
    ]
    assert "Snackbar" not in notificaties()[0][2]


def test_a_signal_from_the_public_meldpunt_notifies_every_regisseur_of_the_team(
    maak_gebruiker_: Callable[..., Gebruiker],
) -> None:
    regisseurs = [maak_gebruiker_("regisseur:ondermijning") for _ in range(2)]
    db.session.commit()
    with stil(VANDAAG):
        signaal = registreer_signaal(
            "ondermijning",
            ontvangen_op=VANDAAG,
            bron="meld_misdaad_anoniem",
            thema=next(iter(themas("ondermijning"))),
            tekst="Een hennepgeur.",
            actor=MELDPUNT,
        )
    assert [(g, s) for g, s, _, _ in notificaties()] == [
        (regisseurs[0].id, "signaal"),
        (regisseurs[1].id, "signaal"),
    ]
    assert all(link == f"/signalen/{signaal.id}" for _, _, _, link in notificaties())
