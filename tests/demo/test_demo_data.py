"""The demo caseload: calibrated on the council memo, consistent, deterministic, scalable,
and alive on the day it is built (the clock stands still on that day here)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Notitie
from casus.casussen.projectie import replay
from casus.demo import DEMO_GEBRUIKERS, vul_demo
from casus.extensions import db
from casus.signalen.models import Signaal
from casus.triage.models import AgendaPunt, Overleg
from casus.werkplek.queries import signaal_expressies
from tests.hulp import telling
from tests.hulp.database import leeg
from tests.hulp.databaseinhoud import inhoud
from tests.hulp.klok import stil
from tests.hulp.projectie import opgeslagen

VAN, TOT = date(2025, 1, 1), date(2025, 6, 30)
# the day the module's demos are built (a Sunday), and a second day (a Tuesday)
BOUWDAG = date(2026, 12, 6)
ANDERE_BOUWDAG = date(2026, 3, 10)
# the rapportage opens on the last half-year that has ended (rapportage.periode)
LAATSTE_HALFJAAR = {
    BOUWDAG: (date(2026, 1, 1), date(2026, 6, 30)),
    ANDERE_BOUWDAG: (date(2025, 7, 1), date(2025, 12, 31)),
}
HUIDIG_HALFJAAR = {
    BOUWDAG: (date(2026, 7, 1), date(2026, 12, 31)),
    ANDERE_BOUWDAG: (date(2026, 1, 1), date(2026, 6, 30)),
}
KALIBRATIE = ("totaal", "lopend_begin", "nieuw", "afgesloten", "lopend_einde", "in_de_wacht_einde")


def afwijkingen_van_replay() -> list[str]:
    fout = []
    for casus in db.session.scalars(select(Casus).options(selectinload(Casus.gebeurtenissen))):
        if opgeslagen(casus) != replay(casus.gebeurtenissen):
            fout.append(casus.ref)
    return fout


def guards_geschonden() -> list[str]:
    """PGA Jeugd closures whose success guards (domain.md section 3) would refuse them."""
    fout = []
    for casus in db.session.scalars(
        select(Casus).where(Casus.aanpak == "pga_jeugd", Casus.status == "succesvol_afgesloten")
    ):
        reden = casus.gebeurtenissen[-1].reden
        assert casus.afgesloten_op is not None
        if reden == "doelen_behaald" and not (
            casus.geen_recent_politiecontact(casus.afgesloten_op)
            and casus.vooruitgang_op_leefgebied(casus.afgesloten_op)
        ):
            fout.append(casus.ref)
        if reden == "interventies_uitgeput" and not casus.heeft_interventie(casus.afgesloten_op):
            fout.append(casus.ref)
    return fout


def levendigheid(vandaag: date) -> dict[str, Any]:
    """What a user sees of recent activity on ``vandaag``, as plain data."""
    actief = db.session.scalars(select(Casus).where(Casus.status == "actief")).all()
    laatste_contact: dict[int, date] = {
        casus_id: datum
        for casus_id, datum in db.session.execute(
            select(Notitie.casus_id, func.max(Notitie.datum))
            .where(Notitie.soort == "contactmoment")
            .group_by(Notitie.casus_id)
        ).tuples()
    }
    signaal = signaal_expressies(vandaag)
    overleggen = db.session.scalars(select(Overleg)).all()
    return {
        "bouwdag": vandaag,
        "actief": len(actief),
        "contact_binnen_30_dagen": len(
            [c for c in actief if laatste_contact.get(c.id, date.min) >= vandaag - timedelta(30)]
        ),
        "geen_contact": db.session.scalar(
            select(func.count()).select_from(Casus).where(signaal["geen_contact"])
        ),
        "kandidaat_afsluiten": db.session.scalar(
            select(func.count()).select_from(Casus).where(signaal["kandidaat_afsluiten"])
        ),
        "wachtrij": db.session.scalars(
            select(Casus.aangemeld_op).where(Casus.status == "aangemeld")
        ).all(),
        "overleggen": [
            (
                o.datum,
                o.aanpak_codes,
                sorted(d.gebruikersnaam for d in o.deelnemers),
                sorted(
                    db.session.scalars(
                        select(Casus.status)
                        .join(AgendaPunt, AgendaPunt.casus_id == Casus.id)
                        .where(AgendaPunt.overleg_id == o.id)
                    ).all()
                ),
            )
            for o in overleggen
        ],
        # the signal meeting's default period: the last 28 days
        "open_signalen_overleg": Counter(
            db.session.scalars(
                select(Signaal.aanpak).where(
                    Signaal.status == "open",
                    Signaal.ontvangen_op.between(vandaag - timedelta(28), vandaag),
                )
            ).all()
        ),
        "laatste_halfjaar": telling.tel(*LAATSTE_HALFJAAR[vandaag])["aanpakken"],
        "huidig_halfjaar": telling.tel(*HUIDIG_HALFJAAR[vandaag])["aanpakken"],
    }


def meet(app: Flask, op: date = BOUWDAG, **kwargs: Any) -> dict[str, Any]:
    """Build the demo on day ``op``, read what the tests need as plain data, and empty
    the database."""
    with stil(op), app.app_context():
        assert vul_demo(**kwargs) is not None
        db.session.commit()
        h1 = telling.tel(VAN, TOT)
        uit = {
            "levend": levendigheid(op),
            "inhoud": inhoud(),
            "h1": {a: dict(f) for a, f in h1["aanpakken"].items()},
            "woonoverlast": telling.woonoverlast_lopend(VAN, TOT, h1["totaal"]["woonoverlast"]),
            "herkomst": Counter(
                g.casus.kenmerken["herkomst"] for g in h1["totaal"]["ondermijning"]
            ),
            "signalen": telling.signalen("ondermijning", VAN, TOT),
            "gebiedsverbod": telling.interventies("gebiedsverbod", VAN, TOT),
            "replay": afwijkingen_van_replay(),
            "guards": guards_geschonden(),
            "gebruikers": db.session.scalar(select(func.count()).select_from(Gebruiker)),
            "rollen": {r.rol for g in db.session.scalars(select(Gebruiker)) for r in g.rollen}
            | {t.rol for g in db.session.scalars(select(Gebruiker)) for t in g.teams},
            "tweede_keer": vul_demo(**kwargs),
        }
        leeg(app)
    return uit


@pytest.fixture(scope="module")
def demo(app: Flask) -> dict[str, Any]:
    return meet(app)  # N=1 writes every status change through the services


@pytest.fixture(scope="module")
def demo_bulk(app: Flask) -> dict[str, Any]:
    return meet(app, bulk=True)


@pytest.fixture(scope="module", params=(BOUWDAG, ANDERE_BOUWDAG), ids=str)
def demo_op_bouwdag(request: pytest.FixtureRequest, app: Flask) -> dict[str, Any]:
    """The demo built on either day (on BOUWDAG it is ``demo_bulk``)."""
    if request.param == BOUWDAG:
        gebouwd: dict[str, Any] = request.getfixturevalue("demo_bulk")
        return gebouwd
    return meet(app, op=request.param, bulk=True)


def test_the_2025_h1_figures_reproduce_the_council_memo(demo: dict[str, Any]) -> None:
    memo_cijfers_kloppen(demo)


def test_the_demo_reproduces_the_memo_on_any_day_it_is_built(
    demo_op_bouwdag: dict[str, Any],
) -> None:
    memo_cijfers_kloppen(demo_op_bouwdag)
    assert demo_op_bouwdag["replay"] == []
    assert demo_op_bouwdag["guards"] == []


def memo_cijfers_kloppen(demo: dict[str, Any]) -> None:
    """The 2025-H1 figures of the council memo (seed 004), worked out from its text."""
    h1 = demo["h1"]
    for aanpak, f in h1.items():
        assert f.get("totaal", 0) == f.get("lopend_begin", 0) + f.get("nieuw", 0), aanpak
        assert f.get("totaal", 0) == f.get("afgesloten", 0) + f.get("lopend_einde", 0), aanpak

    pga = h1["pga_jeugd"]  # 1.1.1
    assert (pga["totaal"], pga["nieuw"], pga["afgesloten"]) == (90, 25, 23)
    assert pga["succesvol_afgesloten"] == 17
    assert pga["overgedragen:verhuizing"] + pga["overgedragen:andere_gemeente"] == 3
    assert pga["overgedragen:zorgpartij"] == 1
    assert pga["overgedragen"] == 4
    assert pga["niet_succesvol_afgesloten"] == 2

    rio = h1["rio"]  # 1.1.2
    assert (rio["totaal"], rio["afgesloten"]) == (21, 4)
    assert rio["succesvol_afgesloten:gestabiliseerd"] == 1
    assert rio["overgedragen:jeugdbescherming"] == 1
    assert rio["niet_succesvol_afgesloten:niet_passend"] == 1
    assert rio["niet_succesvol_afgesloten:geen_motivatie"] == 1

    ipta = h1["ipta"]  # 1.1.3
    assert (ipta["totaal"], ipta["nieuw"], ipta["afgesloten"]) == (45, 20, 10)
    assert ipta["succesvol_afgesloten"] == 8  # every ipta succes reason is work or school
    assert ipta["overgedragen:andere_gemeente"] == 1
    assert ipta["niet_succesvol_afgesloten:uit_beeld"] == 1

    ond = h1["ondermijning"]  # 1.2.2
    assert (ond["totaal"], ond["lopend_einde"], ond["in_de_wacht_einde"]) == (56, 23, 9)
    assert demo["herkomst"] == {"lokaal": 53, "riec": 3}
    assert ond["afgesloten"] == 33
    assert ond["niet_succesvol_afgesloten:geen_ondermijning"] == 17
    assert ond["succesvol_afgesloten:interventie_ingezet"] == 16
    signalen = demo["signalen"]
    assert sum(signalen["bron"].values()) == 93
    assert signalen["bron"]["meld_misdaad_anoniem"] == 70  # 75%
    assert [t for t, _ in signalen["thema"].most_common(3)] == [
        "drugscriminaliteit",
        "onvergunde_prostitutie",
        "onverklaarbare_activiteiten",
    ]

    wol = h1["woonoverlast"]  # 1.5.4
    assert (wol["totaal"], wol["afgesloten"], wol["lopend_einde"]) == (124, 30, 94)
    lopend = demo["woonoverlast"]
    assert lopend["woningtype"] == {"corporatie": 67, "koop": 24, "particuliere_huur": 3}
    assert lopend["corporatie_soort"] == {
        "onbegrepen_gedrag": 17,
        "hoarder_vervuiler": 15,
        "leefbaarheid": 35,
    }
    wijken = lopend["wijk"].most_common()
    assert wijken[0] == ("Meerzicht", 19)
    assert wijken[1][1] < 19
    assert wijken[-1][0] == "Noordhove"
    assert wijken[-2][1] > wijken[-1][1]
    assert len(wijken) == 12

    _totaal, personen, minderjarig = demo["gebiedsverbod"]  # 1.1.4
    assert (personen, minderjarig) == (9, 4)


def test_the_demo_has_a_user_per_role_and_a_second_run_leaves_the_data_alone(
    demo: dict[str, Any],
) -> None:
    assert demo["gebruikers"] == len(DEMO_GEBRUIKERS)
    assert demo["rollen"] == {"regisseur", "triage", "manager", "privacy", "beheerder"}
    assert demo["tweede_keer"] is None


def test_pga_jeugd_successes_meet_the_guards_of_the_live_application(demo: dict[str, Any]) -> None:
    assert demo["h1"]["pga_jeugd"]["succesvol_afgesloten:doelen_behaald"] > 0
    assert demo["guards"] == []


def test_every_demo_case_projection_equals_its_replay(
    demo: dict[str, Any], demo_bulk: dict[str, Any]
) -> None:
    assert demo["inhoud"]["casussen"]
    assert demo["replay"] == []
    assert demo_bulk["replay"] == []


def test_the_bulk_path_writes_exactly_what_the_service_path_writes(
    demo: dict[str, Any], demo_bulk: dict[str, Any]
) -> None:
    for tabel, rijen in demo["inhoud"].items():
        assert demo_bulk["inhoud"][tabel] == rijen, tabel
    assert demo_bulk["h1"] == demo["h1"]


def test_two_runs_with_the_same_seed_give_identical_data(
    app: Flask, demo_bulk: dict[str, Any]
) -> None:
    assert meet(app, bulk=True)["inhoud"] == demo_bulk["inhoud"]
    ander = meet(app, seed=7, bulk=True)
    assert ander["inhoud"]["casussen"] != demo_bulk["inhoud"]["casussen"]
    for aanpak, f in demo_bulk["h1"].items():  # another seed, the same calibrated figures
        for sleutel in KALIBRATIE:
            assert ander["h1"][aanpak].get(sleutel) == f.get(sleutel), (aanpak, sleutel)


def test_scale_two_doubles_the_caseload_and_the_memo_figures(
    app: Flask, demo_bulk: dict[str, Any]
) -> None:
    dubbel = meet(app, schaal=2)
    assert dubbel["replay"] == []
    for aanpak in ("pga_jeugd", "ipta", "rio", "ondermijning", "woonoverlast"):
        for sleutel in KALIBRATIE:
            assert dubbel["h1"][aanpak].get(sleutel, 0) == 2 * demo_bulk["h1"][aanpak].get(
                sleutel, 0
            ), (aanpak, sleutel)
    assert dubbel["gebiedsverbod"][1:] == (18, 8)
    assert len(dubbel["inhoud"]["casussen"]) == 2 * len(demo_bulk["inhoud"]["casussen"])
    # the second copy brings its own regisseurs
    assert dubbel["gebruikers"] > demo_bulk["gebruikers"]


def leeftijd(geboren: date, op: date) -> int:
    return op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))


def test_the_demo_has_every_aanpak_and_state_and_plausible_subjects(demo: dict[str, Any]) -> None:
    casussen = demo["inhoud"]["casussen"]
    assert {c[1] for c in casussen} == {
        "pga_jeugd",
        "ipta",
        "rio",
        "pga_r",
        "ondermijning",
        "woonoverlast",
    }
    assert {c[2] for c in casussen} == {
        "aangemeld",
        "getriaged",
        "actief",
        "in_de_wacht",
        "niet_opgenomen",
        "succesvol_afgesloten",
        "niet_succesvol_afgesloten",
        "overgedragen",
    }
    grenzen = {"pga_jeugd": (12, 27), "ipta": (15, 27), "rio": (16, 27)}
    for ref, aanpak, _, persoon, _, aangemeld, kenmerken, *_ in casussen:
        assert date(2023, 1, 1) <= aangemeld <= BOUWDAG
        assert kenmerken["wijk"]
        if aanpak in grenzen:
            jaren = leeftijd(persoon[3], aangemeld)
            lo, hi = grenzen[aanpak]
            assert lo <= jaren <= hi, (ref, jaren)
            if aanpak == "rio" and aangemeld.year < 2025:
                assert jaren >= 18, ref  # minors only since 2025
        if aanpak == "ondermijning" and kenmerken["onderwerp"] == "onderneming":
            assert len(kenmerken["kvk_nummer"]) == 8
            assert kenmerken["kvk_nummer"].isdigit()
        if aanpak == "woonoverlast":
            assert {"adres", "woningtype", "soort"} <= set(kenmerken)

    bsns = [c[3][4] for c in casussen if c[3] is not None and c[3][4] is not None]
    assert len(bsns) > 100
    for bsn in bsns:  # the elfproef, worked out here
        som = sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True))
        assert (som - int(bsn[8])) % 11 == 0

    events = demo["inhoud"]["gebeurtenissen"]
    assert all(e[6] <= BOUWDAG for e in events)
    assert {e[6] for e in events if e[2] == "corrigeren"} == {BOUWDAG}  # made on the day
    soorten = Counter(e[2] for e in events)
    assert soorten["omzetten"] >= 3
    assert soorten["pauzeren"] >= 30
    assert soorten["toewijzen"] >= 3
    assert 1 <= soorten["corrigeren"] <= 8
    assert len({i[2] for i in demo["inhoud"]["interventies"]}) >= 15
    assert len(demo["inhoud"]["notities"]) > len(casussen)
    signalen = demo["inhoud"]["signalen"]
    assert {s[0] for s in signalen} == {"ondermijning", "pga_r"}
    assert {s[0] for s in signalen if s[7]} == {"ondermijning", "pga_r"}  # some lead to cases


def test_the_triage_queue_holds_fresh_aanmeldingen(demo_op_bouwdag: dict[str, Any]) -> None:
    levend = demo_op_bouwdag["levend"]
    # wachtrij in the profiles: PGA Jeugd 4, IPTA 3, RIO 2, PGA-R 1, ondermijning 3,
    # woonoverlast 4; each registered in the 24 days up to the day the demo was built
    assert len(levend["wachtrij"]) == 17
    bouwdag = levend["bouwdag"]
    assert all(bouwdag - timedelta(24) <= d <= bouwdag for d in levend["wachtrij"])


def test_a_triage_meeting_with_the_queue_on_its_agenda_is_planned_this_week(
    demo_op_bouwdag: dict[str, Any],
) -> None:
    overleggen = demo_op_bouwdag["levend"]["overleggen"]
    assert len(overleggen) == 1
    datum, aanpakken, deelnemers, agenda = overleggen[0]
    # the first Tuesday from the build day on: 6-12-2026 is a Sunday, 10-3-2026 a Tuesday
    verwacht = {BOUWDAG: date(2026, 12, 8), ANDERE_BOUWDAG: date(2026, 3, 10)}
    assert datum == verwacht[demo_op_bouwdag["levend"]["bouwdag"]]
    assert aanpakken == ("ipta", "pga_jeugd", "rio")
    assert deelnemers == ["regisseur", "regisseur2", "rio", "triage"]
    assert agenda == ["aangemeld"] * 9  # the queue of PGA Jeugd (4), IPTA (3) and RIO (2)


def test_running_cases_had_recent_contact_and_few_carry_an_action_signal(
    demo_op_bouwdag: dict[str, Any],
) -> None:
    levend = demo_op_bouwdag["levend"]
    assert levend["actief"] > 100
    # 85% get a contact in the last 21 days; notes spread over the case add a few more
    assert levend["contact_binnen_30_dagen"] >= 0.75 * levend["actief"]
    assert levend["geen_contact"] <= 0.25 * levend["actief"]
    assert levend["kandidaat_afsluiten"] < 0.5 * levend["actief"]


def test_the_signal_meeting_default_period_has_open_signals(
    demo_op_bouwdag: dict[str, Any],
) -> None:
    # ondermijning receives 70-100 signals a half-year: about 11-15 in 28 days, those
    # of the last 30 days still open unless one led to a case
    assert demo_op_bouwdag["levend"]["open_signalen_overleg"]["ondermijning"] >= 5


def test_the_reported_and_the_current_half_year_have_cases(
    demo_op_bouwdag: dict[str, Any],
) -> None:
    levend = demo_op_bouwdag["levend"]
    for aanpak in ("pga_jeugd", "ipta", "rio", "ondermijning", "woonoverlast"):
        cijfers = levend["laatste_halfjaar"][aanpak]
        assert cijfers["totaal"] > 10, aanpak
        assert cijfers["nieuw"] > 0, aanpak
        assert cijfers["aanmeldingen"] > 0, aanpak
    assert sum(f.get("aanmeldingen", 0) for f in levend["huidig_halfjaar"].values()) > 20
