"""The day a triage decision is taken: a meeting decides on its own day.

A meeting's agenda may be prepared before its day (cases, notes), but its decisions
are taken on its day. The decision's event is dated on that day: the report counts
``opname`` and ``niet_opgenomen`` by it (domain.md section 5), and an event is never
dated in the future. A decision recorded after the meeting keeps the meeting's day;
a decision outside a meeting is dated today.
"""

from __future__ import annotations

from datetime import date

from casus.errors import TransitieGeweigerd
from casus.klok import vandaag
from casus.templating import datum as datumtekst
from casus.triage.models import Overleg


def besluitdatum(overleg: Overleg | None) -> date:
    """The date of a decision: the day of its meeting, else today.

    A meeting's agenda may be prepared before its day, but it decides on its day: the
    decision counts from then (``opname`` and ``niet_opgenomen`` in the report are
    dated by it, domain.md section 5) and an event is never dated in the future. A
    decision recorded after the meeting keeps the meeting's day.
    """
    if overleg is None:
        return vandaag()
    if overleg.datum > vandaag():
        raise TransitieGeweigerd(besluiten_vanaf(overleg))
    return overleg.datum


def besluiten_vanaf(overleg: Overleg) -> str:
    """Why a meeting cannot decide yet, in Dutch (shown at its decision forms)."""
    dag = datumtekst(overleg.datum, lang=True)
    return (
        f"Besluiten in dit overleg kan vanaf {dag}, de dag van het overleg. Tot dan kunt u "
        "de agenda voorbereiden: casussen toevoegen en notities maken."
    )
