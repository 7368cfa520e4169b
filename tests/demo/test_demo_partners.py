"""The demo's casusoverleg met partners (casus.demo.partners): the Zorg- en
Veiligheidshuis Haaglanden with three organisations, two partner users with MFA on
their fixed secrets, and one sent meeting two days after the demo's last day with two
cases of the demo regisseur, the register's rows, two afspraken and one report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyotp
from flask import Flask
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.auth.mfa import controleer_totp
from casus.auth.models import Gebruiker
from casus.demo import DEMO_GEBRUIKERS, vul_demo
from casus.demo.partners import DOEL, PARTNERGEBRUIKERS, TERUGMELDING
from casus.extensions import db
from casus.partners.models import (
    Afspraak,
    Partnerorganisatie,
    Partneroverleg,
    Samenwerkingsverband,
    Verstrekking,
)
from casus.toegang.queries import partner_deelitems
from tests.hulp.klok import stil

BOUWDAG = date(2026, 12, 6)  # a Sunday
# the window: to the end of 15 December (the meeting on the 8th, plus 7 days), Dutch
# time (CET, UTC+1)
INZAGE_TOT = datetime(2026, 12, 15, 23, 0, tzinfo=UTC)


def _gebruiker(naam: str) -> Gebruiker:
    gebruiker = db.session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == naam))
    assert gebruiker is not None
    return gebruiker


def test_the_demo_has_a_sent_partner_meeting_with_two_cases_and_a_report(app: Flask) -> None:
    with stil(BOUWDAG):
        assert vul_demo(bulk=True) is not None
        db.session.commit()

        verband = db.session.scalars(select(Samenwerkingsverband)).one()
        assert verband.naam == "Zorg- en Veiligheidshuis Haaglanden"
        assert {
            (o.naam, o.soort, o.grondslag_soort, o.grondslag, o.artikel)
            for o in db.session.scalars(select(Partnerorganisatie))
        } == {
            (
                "Politie Eenheid Den Haag",
                "politie",
                "convenant",
                "Convenant Zorg- en Veiligheidshuis Haaglanden 2024",
                "artikel 5",
            ),
            (
                "Veilig Thuis Haaglanden",
                "veilig_thuis",
                "wettelijk",
                "Wet maatschappelijke ondersteuning 2015",
                "artikel 5.2.6",
            ),
            (
                "Reclassering Nederland",
                "reclassering",
                "convenant",
                "Convenant Zorg- en Veiligheidshuis Haaglanden 2024",
                "artikel 5",
            ),
        }

        # the partner users: in the printed list, no roles, MFA on the printed secret
        assert {"politie", "veiligthuis"} <= {naam for naam, _, _ in DEMO_GEBRUIKERS}
        politie, veiligthuis = _gebruiker("politie"), _gebruiker("veiligthuis")
        for gebruiker, organisatie in (
            (politie, "Politie Eenheid Den Haag"),
            (veiligthuis, "Veilig Thuis Haaglanden"),
        ):
            assert gebruiker.partnerorganisatie_id is not None
            assert db.session.get(Partnerorganisatie, gebruiker.partnerorganisatie_id).naam == (
                organisatie
            )
            assert (gebruiker.rollen, gebruiker.teams) == ([], [])
            assert gebruiker.mfa_actief
            geheim = PARTNERGEBRUIKERS[gebruiker.gebruikersnaam][1]
            assert gebruiker.mfa_geheim == geheim
            assert controleer_totp(gebruiker, pyotp.TOTP(geheim).now())

        overleg = db.session.scalars(select(Partneroverleg)).one()
        assert (overleg.soort, overleg.datum, overleg.doel) == ("gemengd", date(2026, 12, 8), DOEL)
        assert (overleg.grondslag, overleg.artikel) == (
            "Convenant Zorg- en Veiligheidshuis Haaglanden 2024",
            "artikel 5",
        )
        assert overleg.voorzitter.gebruikersnaam == "triage"
        assert overleg.verzonden_op is not None
        assert overleg.inzage_tot == INZAGE_TOT
        assert [d.gebruikersnaam for d in overleg.deelnemers] == ["politie", "veiligthuis"]
        regisseur = _gebruiker("regisseur")
        assert [
            (p.casus.aanpak, p.casus.status, p.casus.regisseur_id, [d.item for d in p.items])
            for p in overleg.agenda
        ] == [
            ("pga_jeugd", "actief", regisseur.id, ["aanleiding", "personalia", "verloop"]),
            ("ipta", "actief", regisseur.id, ["interventies", "personalia"]),
        ]
        assert all(p.bevestigd_op is not None for p in overleg.agenda)

        # the register: 5 items x 2 partner users, on the meeting's basis
        rijen = db.session.scalars(select(Verstrekking)).all()
        assert len(rijen) == 10
        assert {(v.doel, v.grondslag, v.artikel, v.ingetrokken_op) for v in rijen} == {
            (DOEL, "Convenant Zorg- en Veiligheidshuis Haaglanden 2024", "artikel 5", None)
        }
        assert sorted((v.gebruiker_id, v.organisatie_id) for v in rijen) == sorted(
            [(politie.id, politie.partnerorganisatie_id)] * 5
            + [(veiligthuis.id, veiligthuis.partnerorganisatie_id)] * 5
        )
        # each partner sees those 5 items now
        assert len(db.session.scalars(partner_deelitems(politie)).all()) == 5
        assert len(db.session.scalars(partner_deelitems(veiligthuis)).all()) == 5

        afspraken = db.session.scalars(select(Afspraak).order_by(Afspraak.id)).all()
        assert [
            (a.casus_id, a.organisatie_id, a.regisseur_id, a.uiterlijk, a.status) for a in afspraken
        ] == [
            (
                overleg.agenda[0].casus_id,
                politie.partnerorganisatie_id,
                None,
                date(2026, 12, 22),
                "open",
            ),
            (overleg.agenda[1].casus_id, None, regisseur.id, date(2026, 12, 29), "open"),
        ]
        assert [(t.gebruiker_id, t.tekst, t.gereed) for t in afspraken[0].terugmeldingen] == [
            (politie.id, TERUGMELDING, False)
        ]
        assert afspraken[1].terugmeldingen == []
        # written through the services: each step is in the audit log
        assert {
            r.actie
            for r in db.session.scalars(
                select(AuditRecord).where(
                    AuditRecord.actie.in_(
                        (
                            "partneroverleg.aangemaakt",
                            "partneroverleg.verzonden",
                            "partner.teruggemeld",
                        )
                    )
                )
            )
        } == {"partneroverleg.aangemaakt", "partneroverleg.verzonden", "partner.teruggemeld"}

    # after the window the partners see nothing
    with stil(INZAGE_TOT):
        db.session.expire_all()
        assert db.session.scalars(partner_deelitems(_gebruiker("politie"))).all() == []
