"""What team members and residents do with signals. Flush, never commit.

Every function checks that the acting user is a team member of the signal's
aanpak; views have already answered 404 for signals the user may not see.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from casus.casussen import validatie
from casus.casussen.services import meld_aan
from casus.errors import Conflict, GeenToegang, Ongeldig
from casus.extensions import db
from casus.klok import nu, vandaag
from casus.notificaties import haken
from casus.rapportage.cache import gegevens_gewijzigd
from casus.signalen.models import BETREFT_SOORTEN, Signaal
from casus.toegang.actor import Actor, vereis_actor
from casus.toegang.policy import mag_casus_zien, mag_signaal_registreren, signaal_aanpakken
from workflows import CATALOGUS
from workflows.base import WIJK
from workflows.codes import SIGNAAL_BRONNEN

if TYPE_CHECKING:
    from collections.abc import Callable

    from casus.casussen.models import Casus
    from casus.personen.models import Persoon
    from workflows.base import Kenmerk

TEKST_MAX = 5000
AFSLUITREDEN_MAX = 200


def themas(aanpak: str) -> dict[str, str]:
    """Signal themes of an aanpak (code: label); empty when it takes no signals."""
    if aanpak not in CATALOGUS:
        return {}
    return {w.code: w.label for w in CATALOGUS.get(aanpak).signaal_themas}


def registreer_signaal(
    aanpak: str,
    *,
    ontvangen_op: date,
    bron: str,
    thema: str,
    tekst: str | None,
    actor: Actor,
    betreft_soort: str | None = None,
    betreft_naam: str | None = None,
    betreft_kvk_nummer: str | None = None,
    betreft_adres: str | None = None,
    wijk: str | None = None,
    melder_naam: str | None = None,
    melder_contact: str | None = None,
    ref: str | None = None,
) -> Signaal:
    """Register a received signal for ``aanpak``, by a team member or the public meldpunt
    (``actor=MELDPUNT``)."""
    actor = vereis_actor(actor)
    if not themas(aanpak):
        raise Ongeldig("Deze aanpak neemt geen signalen aan.", "aanpak")
    if not mag_signaal_registreren(actor, aanpak):
        raise GeenToegang("U bent geen lid van het team van deze aanpak.")
    validatie.datum_niet_in_toekomst(ontvangen_op, "ontvangen_op")
    if bron not in SIGNAAL_BRONNEN:
        raise Ongeldig(f"'{bron}' is geen bekende bron.", "bron")
    if thema not in themas(aanpak):
        raise Ongeldig(f"'{thema}' is geen thema van {CATALOGUS.get(aanpak).kort}.", "thema")
    if betreft_soort and betreft_soort not in BETREFT_SOORTEN:
        raise Ongeldig(f"'{betreft_soort}' is geen onderwerp van een signaal.", "betreft_soort")
    wijk = _schone_wijk(wijk)
    kvk = _schoon(betreft_kvk_nummer, 8, "betreft_kvk_nummer", "KvK-nummer")
    if kvk and not re.fullmatch(r"\d{8}", kvk):
        raise Ongeldig("Een KvK-nummer bestaat uit 8 cijfers.", "betreft_kvk_nummer")
    signaal = Signaal(
        aanpak=aanpak,
        ontvangen_op=ontvangen_op,
        bron=bron,
        thema=thema,
        status="open",
        tekst=_schoon(tekst, TEKST_MAX, "tekst", "De tekst"),
        betreft_soort=betreft_soort or None,
        betreft_naam=_schoon(betreft_naam, 200, "betreft_naam", "De naam"),
        betreft_kvk_nummer=kvk,
        betreft_adres=_schoon(betreft_adres, 200, "betreft_adres", "Het adres"),
        wijk=wijk,
        melder_naam=_schoon(melder_naam, 200, "melder_naam", "Uw naam"),
        melder_contact=_schoon(melder_contact, 200, "melder_contact", "Uw contactgegevens"),
        created_by_id=actor.id,
        ref=ref,
    )
    signaal.werk_sleutels_bij()
    db.session.add(signaal)
    db.session.flush()
    gegevens_gewijzigd(ontvangen_op)  # the report counts signals by their date
    if ref is None:
        prefix = CATALOGUS.get(aanpak).casusprefix
        signaal.ref = f"SIG-{prefix}-{ontvangen_op.year}-{signaal.id:05d}"
        db.session.flush()
    haken.na_signaal(signaal, actor=actor)  # "Nieuw signaal ... voor uw team."
    return signaal


def koppel(
    signaal: Signaal, casus: Casus, *, actor: Actor, verwachte_versie: int | None = None
) -> None:
    """Link an open signal to an existing case of the same aanpak."""
    actor = vereis_actor(actor)
    _mag_afhandelen(signaal, actor, verwachte_versie)
    if casus.aanpak != signaal.aanpak or not mag_casus_zien(actor, casus):
        raise Ongeldig("Kies een casus van dezelfde aanpak als het signaal.", "casus")
    _handel_af(signaal, actor, status="gekoppeld", casus=casus)


def zet_om(
    signaal: Signaal,
    *,
    actor: Actor,
    persoon: Persoon | None = None,
    kenmerken: dict[str, Any] | None = None,
    aangemeld_op: date | None = None,
    verwachte_versie: int | None = None,
) -> Casus:
    """Turn an open signal into a new aanmelding of its aanpak; the case keeps the link."""
    actor = vereis_actor(actor)
    _mag_afhandelen(signaal, actor, verwachte_versie)
    definitie = CATALOGUS.get(signaal.aanpak)
    persoon = persoon or signaal.persoon
    casus = meld_aan(
        signaal.aanpak,
        aangemeld_op=aangemeld_op or vandaag(),
        persoon=persoon,
        kenmerken=_kenmerken_uit_signaal(signaal, definitie.kenmerk, kenmerken or {}),
        aanmeldreden=signaal.tekst,
        actor=actor,
    )
    if persoon is not None:
        signaal.persoon = persoon
    signaal.omgezet = True
    _handel_af(signaal, actor, status="gekoppeld", casus=casus)
    return casus


def nieuwe_persoon(
    voornaam: str | None,
    tussenvoegsel: str | None,
    achternaam: str | None,
    geboortedatum: date | None,
) -> Persoon | None:
    """A new person for the aanmelding, or None when no name was given."""
    from casus.personen.models import Persoon

    voornaam, achternaam = (voornaam or "").strip(), (achternaam or "").strip()
    if not voornaam and not achternaam:
        return None
    for fout in persoonsfouten(voornaam, achternaam, geboortedatum):
        raise fout
    persoon = Persoon(
        voornaam=voornaam,
        tussenvoegsel=(tussenvoegsel or "").strip() or None,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
    )
    db.session.add(persoon)
    return persoon


def persoonsfouten(
    voornaam: str | None, achternaam: str | None, geboortedatum: date | None
) -> list[Ongeldig]:
    """Every refusal of the person typed in for an aanmelding (none: no name at all, or
    a whole one with a birth date that has passed)."""
    voornaam, achternaam = (voornaam or "").strip(), (achternaam or "").strip()
    fouten = []
    if bool(voornaam) != bool(achternaam):
        fouten.append(
            Ongeldig("Vul zowel de voornaam als de achternaam van de persoon in.", "achternaam")
        )
    bericht = validatie.toekomstbericht(geboortedatum) if geboortedatum else None
    if bericht:
        fouten.append(Ongeldig(bericht, "geboortedatum"))
    return fouten


def omzetfouten(
    signaal: Signaal,
    *,
    voornaam: str | None,
    achternaam: str | None,
    geboortedatum: date | None,
    aangemeld_op: date | None,
) -> list[Ongeldig]:
    """What ``zet_om`` would refuse in the data typed in, found without changing
    anything (for the check page before the conversion; ``zet_om`` still decides)."""
    fouten = persoonsfouten(voornaam, achternaam, geboortedatum)
    bericht = validatie.toekomstbericht(aangemeld_op) if aangemeld_op else None
    if bericht:
        fouten.append(Ongeldig(bericht, "aangemeld_op"))
    definitie = CATALOGUS.get(signaal.aanpak)
    zonder_persoon = not (voornaam or "").strip() and not (achternaam or "").strip()
    if definitie.persoon_verplicht and zonder_persoon and signaal.persoon is None:
        fouten.append(
            Ongeldig(f"Een aanmelding voor {definitie.kort} betreft altijd een persoon.", "persoon")
        )
    if not signaal.is_open:
        fouten.append(Ongeldig("Dit signaal is al afgehandeld.", None))
    return fouten


def sluit_af(
    signaal: Signaal, reden: str, *, actor: Actor, verwachte_versie: int | None = None
) -> None:
    """Close an open signal without follow-up; the reason is required."""
    actor = vereis_actor(actor)
    _mag_afhandelen(signaal, actor, verwachte_versie)
    schoon = _schoon(reden, AFSLUITREDEN_MAX, "afsluitreden", "De reden")
    if not schoon:
        raise Ongeldig(
            "Geef aan waarom het signaal zonder vervolg wordt afgesloten.", "afsluitreden"
        )
    signaal.afsluitreden = schoon
    _handel_af(signaal, actor, status="afgesloten", casus=None)


def _schone_wijk(wijk: str | None) -> str | None:
    """The signal's wijk, cleaned (empty: unknown, None); refuses one that is not a wijk
    of the municipality with the kenmerk's message (the API and the import say the same)."""
    if wijk is None or not wijk.strip():
        return None
    wijk = wijk.strip()
    if bericht := WIJK.fout(wijk, validatie.wijken()):
        raise Ongeldig(bericht, "wijk")
    return wijk


