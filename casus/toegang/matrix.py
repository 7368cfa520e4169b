"""The permission matrix: who may reach which route, as data (docs/toegang.md).

Every route and method of the application is listed here; the test
``tests/toegang/test_matrix.py`` walks the whole table for every role against
the real views, and fails on a route that is missing. Adding a route = adding
one line below.

Audiences (``wie``):
- ``PUBLIEK``: everyone, also without logging in;
- ``INGELOGD``: every active, logged-in user;
- ``TEAM``: members (regisseur or triage) of the aanpak of the route's case or
  person (``casus_id``/``persoon_id`` in the URL); on a route without such an
  object, any member of any team. Everyone else gets 404, exactly as for a case
  that does not exist;
- ``TRIAGE``: like ``TEAM``, but only members with the triage role (a
  ``overleg_id`` counts as an object of the meeting's aanpakken);
- ``SIGNAALTEAM``: members of an aanpak that takes in signals (ondermijning, pga_r);
- ``MANAGER``, ``PRIVACY``, ``BEHEERDER``: holders of that global role.

``logt``: the audit action one request writes (exactly one record). For a POST that
changes personal data the walk submits a valid form: the record has outcome "ok", or
"geweigerd" when a rule, a right or a concurrent change refused it, and names who,
when, the object (casus and persoon, signal, meeting or user) and the client
address. ``<trigger>`` stands for the route's trigger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workflows import CATALOGUS
from workflows.codes import ROL_BEHEERDER, ROL_MANAGER, ROL_PRIVACY, ROL_TRIAGE

PUBLIEK = "publiek"
INGELOGD = "ingelogd"
TEAM = "team"
TRIAGE = "triage"
SIGNAALTEAM = "signaalteam"
MANAGER = ROL_MANAGER
PRIVACY = ROL_PRIVACY
BEHEERDER = ROL_BEHEERDER
DOELGROEPEN = (PUBLIEK, INGELOGD, TEAM, TRIAGE, SIGNAALTEAM, MANAGER, PRIVACY, BEHEERDER)


@dataclass(frozen=True)
class Regel:
    wie: frozenset[str]
    logt: str | None = None


def regel(*wie: str, logt: str | None = None) -> Regel:
    onbekend = set(wie) - set(DOELGROEPEN)
    if onbekend:
        raise ValueError(f"onbekende doelgroep {onbekend}")
    return Regel(frozenset(wie), logt)


# (endpoint, method) -> who may reach it
MATRIX: dict[tuple[str, str], Regel] = {
    ("auth.inloggen", "GET"): regel(PUBLIEK),
    # logs auth.ingelogd / auth.inloggen_mislukt (tests/audit), not for a bare POST
    ("auth.inloggen", "POST"): regel(PUBLIEK),
    ("auth.uitloggen", "POST"): regel(INGELOGD, logt="auth.uitgelogd"),
    ("auth.code", "GET"): regel(PUBLIEK),
    ("auth.code", "POST"): regel(PUBLIEK),
    ("auth.mfa_instellen", "GET"): regel(PUBLIEK),
    ("auth.mfa_instellen", "POST"): regel(PUBLIEK),
    ("werkplek.start", "GET"): regel(INGELOGD),
    ("werkplek.werkvoorraad_start", "GET"): regel(TEAM),
    ("werkplek.werkvoorraad", "GET"): regel(TEAM),
    ("zoeken.zoek", "GET"): regel(TEAM),
    ("aanmelding.kies", "GET"): regel(TEAM),
    ("aanmelding.nieuw", "GET"): regel(TEAM),
    ("aanmelding.registreer", "POST"): regel(TEAM, logt="casus.aangemeld"),
    ("casussen.casus", "GET"): regel(TEAM, logt="casus.bekeken"),
    # casework: the assigned regisseur and triage; a teammate gets a Dutch 403
    ("casussen.notitie", "POST"): regel(TEAM, logt="casus.notitie_toegevoegd"),
    ("casussen.interventie", "POST"): regel(TEAM, logt="casus.interventie_toegevoegd"),
    ("casussen.politiecontact", "POST"): regel(TEAM, logt="casus.politiecontact_toegevoegd"),
    ("casussen.leefgebieden", "POST"): regel(TEAM, logt="casus.leefgebieden_gescoord"),
    ("casussen.kenmerken", "POST"): regel(TEAM, logt="casus.kenmerken_gewijzigd"),
    ("casussen.transitie", "POST"): regel(TEAM, logt="casus.status_<trigger>"),
    ("personen.persoon", "GET"): regel(TEAM, logt="persoon.bekeken"),
    ("triage.wachtrij", "GET"): regel(TRIAGE),
    ("triage.review", "GET"): regel(TRIAGE),
    ("triage.casus", "GET"): regel(TRIAGE),
    ("triage.besluit", "POST"): regel(TRIAGE, logt="triage.besluit"),
    ("triage.toewijzen", "POST"): regel(TRIAGE, logt="triage.toewijzen"),
    ("triage.corrigeren", "POST"): regel(TRIAGE, logt="triage.corrigeren"),
    ("triage.overleggen", "GET"): regel(TRIAGE),
    ("triage.nieuw_overleg", "GET"): regel(TRIAGE),
    ("triage.nieuw_overleg", "POST"): regel(TRIAGE, logt="triage.overleg_aangemaakt"),
    ("triage.overleg", "GET"): regel(TRIAGE),
    ("triage.notities", "POST"): regel(TRIAGE, logt="triage.notities"),
    # logs triage.agenda when the case was not on the agenda yet
    ("triage.agendapunt_toevoegen", "POST"): regel(TRIAGE),
    ("triage.vergadermodus", "GET"): regel(TRIAGE),
    ("triage.verslag_bekijken", "GET"): regel(TRIAGE),
    ("triage.verslag_downloaden", "GET"): regel(TRIAGE),
    ("signalen.lijst", "GET"): regel(SIGNAALTEAM, logt="signalen.lijst_bekeken"),
    ("signalen.nieuw", "GET"): regel(SIGNAALTEAM),
    ("signalen.nieuw", "POST"): regel(SIGNAALTEAM, logt="signaal.geregistreerd"),
    ("signalen.overleg", "GET"): regel(SIGNAALTEAM, logt="signalen.overleg_bekeken"),
    ("signalen.detail", "GET"): regel(SIGNAALTEAM, logt="signaal.bekeken"),
    ("signalen.koppelen", "POST"): regel(SIGNAALTEAM, logt="signaal.gekoppeld"),
    ("signalen.afsluiten", "POST"): regel(SIGNAALTEAM, logt="signaal.afgesloten"),
    ("signalen.omzetten", "GET"): regel(SIGNAALTEAM, logt="signaal.bekeken"),
    ("signalen.omzetten", "POST"): regel(SIGNAALTEAM, logt="signaal.omgezet"),
    # the public meldpunt: no log-in; it reveals nothing about existing data. A report
    # logs signaal.gemeld_via_meldpunt, without client address (tests/signalen)
    ("meldpunt.melden", "GET"): regel(PUBLIEK),
    ("meldpunt.melden", "POST"): regel(PUBLIEK),
    ("meldpunt.bedankt", "GET"): regel(PUBLIEK),
    ("meldpunt.privacy", "GET"): regel(PUBLIEK),
    ("rapportage.index", "GET"): regel(MANAGER),
    ("rapportage.download", "GET"): regel(MANAGER, logt="rapport.gedownload"),
    ("rapportage.vaststellen", "POST"): regel(MANAGER),
    ("audit.overzicht", "GET"): regel(PRIVACY, logt="audit.bekeken"),
    ("audit.export_csv", "GET"): regel(PRIVACY, logt="audit.geexporteerd"),
    ("audit.persoon_bekeken", "GET"): regel(PRIVACY, logt="audit.persoon_bekeken"),
    ("audit.gebruiker_geopend", "GET"): regel(PRIVACY, logt="audit.gebruiker_bekeken"),
    ("audit.signalering", "GET"): regel(PRIVACY),
    ("privacy.personen", "GET"): regel(PRIVACY),
    ("privacy.inzage_pagina", "GET"): regel(PRIVACY, logt="privacy.inzage"),
    ("privacy.inzage_json", "GET"): regel(PRIVACY, logt="privacy.inzage"),
    ("beheer.gebruikers", "GET"): regel(BEHEERDER),
    ("beheer.nieuw", "GET"): regel(BEHEERDER),
    ("beheer.nieuw", "POST"): regel(BEHEERDER, logt="beheer.gebruiker_aangemaakt"),
    ("beheer.gebruiker", "GET"): regel(BEHEERDER),
    ("beheer.gebruiker", "POST"): regel(BEHEERDER, logt="beheer.rollen_gewijzigd"),
    ("beheer.actief", "POST"): regel(BEHEERDER, logt="beheer.gebruiker_gedeactiveerd"),
    ("beheer.wachtwoord", "POST"): regel(BEHEERDER, logt="beheer.wachtwoord_gereset"),
}

# object kinds in URLs whose aanpak decides TEAM access
OBJECT_ARGUMENTEN = ("casus_id", "persoon_id", "overleg_id", "aanpak", "signaal_id")


def toegestaan(gebruiker: Any, r: Regel, aanpakken_van_object: frozenset[str] | None) -> bool:
    """Whether ``gebruiker`` (None: anonymous) reaches a route under rule ``r``.

    ``aanpakken_van_object``: the aanpakken of the URL's case or person (a person
    can be in several), or None for a route without such an object.
    """
    if PUBLIEK in r.wie:
        return True
    if gebruiker is None or not gebruiker.is_active:
        return False
    eigen = gebruiker.aanpakken()
    if INGELOGD in r.wie or any(gebruiker.heeft_rol(rol) for rol in r.wie
                                 if rol in (MANAGER, PRIVACY, BEHEERDER)):
        return True
    for doelgroep, leden in ((TEAM, eigen), (TRIAGE, gebruiker.aanpakken_als(ROL_TRIAGE))):
        if doelgroep in r.wie and (leden & aanpakken_van_object if aanpakken_van_object
                                   is not None else leden):
            return True
    if SIGNAALTEAM in r.wie:
        kandidaten = eigen if aanpakken_van_object is None else eigen & aanpakken_van_object
        return any(CATALOGUS.get(a).signaal_themas for a in kandidaten if a in CATALOGUS)
    return False


KOLOMMEN = (("anoniem", "Anoniem"), (TEAM, "Regisseur in het team van de aanpak"),
            (TRIAGE, "Triage in het team van de aanpak"),
            ("ander_team", "Lid van een ander team"), (MANAGER, "Manager"),
            (PRIVACY, "Privacy"), (BEHEERDER, "Beheerder"))


def _cel(r: Regel, kolom: str) -> str:
    if PUBLIEK in r.wie:
        return "ja"
    if kolom == "anoniem":
        return "inloggen"
    if INGELOGD in r.wie or kolom in r.wie or (kolom == TRIAGE and TEAM in r.wie):
        return "ja"
    if kolom == "ander_team" and SIGNAALTEAM in r.wie:
        return "als signaalteam"
    return "404"


def als_markdown(rules: dict[str, str] | None = None) -> str:
    """The matrix as a Markdown table; ``rules``: endpoint -> URL rule, for display."""
    kop = "| Route | Methode | " + " | ".join(label for _, label in KOLOMMEN) + " | Logt |"
    regels = [kop, "|" + "---|" * (len(KOLOMMEN) + 3)]
    urls = rules or {}
    for (endpoint, methode), r in sorted(MATRIX.items(),
                                         key=lambda kv: (urls.get(kv[0][0], kv[0][0]), kv[0][1])):
        url = urls.get(endpoint, endpoint)
        cellen = " | ".join(_cel(r, k) for k, _ in KOLOMMEN)
        regels.append(f"| `{url}` | {methode} | {cellen} | {r.logt or ''} |")
    return "\n".join(regels) + "\n"
