"""Registering API clients and checking their tokens (the beheerder's pages and
``flask --app casus api-client ...`` both go through here).

A client acts as its own account (``Gebruiker.is_api_client``): the roles chosen for
it are that account's roles and team memberships, so ``casus.toegang`` decides what the
client may see and do exactly as for a person with those roles. Only team roles and
the manager role can be given: the privacy officer's and the beheerder's work has no
API.

A token is ``casus_`` and 43 random URL-safe characters (256 bits); it is shown once,
and only its SHA-256 is stored. Rotating gives a new token and ends the old one at
once; revoking ends the client for good (its account is deactivated too).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from casus.api.models import Apiclient
from casus.audit import log_wijziging
from casus.auth.models import Gebruiker
from casus.auth.services import geef_rollen, lees_rol
from casus.beheer import services as beheer
from casus.errors import Ongeldig
from casus.extensions import db
from casus.klok import nu, vandaag
from workflows.codes import ROL_MANAGER

TOKEN_BEGIN = "casus_"  # noqa: S105 - the prefix of every token, no secret
NAAM_PATROON = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{1,59}")
NAAM_UITLEG = "2 tot 60 tekens: letters, cijfers, spatie, punt, streepje en liggend streepje"
# the global roles a client may hold; team roles (regisseur, triage per aanpak) all
CLIENTROLLEN_GLOBAAL = (ROL_MANAGER,)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _nieuw_token() -> str:
    return TOKEN_BEGIN + secrets.token_urlsafe(32)


def geldigheidsfout(geldig_tot: date) -> str | None:
    """What is wrong with ``geldig_tot`` as a token's last day (None: nothing): not in
    the past, at most ``API_MAX_GELDIGHEID_DAGEN`` ahead."""
    if geldig_tot < vandaag():
        return "De laatste dag ligt in het verleden; kies vandaag of later."
    maximum = int(current_app.config["API_MAX_GELDIGHEID_DAGEN"])
    if (geldig_tot - vandaag()).days > maximum:
        return f"Een token is hoogstens {maximum} dagen geldig; kies een eerdere datum."
    return None


def _controleer(
    naam: str, rollen: Iterable[str], geldig_tot: date, limiet: int
) -> list[tuple[str, str | None]]:
    fouten: list[Ongeldig] = []
    if not NAAM_PATROON.fullmatch(naam):
        fouten.append(Ongeldig(f"Een clientnaam heeft {NAAM_UITLEG}.", "naam"))
    gelezen = []
    for code in rollen:
        try:
            rol, aanpak = lees_rol(code)
        except Ongeldig as fout:
            fouten.append(Ongeldig(fout.bericht, "rollen"))
            continue
        if aanpak is None and rol not in CLIENTROLLEN_GLOBAAL:
            fouten.append(
                Ongeldig(
                    "Een API-client kan geen privacy- of beheerdersrol krijgen: dat werk "
                    "gaat niet via de API.",
                    "rollen",
                )
            )
            continue
        gelezen.append((rol, aanpak))
    if not gelezen and not any(f.veld == "rollen" for f in fouten):
        fouten.append(Ongeldig("Kies ten minste één rol.", "rollen"))
    bezwaar = geldigheidsfout(geldig_tot)
    if bezwaar is not None:
        fouten.append(Ongeldig(bezwaar, "geldig_tot"))
    if not 1 <= limiet <= 10_000:
        fouten.append(Ongeldig("Kies een limiet van 1 tot 10.000 verzoeken per minuut.", "limiet"))
    if fouten:
        raise fouten[0]
    return gelezen


def rolcodes(client: Apiclient) -> list[str]:
    """The client's roles as codes ('manager', 'regisseur:ipta'), sorted."""
    return beheer.rolcodes(client.gebruiker)


