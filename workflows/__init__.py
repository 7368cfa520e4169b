"""The catalogue of aanpakken and their lifecycle machines.

Each module in this package that defines ``DEFINITIE`` is one aanpak. Adding an
aanpak is adding one module (or calling ``CATALOGUS.voeg_toe`` with a
definition); no other code changes.

Each aanpak gets one module-level ``transitions.Machine`` built with
``model=None`` and ``auto_transitions=False``. It is never bound to database rows:
``toegestane_transitie`` asks it which transition a trigger takes from a given state.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from transitions import Machine

from workflows.base import Aanpak, Transitie


class OngeldigeTransitie(Exception):
    """The machine of an aanpak has no such move from this state."""


class Catalogus:
    def __init__(self) -> None:
        self._aanpakken: dict[str, Aanpak] = {}
        self._machines: dict[str, Machine] = {}
        # the machines' answers to toegestane_transitie (a lookup per event of an import)
        self._antwoorden: dict[tuple[str, str, str], Transitie | None] = {}

    def voeg_toe(self, definitie: Aanpak) -> None:
        self._aanpakken[definitie.code] = definitie
        self._machines[definitie.code] = _bouw_machine(definitie)
        self._antwoorden.clear()
        self._aanpakken = dict(
            sorted(self._aanpakken.items(), key=lambda kv: (kv[1].volgorde, kv[0]))
        )

    def verwijder(self, code: str) -> None:
        self._aanpakken.pop(code, None)
        self._machines.pop(code, None)
        self._antwoorden.clear()

    def __contains__(self, code: object) -> bool:
        return code in self._aanpakken

    def __iter__(self) -> Iterator[Aanpak]:
        return iter(self._aanpakken.values())

    def __len__(self) -> int:
        return len(self._aanpakken)

    def codes(self) -> tuple[str, ...]:
        return tuple(self._aanpakken)

    def get(self, code: str) -> Aanpak:
        try:
            return self._aanpakken[code]
        except KeyError:
            raise KeyError(f"onbekende aanpak {code!r}") from None

    def machine(self, code: str) -> Machine:
        return self._machines[code]

    def toegestane_transitie(self, aanpak: str, status: str, trigger: str) -> Transitie:
        """The transition ``trigger`` takes from ``status`` in ``aanpak`` (the machine is
        asked, nothing is fired); raises ``OngeldigeTransitie`` when there is none."""
        machine = self._machines[aanpak]
        if trigger not in machine.events or status not in machine.states:
            raise OngeldigeTransitie(trigger)  # (free text is not remembered below)
        sleutel = (aanpak, status, trigger)
        if sleutel not in self._antwoorden:
            definitie = self._aanpakken[aanpak].transitie(trigger)
            assert definitie is not None  # every machine event comes from the definition
            mogelijk = bool(machine.get_transitions(trigger, source=status))
            self._antwoorden[sleutel] = definitie if mogelijk else None
        transitie = self._antwoorden[sleutel]
        if transitie is None:
            raise OngeldigeTransitie(trigger)
        return transitie

    def mogelijke_triggers(self, aanpak: str, status: str) -> tuple[str, ...]:
        """Triggers allowed from ``status``, in the definition's order."""
        triggers = set(self._machines[aanpak].get_triggers(status))
        return tuple(t.trigger for t in self._aanpakken[aanpak].transities if t.trigger in triggers)


def _bouw_machine(definitie: Aanpak) -> Machine:
    return Machine(
        model=None,
        states=list(definitie.statussen),
        transitions=[
            {"trigger": t.trigger, "source": list(t.bronnen), "dest": t.doel}
            for t in definitie.transities
        ],
        initial=None,
        auto_transitions=False,
        model_attribute="status",
    )


def laad_catalogus() -> Catalogus:
    catalogus = Catalogus()
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        definitie = getattr(module, "DEFINITIE", None)
        if isinstance(definitie, Aanpak):
            catalogus.voeg_toe(definitie)
    return catalogus


CATALOGUS = laad_catalogus()
