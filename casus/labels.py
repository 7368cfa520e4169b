"""The one place for the Dutch labels of codes.

Nothing a person reads shows a code where a Dutch label exists: pages, downloads, audit
views and the memo take their labels from here. The labels of the catalogue's own codes
(aanpakken, statuses, reasons, kenmerken, signal sources and themes, intervention types)
live in ``workflows`` and are looked up there, never copied; this module adds the few
labels the catalogue has no list for and one way to ask for any of them.

Sections (each owned by the part of the application that shows the codes; add a new
section at the end rather than reorganising an existing one):

- report: the codes the Rapportage page and its downloads show
- audit actions
- roles
- the BRP: the kinds of signal from the BRP, why it was queried
- documents: their kinds and confidentiality levels
"""

from __future__ import annotations

from collections.abc import Iterator

from workflows import CATALOGUS
from workflows.base import STATUS_LABELS, Aanpak
from workflows.codes import INTERVENTIE_TYPES, SIGNAAL_BRONNEN

# -- report: aanpakken, statuses, reasons, kenmerken, sources, interventions ------------

ONBEKEND = "onbekend"
"""The breakdowns' key for a case without the kenmerk (``services._kenmerken``)."""

EXTRA: dict[str, str] = {ONBEKEND: "Onbekend"}
"""Labels for report keys that are no code of the catalogue."""


def aanpak(code: str) -> str:
    """The short name of an aanpak ("PGA Jeugd"), as reports and lists show it."""
    return CATALOGUS.get(code).kort if code in CATALOGUS else code


def aanpak_voluit(code: str) -> str:
    """The full name of an aanpak."""
    return CATALOGUS.get(code).label if code in CATALOGUS else code


def _definities(aanpak_code: str | None) -> list[Aanpak]:
    """The aanpak named (when it is in the catalogue), else every aanpak."""
    if aanpak_code is not None and aanpak_code in CATALOGUS:
        return [CATALOGUS.get(aanpak_code)]
    return list(CATALOGUS)


def status(code: str) -> str:
    return STATUS_LABELS.get(code, code)


def interventie(code: str) -> str:
    return INTERVENTIE_TYPES.get(code, code)


def bron(code: str) -> str:
    """The source of a signal (Meld Misdaad Anoniem, ...)."""
    return SIGNAAL_BRONNEN.get(code, code)


def reden(code: str, aanpak_code: str | None = None, status_code: str | None = None) -> str:
    """The label of a reason; the aanpak and status narrow the search (a code may mean
    different things in different lists), without them the first match counts."""
    definities = _definities(aanpak_code)
    for definitie in definities:
        for s, lijst in definitie.redenen.items():
            if status_code is not None and s != status_code:
                continue
            for r in lijst:
                if r.code == code:
                    return r.label
    return code


def kenmerkwaarde(kenmerk: str, code: str, aanpak_code: str | None = None) -> str:
    """The label of a value of a kenmerk with a fixed list (woningtype, soort, herkomst)."""
    definities = _definities(aanpak_code)
    for definitie in definities:
        k = definitie.kenmerk(kenmerk)
        for w in (k.waarden or ()) if k else ():
            if w.code == code:
                return w.label
    return EXTRA.get(code, code)


def thema(code: str, aanpak_code: str | None = None) -> str:
    """The label of a signal theme."""
    definities = _definities(aanpak_code)
    for definitie in definities:
        for w in definitie.signaal_themas:
            if w.code == code:
                return w.label
    return code


def _alle_paren() -> Iterator[tuple[str, str]]:
    for definitie in CATALOGUS:
        yield definitie.code, definitie.kort
        for lijst in definitie.redenen.values():
            yield from ((r.code, r.label) for r in lijst)
        for kenmerk in definitie.kenmerken:
            yield from ((w.code, w.label) for w in kenmerk.waarden or ())
        yield from ((w.code, w.label) for w in definitie.signaal_themas)
    yield from STATUS_LABELS.items()
    yield from INTERVENTIE_TYPES.items()
    yield from SIGNAAL_BRONNEN.items()
    yield from EXTRA.items()


def catalogus_codes() -> frozenset[str]:
    """Every code the catalogue gives a label (for the tests that no code is shown)."""
    return frozenset(code for code, _ in _alle_paren() if code not in EXTRA)


def label(code: str) -> str:
    """The label of any report code when its list is not known (the first list that has
    it: aanpakken, reasons, kenmerken, themes, statuses, interventions, sources); the code
    itself when none has it (a wijk is its own label)."""
    for c, tekst in _alle_paren():
        if c == code:
            return tekst
    return code


