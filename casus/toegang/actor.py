"""Who acts: a logged-in user (``Gebruiker``) or an explicit system actor.

Every service that reads or changes case data takes the actor as a required keyword
(``actor=``). There is no "no actor, no check" path: ``vereis_actor(None)`` refuses.
The import, the demo and the command-line tools act as a ``Systeemactor``; their
audit records name it (``systeem:import``), and ``casus.toegang`` lets it see and do
what a history import needs, nothing is skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from casus.errors import GeenToegang

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from casus.auth.models import Gebruiker


@dataclass(frozen=True)
class Systeemactor:
    """The application itself, acting for a named process (import, demo, a CLI command).

    It is no user: it has no id, no session and no team; ``casus.toegang`` grants it
    what its process needs, and the audit log records its name.
    """

    naam: str
    # a process the operator runs (import, demo, CLI): it may do what its process
    # needs on every case; the public meldpunt may only register a signal
    beheerproces: bool = True

    id = None
    is_active = True
    is_authenticated = True

    @property
    def gebruikersnaam(self) -> str:
        return f"systeem:{self.naam}"

    @property
    def korte_naam(self) -> str:
        return self.gebruikersnaam


IMPORT = Systeemactor("import")
DEMO = Systeemactor("demo")
CLI = Systeemactor("cli")
BEWAARTERMIJN = Systeemactor("bewaartermijn")
MELDPUNT = Systeemactor("meldpunt", beheerproces=False)  # the public form: signals only
# the BRP batch check (casus.brp.batch): queries the BRP for persons with an open case
# and signals a move or a death on them, nothing else (casus.toegang.policy.mag_brp_batch)
BRP = Systeemactor("brp", beheerproces=False)
# the norm escalation (casus.termijnen.services.escaleer_normen): reads the norm state of
# open cases and notifies the users who may see them, nothing else
TERMIJNEN = Systeemactor("termijnen", beheerproces=False)
# the background worker (casus.taken) running the periodic jobs: an operator's process,
# like the command line
TAKEN = Systeemactor("taken")

# Who may act. A request hands the services and predicates Flask-Login's
# ``current_user``, which is also the anonymous user when nobody is logged in (typed
# Any: Flask-Login publishes no types); ``vereis_actor`` and every predicate of
# ``casus.toegang.policy`` refuse it, None and an inactive user alike.
Actor = Union["Gebruiker", Systeemactor]


def is_systeem(actor: object) -> TypeIs[Systeemactor]:
    return isinstance(actor, Systeemactor)


def vereis_actor(actor: Actor | None) -> Actor:
    """The actor, or a refusal: closed by default (no actor, an anonymous or an
    inactive user: no access)."""
    if is_systeem(actor):
        return actor
    if (
        actor is None
        or not getattr(actor, "is_authenticated", False)
        or not getattr(actor, "is_active", False)
    ):
        raise GeenToegang("U bent niet (meer) ingelogd of uw account is niet actief.")
    return actor


def gebruiker_van(actor: Actor) -> Gebruiker | None:
    """The user to store as author (``gebruiker_id``): none for a system actor."""
    return None if is_systeem(actor) else actor
