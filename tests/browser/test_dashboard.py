"""probe"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from casus.extensions import db
from casus.personen.models import PolitieContact
from tests.hulp import fabrieken
from tests.hulp.browser import AXE, LAPTOP, SMAL, NieuweContext, Server, axe_overtredingen
from tests.hulp.geschiedenis import casus

pytestmark = pytest.mark.usefixtures("leeg")


def _geschiedenis() -> None:
    fabrieken.gebruiker("pvandijk", "manager", naam="Peter van Dijk")
    jongere = fabrieken.persoon("Zwaantje", "Geheimnaam", date(2008, 5, 1))
    casus("pga_jeugd", "2024-12-01", ("triageren", "2024-12-10"), ("starten", "2024-12-11"),
          p=jongere, kenmerken={"wijk": "Meerzicht"})
    casus("pga_jeugd", "2025-01-20", ("triageren", "2025-01-25"), ("starten", "2025-01-26"),
          ("afsluiten_succesvol", "2025-02-14", "doelen_behaald"), kenmerken={"wijk": "Meerzicht"})
    casus("pga_jeugd", "2025-01-05", ("triageren", "2025-01-10"), ("starten", "2025-01-11"),
          ("pauzeren", "2025-02-10", "detentie"), kenmerken={"wijk": "Dorp"})
    casus("ipta", "2025-02-03", ("triageren", "2025-02-04"), ("starten", "2025-02-05"),
          ("afsluiten_succesvol", "2025-03-06", "werk"), kenmerken={"wijk": "Dorp"})
    casus("ondermijning", "2025-01-06", ("triageren", "2025-01-08"), ("starten", "2025-01-09"),
          ("afsluiten_succesvol", "2025-03-12", "interventie_ingezet"), zonder_persoon=True,
          kenmerken={"wijk": "Palenstein", "herkomst": "lokaal"})
    casus("pga_jeugd", "2025-03-01", ("triageren", "2025-03-03"))
    for dag in ("2025-02-10", "2024-03-05"):
        db.session.add(PolitieContact(persoon=jongere, datum=date.fromisoformat(dag), soort="politie"))
    db.session.commit()
    for aanpak, thema, bron, dag, wijk in [
        ("ondermijning", "drugscriminaliteit", "collega", "2025-01-15", "Meerzicht"),
        ("ondermijning", "witwassen", "meld_misdaad_anoniem", "2025-02-28", "Meerzicht"),
        ("ondermijning", "drugscriminaliteit", "handhaving", "2025-03-20", None),
        ("pga_r", "radicalisering", "collega", "2025-02-01", "Dorp"),
        ("ondermijning", "witwassen", "collega", "2024-02-10", None),
        ("ondermijning", "witwassen", "collega", "2024-03-10", None),
        ("ondermijning", "witwassen", "collega", "2024-03-11", None),
        ("ondermijning", "witwassen", "collega", "2024-11-15", "Meerzicht"),
    ]:
        fabrieken.signaal(aanpak, thema=thema, bron=bron, ontvangen_op=date.fromisoformat(dag), wijk=wijk)


def test_probe(nieuwe_context: NieuweContext, server: Server, leeg: Flask) -> None:
    _geschiedenis()
    for maat in (LAPTOP, SMAL):
        context = nieuwe_context(server, "pvandijk", viewport=maat)
        context.add_init_script(path=AXE)
        page = context.new_page()
        page.on("response", lambda r: r.status >= 400 and print("RESP", maat["width"], r.status, r.url))
        page.on("console", lambda m: print("CONSOLE", maat["width"], m.type, m.text))
        page.on("requestfailed", lambda r: print("FAILED", r.url, r.failure))
        for url in ("/dashboard/?van=2025-01-01&tot_en_met=2025-03-31&indeling=maand",
                    "/dashboard/wijken?van=2025-01-01&tot_en_met=2025-03-31&maat=nieuw"):
            page.goto(url)
            page.wait_for_load_state("networkidle")
            print(url, maat, page.evaluate("document.documentElement.scrollWidth"))
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            print(axe_overtredingen(page))
            open(f"/tmp/h5/{maat['width']}{url.split('?')[0].replace('/', '_')}.html", "w").write(page.content())
            page.screenshot(path=f"/tmp/h5/{maat['width']}{url.split('?')[0].replace('/', '_')}.png", full_page=True)


def test_probe_demo(nieuwe_context: NieuweContext, demo) -> None:
    server, ids = demo
    import traceback
    from flask import got_request_exception
    def _fout(sender, exception, **kw):
        traceback.print_exception(exception)
    got_request_exception.connect(_fout, server.app, weak=False)
    for maat in (LAPTOP, SMAL):
        context = nieuwe_context(server, "manager", viewport=maat)
        page = context.new_page()
        page.on("response", lambda r: print("RESP", maat["width"], r.status, r.url))
        page.on("console", lambda m: print("CONSOLE", maat["width"], m.type, m.text))
        page.on("requestfailed", lambda r: print("FAILED", r.url, r.failure))
        for url in ("/dashboard/", "/dashboard/wijken", "/dashboard/infographic",
                    "/dashboard/?van=2025-03-01&tot_en_met=2025-01-01", "/dashboard/?indeling=maand&van=2000-01-01&tot_en_met=2025-01-01",
                    "/dashboard/wijken?van=2025-03-01&tot_en_met=2025-01-01"):
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.set_viewport_size(SMAL)
            page.wait_for_timeout(300)
            page.set_viewport_size(LAPTOP)
            page.wait_for_timeout(300)
            print(url, maat, page.evaluate("document.documentElement.scrollWidth"))