# -- audit actions: what each verwerkingenlog record's ``actie`` code means ----------------

AUDIT_ACTIES: dict[str, str] = {
    "auth.mailvoorkeur_gewijzigd": "Eigen e-mailadres of e-mailsamenvatting gewijzigd",
    "auth.sso_account_aangemaakt": "Account aangemaakt bij eerste SSO-inlog",
    "auth.sso_geweigerd": "Inloggen via de gemeente geweigerd",
    "auth.sso_ingelogd": "Ingelogd via de gemeente (SSO)",
    "auth.sso_gekoppeld": "Account gekoppeld aan het account bij de gemeente (SSO)",
    "auth.sso_rollen_bijgewerkt": "Rollen bijgewerkt uit de groepen bij de gemeente (SSO)",
    "api.aanroep": "Aanroep van de API door een API-client",
    "api.client_aangemaakt": "API-client geregistreerd",
    "api.client_gewijzigd": "Rollen of geldigheid van een API-client gewijzigd",
    "api.client_ingetrokken": "API-client ingetrokken",
    "api.token_geweigerd": "API-aanroep zonder geldig token geweigerd",
    "api.token_vernieuwd": "Token van een API-client vernieuwd",
    "aanmelding.persoon_gezocht": "Persoon gezocht bij een aanmelding",
    "audit.bekeken": "Auditlog bekeken",
    "audit.gebruiker_bekeken": "Auditlog van een gebruiker bekeken",
    "audit.geexporteerd": "Auditlog gedownload",
    "audit.persoon_bekeken": "Overzicht 'wie heeft het dossier bekeken' geopend",
    "auth.code_mislukt": "Inlogcode onjuist",
    "auth.ingelogd": "Ingelogd",
    "auth.inloggen_mislukt": "Inloggen mislukt",
    "auth.mfa_geactiveerd": "Tweestapsverificatie ingesteld",
    "auth.uitgelogd": "Uitgelogd",
    "auth.wachtwoord_gewijzigd": "Eigen wachtwoord gewijzigd",
    "brp.aanmeldcontrole_gekoppeld": (
        "Gegevens uit de BRP van de aanmelding aan de persoon gekoppeld"
    ),
    "brp.geraadpleegd": "Basisregistratie Personen (BRP) geraadpleegd",
    "brp.wijziging_afgehandeld": "Signaal uit de BRP afgehandeld (verhuizing of overlijden)",
    "brp.wijziging_gesignaleerd": "Signaal uit de BRP gemaakt (verhuizing of overlijden)",
    "beheer.alleen_sso_gewijzigd": "Inloggen alleen via de gemeente (SSO) aan- of uitgezet",
    "beheer.sso_ontkoppeld": "Koppeling met het account bij de gemeente (SSO) verbroken",
    "beheer.gebruiker_aangemaakt": "Gebruiker aangemaakt",
    "beheer.gebruiker_geactiveerd": "Gebruiker geactiveerd",
    "beheer.gebruiker_gedeactiveerd": "Gebruiker gedeactiveerd",
    "beheer.rollen_gewijzigd": "Rollen van een gebruiker gewijzigd",
    "beheer.wachtwoord_gereset": "Wachtwoord van een gebruiker opnieuw ingesteld",
    "casus.aangemeld": "Casus aangemeld",
    "casus.bekeken": "Casus bekeken",
    "casus.interventie_toegevoegd": "Interventie toegevoegd",
    "casus.kenmerken_gewijzigd": "Kenmerken van de casus gewijzigd",
    "casus.leefgebieden_gescoord": "Leefgebieden gescoord",
    "casus.notitie_toegevoegd": "Notitie of contactmoment toegevoegd",
    "casus.politiecontact_toegevoegd": "Politie- of justitiecontact toegevoegd",
    "casus.status_onbekend": "Onbekende statuswijziging geprobeerd",
    "document.beschadigd": "Beschadigd document geweigerd bij het downloaden",
    "document.gedownload": "Document gedownload",
    "document.toegevoegd": "Document toegevoegd",
    "document.versie_toegevoegd": "Nieuwe versie van een document toegevoegd",
    "formulier.bewaard": "Ingevuld formulier bewaard na het verlopen van de sessie",
    "formulier.teruggezet": "Bewaard formulier teruggezet na het inloggen",
    "import.uitgevoerd": "Gegevens geïmporteerd",
    "persoon.bekeken": "Persoonsgegevens bekeken",
    "persoon.exact_bevestigd": "Persoon gevonden bij een aanmelding (exacte overeenkomst)",
    "persoon.gekoppeld": "Persoon gekoppeld aan een aanmelding",
    "persoon.gewijzigd": "Persoonsgegevens gewijzigd",
    "privacy.bewaartermijn_proefdraai": "Bewaartermijn: overzicht van wat aan de beurt is bekeken",
    "privacy.bewaartermijn_uitgevoerd": "Bewaartermijn toegepast (gegevens gewist)",
    "privacy.inzage": "Inzageoverzicht (AVG) opgesteld",
    "privacy.persoon_gezocht": "Persoon gezocht voor een inzageverzoek",
    "rapport.gedownload": "Rapportage gedownload",
    "rapport.geexporteerd": "Rapportage geëxporteerd",
    "rapport.vastgesteld": "Rapportage vastgesteld",
    "signaal.afgesloten": "Signaal afgesloten",
    "signaal.bekeken": "Signaal bekeken",
    "signaal.gekoppeld": "Signaal gekoppeld aan een casus",
    "signaal.gemeld_via_meldpunt": "Signaal gemeld via het meldpunt",
    "signaal.geregistreerd": "Signaal geregistreerd",
    "signaal.omgezet": "Signaal omgezet in een aanmelding",
    "signalen.lijst_bekeken": "Lijst met signalen bekeken",
    "signalen.overleg_bekeken": "Signalenoverleg bekeken",
    "taak.opnieuw_gepland": "Mislukte achtergrondtaak opnieuw ingepland",
    "toegang.geweigerd": "Toegang geweigerd",
    "triage.agenda": "Casus op de agenda van het triageoverleg gezet",
    "triage.agenda_bekeken": "Agenda van het triageoverleg bekeken",
    "triage.besluit": "Triagebesluit genomen",
    "triage.casus_bekeken": "Casus bekeken in de triage",
    "triage.corrigeren": "Statuswijziging gecorrigeerd",
    "triage.notities": "Notities van het triageoverleg opgeslagen",
    "triage.overleg_aangemaakt": "Triageoverleg aangemaakt",
    "triage.reviewlijst_bekeken": "Reviewlijst bekeken",
    "triage.reviewlijsten_bekeken": "Overzicht van de reviewlijsten bekeken",
    "triage.toewijzen": "Casus aan een andere regisseur toegewezen",
    "triage.verslag_bekeken": "Verslag van het triageoverleg bekeken",
    "triage.verslag_gedownload": "Verslag van het triageoverleg gedownload",
    "triage.wachtrij_bekeken": "Triagewachtrij bekeken",
    "zoeken.uitgevoerd": "Gezocht",
    # issue 22, P1: what a partner user reads and writes
    "partner.ingezien": "Gedeelde gegevens ingezien door een partner",
    "partner.teruggemeld": "Terugmelding van een partner op een afspraak",
    # issue 22, P2: the internal side of the casusoverleg met partners
    "afspraak.gemaakt": "Afspraak gemaakt in een casusoverleg met partners",
    "partneroverleg.aangemaakt": "Casusoverleg met partners aangemaakt",
    "partneroverleg.agenda_gewijzigd": (
        "Casus of gedeelde gegevens op de agenda van een casusoverleg met partners gewijzigd"
    ),
    "partneroverleg.bekeken": "Agenda van een casusoverleg met partners bekeken",
    "partneroverleg.bevestigd": "Gedeelde gegevens van een casus bevestigd door de voorzitter",
    "partneroverleg.item_ingetrokken": "Gedeeld gegeven ingetrokken",
    "partneroverleg.uitgenodigd": "Partners uitgenodigd voor een casusoverleg",
    "partneroverleg.verzonden": "Agenda van een casusoverleg met partners verzonden",
    # issue 22, P3: partner beheer and the verstrekkingenregister
    "beheer.partner_gewijzigd": (
        "Samenwerkingsverband, partnerorganisatie of partnergebruiker aangemaakt of gewijzigd"
    ),
    "privacy.verstrekkingen_bekeken": "Verstrekkingenregister bekeken",
    "privacy.verstrekkingen_gedownload": "Verstrekkingenregister gedownload",
}
"""Every fixed action code; ``casus.status_<trigger>`` takes the catalogue's label of
the move (``audit_actie``)."""

