"""The lifecycle as a truth table, written out from domain.md section 3 (not derived
from the definitions in ``workflows``, so a wrong definition fails against it)."""

from __future__ import annotations

STATUSSEN = [
    "aangemeld",
    "getriaged",
    "actief",
    "in_de_wacht",
    "niet_opgenomen",
    "succesvol_afgesloten",
    "niet_succesvol_afgesloten",
    "overgedragen",
]
TRIGGERS = [
    "triageren",
    "niet_opnemen",
    "omzetten",
    "starten",
    "pauzeren",
    "hervatten",
    "afsluiten_succesvol",
    "afsluiten_niet_succesvol",
    "overdragen",
]
# (from, trigger) -> to; everything else is refused
TOEGESTAAN = {
    ("aangemeld", "triageren"): "getriaged",
    ("aangemeld", "niet_opnemen"): "niet_opgenomen",
    ("aangemeld", "omzetten"): "aangemeld",
    ("getriaged", "starten"): "actief",
    ("actief", "pauzeren"): "in_de_wacht",
    ("in_de_wacht", "hervatten"): "actief",
    ("actief", "afsluiten_succesvol"): "succesvol_afgesloten",
    ("getriaged", "afsluiten_niet_succesvol"): "niet_succesvol_afgesloten",
    ("actief", "afsluiten_niet_succesvol"): "niet_succesvol_afgesloten",
    ("in_de_wacht", "afsluiten_niet_succesvol"): "niet_succesvol_afgesloten",
    ("getriaged", "overdragen"): "overgedragen",
    ("actief", "overdragen"): "overgedragen",
    ("in_de_wacht", "overdragen"): "overgedragen",
}
AANPAKKEN = ["pga_jeugd", "ipta", "rio", "pga_r", "ondermijning", "woonoverlast"]
