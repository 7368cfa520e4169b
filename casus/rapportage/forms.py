"""The period picker (a GET form: it changes nothing, so it is made without CSRF)."""

from __future__ import annotations

from datetime import date

from wtforms import BooleanField, DateField, SelectField
from wtforms.validators import DataRequired, Optional

from casus.formulieren import Basisformulier
from casus.rapportage.periode import halfjaar, kwartaal, laatste_halfjaar
from casus.werkplek.formulier import Formulier


def periode_keuzes(vandaag: date) -> list[tuple[str, str]]:
    """Completed half-years, quarters and years, most recent first."""
    laatste = laatste_halfjaar(vandaag)
    jaar, helft = laatste.van.year, 1 if laatste.van.month == 1 else 2
    keuzes = []
    for _ in range(8):
        keuzes.append(
            (halfjaar(jaar, helft).label, f"{'Eerste' if helft == 1 else 'Tweede'} halfjaar {jaar}")
        )
        jaar, helft = (jaar, 1) if helft == 2 else (jaar - 1, 2)
    for j in range(vandaag.year, vandaag.year - 3, -1):
        for k in (4, 3, 2, 1):
            if kwartaal(j, k).tot_en_met < vandaag:
                keuzes.append((f"{j}-Q{k}", f"Kwartaal {k} {j}"))
    keuzes += [(str(j), f"Jaar {j}") for j in range(vandaag.year - 1, vandaag.year - 5, -1)]
    return keuzes


class PeriodeForm(Basisformulier):
    periode = SelectField("Periode", validators=[Optional()])
    van = DateField("Of vanaf", validators=[Optional()])
    tot_en_met = DateField("tot en met", validators=[Optional()])


class VaststelForm(Formulier):
    """Freezing a report: the box says, in the user's words, what cannot be undone."""

    bevestigd = BooleanField(
        "Ik begrijp dat deze cijfers vastliggen en aan de raad worden verzonden; "
        "latere wijzigingen in de gegevens veranderen ze niet.",
        validators=[DataRequired("Vink aan dat u deze cijfers wilt vaststellen.")],
    )
