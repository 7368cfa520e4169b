"""The e-mail digest: delivered to a real SMTP server on loopback with counts and a link
and nothing about a person or a case; only when configured, due and not empty; daily
and weekly by the clock in Europe/Amsterdam; a failed send stays due."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import delete, update

from casus.auth.models import Gebruiker, Teamlid
from casus.casussen.models import Casus
from casus.extensions import db
from casus.mail import MailFout
from casus.mail.digest import verstuur_digests
from casus.notificaties.models import Notificatie
from casus.notificaties.services import notificeer
from tests.hulp import fabrieken
from tests.hulp.instellingen import ingesteld
from tests.hulp.klok import stil
from tests.hulp.mail import AFZENDER, Postvak, inhoud

# Wednesday 7 January 2026, 08:00 in Amsterdam (CET, UTC+1)
WOENSDAG = datetime(2026, 1, 7, 7, 0, tzinfo=UTC)
BSN = "999993653"

VERWACHT_EERSTE = """Goedendag,

Er staan meldingen voor u klaar die u nog niet hebt gelezen:

- Casus aan u toegewezen: 2
- Termijn nadert: 1

Lees ze na het inloggen:
https://casus.gemeente.example/meldingen

Deze e-mail noemt bewust geen namen, casusnummers of andere gegevens
uit casussen.

