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
- ``TRIAGE``: like ``TEAM``, but only members with the triage role (a triage meeting's
  ``overleg_id`` and a partner meeting's ``partneroverleg_id`` count as an object of the
  aanpakken the meeting holds or may hold);
- ``SIGNAALTEAM``: members of an aanpak that takes in signals (ondermijning, pga_r);
- ``MANAGER``, ``PRIVACY``, ``BEHEERDER``: holders of that global role;
- ``PARTNER``: an active partner user (casus.partners), on a route of a partner meeting
  (``partneroverleg_id``) only when invited to it and between the sending of its agenda
  and the end of its window, on a case (``casus_id``) only when one of its items is
  shared with it there, on an action (``afspraak_id``) only its own organisation's.
  A partner user reaches nothing else but ``PUBLIEK`` and ``INGELOGD`` routes: no
  route of any other audience, whatever roles or teams its rows might hold.

``logt``: the audit action one request writes (exactly one record). For a POST that
changes personal data the walk submits a valid form: the record has outcome "ok", or
"geweigerd" when a rule, a right or a concurrent change refused it, and names who,
when, the object (casus and persoon, signal, meeting or user) and the client
address. ``<trigger>`` stands for the route's trigger.

The API (``/api/v1``, ``api=True``) is a door of its own with the same audiences: the
actor is the account of the API client whose bearer token the call carries, with the
client's roles and teams. Without a valid token (none, unknown, rotated, revoked,
expired) every route but the description of the API answers 401; a session cookie
counts for nothing. A client holds team roles and the manager role only, so the
privacy officer's and the beheerder's columns have no client. Every call of a valid
client writes exactly one ``api.aanroep`` (outcome "ok" below 400, "geweigerd"
otherwise, naming the case and person of a call about one case), also when it is
refused: a client outside the audience gets 404 (403 on a route without an object,
e.g. registering an aanmelding for another team's aanpak).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workflows import CATALOGUS
from workflows.codes import ROL_BEHEERDER, ROL_MANAGER, ROL_PRIVACY, ROL_TRIAGE

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker

PUBLIEK = "publiek"
INGELOGD = "ingelogd"
TEAM = "team"
TRIAGE = "triage"
SIGNAALTEAM = "signaalteam"
MANAGER = ROL_MANAGER
PRIVACY = ROL_PRIVACY
BEHEERDER = ROL_BEHEERDER
PARTNER = "partner"
DOELGROEPEN = (
    PUBLIEK,
    INGELOGD,
    TEAM,
    TRIAGE,
    SIGNAALTEAM,
    MANAGER,
    PRIVACY,
    BEHEERDER,
    PARTNER,
)


@dataclass(frozen=True)
class Toegangsregel:
    """A route's access rule: who may reach it (``wie``) and what one request logs."""

    wie: frozenset[str]
    logt: str | None = None
    api: bool = False  # a route of the API door (bearer token, 401 without it)


def toegangsregel(*wie: str, logt: str | None = None, api: bool = False) -> Toegangsregel:
    onbekend = set(wie) - set(DOELGROEPEN)
    if onbekend:
        raise ValueError(f"onbekende doelgroep {onbekend}")
    return Toegangsregel(frozenset(wie), logt, api)


API_AANROEP = "api.aanroep"


def api_regel(*wie: str) -> Toegangsregel:
    """A route of the API: every call of a valid client logs one ``api.aanroep``; the
    description of the API itself (PUBLIEK) logs nothing."""
    return toegangsregel(*wie, logt=None if PUBLIEK in wie else API_AANROEP, api=True)


# (endpoint, method) -> who may reach it
MATRIX: dict[tuple[str, str], Toegangsregel] = {
    ("auth.inloggen", "GET"): toegangsregel(PUBLIEK),
    # logs auth.ingelogd / auth.inloggen_mislukt (tests/audit), not for a bare POST
    ("auth.inloggen", "POST"): toegangsregel(PUBLIEK),
    ("auth.uitloggen", "POST"): toegangsregel(INGELOGD, logt="auth.uitgelogd"),
    # the idle warning's keepalive: without a live session it answers 401 (JSON) itself
    ("auth.sessie_verlengen", "POST"): toegangsregel(PUBLIEK),
    ("auth.code", "GET"): toegangsregel(PUBLIEK),
    ("auth.code", "POST"): toegangsregel(PUBLIEK),
    ("auth.mfa_instellen", "GET"): toegangsregel(PUBLIEK),
    ("auth.mfa_instellen", "POST"): toegangsregel(PUBLIEK),
    # Mijn account: one's own password; the POST logs auth.wachtwoord_gewijzigd
    # (tests/auth), not for a bare POST. Every page but these sends a user who must
    # change their password here first (casus.auth.views.eis_nieuw_wachtwoord)
    ("auth.account", "GET"): toegangsregel(INGELOGD),
    # also the own e-mail address and digest choice (logs auth.mailvoorkeur_gewijzigd
    # when they change; casus.mail)
    ("auth.account", "POST"): toegangsregel(INGELOGD),
    # the own notifications (casus.notificaties): no personal data, no audit record
    ("notificaties.lijst", "GET"): toegangsregel(INGELOGD),
    ("notificaties.openen", "POST"): toegangsregel(INGELOGD),
    ("notificaties.gelezen", "POST"): toegangsregel(INGELOGD),
    ("notificaties.alles_gelezen", "POST"): toegangsregel(INGELOGD),
    # each role is sent on to where its work is (casus.toegang.policy.startpagina)
    ("werkplek.start", "GET"): toegangsregel(INGELOGD),
    ("werkplek.werkvoorraad_start", "GET"): toegangsregel(TEAM),
    ("werkplek.werkvoorraad", "GET"): toegangsregel(TEAM),
    ("zoeken.zoek", "GET"): toegangsregel(TEAM),
    ("aanmelding.kies", "GET"): toegangsregel(TEAM),
    ("aanmelding.nieuw", "GET"): toegangsregel(TEAM),
    ("aanmelding.registreer", "POST"): toegangsregel(TEAM, logt="casus.aangemeld"),
    ("casussen.casus", "GET"): toegangsregel(TEAM, logt="casus.bekeken"),
    # the status step: the moves and what the chosen one will do (shows the case)
    ("casussen.status", "GET"): toegangsregel(TEAM, logt="casus.bekeken"),
    ("casussen.transitie", "GET"): toegangsregel(TEAM, logt="casus.bekeken"),
    # casework: the assigned regisseur and triage; a teammate gets a Dutch 403
    ("casussen.notitie", "POST"): toegangsregel(TEAM, logt="casus.notitie_toegevoegd"),
    ("casussen.interventie", "POST"): toegangsregel(TEAM, logt="casus.interventie_toegevoegd"),
    ("casussen.politiecontact", "POST"): toegangsregel(
        TEAM, logt="casus.politiecontact_toegevoegd"
    ),
    ("casussen.leefgebieden", "POST"): toegangsregel(TEAM, logt="casus.leefgebieden_gescoord"),
    ("casussen.kenmerken", "POST"): toegangsregel(TEAM, logt="casus.kenmerken_gewijzigd"),
    ("casussen.transitie", "POST"): toegangsregel(TEAM, logt="casus.status_<trigger>"),
    ("personen.persoon", "GET"): toegangsregel(TEAM, logt="persoon.bekeken"),
    # the BRP (casus.brp.views): each query logs brp.geraadpleegd, a take-over
    # persoon.gewijzigd, a handled signal brp.wijziging_afgehandeld (tests/brp); not for
    # a bare POST, and the queries only where the aanpak has a BRP profile
    ("brp.opzoeken", "POST"): toegangsregel(TEAM),
    ("brp.ververs", "POST"): toegangsregel(TEAM),
    ("brp.neem_over", "POST"): toegangsregel(TEAM),
    ("brp.handel_af", "POST"): toegangsregel(TEAM),
    ("triage.wachtrij", "GET"): toegangsregel(TRIAGE),
    ("triage.review", "GET"): toegangsregel(TRIAGE),
    ("triage.casus", "GET"): toegangsregel(TRIAGE),
    ("triage.besluit", "POST"): toegangsregel(TRIAGE, logt="triage.besluit"),
    ("triage.toewijzen", "POST"): toegangsregel(TRIAGE, logt="triage.toewijzen"),
    ("triage.corrigeren", "POST"): toegangsregel(TRIAGE, logt="triage.corrigeren"),
    ("triage.overleggen", "GET"): toegangsregel(TRIAGE),
    ("triage.nieuw_overleg", "GET"): toegangsregel(TRIAGE),
    ("triage.nieuw_overleg", "POST"): toegangsregel(TRIAGE, logt="triage.overleg_aangemaakt"),
    ("triage.overleg", "GET"): toegangsregel(TRIAGE),
    ("triage.notities", "POST"): toegangsregel(TRIAGE, logt="triage.notities"),
    # logs triage.agenda when the case was not on the agenda yet
    ("triage.agendapunt_toevoegen", "POST"): toegangsregel(TRIAGE),
    ("triage.vergadermodus", "GET"): toegangsregel(TRIAGE),
    ("triage.verslag_bekijken", "GET"): toegangsregel(TRIAGE),
    ("triage.verslag_downloaden", "GET"): toegangsregel(TRIAGE),
    ("signalen.lijst", "GET"): toegangsregel(SIGNAALTEAM, logt="signalen.lijst_bekeken"),
    ("signalen.nieuw", "GET"): toegangsregel(SIGNAALTEAM),
    ("signalen.nieuw", "POST"): toegangsregel(SIGNAALTEAM, logt="signaal.geregistreerd"),
    ("signalen.overleg", "GET"): toegangsregel(SIGNAALTEAM, logt="signalen.overleg_bekeken"),
    ("signalen.detail", "GET"): toegangsregel(SIGNAALTEAM, logt="signaal.bekeken"),
    ("signalen.koppelen", "POST"): toegangsregel(SIGNAALTEAM, logt="signaal.gekoppeld"),
    ("signalen.afsluiten", "POST"): toegangsregel(SIGNAALTEAM, logt="signaal.afgesloten"),
    ("signalen.omzetten", "GET"): toegangsregel(SIGNAALTEAM, logt="signaal.bekeken"),
    ("signalen.omzetten", "POST"): toegangsregel(SIGNAALTEAM, logt="signaal.omgezet"),
    # documents follow their case or signal; adding on a case is casework (the assigned
    # regisseur and triage; a teammate gets a Dutch 403). The service logs an upload,
    # the view a refused one; every download is a read of personal data
    ("documenten.casus_toevoegen", "POST"): toegangsregel(TEAM, logt="document.toegevoegd"),
    ("documenten.casus_nieuwe_versie", "POST"): toegangsregel(
        TEAM, logt="document.versie_toegevoegd"
    ),
    ("documenten.casus_download", "GET"): toegangsregel(TEAM, logt="document.gedownload"),
    ("documenten.signaal_toevoegen", "POST"): toegangsregel(
        SIGNAALTEAM, logt="document.toegevoegd"
    ),
    ("documenten.signaal_nieuwe_versie", "POST"): toegangsregel(
        SIGNAALTEAM, logt="document.versie_toegevoegd"
    ),
    ("documenten.signaal_download", "GET"): toegangsregel(SIGNAALTEAM, logt="document.gedownload"),
    # the public meldpunt: no log-in; it reveals nothing about existing data. A report
    # logs signaal.gemeld_via_meldpunt, without client address (tests/signalen)
    ("meldpunt.melden", "GET"): toegangsregel(PUBLIEK),
    ("meldpunt.melden", "POST"): toegangsregel(PUBLIEK),
    ("meldpunt.bedankt", "GET"): toegangsregel(PUBLIEK),
    ("meldpunt.privacy", "GET"): toegangsregel(PUBLIEK),
    ("rapportage.index", "GET"): toegangsregel(MANAGER),
    # norms: counts per aanpak and regisseur, no personal data (casus.termijnen)
    ("termijnen.overzicht", "GET"): toegangsregel(MANAGER),
    ("rapportage.download", "GET"): toegangsregel(MANAGER, logt="rapport.gedownload"),
    ("rapportage.vaststellen", "GET"): toegangsregel(MANAGER),
    ("rapportage.vaststellen", "POST"): toegangsregel(MANAGER),
    # the dashboard (casus.dashboard.overzicht)
    # per wijk (casus.dashboard.wijken)
    ("dashboard.wijken", "GET"): toegangsregel(MANAGER),
    ("dashboard.index", "GET"): toegangsregel(MANAGER),
    # the infographic (casus.dashboard.infographic)
    ("dashboard.infographic", "GET"): toegangsregel(MANAGER),
    ("dashboard.infographic_pdf", "GET"): toegangsregel(MANAGER, logt="rapport.gedownload"),
    ("dashboard.infographic_png", "GET"): toegangsregel(MANAGER, logt="rapport.gedownload"),
    ("audit.overzicht", "GET"): toegangsregel(PRIVACY, logt="audit.bekeken"),
    ("audit.export_csv", "GET"): toegangsregel(PRIVACY, logt="audit.geexporteerd"),
    ("audit.persoon_bekeken", "GET"): toegangsregel(PRIVACY, logt="audit.persoon_bekeken"),
    ("audit.gebruiker_geopend", "GET"): toegangsregel(PRIVACY, logt="audit.gebruiker_bekeken"),
    ("audit.signalering", "GET"): toegangsregel(PRIVACY),
    ("privacy.personen", "GET"): toegangsregel(PRIVACY),
    ("privacy.inzage_pagina", "GET"): toegangsregel(PRIVACY, logt="privacy.inzage"),
    ("privacy.inzage_json", "GET"): toegangsregel(PRIVACY, logt="privacy.inzage"),
    ("privacy.inzage_download", "GET"): toegangsregel(PRIVACY, logt="privacy.inzage"),
    ("privacy.bewaartermijn_overzicht", "GET"): toegangsregel(
        PRIVACY, logt="privacy.bewaartermijn_proefdraai"
    ),
    ("privacy.bewaartermijn_uitvoeren", "GET"): toegangsregel(
        PRIVACY, logt="privacy.bewaartermijn_proefdraai"
    ),
    # logs privacy.bewaartermijn_uitgevoerd once confirmed (tests/privacy), not for a bare POST
    ("privacy.bewaartermijn_uitvoeren", "POST"): toegangsregel(PRIVACY),
    ("beheer.gebruikers", "GET"): toegangsregel(BEHEERDER),
    # the background jobs (casus.taken): no personal data; a rerun is audit-logged as
    # taak.opnieuw_gepland (a job, not personal data: outside the walk's GELDIG)
    ("taken.lijst", "GET"): toegangsregel(BEHEERDER),
    ("taken.opnieuw", "POST"): toegangsregel(BEHEERDER),
    ("beheer.nieuw", "GET"): toegangsregel(BEHEERDER),
    ("beheer.nieuw", "POST"): toegangsregel(BEHEERDER, logt="beheer.gebruiker_aangemaakt"),
    ("beheer.gebruiker", "GET"): toegangsregel(BEHEERDER),
    ("beheer.gebruiker", "POST"): toegangsregel(BEHEERDER, logt="beheer.rollen_gewijzigd"),
    ("beheer.actief", "POST"): toegangsregel(BEHEERDER, logt="beheer.gebruiker_gedeactiveerd"),
    ("beheer.wachtwoord", "POST"): toegangsregel(BEHEERDER, logt="beheer.wachtwoord_gereset"),
    ("beheer.alleen_sso", "POST"): toegangsregel(BEHEERDER, logt="beheer.alleen_sso_gewijzigd"),
    ("beheer.sso_ontkoppelen", "POST"): toegangsregel(BEHEERDER, logt="beheer.sso_ontkoppeld"),
    # the beheerder's pages for API clients (web pages, a session as everywhere else)
    ("api_beheer.clients", "GET"): toegangsregel(BEHEERDER),
    ("api_beheer.nieuw", "GET"): toegangsregel(BEHEERDER),
    ("api_beheer.nieuw", "POST"): toegangsregel(BEHEERDER, logt="api.client_aangemaakt"),
    ("api_beheer.client", "GET"): toegangsregel(BEHEERDER),
    ("api_beheer.client", "POST"): toegangsregel(BEHEERDER, logt="api.client_gewijzigd"),
    ("api_beheer.vernieuw", "POST"): toegangsregel(BEHEERDER, logt="api.token_vernieuwd"),
    ("api_beheer.intrekken", "GET"): toegangsregel(BEHEERDER),
    ("api_beheer.intrekken", "POST"): toegangsregel(BEHEERDER, logt="api.client_ingetrokken"),
    # the API (/api/v1): a bearer token, never a session; its description is public
    ("api-docs.openapi_json", "GET"): api_regel(PUBLIEK),
    ("api_referentie.referentie", "GET"): api_regel(PUBLIEK),
    ("api_catalogus.catalogus", "GET"): api_regel(INGELOGD),
    # a client without a team gets an empty list
    ("api_casussen.casussen", "GET"): api_regel(INGELOGD),
    ("api_casussen.registreer", "POST"): api_regel(TEAM),
    ("api_casussen.casus", "GET"): api_regel(TEAM),
    ("api_casussen.transities", "GET"): api_regel(TEAM),
    # casework: as on the web, a teammate who is not assigned gets a 403 (problem+json)
    ("api_casussen.transitie", "POST"): api_regel(TEAM),
    ("api_casuswerk.notities", "GET"): api_regel(TEAM),
    ("api_casuswerk.voeg_notitie_toe", "POST"): api_regel(TEAM),
    ("api_casuswerk.interventies", "GET"): api_regel(TEAM),
    ("api_casuswerk.voeg_interventie_toe", "POST"): api_regel(TEAM),
    # documents of a case: listing and downloading as seeing the case; uploading (multipart)
    # as casework, a teammate who is not assigned gets a 403 (problem+json)
    ("api_documenten.documenten", "GET"): api_regel(TEAM),
    ("api_documenten.voeg_document_toe", "POST"): api_regel(TEAM),
    ("api_documenten.voeg_versie_toe", "POST"): api_regel(TEAM),
    ("api_documenten.inhoud", "GET"): api_regel(TEAM),
    # a client of no aanpak that takes signals gets an empty list
    ("api_signalen.signalen", "GET"): api_regel(INGELOGD),
    ("api_signalen.registreer", "POST"): api_regel(SIGNAALTEAM),
    ("api_signalen.signaal", "GET"): api_regel(SIGNAALTEAM),
    ("api_rapport.rapport", "GET"): api_regel(MANAGER),
    # -- casusoverleg met partners (issue 22) --
    # the partner door (casus.partners.partnerviews): its meetings in window (no personal
    # data); a meeting's page logs one partner.ingezien per case whose items it shows (the
    # walk's meeting shows one); a report on its own organisation's action
    ("partner.overzicht", "GET"): toegangsregel(PARTNER),
    ("partner.overleg", "GET"): toegangsregel(PARTNER, logt="partner.ingezien"),
    ("partner.casus", "GET"): toegangsregel(PARTNER, logt="partner.ingezien"),
    ("partner.terugmelden", "POST"): toegangsregel(PARTNER, logt="partner.teruggemeld"),
    # the internal side (casus.partners.views): the list for team members, a new meeting
    # for triage members; a meeting (``partneroverleg_id``) for the team
    # members of the aanpakken it may hold (policy.partneroverleg_aanpakken) and its
    # chair; what only the chair or the case's regisseur may do gets a Dutch 403 from the
    # service. Each change logs its partneroverleg.* / afspraak.gemaakt record
    # (tests/partners/test_overleg_web.py), not for a bare POST
    ("partneroverleggen.lijst", "GET"): toegangsregel(TEAM),
    ("partneroverleggen.nieuw", "GET"): toegangsregel(TRIAGE),
    ("partneroverleggen.nieuw", "POST"): toegangsregel(TRIAGE),
    ("partneroverleggen.overleg", "GET"): toegangsregel(TEAM),
    ("partneroverleggen.uitnodigen", "POST"): toegangsregel(TEAM),
    ("partneroverleggen.agendapunt_toevoegen", "POST"): toegangsregel(TEAM),
    ("partneroverleggen.items_wijzigen", "POST"): toegangsregel(TEAM),
    ("partneroverleggen.bevestigen", "POST"): toegangsregel(TEAM),
    ("partneroverleggen.intrekken", "POST"): toegangsregel(TEAM),
    ("partneroverleggen.verzenden", "GET"): toegangsregel(TEAM),
    ("partneroverleggen.verzenden", "POST"): toegangsregel(TEAM),
    ("partneroverleggen.afspraak_maken", "POST"): toegangsregel(TEAM),
    # the beheerder's pages for verbanden, organisations and partner users
    # (casus.partners.beheerviews); each change logs beheer.partner_gewijzigd
    # (tests/partners/test_beheer.py), not for a bare POST
    ("partnerbeheer.overzicht", "GET"): toegangsregel(BEHEERDER),
    ("partnerbeheer.verband_nieuw", "GET"): toegangsregel(BEHEERDER),
    ("partnerbeheer.verband_nieuw", "POST"): toegangsregel(BEHEERDER),
    ("partnerbeheer.verband", "GET"): toegangsregel(BEHEERDER),
    ("partnerbeheer.verband", "POST"): toegangsregel(BEHEERDER),
    ("partnerbeheer.organisatie_nieuw", "GET"): toegangsregel(BEHEERDER),
    ("partnerbeheer.organisatie_nieuw", "POST"): toegangsregel(BEHEERDER),
    ("partnerbeheer.organisatie", "GET"): toegangsregel(BEHEERDER),
    ("partnerbeheer.organisatie", "POST"): toegangsregel(BEHEERDER),
    ("partnerbeheer.gebruiker_nieuw", "GET"): toegangsregel(BEHEERDER),
    ("partnerbeheer.gebruiker_nieuw", "POST"): toegangsregel(BEHEERDER),
    ("partnerbeheer.gebruiker_actief", "POST"): toegangsregel(BEHEERDER),
    # the privacy officer's verstrekkingenregister (casus.partners.register)
    ("privacy.verstrekkingen", "GET"): toegangsregel(
        PRIVACY, logt="privacy.verstrekkingen_bekeken"
    ),
    ("privacy.verstrekkingen_csv", "GET"): toegangsregel(
        PRIVACY, logt="privacy.verstrekkingen_gedownload"
    ),
}

# object kinds in URLs whose aanpak decides TEAM access
OBJECT_ARGUMENTEN = (
    "casus_id",
    "persoon_id",
    "overleg_id",
    "partneroverleg_id",
    "aanpak",
    "signaal_id",
)
# a web column whose persona has no API client: a client holds neither role, and a
# partner user has no client
GEEN_CLIENT = (PRIVACY, BEHEERDER, PARTNER)


def toegestaan(
    gebruiker: Gebruiker | None, r: Toegangsregel, aanpakken_van_object: frozenset[str] | None
) -> bool:
    """Whether ``gebruiker`` (None: anonymous) reaches a route under rule ``r``.

    ``aanpakken_van_object``: the aanpakken of the URL's case or person (a person
    can be in several), or None for a route without such an object.
    """
    if PUBLIEK in r.wie:
        return True
    if gebruiker is None or not gebruiker.is_active:
        return False
    if gebruiker.is_partner:
        # the walk's own meeting, case and action for PARTNER (see the audience above)
        return bool({INGELOGD, PARTNER} & r.wie)
    eigen = gebruiker.aanpakken()
    if INGELOGD in r.wie or any(
        gebruiker.heeft_rol(rol) for rol in r.wie if rol in (MANAGER, PRIVACY, BEHEERDER)
    ):
        return True
    for doelgroep, leden in ((TEAM, eigen), (TRIAGE, gebruiker.aanpakken_als(ROL_TRIAGE))):
        if doelgroep in r.wie and (
            leden & aanpakken_van_object if aanpakken_van_object is not None else leden
        ):
            return True
    if SIGNAALTEAM in r.wie:
        kandidaten = eigen if aanpakken_van_object is None else eigen & aanpakken_van_object
        return any(CATALOGUS.get(a).signaal_themas for a in kandidaten if a in CATALOGUS)
    return False


KOLOMMEN = (
    ("anoniem", "Anoniem"),
    (TEAM, "Regisseur in het team van de aanpak"),
    (TRIAGE, "Triage in het team van de aanpak"),
    ("ander_team", "Lid van een ander team"),
    (MANAGER, "Manager"),
    (PRIVACY, "Privacy"),
    (BEHEERDER, "Beheerder"),
    (PARTNER, "Partner, uitgenodigd en binnen de inzagetermijn"),
)


def _cel(r: Toegangsregel, kolom: str) -> str:
    if PUBLIEK in r.wie:
        return "ja"
    if kolom == "anoniem":
        return "401" if r.api else "inloggen"
    if r.api and kolom in GEEN_CLIENT:
        return "geen client"
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
    for (endpoint, methode), r in sorted(
        MATRIX.items(), key=lambda kv: (urls.get(kv[0][0], kv[0][0]), kv[0][1])
    ):
        url = urls.get(endpoint, endpoint)
        cellen = " | ".join(_cel(r, k) for k, _ in KOLOMMEN)
        regels.append(f"| `{url}` | {methode} | {cellen} | {r.logt or ''} |")
    return "\n".join(regels) + "\n"
