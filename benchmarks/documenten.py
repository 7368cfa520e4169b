"""Documents (issue 20) and the BRP (issue 21): what a user waits for at the door.

- ``controle``: ``casus.documenten.controle.controleer`` on a PDF of 1, 10 and 25 MB
  (the size limit): the name, libmagic's real type and a scan by a real clamd on
  loopback (its own EICAR signatures: the official databases are larger, so production
  scans take longer per MB; say so with the numbers);
- ``opslag``: storing and reading back the same content on local disk
  (``Schijfopslag``: a temporary file, fsync and rename);
- ``brp``: one ``casus.brp.client.raadpleeg`` against the built-in stub over HTTP on
  loopback (our side of a query: building the request, JSON and reading the answer).

Not yet a part of ``python -m benchmarks``; on its own (needs Debian's clamav-daemon):

    python -m benchmarks.documenten --rondes 20
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.meten import log, samenvatting

MB = 1024 * 1024


def _pdf(grootte: int) -> bytes:
    kop = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    staart = b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    vulling = b"% opvulling van het document\n" * ((grootte - len(kop) - len(staart)) // 29 + 1)
    return (kop + vulling)[: grootte - len(staart)] + staart


def _meet(rondes: int, doe: Callable[[], Any]) -> dict[str, Any]:
    doe()  # one first, excluded
    ms = []
    for _ in range(rondes):
        begin = time.perf_counter()
        doe()
        ms.append((time.perf_counter() - begin) * 1000)
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in samenvatting(ms).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rondes", type=int, default=20)
    args = parser.parse_args()

    from casus import create_app
    from casus.brp.client import raadpleeg
    from casus.brp.stub import start_stub
    from casus.documenten.controle import controleer
    from casus.documenten.opslag import Schijfopslag, nieuwe_sleutel
    from config import TestConfig
    from tests.hulp.brp import BSN_VOLWASSEN, brp_config
    from tests.hulp.clamd import clamd_server

    uitkomst: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, clamd_server(Path(tmp) / "clamd") as adres:
        stub = start_stub()
        app = create_app(
            TestConfig,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/casus.sqlite",
            CLAMAV_ADRES=adres,
            **brp_config(stub),
        )
        opslag = Schijfopslag(Path(tmp) / "documenten")
        with app.app_context():
            for mb in (1, 10, 25):
                inhoud = _pdf(mb * MB - 1)
                uitkomst[f"controle_{mb}mb"] = _meet(
                    args.rondes, lambda i=inhoud: controleer(i, "plan.pdf")
                )
                sleutel = nieuwe_sleutel()

                def schrijf_lees(i: bytes = inhoud, s: str = sleutel) -> None:
                    opslag.bewaar(s, i, "application/pdf")
                    assert opslag.lees(s) == i

                uitkomst[f"opslag_{mb}mb"] = _meet(args.rondes, schrijf_lees)
                log(f"{mb} MB: {uitkomst[f'controle_{mb}mb']} {uitkomst[f'opslag_{mb}mb']}")
            uitkomst["brp_raadpleging"] = _meet(
                args.rondes * 5, lambda: raadpleeg("pga_jeugd", BSN_VOLWASSEN, "bench")
            )
        stub.stop()
    print(json.dumps(uitkomst, indent=2))


if __name__ == "__main__":
    main()
