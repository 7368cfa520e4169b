"""Code lists shared by every aanpak (domain.md sections 1 and 4)."""

from __future__ import annotations

# Roles (domain.md section 1)
ROL_REGISSEUR = "regisseur"
ROL_TRIAGE = "triage"
ROL_MANAGER = "manager"
ROL_PRIVACY = "privacy"
ROL_BEHEERDER = "beheerder"
TEAMROLLEN: dict[str, str] = {ROL_REGISSEUR: "Regisseur", ROL_TRIAGE: "Triage"}
GLOBALE_ROLLEN: dict[str, str] = {
    ROL_MANAGER: "Manager",
    ROL_PRIVACY: "Privacy",
    ROL_BEHEERDER: "Beheerder",
}

# Interventions by domain (memo footnote 1)
INTERVENTIE_DOMEINEN: dict[str, tuple[tuple[str, str], ...]] = {
    "Strafrecht": (
        ("strafrechtelijke_vervolging", "Strafrechtelijke vervolging"),
        ("justitiele_voorwaarden", "Justitiële voorwaarden"),
        ("jeugdreclassering", "Jeugdreclassering"),
        ("reclassering", "Reclassering"),
        ("halt", "HALT"),
    ),
    "Bestuursrecht": (
        ("gebiedsverbod", "Gebiedsverbod"),
        ("waarschuwingsbrief", "Waarschuwingsbrief"),
        ("huisverbod", "Huisverbod"),
        ("sluiting_pand", "Sluiting pand"),
        ("bibob_onderzoek", "Bibob-onderzoek"),
    ),
    "Zorg": (
        ("jeugdhulp", "Jeugdhulp"),
        ("ondertoezichtstelling", "Ondertoezichtstelling"),
        ("coaching", "Coaching"),
        ("systeembehandeling", "Systeembehandeling"),
        ("traumabehandeling", "Traumabehandeling"),
        ("ggz", "GGZ"),
    ),
    "Onderwijs": (
        ("leerplicht", "Leerplicht"),
        ("alternatieve_scholing", "Alternatieve scholing"),
    ),
    "Werk en inkomen": (
        ("toeleiding_werk", "Toeleiding naar werk"),
        ("schuldhulpverlening", "Schuldhulpverlening"),
    ),
}
INTERVENTIE_TYPES: dict[str, str] = {
    code: label for lijst in INTERVENTIE_DOMEINEN.values() for code, label in lijst
}

LEEFGEBIEDEN: dict[str, str] = {
    "dagbesteding": "Dagbesteding",
    "financien": "Financiën",
    "huisvesting": "Huisvesting",
    "thuissituatie": "Thuissituatie",
    "gezondheid": "Gezondheid",
    "sociaal_netwerk": "Sociaal netwerk",
    "justitie": "Justitie",
}
SCORE_MIN, SCORE_MAX = 1, 5

POLITIECONTACT_SOORTEN: dict[str, str] = {"politie": "Politie", "justitie": "Justitie"}

NOTITIE_SOORTEN: dict[str, str] = {"notitie": "Notitie", "contactmoment": "Contactmoment"}
CONTACT_VORMEN: dict[str, str] = {
    "gesprek": "Gesprek",
    "huisbezoek": "Huisbezoek",
    "telefonisch": "Telefonisch",
    "digitaal": "Digitaal",
    "overleg": "Overleg met partner",
}

SIGNAAL_BRONNEN: dict[str, str] = {
    "meld_misdaad_anoniem": "Meld Misdaad Anoniem",
    "collega": "Collega",
    "handhaving": "Handhaving",
    "externe_partner": "Externe partner",
    "meldpunt": "Meldpunt (website)",
}
