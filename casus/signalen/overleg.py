"""Signalenoverleg: the open signals of a period on one screen, bundled by subject."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import render_template, request
from flask_login import current_user, login_required

from casus.audit import log_actie
from casus.klok import vandaag
from casus.signalen import queries
from casus.signalen.forms import AfsluitForm, KoppelForm, OmzetForm, OverlegForm
from casus.signalen.models import Signaal
from casus.signalen.views import aanpak_keuzes, bp, eigen_aanpakken

STANDAARD_DAGEN = 28


@dataclass
class Bundel:
    """Signals that share an address, a company name or a KvK-nummer (transitively)."""

    signalen: list[Signaal] = field(default_factory=list)

    @property
    def omschrijving(self) -> str:
        adressen = _uniek(s.betreft_adres for s in self.signalen)
        namen = _uniek(s.betreft_naam for s in self.signalen)
        return " · ".join([*namen, *adressen]) or "Onbekend onderwerp"


def _uniek(waarden: Iterable[str | None]) -> list[str]:
    gezien: dict[str, None] = {}
    for w in waarden:
        if w:
            gezien.setdefault(w, None)
    return list(gezien)


def _sleutels(s: Signaal) -> list[tuple[str, str]]:
    paren = [("adres", s.adres_sleutel), ("naam", s.naam_sleutel), ("kvk", s.betreft_kvk_nummer)]
    return [(soort, waarde) for soort, waarde in paren if waarde]


def bundel(signalen: list[Signaal]) -> tuple[list[Bundel], list[Signaal]]:
    """Group signals sharing a normalised address, name or KvK-nummer (union-find).

    Returns the bundles of two or more signals (largest first) and the signals
    that stand alone, both in the order received.
    """
    ouder = list(range(len(signalen)))

    def wortel(i: int) -> int:
        while ouder[i] != i:
            ouder[i] = ouder[ouder[i]]
            i = ouder[i]
        return i

    eerste: dict[tuple[str, str], int] = {}
    for i, s in enumerate(signalen):
        for sleutel in _sleutels(s):
            if sleutel in eerste:
                ouder[wortel(i)] = wortel(eerste[sleutel])
            else:
                eerste[sleutel] = i
    groepen: dict[int, list[Signaal]] = {}
    for i, s in enumerate(signalen):
        groepen.setdefault(wortel(i), []).append(s)
    bundels = [Bundel(g) for g in groepen.values() if len(g) > 1]
    bundels.sort(key=lambda b: -len(b.signalen))
    los = [g[0] for g in groepen.values() if len(g) == 1]
    return bundels, los


@bp.get("/overleg")
@login_required
def overleg() -> str:
    aanpakken = eigen_aanpakken()
    form = OverlegForm(formdata=request.args)
    form.aanpak.choices = aanpak_keuzes(aanpakken)
    form.validate()
    aanpak = form.aanpak.data if form.aanpak.data in aanpakken else aanpakken[0]
    tot = (None if form.tot_en_met.errors else form.tot_en_met.data) or vandaag()
    van = (None if form.van.errors else form.van.data) or tot - timedelta(days=STANDAARD_DAGEN)
    form.aanpak.data, form.van.data, form.tot_en_met.data = aanpak, van, tot
    signalen = queries.open_signalen(current_user, aanpak, van, tot)
    bundels, los = bundel(signalen)
    log_actie(
        "signalen.overleg_bekeken",
        object_type="signaal",
        details={
            "aanpak": aanpak,
            "van": van.isoformat(),
            "tot_en_met": tot.isoformat(),
            "signalen": [s.id for s in signalen],
        },
    )
    return render_template(
        "signalen/overleg.html",
        form=form,
        aanpak=aanpak,
        van=van,
        tot=tot,
        bundels=bundels,
        los=los,
        aantal=len(signalen),
        eerder_open=queries.aantal_open_voor(current_user, aanpak, van),
        koppelbaar=queries.koppelbare_casussen(current_user, aanpak),
        koppel_form=KoppelForm(),
        afsluit_form=AfsluitForm(),
        omzet_form=OmzetForm(),
        terug=request.full_path.rstrip("?"),
    )
