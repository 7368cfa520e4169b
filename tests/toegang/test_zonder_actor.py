"""Closed by default: every public service that reads or changes case data refuses to
run without an actor.

The list of functions is read from the service modules themselves, so a new public
service is covered the day it is written: it either takes a required ``actor`` that
it checks before anything else, or it is named below as not touching case data (with
the reason). Each service is called with ``actor=None`` and every other required
argument ``None``: a service that checked its actor first refuses with
``GeenToegang``; one that looked at its other arguments first fails with another
error and so fails this test.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from casus.errors import GeenToegang
from casus.toegang.actor import IMPORT, Systeemactor, vereis_actor

MODULES = (
    "casus.casussen.services",
    "casus.casussen.casuswerk",
    "casus.personen.services",
    "casus.signalen.services",
    "casus.triage.services",
    "casus.privacy.inzage",
    "casus.privacy.leesbaar",
    "casus.privacy.bewaartermijn",
    "casus.rapportage.services",
    "casus.brp.services",
    "casus.brp.batch",
    "casus.documenten.services",
    "casus.notificaties.services",
)

# public functions of those modules that read or change no case data of their own
GEEN_CASUSGEGEVENS = {
    # catalogue lookups and pure calculations
    "casus.signalen.services.themas",
    "casus.signalen.services.nieuwe_persoon",  # builds an unsaved Persoon from form values
    "casus.casussen.services.guard_bezwaren",  # pure: the caller holds a case it may see
    "casus.casussen.services.conflict_bericht",  # a fixed message
    "casus.signalen.services.persoonsfouten",  # pure checks of values typed in a form
    "casus.signalen.services.omzetfouten",  # pure: the caller holds a signal it may see
    "casus.privacy.bewaartermijn.verstreken",  # pure date arithmetic on a loaded case
    "casus.privacy.leesbaar.lange_datum",  # formats a date
    # the storage's keys that no document version names (the sweep after a crash): no
    # case data, only random keys; for the operator's command line
    "casus.privacy.bewaartermijn.wees_bestanden",
    # registers storage keys whose rows the caller (retention) has just deleted, for
    # deletion after the commit: reads nothing
    "casus.documenten.services.verwijder_bestanden_na_commit",
    "casus.rapportage.services.een_decimaal",
    "casus.rapportage.services.procent",
    "casus.rapportage.services.verschillen",
    # pure: figures in, figures out (shared by the report and the dashboard)
    "casus.rapportage.services.leeg_signalen",
    "casus.rapportage.services.tel_signaal",
    "casus.rapportage.services.indicatoren",
    "casus.rapportage.services.oplossingspercentage",
    # the report: aggregate figures without personal data, for managers (the view
    # checks the role) and the CLI; no case or person can be read through it
    "casus.rapportage.services.aanpak_cijfers",
    "casus.rapportage.services.rapport",
    "casus.rapportage.services.vastgestelde",
    # notifications: a system's message to users, no actor of its own (the caller is a
    # service that has checked its actor, or a job); the recipients are filtered by
    # casus.toegang (ontvangers_die_zien), and the counts per user are of what that user
    # may see (zichtbare_notificaties), for the e-mail digest, which names no case
    "casus.notificaties.services.notificeer",
    "casus.notificaties.services.ongelezen_per_soort",
    "casus.notificaties.services.relatieve_link",  # builds a URL
}


def _services() -> list[tuple[str, Callable[..., Any]]]:
    gevonden = []
    for naam in MODULES:
        module = importlib.import_module(naam)
        for functie_naam, functie in inspect.getmembers(module, inspect.isfunction):
            if functie.__module__ != naam or functie_naam.startswith("_"):
                continue
            gevonden.append((f"{naam}.{functie_naam}", functie))
    return gevonden


SERVICES = [(naam, f) for naam, f in _services() if naam not in GEEN_CASUSGEGEVENS]


def test_the_list_of_services_is_not_empty_and_the_exemptions_exist() -> None:
    alle = {naam for naam, _ in _services()}
    assert len(SERVICES) >= 25
    assert alle >= GEEN_CASUSGEGEVENS, GEEN_CASUSGEGEVENS - alle


@pytest.mark.parametrize(("naam", "service"), SERVICES, ids=[n for n, _ in SERVICES])
def test_every_service_requires_an_actor(naam: str, service: Callable[..., Any]) -> None:
    parameters = inspect.signature(service).parameters
    assert "actor" in parameters, f"{naam} neemt geen actor"
    assert parameters["actor"].default is inspect.Parameter.empty, f"{naam}: de actor is optioneel"
    argumenten = {
        p.name: None
        for p in parameters.values()
        if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    }
    with pytest.raises(GeenToegang):
        service(**argumenten)


class _Anoniem:
    is_authenticated = False
    is_active = False
    id = None


class _Inactief:
    is_authenticated = True
    is_active = False
    id = 7


@pytest.mark.parametrize("wie", [None, _Anoniem(), _Inactief()])
def test_no_actor_an_anonymous_or_inactive_user_is_refused(wie: Any) -> None:
    with pytest.raises(GeenToegang):
        vereis_actor(wie)


def test_a_system_actor_is_named_in_the_audit_log() -> None:
    assert vereis_actor(IMPORT) is IMPORT
    assert IMPORT.gebruikersnaam == "systeem:import"
    assert IMPORT.id is None
    assert isinstance(IMPORT, Systeemactor)