STATUS_ACTIE = "casus.status_"


def _transitielabels() -> dict[str, str]:
    return {t.trigger: t.label for definitie in CATALOGUS for t in definitie.transities}


def audit_actie(code: str) -> str:
    """The Dutch name of an audit record's action; the code itself only for a code no
    list knows (never expected: a test checks every code the application writes)."""
    if code in AUDIT_ACTIES:
        return AUDIT_ACTIES[code]
    if code.startswith(STATUS_ACTIE):
        stap = _transitielabels().get(code.removeprefix(STATUS_ACTIE))
        if stap is not None:
            return f"Status gewijzigd: {stap}"
    return code


def heeft_audit_label(code: str) -> bool:
    return audit_actie(code) != code


# -- roles: a user's global roles and team roles, as the beheer pages and the account show them

ROLLEN: dict[str, str] = {
    "regisseur": "Regisseur",
    "triage": "Triage",
    "manager": "Manager",
    "privacy": "Functionaris gegevensbescherming",
    "beheerder": "Beheerder",
}
"""The roles' names; a team role is named with its aanpak ("Regisseur PGA Jeugd")."""


def rol(code: str) -> str:
    """The Dutch name of a role code: 'manager' -> "Manager", 'regisseur:pga_jeugd' ->
    "Regisseur PGA Jeugd" (the form ``casus.auth.services.lees_rol`` reads)."""
    soort, _, aanpak_code = code.partition(":")
    naam = ROLLEN.get(soort, soort)
    return f"{naam} {aanpak(aanpak_code)}" if aanpak_code else naam


