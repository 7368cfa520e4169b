"""Casusoverleg met partners (issue 22): sharing selected items of a case with the
police, OM, reclassering, Veilig Thuis, jeugdbescherming, zorg and housing partners,
per meeting, on a stated purpose and legal basis, and no further than needed.

- ``models``: samenwerkingsverbanden, partner organisations (with the agreement each
  works under), partner meetings with their invited partner users, agenda, the items
  shared per case, agreed actions (afspraken) with the partners' reports, and the
  verstrekkingenregister;
- who may see or do what is decided in ``casus.toegang`` (a partner user has no access
  of its own to any case: only the items of the agenda cases of a meeting it is
  invited to, from the moment the agenda is sent until the window after the meeting
  closes).
"""

from __future__ import annotations

# kinds of partner organisation
ORGANISATIESOORTEN: dict[str, str] = {
    "politie": "Politie",
    "om": "Openbaar Ministerie",
    "reclassering": "Reclassering",
    "veilig_thuis": "Veilig Thuis",
    "jeugdbescherming": "Jeugdbescherming",
    "zorg": "Zorgpartner",
    "woningcorporatie": "Woningcorporatie",
    "gemeente": "Andere gemeente",
    "overig": "Overige partner",
}

# the legal basis an organisation (or a meeting) works under
GRONDSLAGSOORTEN: dict[str, str] = {
    "convenant": "Convenant",
    "wettelijk": "Wettelijke grondslag",
}

# what a regisseur may select from a case to share; notes, documents, signals and
# police contacts are never shareable
ITEMS: dict[str, str] = {
    "personalia": "Personalia (naam, geboortedatum, wijk)",
    "aanleiding": "Aanleiding en problematiek (uit de aanmelding)",
    "verloop": "Aanpak, status en regisseur",
    "interventies": "Interventies",
    "leefgebieden": "Leefgebieden (laatste beoordeling)",
}

# a meeting's kind: a PGA-R case is only ever shared in a PGA-R meeting (the
# Multidisciplinair Casusoverleg), and a PGA-R meeting holds nothing else
OVERLEGSOORTEN: dict[str, str] = {
    "gemengd": "Casusoverleg met partners",
    "pga_r": "Multidisciplinair Casusoverleg (PGA-R)",
}

# an agreed action (afspraak)
AFSPRAAKSTATUSSEN: dict[str, str] = {"open": "Open", "gereed": "Gereed"}
