"""Document access follows case (and signal) access: whoever may not see the case gets the
404 for every service, whoever may see it but not work on it may read but not add, and
the SQL filter lists exactly the visible documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.documenten import services as documenten
from casus.documenten.models import Document
from casus.errors import GeenToegang
from casus.extensions import db
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT, MELDPUNT
from casus.toegang.policy import mag_document_toevoegen, mag_document_zien
from casus.toegang.queries import zichtbare_documenten, zichtbare_documentversies
from tests.hulp import fabrieken

TEKST = b"Afspraken met de ouders.\n"


@dataclass
class Wereld:
    casus: Casus
    regisseur: Gebruiker
    collega: Gebruiker  # regisseur in the same team, not assigned to the case
    triage: Gebruiker
    buitenstaander: Gebruiker  # a regisseur of another team (IPTA)
    signaallid: Gebruiker  # a member of ondermijning, which takes signals
    signaal: Signaal
    document: Document
    signaaldocument: Document


def _toevoegen(actor: Any, **waar: Any) -> Document:
    return documenten.voeg_document_toe(
        actor,
        titel="Afspraken",
        soort="verslag" if "casus" in waar else "melding",
        datum=date(2025, 2, 3),
        vertrouwelijkheid="intern",
        bestandsnaam="afspraken.txt",
        inhoud=TEKST,
        **waar,
    )


@pytest.fixture
def wereld(maak_casus: Any, maak_gebruiker_: Any) -> Wereld:
    casus: Casus = maak_casus("pga_jeugd", "actief")
    assert casus.regisseur is not None
    signaal = fabrieken.signaal("ondermijning")
    signaallid = maak_gebruiker_("regisseur:ondermijning", naam="signaallid")
    w = Wereld(
        casus=casus,
        regisseur=casus.regisseur,
        collega=maak_gebruiker_("regisseur:pga_jeugd", naam="collega"),
        triage=maak_gebruiker_("triage:pga_jeugd", naam="triagelid"),
        buitenstaander=maak_gebruiker_("regisseur:ipta", naam="buitenstaander"),
        signaallid=signaallid,
        signaal=signaal,
        document=_toevoegen(casus.regisseur, casus=casus),
        signaaldocument=_toevoegen(signaallid, signaal=signaal),
    )
    db.session.commit()
    return w


def _versie(w: Wereld) -> Any:
    return w.document.versies[0]


# every service, called by ``wie`` on the case's document (or its case)
DIENSTEN: dict[str, Callable[[Wereld, Any], object]] = {
    "documenten_van_casus": lambda w, wie: documenten.documenten_van_casus(wie, w.casus),
    "laatste_versies_van": lambda w, wie: documenten.laatste_versies_van(wie, w.casus),
    "document_of_404": lambda w, wie: documenten.document_of_404(wie, w.document.id),
    "versie_of_404": lambda w, wie: documenten.versie_of_404(wie, w.document),
    "lees_inhoud": lambda w, wie: documenten.lees_inhoud(wie, _versie(w)),
    "voeg_document_toe": lambda w, wie: _toevoegen(wie, casus=w.casus),
    "voeg_versie_toe": lambda w, wie: documenten.voeg_versie_toe(
        wie, w.document, bestandsnaam="b.txt", inhoud=TEKST
    ),
    "documenten_van_signaal": lambda w, wie: documenten.documenten_van_signaal(wie, w.signaal),
    "document_of_404 (signaal)": lambda w, wie: documenten.document_of_404(
        wie, w.signaaldocument.id
    ),
    "voeg_document_toe (signaal)": lambda w, wie: _toevoegen(wie, signaal=w.signaal),
}
OP_DE_CASUS = [n for n in DIENSTEN if "signaal" not in n]
OP_HET_SIGNAAL = [n for n in DIENSTEN if "signaal" in n]


@pytest.mark.parametrize("dienst", list(DIENSTEN))
def test_a_user_of_another_team_gets_the_404_for_every_service(wereld: Wereld, dienst: str) -> None:
    with pytest.raises(NotFound):
        DIENSTEN[dienst](wereld, wereld.buitenstaander)
    # the attempt is on the record, as for a case the user may not see
    records = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "toegang.geweigerd")
    ).all()
    assert [(r.gebruiker_id, r.uitkomst) for r in records] == [
        (wereld.buitenstaander.id, "niet_gevonden")
    ]


@pytest.mark.parametrize("dienst", OP_DE_CASUS)
def test_the_signal_member_gets_the_404_for_the_cases_documents(
    wereld: Wereld, dienst: str
) -> None:
    with pytest.raises(NotFound):
        DIENSTEN[dienst](wereld, wereld.signaallid)


@pytest.mark.parametrize("dienst", OP_HET_SIGNAAL)
def test_the_case_team_gets_the_404_for_the_signals_documents(wereld: Wereld, dienst: str) -> None:
    with pytest.raises(NotFound):
        DIENSTEN[dienst](wereld, wereld.regisseur)


@pytest.mark.parametrize("dienst", list(DIENSTEN))
def test_the_public_meldpunt_gets_nothing(wereld: Wereld, dienst: str) -> None:
    with pytest.raises(NotFound):
        DIENSTEN[dienst](wereld, MELDPUNT)


@pytest.mark.parametrize("dienst", list(DIENSTEN))
def test_no_actor_and_an_inactive_user_are_refused(wereld: Wereld, dienst: str) -> None:
    wereld.regisseur.actief = False
    db.session.commit()
    with pytest.raises(GeenToegang):
        DIENSTEN[dienst](wereld, wereld.regisseur)
    with pytest.raises(GeenToegang):
        DIENSTEN[dienst](wereld, None)


def test_a_team_member_who_is_not_the_regisseur_reads_but_does_not_add(wereld: Wereld) -> None:
    collega = wereld.collega
    assert [d.id for d in documenten.documenten_van_casus(collega, wereld.casus)] == [
        wereld.document.id
    ]
    assert documenten.lees_inhoud(collega, _versie(wereld)) == TEKST
    with pytest.raises(GeenToegang, match="regisseur en de triage"):
        DIENSTEN["voeg_document_toe"](wereld, collega)
    with pytest.raises(GeenToegang, match="regisseur en de triage"):
        DIENSTEN["voeg_versie_toe"](wereld, collega)


def test_triage_and_the_regisseur_add_documents_and_versions(wereld: Wereld) -> None:
    for wie in (wereld.regisseur, wereld.triage):
        DIENSTEN["voeg_document_toe"](wereld, wie)
        DIENSTEN["voeg_versie_toe"](wereld, wie)
    db.session.commit()
    assert [v.versie for v in wereld.document.versies] == [1, 2, 3]


def test_a_url_cannot_pair_a_document_with_another_case_or_signal(
    wereld: Wereld, maak_casus: Any
) -> None:
    andere = maak_casus("pga_jeugd", "actief", regisseur=wereld.regisseur)
    db.session.commit()
    regisseur, document = wereld.regisseur, wereld.document
    gevonden = documenten.document_of_404(regisseur, document.id, casus_id=wereld.casus.id)
    assert gevonden.id == document.id
    with pytest.raises(NotFound):
        documenten.document_of_404(regisseur, document.id, casus_id=andere.id)
    with pytest.raises(NotFound):
        documenten.document_of_404(regisseur, document.id, signaal_id=wereld.signaal.id)
    with pytest.raises(NotFound):
        documenten.document_of_404(regisseur, document.id + 1000)
    with pytest.raises(NotFound):
        documenten.versie_of_404(regisseur, document, 2)  # it has one version


def test_the_sql_filter_lists_exactly_the_visible_documents(wereld: Wereld) -> None:
    def ids(wie: Any) -> list[int]:
        return [d.id for d in db.session.scalars(zichtbare_documenten(wie).order_by(Document.id))]

    def versies(wie: Any) -> list[int]:
        return [v.document_id for v in db.session.scalars(zichtbare_documentversies(wie))]

    eigen, signaal = wereld.document.id, wereld.signaaldocument.id
    assert ids(wereld.regisseur) == [eigen]
    assert ids(wereld.collega) == [eigen]
    assert ids(wereld.signaallid) == [signaal]
    assert ids(IMPORT) == [eigen, signaal]
    assert ids(wereld.buitenstaander) == []
    assert ids(MELDPUNT) == []
    assert ids(None) == []
    assert versies(wereld.regisseur) == [eigen]
    assert versies(wereld.buitenstaander) == []


def test_the_predicates_follow_the_case_whatever_the_confidentiality(wereld: Wereld) -> None:
    wereld.document.vertrouwelijkheid = "zeer_geheim"  # a label: it changes no right
    db.session.commit()
    assert mag_document_zien(wereld.collega, wereld.document)
    assert not mag_document_zien(wereld.buitenstaander, wereld.document)
    assert mag_document_toevoegen(wereld.regisseur, casus=wereld.casus)
    assert not mag_document_toevoegen(wereld.collega, casus=wereld.casus)
    assert mag_document_toevoegen(wereld.signaallid, signaal=wereld.signaal)
    assert not mag_document_toevoegen(MELDPUNT, signaal=wereld.signaal)
    assert not mag_document_toevoegen(wereld.regisseur)