# -- the BRP (casus.brp): the kinds of signal, the reasons a query was made ---------------

BRP_WIJZIGINGEN: dict[str, str] = {
    "verhuisd": "Verhuisd naar een andere gemeente",
    "overleden": "Overleden",
}
"""``BrpWijziging.soort``: what the BRP said changed since the previous check."""

BRP_AANLEIDINGEN: dict[str, str] = {
    "aanmelding": "bij een aanmelding",
    "persoon": "bijgewerkt op de persoonspagina",
    "batch": "bij de periodieke controle",
}
"""Why the BRP was queried (the audit record's ``aanleiding``)."""

BRP_ZONDER_RESULTAAT: dict[str, str] = {
    "niet_gevonden": "de BRP kende geen persoon met dit BSN",
    "niet_geautoriseerd": "de gemeente mocht deze persoon voor deze aanpak niet raadplegen",
    "time_out": "de BRP antwoordde niet op tijd",
    "storing": "de BRP was niet bereikbaar",
}
"""Why a query of the BRP gave no person (``casus.brp.BRP_FOUTEN``' codes), in a line
of the inzage."""


def brp_wijziging(code: str) -> str:
    return BRP_WIJZIGINGEN.get(code, code)


# -- documents: kinds (casus.documenten.soorten says which aanpak offers which) and the
# confidentiality levels (ZGW's vertrouwelijkheidaanduiding) --------------------------

DOCUMENTSOORTEN: dict[str, str] = {
    "brief": "Brief",
    "verslag": "Verslag",
    "plan_van_aanpak": "Plan van aanpak",
    "toestemmingsverklaring": "Toestemmingsverklaring",
    "overig": "Overig document",
    "brief_corporatie": "Brief van de woningcorporatie",
    "gedragsaanwijzing": "Gedragsaanwijzing",
    "gedragsovereenkomst": "Gedragsovereenkomst",
    "bibob_advies": "Bibob-advies",
    "sluitingsbevel": "Sluitingsbevel (sluiting pand)",
    "bestuurlijke_rapportage": "Bestuurlijke rapportage",
    "rapportage_jeugdbescherming": "Rapportage jeugdbescherming",
    "reclasseringsadvies": "Reclasseringsadvies",
    "risicotaxatie": "Risicotaxatie",
    "ambtsbericht": "Ambtsbericht",
    "melding": "Melding",
    "bijlage_melding": "Bijlage bij de melding",
}
"""Every document kind's name; a kind is offered per aanpak (``casus.documenten.soorten``)."""

VERTROUWELIJKHEDEN: dict[str, str] = {
    "openbaar": "Openbaar",
    "beperkt_openbaar": "Beperkt openbaar",
    "intern": "Intern",
    "zaakvertrouwelijk": "Zaakvertrouwelijk",
    "vertrouwelijk": "Vertrouwelijk",
    "confidentieel": "Confidentieel",
    "geheim": "Geheim",
    "zeer_geheim": "Zeer geheim",
}
"""ZGW's confidentiality levels, from open to closed. A label shown with a document: who
may see it still follows its case or signal (``casus.toegang``), whatever the level."""


def documentsoort(code: str) -> str:
    return DOCUMENTSOORTEN.get(code, code)


def vertrouwelijkheid(code: str) -> str:
    return VERTROUWELIJKHEDEN.get(code, code)