def maak_client(
    naam: str,
    *,
    rollen: Iterable[str],
    geldig_tot: date,
    limiet_per_minuut: int | None = None,
    omschrijving: str | None = None,
    door: Gebruiker | None = None,
) -> tuple[Apiclient, str]:
    """A new client and its token (the only time the token is known)."""
    naam = naam.strip()
    limiet = limiet_per_minuut or int(current_app.config["API_LIMIET_PER_MINUUT"])
    with log_wijziging("api.client_aangemaakt", object_type="api_client", gebruiker=door) as log:
        gelezen = _controleer(naam, rollen, geldig_tot, limiet)
        if db.session.scalar(select(Apiclient.id).where(Apiclient.naam == naam)):
            raise Ongeldig(f"Er is al een API-client met de naam '{naam}'.", "naam")
        gebruikersnaam = "api:" + re.sub(r"[^a-z0-9._-]+", "-", naam.lower())
        if db.session.scalar(
            select(Gebruiker.id).where(Gebruiker.gebruikersnaam == gebruikersnaam)
        ):
            raise Ongeldig(
                f"Er is al een account '{gebruikersnaam}'; kies een andere naam.", "naam"
            )
        gebruiker = Gebruiker(
            gebruikersnaam=gebruikersnaam,
            naam=f"API-client {naam}",
            # no password: casus.auth.services.controleer_inlog refuses such an account
            wachtwoord_hash="!",
            actief=True,
            is_api_client=True,
        )
        geef_rollen(gebruiker, gelezen)
        token = _nieuw_token()
        client = Apiclient(
            naam=naam,
            omschrijving=(omschrijving or "").strip() or None,
            gebruiker=gebruiker,
            token_hash=_hash(token),
            token_begin=token[: len(TOKEN_BEGIN) + 4],
            geldig_tot=geldig_tot,
            limiet_per_minuut=limiet,
            aangemaakt_door_id=door.id if door is not None else None,
        )
        db.session.add(client)
        db.session.flush()
        log.object(object_id=client.id, details={"rollen": rolcodes(client)})
    return client, token


def wijzig_client(
    client: Apiclient,
    *,
    rollen: Iterable[str],
    geldig_tot: date,
    limiet_per_minuut: int,
    omschrijving: str | None,
    door: Gebruiker | None = None,
) -> None:
    with log_wijziging(
        "api.client_gewijzigd", object_type="api_client", object_id=client.id, gebruiker=door
    ) as log:
        _niet_ingetrokken(client)
        gelezen = _controleer(client.naam, rollen, geldig_tot, limiet_per_minuut)
        geef_rollen(client.gebruiker, gelezen)
        client.geldig_tot = geldig_tot
        client.limiet_per_minuut = limiet_per_minuut
        client.omschrijving = (omschrijving or "").strip() or None
        db.session.flush()
        log.object(object_id=client.id, details={"rollen": rolcodes(client)})


def vernieuw_token(client: Apiclient, *, door: Gebruiker | None = None) -> str:
    """A new token for the client; the old one stops working at once."""
    with log_wijziging(
        "api.token_vernieuwd", object_type="api_client", object_id=client.id, gebruiker=door
    ):
        _niet_ingetrokken(client)
        token = _nieuw_token()
        client.token_hash = _hash(token)
        client.token_begin = token[: len(TOKEN_BEGIN) + 4]
        client.token_vernieuwd_op = nu()
        db.session.flush()
    return token


def trek_in(client: Apiclient, *, door: Gebruiker | None = None) -> None:
    """End the client for good: its token stops working and its account is deactivated."""
    with log_wijziging(
        "api.client_ingetrokken", object_type="api_client", object_id=client.id, gebruiker=door
    ):
        _niet_ingetrokken(client)
        client.ingetrokken_op = nu()
        client.gebruiker.actief = False
        db.session.flush()


def _niet_ingetrokken(client: Apiclient) -> None:
    if client.ingetrokken_op is not None:
        raise Ongeldig("Deze API-client is ingetrokken en kan niet meer worden gewijzigd.")


def status(client: Apiclient) -> str:
    """'ingetrokken', 'verlopen' (past its last day) or 'actief'."""
    if client.ingetrokken_op is not None:
        return "ingetrokken"
    return "verlopen" if client.geldig_tot < vandaag() else "actief"


def geldig(client: Apiclient) -> bool:
    return (
        client.ingetrokken_op is None and client.geldig_tot >= vandaag() and client.gebruiker.actief
    )


def client_bij_token(token: str) -> Apiclient | None:
    """The valid client holding ``token``, with its account's roles and teams (one
    statement), or None: unknown, rotated, revoked or past its last day."""
    if not token.startswith(TOKEN_BEGIN) or len(token) > 100:
        return None
    gezocht = _hash(token)
    client = db.session.scalar(
        select(Apiclient)
        .where(Apiclient.token_hash == gezocht)
        .options(
            joinedload(Apiclient.gebruiker).joinedload(Gebruiker.rollen),
            joinedload(Apiclient.gebruiker).joinedload(Gebruiker.teams),
        )
    )
    # the index found the row by its hash; compare again in constant time anyway
    if client is None or not hmac.compare_digest(client.token_hash, gezocht):
        return None
    return client if geldig(client) else None