# -- internals ---------------------------------------------------------------------


def _schoon(waarde: str | None, maximum: int, veld: str, label: str) -> str | None:
    if waarde is None:
        return None
    waarde = waarde.replace("\r\n", "\n").strip()
    if not waarde:
        return None
    if len(waarde) > maximum:
        raise Ongeldig(f"{label} is te lang (maximaal {maximum} tekens).", veld)
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", waarde):
        raise Ongeldig(f"{label} bevat tekens die niet kunnen worden opgeslagen.", veld)
    return waarde


def _kenmerken_uit_signaal(
    signaal: Signaal, kenmerk: Callable[[str], Kenmerk | None], extra: dict[str, Any]
) -> dict[str, Any]:
    """The case's kenmerken: what the signal says, completed or overruled by the form."""
    afgeleid = {
        "thema": signaal.thema,
        "onderwerp": signaal.betreft_soort,
        "naam": signaal.betreft_naam if signaal.betreft_soort == "onderneming" else None,
        "kvk_nummer": signaal.betreft_kvk_nummer,
        "adres": signaal.betreft_adres,
        "wijk": signaal.wijk,
    }
    samen = {k: v for k, v in afgeleid.items() if v and kenmerk(k) is not None}
    samen.update({k: v for k, v in extra.items() if v not in (None, "")})
    return samen


def _mag_afhandelen(signaal: Signaal, actor: Actor, verwachte_versie: int | None) -> None:
    if signaal.aanpak not in signaal_aanpakken(actor):
        raise GeenToegang("U bent geen lid van het team van deze aanpak.")
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            select(Signaal)
            .where(Signaal.id == signaal.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    if verwachte_versie is not None and signaal.versie != verwachte_versie:
        raise Conflict(
            "Iemand anders heeft dit signaal intussen afgehandeld of gewijzigd. "
            "Laad de pagina opnieuw."
        )
    if not signaal.is_open:
        raise Conflict("Dit signaal is al afgehandeld.")


def _handel_af(signaal: Signaal, actor: Actor, *, status: str, casus: Casus | None) -> None:
    signaal.status = status
    signaal.casus = casus
    signaal.afgehandeld_op = nu()
    signaal.afgehandeld_door_id = actor.id
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(
            "Iemand anders heeft dit signaal intussen afgehandeld. Laad de pagina opnieuw."
        ) from None
