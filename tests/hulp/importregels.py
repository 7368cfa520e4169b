"""Lines of an import file (one JSON object a line): a good case, a good signal."""

from __future__ import annotations

import json
from typing import Any

GOED: dict[str, Any] = {
    "soort": "casus",
    "ref": "IPTA-2024-017",
    "aanpak": "ipta",
    "aangemeld_op": "2024-11-04",
    "persoon": {
        "ref": "P-0412",
        "voornaam": "Sem",
        "achternaam": "Jansen",
        "geboortedatum": "2006-04-12",
        "bsn": None,
        "wijk": "Meerzicht",
        "politiecontacten": [{"datum": "2024-09-01", "soort": "politie"}],
    },
    "kenmerken": {"wijk": "Meerzicht"},
    "gebeurtenissen": [
        {"datum": "2024-11-20", "transitie": "triageren"},
        {"datum": "2024-12-01", "transitie": "starten"},
        {"datum": "2025-04-10", "transitie": "afsluiten_succesvol", "reden": "werk"},
    ],
    "interventies": [{"type": "coaching", "datum": "2024-12-05"}],
}
SIGNAAL: dict[str, Any] = {
    "soort": "signaal",
    "ref": "SIG-2025-0042",
    "aanpak": "ondermijning",
    "ontvangen_op": "2025-02-03",
    "bron": "meld_misdaad_anoniem",
    "thema": "drugscriminaliteit",
    "casus_ref": None,
}


def lijnen(*objecten: dict[str, Any]) -> list[str]:
    return [json.dumps(o) for o in objecten]
