"""The casusoverleg met partners (issue 22) on a demo database of any scale: the pages of
the partner, the chair, the regisseur and the privacy officer, through the application
in process (no network), each page's median and p95 in milliseconds.

Not a part of ``python -m benchmarks``; on a demo database of its own (the demo makes one
sent meeting with two cases):

    DATABASE_URL=sqlite:////tmp/demo10.db flask --app casus demo --schaal 10 --niet-starten
    python -m benchmarks.partners --database sqlite:////tmp/demo10.db --rondes 10
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import pyotp
from sqlalchemy import select

from benchmarks.meten import log, samenvatting

WACHTWOORD = "demo-wachtwoord-2025"


def meet(database: str, rondes: int) -> dict[str, Any]:
    from casus import create_app
    from casus.demo.partners import PARTNERGEBRUIKERS
    from casus.extensions import db
    from casus.partners.models import Partneragendapunt, Partneroverleg
    from tests.hulp.client import Client

    app = create_app(
        SQLALCHEMY_DATABASE_URI=database, TAKEN_OPSLAG="geheugen", WTF_CSRF_ENABLED=False
    )
    app.test_client_class = Client
    uitkomst: dict[str, Any] = {"database": database}
    with app.app_context():
        overleg = db.session.scalars(select(Partneroverleg)).first()
        if overleg is None:
            raise SystemExit("geen casusoverleg met partners in deze database (een demo?)")
        casus_id = db.session.scalars(
            select(Partneragendapunt.casus_id).where(Partneragendapunt.overleg_id == overleg.id)
        ).first()

        def ingelogd(naam: str) -> Any:
            client = app.test_client()
            client.post("/inloggen", data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD})
            if naam in PARTNERGEBRUIKERS:
                client.post(
                    "/inloggen/code", data={"code": pyotp.TOTP(PARTNERGEBRUIKERS[naam][1]).now()}
                )
            return client

        def pagina(client: Any, url: str) -> dict[str, Any]:
            assert client.get(url).status_code == 200, url  # one first, excluded
            tijden = []
            for _ in range(rondes):
                begin = time.perf_counter()
                assert client.get(url).status_code == 200, url
                tijden.append((time.perf_counter() - begin) * 1000)
            return samenvatting(tijden)

        partner = ingelogd("politie")
        uitkomst["partner_start"] = pagina(partner, "/partner")
        uitkomst["partner_overleg"] = pagina(partner, f"/partner/overleg/{overleg.id}")
        voorzitter = ingelogd("triage")
        uitkomst["voorzitter_agenda"] = pagina(voorzitter, f"/partneroverleggen/{overleg.id}")
        regisseur = ingelogd("regisseur")
        uitkomst["casuspagina_met_verstrekkingen"] = pagina(regisseur, f"/casus/{casus_id}")
        privacy = ingelogd("privacy")
        uitkomst["register"] = pagina(privacy, "/privacy/verstrekkingen")
    return uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--rondes", type=int, default=10)
    args = parser.parse_args()
    log(json.dumps(meet(args.database, args.rondes), indent=2, default=str))


if __name__ == "__main__":
    main()
