"""The application's job kinds: the periodic ones of ``wachtrij.ROOSTER``.

Each imports what it runs when it runs (the packages it calls import much of the
application). What a kind returns is shown to the beheerder: counts, never a name.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from casus.extensions import db
from casus.klok import vandaag
from casus.taken.services import Taakfout, ontvangers, taaksoort
from workflows.codes import ROL_PRIVACY


def _brp_aan() -> bool:
    from casus.brp.instellingen import brp_instellingen

    return brp_instellingen().aan


@taaksoort(
    "controle",
    label="Nachtelijke controle van het auditlog en de afgeleide gegevens",
    melding="controle_mislukt",
    ook_privacy=True,
)
def controle() -> str:
    """``flask --app casus audit controleer`` and ``afgeleid controleer`` in one: seal,
    check the hash chain against its anchors, and compare the derived data with their
    source. A finding fails the job at once (another attempt finds the same)."""
    from casus.audit.keten import controleer_keten
    from casus.audit.zegel import controleer_ankers, lees_ankers, verzegel_en_veranker
    from casus.casussen.afgeleid import afwijkend, afwijkende_interventies

    verzegel_en_veranker()
    aantal, breuk = controleer_keten()
    bevindingen = []
    if breuk is not None:
        bevindingen.append(f"het auditlog is gebroken bij {breuk}")
    else:
        bestand = current_app.config.get("AUDIT_ANKER_BESTAND")
        pad = Path(bestand) if bestand else None
        if pad is not None and pad.exists():
            try:
                breuk = controleer_ankers(lees_ankers(pad), aantal)
            except ValueError as fout:
                bevindingen.append(f"het ankerbestand van het auditlog is gewijzigd: {fout}")
            else:
                if breuk is not None:
                    bevindingen.append(f"het auditlog is gebroken bij {breuk}")
    db.session.rollback()  # the checks only read
    casussen, interventies = afwijkend(), afwijkende_interventies()
    if casussen:
        bevindingen.append(
            f"casusstand wijkt af van de gebeurtenissen bij {len(casussen)} casus(sen)"
        )
    if interventies:
        bevindingen.append(
            f"de persoon of leeftijd wijkt af bij {len(interventies)} interventie(s)"
        )
    if bevindingen:
        raise Taakfout("Controle mislukt: " + "; ".join(bevindingen) + ".", opnieuw=False)
    return f"Auditlog in orde ({aantal} records); de afgeleide gegevens kloppen."


@taaksoort("termijnen", label="Termijnen bewaken en meldingen sturen")
def termijnen() -> str:
    from casus.notificaties import SOORTEN
    from casus.termijnen.services import escaleer_normen
    from casus.toegang.actor import TERMIJNEN

    tellingen = escaleer_normen(actor=TERMIJNEN)
    delen = [f"{SOORTEN.get(k, k)}: {n}" for k, n in sorted(tellingen.items())]
    return "Nieuwe meldingen. " + ("; ".join(delen) + "." if delen else "Geen.")


@taaksoort("digests", label="Samenvattingen per e-mail versturen")
def digests() -> str:
    from casus.mail.digest import verstuur_digests

    aantal = verstuur_digests()
    return f"Samenvattingen per e-mail verstuurd: {aantal}."


@taaksoort("bewaartermijn_proef", label="Bewaartermijn: wekelijkse proefrun")
def bewaartermijn_proef() -> str:
    """What the retention would clean now, as counts to the privacy officers (only when
    something is due); nothing is changed."""
    from casus.notificaties.services import notificeer, relatieve_link
    from casus.privacy.bewaartermijn import plan
    from casus.toegang.actor import TAKEN

    te_doen = plan(actor=TAKEN)
    tekst = (
        f"Bewaartermijn verstreken. Casussen: {len(te_doen.casus_ids)}, personen: "
        f"{len(te_doen.persoon_ids)}, signalen zonder casus: {len(te_doen.signaal_ids)}."
    )
    if te_doen.casus_ids or te_doen.signaal_ids:
        notificeer(
            "bewaartermijn",
            ontvangers=ontvangers(ROL_PRIVACY),
            tekst=f"{tekst} Bekijk de proefrun en pas de bewaartermijn toe.",
            link=relatieve_link("privacy.bewaartermijn_overzicht"),
            sleutel=f"bewaartermijn:{vandaag().isoformat()}",
        )
        return f"{tekst} De privacyfunctionaris heeft een melding gekregen."
    return f"{tekst} Er is niets aan de beurt."


@taaksoort(
    "brp_controle", label="BRP-controle van personen met een open casus", voorwaarde=_brp_aan
)
def brp_controle() -> str:
    from casus.brp.batch import controleer_alle
    from casus.toegang.actor import BRP

    if not _brp_aan():
        return "De BRP is niet ingesteld: niets gecontroleerd."
    # commits after each person: no write transaction stays open across the next call
    uitkomst = controleer_alle(actor=BRP, na_elke=db.session.commit)
    return (
        f"BRP geraadpleegd: {uitkomst.raadplegingen} keer, {uitkomst.gevonden} gevonden, "
        f"{uitkomst.mislukt} zonder antwoord; nieuwe signalen: {uitkomst.verhuisd} verhuisd, "
        f"{uitkomst.overleden} overleden."
    )