U krijgt deze samenvatting elke dag, omdat u daarvoor hebt gekozen.
Wijzigen of uitzetten doet u onder Mijn account:
https://casus.gemeente.example/account
"""


def regisseur(
    gebruikersnaam: str = "averhoeven",
    *,
    naam: str = "Anneke Verhoeven",
    email: str | None = "regie7@gemeente.example",
    digest: str = "dagelijks",
    aanpak: str = "pga_jeugd",
) -> Gebruiker:
    g = fabrieken.gebruiker(gebruikersnaam, f"regisseur:{aanpak}", naam=naam)
    g.email, g.digest = email, digest
    db.session.commit()
    return g


def meld(soort: str, gebruiker: Gebruiker, casus: Casus, *, sleutel: str) -> None:
    """A notification as the hooks write them: the case number in the text, no name."""
    assert notificeer(
        soort,
        ontvangers=[gebruiker.id],
        tekst=f"Casus {casus.ref}: {soort}.",
        link=f"/casussen/{casus.id}",
        casus=casus,
        sleutel=sleutel,
    )
    db.session.commit()


def sleutels(aantal: int, start: int = 0) -> list[str]:
    return [f"test:{i}" for i in range(start, start + aantal)]


@pytest.fixture
def fenna_casus(maak_casus: Callable[..., Casus]) -> Casus:
    persoon = fabrieken.persoon("Fenna", "Wijnaldum", bsn=BSN)
    c = maak_casus("pga_jeugd", persoon=persoon)
    db.session.commit()
    return c


def test_a_digest_arrives_with_counts_and_a_link_and_no_personal_data(
    mail_aan: Postvak, maak_casus: Callable[..., Casus]
) -> None:
    with stil(datetime(2026, 1, 6, 9, 0, tzinfo=UTC)):
        anneke = regisseur()
        fenna = maak_casus("pga_jeugd", persoon=fabrieken.persoon("Fenna", "Wijnaldum", bsn=BSN))
        daan = maak_casus(
            "pga_jeugd", persoon=fabrieken.persoon("Daan", "Oosterhuis", bsn="999990019")
        )
        db.session.commit()
        meld("toegewezen", anneke, fenna, sleutel="a")
        meld("toegewezen", anneke, daan, sleutel="b")
        meld("termijn_nadert", anneke, fenna, sleutel="c")
    with stil(WOENSDAG):
        assert verstuur_digests() == 1

    [bericht] = mail_aan.berichten
    assert mail_aan.enveloppen == [(AFZENDER, ["regie7@gemeente.example"])]
    assert bericht["To"] == "regie7@gemeente.example"
    assert bericht["Subject"] == "Casus Zoetermeer: meldingen die u nog niet hebt gelezen"
    assert inhoud(bericht) == VERWACHT_EERSTE
    geheel = bericht.as_string()
    for verboden in [
        "Fenna",
        "Wijnaldum",
        "Daan",
        "Oosterhuis",
        BSN,
        "999990019",
        fenna.ref,
        daan.ref,
        "Anneke",
        "Verhoeven",
        "averhoeven",
        "toegewezen.",  # the notifications' own text
    ]:
        assert verboden not in geheel, verboden
    db.session.refresh(anneke)
    assert anneke.digest_verstuurd_op == WOENSDAG


def test_nothing_is_sent_without_a_mail_server_or_a_base_url(
    app: Flask, mail_aan: Postvak, fenna_casus: Casus, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="casus.mail")
    anneke = regisseur()
    meld("toegewezen", anneke, fenna_casus, sleutel="a")
    with ingesteld(app, MAIL_SERVER=""):
        assert verstuur_digests(op=WOENSDAG) == 0
    assert "Geen MAIL_SERVER ingesteld" in caplog.text
    with ingesteld(app, BASIS_URL=""):
        assert verstuur_digests(op=WOENSDAG) == 0
    assert [r.levelname for r in caplog.records if "BASIS_URL" in r.getMessage()] == ["WARNING"]
    assert mail_aan.berichten == []
    db.session.refresh(anneke)
    assert anneke.digest_verstuurd_op is None


def test_only_users_who_asked_for_it_with_an_address_and_active(
    mail_aan: Postvak, fenna_casus: Casus
) -> None:
    anneke = regisseur()
    zonder_adres = regisseur("zonder", naam="Zonder Adres", email=None)
    geen = regisseur("geen", naam="Geen Digest", email="geen@gemeente.example", digest="geen")
    weg = regisseur("weg", naam="Niet Actief", email="weg@gemeente.example")
    for i, g in enumerate([anneke, zonder_adres, geen, weg]):
        meld("toegewezen", g, fenna_casus, sleutel=f"a{i}")
    weg.actief = False
    db.session.commit()
    assert verstuur_digests(op=WOENSDAG) == 1
    assert [e[1] for e in mail_aan.enveloppen] == [["regie7@gemeente.example"]]


def test_daily_once_per_day_in_amsterdam(mail_aan: Postvak, fenna_casus: Casus) -> None:
    anneke = regisseur()
    # sent at 00:30 on Wednesday in Amsterdam, which is still Tuesday in UTC
    anneke.digest_verstuurd_op = datetime(2026, 1, 6, 23, 30, tzinfo=UTC)
    db.session.commit()
    with stil(datetime(2026, 1, 7, 5, 0, tzinfo=UTC)):
        meld("toegewezen", anneke, fenna_casus, sleutel="a")
    with stil(WOENSDAG):
        assert verstuur_digests() == 0  # already sent today
    assert mail_aan.berichten == []
    # Thursday 00:05 in Amsterdam: a new day
    donderdag = datetime(2026, 1, 7, 23, 5, tzinfo=UTC)
    with stil(donderdag):
        assert verstuur_digests() == 1
        assert verstuur_digests() == 0  # the second run of the day sends nothing
    [bericht] = mail_aan.berichten
    assert "Sinds de vorige samenvatting zijn er meldingen voor u bijgekomen\n" in inhoud(bericht)
    assert "- Casus aan u toegewezen: 1\n" in inhoud(bericht)
    db.session.refresh(anneke)
    assert anneke.digest_verstuurd_op == donderdag


def test_weekly_once_per_iso_week_daily_every_day(mail_aan: Postvak, fenna_casus: Casus) -> None:
    dagelijks = regisseur("dag", naam="Dag Lid", email="dag@gemeente.example")
    wekelijks = regisseur(
        "week", naam="Week Lid", email="week@gemeente.example", digest="wekelijks"
    )
    maandag = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)  # 07:00 in Amsterdam
    for g in (dagelijks, wekelijks):
        g.digest_verstuurd_op = maandag
    db.session.commit()
    # one new notification for each every day, the clock at 08:00 in Amsterdam
    ontvangers: dict[int, list[str]] = {}
    for dag in range(6, 14):  # Tuesday 6 up to Tuesday 13 January
        moment = datetime(2026, 1, dag, 7, 0, tzinfo=UTC)
        with stil(moment):
            for g in (dagelijks, wekelijks):
                meld("termijn_nadert", g, fenna_casus, sleutel=f"{g.id}:{dag}")
            voor = len(mail_aan.berichten)
            verstuur_digests()
            ontvangers[dag] = [str(b["To"]) for b in mail_aan.berichten[voor:]]
    assert ontvangers == {
        6: ["dag@gemeente.example"],
        7: ["dag@gemeente.example"],
        8: ["dag@gemeente.example"],
        9: ["dag@gemeente.example"],
        10: ["dag@gemeente.example"],  # Saturday
        11: ["dag@gemeente.example"],  # Sunday: still the week of the 5th for the weekly
        12: ["dag@gemeente.example", "week@gemeente.example"],  # Monday: a new ISO week
        13: ["dag@gemeente.example"],
    }
    week = next(b for b in mail_aan.berichten if b["To"] == "week@gemeente.example")
    # Tuesday 6 up to Monday 12: seven notifications since the Monday before
    assert "- Termijn nadert: 7\n" in inhoud(week)
    assert "U krijgt deze samenvatting elke week, omdat u daarvoor hebt gekozen." in inhoud(week)


def test_nothing_unread_since_the_last_digest_sends_nothing(
    mail_aan: Postvak, fenna_casus: Casus
) -> None:
    anneke = regisseur()
    with stil(datetime(2026, 1, 5, 7, 0, tzinfo=UTC)):
        meld("toegewezen", anneke, fenna_casus, sleutel="oud")  # before the last digest
    vorige = datetime(2026, 1, 6, 7, 0, tzinfo=UTC)
    anneke.digest_verstuurd_op = vorige
    db.session.commit()
    with stil(datetime(2026, 1, 6, 12, 0, tzinfo=UTC)):
        meld("termijn_nadert", anneke, fenna_casus, sleutel="gelezen")
    db.session.execute(
        update(Notificatie)
        .where(Notificatie.sleutel == "gelezen")
        .values(gelezen_op=datetime(2026, 1, 6, 13, 0, tzinfo=UTC))
    )
    db.session.commit()
    assert verstuur_digests(op=WOENSDAG) == 0
    assert mail_aan.berichten == []
    db.session.refresh(anneke)
    assert anneke.digest_verstuurd_op == vorige  # unchanged: still due


def test_a_user_who_left_the_team_gets_no_count_for_its_cases(
    mail_aan: Postvak, maak_casus: Callable[..., Casus]
) -> None:
    with stil(datetime(2026, 1, 6, 9, 0, tzinfo=UTC)):
        anneke = regisseur()
        anneke.teams.append(Teamlid(aanpak="ipta", rol="regisseur"))
        db.session.commit()
        jeugd = maak_casus("pga_jeugd")
        ipta = maak_casus("ipta")
        db.session.commit()
        meld("toegewezen", anneke, jeugd, sleutel="a")
        meld("termijn_nadert", anneke, jeugd, sleutel="b")
        meld("termijn_verlopen", anneke, ipta, sleutel="c")
        db.session.execute(
            delete(Teamlid).where(Teamlid.gebruiker_id == anneke.id, Teamlid.aanpak == "pga_jeugd")
        )
        db.session.commit()
    assert verstuur_digests(op=WOENSDAG) == 1
    [bericht] = mail_aan.berichten
    assert "- Termijn verlopen: 1\n" in inhoud(bericht)
    assert "toegewezen" not in inhoud(bericht)
    assert "nadert" not in inhoud(bericht)

    # leaving the last team too: nothing left to tell
    db.session.execute(delete(Teamlid).where(Teamlid.gebruiker_id == anneke.id))
    db.session.commit()
    assert verstuur_digests(op=datetime(2026, 1, 8, 7, 0, tzinfo=UTC)) == 0
    assert len(mail_aan.berichten) == 1


def test_a_failed_send_stays_due_and_the_run_fails(
    mail_aan: Postvak, fenna_casus: Casus, caplog: pytest.LogCaptureFixture
) -> None:
    anneke = regisseur()
    meld("toegewezen", anneke, fenna_casus, sleutel="a")
    mail_aan.storing = True
    with pytest.raises(MailFout):
        verstuur_digests(op=WOENSDAG)
    assert mail_aan.berichten == []
    assert "niet verstuurd" in caplog.text
    db.session.refresh(anneke)
    assert anneke.digest_verstuurd_op is None

    # the job's retry, once the server works again
    mail_aan.storing = False
    assert verstuur_digests(op=WOENSDAG) == 1
    db.session.refresh(anneke)
    assert anneke.digest_verstuurd_op == WOENSDAG


def test_a_refused_address_does_not_hold_up_the_others(
    mail_aan: Postvak, fenna_casus: Casus
) -> None:
    eerste = regisseur("eerste", naam="Eerste Lid", email="fout@gemeente.example")
    tweede = regisseur("tweede", naam="Tweede Lid", email="goed@gemeente.example")
    meld("toegewezen", eerste, fenna_casus, sleutel="a")
    meld("toegewezen", tweede, fenna_casus, sleutel="b")
    mail_aan.weiger.add("fout@gemeente.example")
    with pytest.raises(MailFout, match="1 e-mailsamenvatting"):
        verstuur_digests(op=WOENSDAG)
    assert [e[1] for e in mail_aan.enveloppen] == [["goed@gemeente.example"]]
    db.session.refresh(eerste)
    db.session.refresh(tweede)
    assert eerste.digest_verstuurd_op is None
    assert tweede.digest_verstuurd_op == WOENSDAG
    # the retry sends only what is still due: the second one is not sent twice
    mail_aan.weiger.clear()
    assert verstuur_digests(op=WOENSDAG) == 1
    assert [e[1] for e in mail_aan.enveloppen] == [
        ["goed@gemeente.example"],
        ["fout@gemeente.example"],
    ]
