"""Cases, their event log and the casework recorded on them.

The event log (``Gebeurtenis``) is the truth: append-only, never updated or
deleted. ``Casus.status`` (and the other projection columns) are kept equal to
the replay of the non-voided status events by ``casus.casussen.services`` only.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Connection,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casus.db import Base, UTCDateTime, check_in
from casus.klok import nu
from workflows import CATALOGUS
from workflows.base import STATUSSEN
from workflows.codes import LEEFGEBIEDEN, NOTITIE_SOORTEN, SCORE_MAX, SCORE_MIN

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker
    from casus.personen.models import Persoon
    from workflows.base import Aanpak

JsonDict = JSON().with_variant(JSONB(), "postgresql")

# Event kinds that are not status transitions of a workflow.
AANMELDEN = "aanmelden"  # the case is registered (first event, status aangemeld)
CORRIGEREN = "corrigeren"  # voids the latest status event (vervalt_id)
TOEWIJZEN = "toewijzen"  # (re)assigns the regisseur
AANHOUDEN = "aanhouden"  # triage postpones the decision to the next meeting
ADMINISTRATIEVE_SOORTEN = (AANMELDEN, CORRIGEREN, TOEWIJZEN, AANHOUDEN)


def maanden_terug(d: date, maanden: int) -> date:
    jaar, maand = divmod(d.year * 12 + d.month - 1 - maanden, 12)
    maand += 1
    dag = min(d.day, calendar.monthrange(jaar, maand)[1])
    return date(jaar, maand, dag)


class Casus(Base):
    __tablename__ = "casus"
    __table_args__ = (
        CheckConstraint(check_in("status", STATUSSEN), name="status"),
        Index("ix_casus_aanpak_status", "aanpak", "status"),
        Index("ix_casus_regisseur_status", "regisseur_id", "status"),
        # Werkvoorraad: keyset pages of a team's cases in status order
        Index("ix_casus_aanpak_status_sinds", "aanpak", "status_sinds", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(60), unique=True)
    aanpak: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    persoon_id: Mapped[int | None] = mapped_column(ForeignKey("persoon.id"), index=True)
    regisseur_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    aangemeld_op: Mapped[date] = mapped_column(Date, index=True)
    kenmerken: Mapped[dict[str, Any]] = mapped_column(JsonDict, default=dict)
    aanmeldreden: Mapped[str | None] = mapped_column(Text)
    # projections of the event log, maintained by the status service
    status_sinds: Mapped[date] = mapped_column(Date)
    opname_op: Mapped[date | None] = mapped_column(Date)
    afgesloten_op: Mapped[date | None] = mapped_column(Date)
    # optimistic lock: every UPDATE checks and bumps it (lost-update protection)
    versie: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    __mapper_args__ = {"version_id_col": versie}

    persoon: Mapped[Persoon | None] = relationship(back_populates="casussen")
    regisseur: Mapped[Gebruiker | None] = relationship(foreign_keys=[regisseur_id])
    gebeurtenissen: Mapped[list[Gebeurtenis]] = relationship(
        back_populates="casus", order_by="Gebeurtenis.volgnummer"
    )
    notities: Mapped[list[Notitie]] = relationship(back_populates="casus")
    interventies: Mapped[list[Interventie]] = relationship(back_populates="casus")
    leefgebiedenscores: Mapped[list[Leefgebiedenscore]] = relationship(
        back_populates="casus", order_by="(Leefgebiedenscore.datum, Leefgebiedenscore.id)"
    )

    @property
    def definitie(self) -> Aanpak:
        return CATALOGUS.get(self.aanpak)

    @property
    def onderwerp(self) -> str:
        """What the case is about, as shown in lists: person, company or address."""
        if self.persoon is not None:
            return self.persoon.volledige_naam
        k = self.kenmerken or {}
        return str(k.get("naam") or k.get("adres") or "Onbekend onderwerp")

    # -- guards: predicates named in the workflow definitions ----------------------
    # Each is judged on a date ``op`` (the effective date of the step): only what was
    # recorded for a date up to ``op`` counts.

    def heeft_interventie(self, op: date) -> bool:
        """At least one intervention that started on or before ``op``."""
        return any(i.datum <= op for i in self.interventies)

    def geen_recent_politiecontact(self, op: date) -> bool:
        """No negative police/justice contact in the aanpak's number of months up to ``op``."""
        if self.persoon is None:
            return True
        grens = maanden_terug(op, self.definitie.instellingen.maanden_zonder_politiecontact)
        return not any(grens < pc.datum <= op for pc in self.persoon.politiecontacten)

    def vooruitgang_op_leefgebied(self, op: date) -> bool:
        """An assessment up to ``op`` scores higher than the first on at least one
        leefgebied."""
        scores = [s for s in self.leefgebiedenscores if s.datum <= op]
        if len(scores) < 2:
            return False
        eerste, laatste = scores[0], scores[-1]
        return any(
            (a := eerste.score(lg)) is not None and (b := laatste.score(lg)) is not None and b > a
            for lg in LEEFGEBIEDEN
        )

    def __repr__(self) -> str:
        return f"<Casus {self.ref} {self.aanpak}/{self.status}>"

    @staticmethod
    def met_nummer(ref: str) -> ColumnElement[bool]:
        """The SQL condition "has case number ``ref``": its current number, or one it had
        before omzetten gave it a number of its new aanpak (``Casusalias``)."""
        return or_(
            Casus.ref == ref,
            Casus.id.in_(select(Casusalias.casus_id).where(Casusalias.ref == ref)),
        )


class Casusalias(Base):
    """A number a case had before omzetten gave it one of its new aanpak's series, kept
    so a lookup or an import with the old number still finds the case. ``tot`` is the
    date of the step that replaced it. A number is an alias of one case only; a case
    that gets an old number back (omgezet back, or the omzetten corrected) loses that
    alias (casus.casussen.logrijen.hernummering)."""

    __tablename__ = "casusalias"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(60), unique=True)
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"), index=True)
    tot: Mapped[date] = mapped_column(Date)


class Gebeurtenis(Base):
    """One entry of a case's event log. Append-only."""

    __tablename__ = "gebeurtenis"
    __table_args__ = (
        UniqueConstraint("casus_id", "volgnummer"),
        CheckConstraint(
            "(transitie = 'corrigeren') = (vervalt_id IS NOT NULL)", name="correctie_verwijst"
        ),
        CheckConstraint(check_in("naar_status", STATUSSEN), name="naar_status"),
        Index("ix_gebeurtenis_transitie_datum", "transitie", "datum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"))
    volgnummer: Mapped[int] = mapped_column(Integer)
    transitie: Mapped[str] = mapped_column(String(40))
    van_status: Mapped[str | None] = mapped_column(String(40))
    naar_status: Mapped[str] = mapped_column(String(40))
    # the case's aanpak after this event (changes only with omzetten)
    aanpak: Mapped[str] = mapped_column(String(40))
    datum: Mapped[date] = mapped_column(Date)
    geregistreerd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    reden: Mapped[str | None] = mapped_column(String(60))
    partij: Mapped[str | None] = mapped_column(String(200))
    toelichting: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(JsonDict)
    # set on a correction: the event it voids (each event can be voided once)
    vervalt_id: Mapped[int | None] = mapped_column(ForeignKey("gebeurtenis.id"), unique=True)

    casus: Mapped[Casus] = relationship(back_populates="gebeurtenissen")
    gebruiker: Mapped[Gebruiker | None] = relationship()
    vervalt: Mapped[Gebeurtenis | None] = relationship(
        remote_side=[id], foreign_keys=[vervalt_id], back_populates="vervallen_door"
    )
    vervallen_door: Mapped[Gebeurtenis | None] = relationship(
        foreign_keys=[vervalt_id], back_populates="vervalt", uselist=False
    )

    @property
    def is_statuswijziging(self) -> bool:
        return self.transitie not in ADMINISTRATIEVE_SOORTEN or self.transitie == AANMELDEN

    def __repr__(self) -> str:
        return f"<Gebeurtenis {self.casus_id}#{self.volgnummer} {self.transitie}>"


Index("ix_gebeurtenis_casus_datum", Gebeurtenis.casus_id, Gebeurtenis.datum)

# ``Casusstand.tot`` of the state a case is in now: later than any real date.
OPEN_EINDE = date(9999, 12, 31)
# the kenmerk every aanpak has, copied onto every casusstand row: the report breaks
# woonoverlast down by it, the dashboard counts every aanpak per wijk (casus.dashboard.wijken)
ALLE_KENMERKEN = ("wijk",)
# the kenmerken the report breaks down per aanpak, copied onto the casusstand rows of a
# case in that aanpak (empty on the others: fewer groups to count), with ALLE_KENMERKEN
RAPPORT_KENMERKEN = {
    "ondermijning": ("herkomst", *ALLE_KENMERKEN),
    "woonoverlast": ("woningtype", "wijk", "soort"),
}
# every kenmerk column of casusstand, in the order the report's indexes hold them
STAND_KENMERKEN = ("herkomst", "woningtype", "wijk", "soort")


def stand_kenmerken(aanpak: str) -> tuple[str, ...]:
    """The kenmerken copied onto the casusstand rows of a case in ``aanpak``."""
    return RAPPORT_KENMERKEN.get(aanpak, ALLE_KENMERKEN)


# what the report groups casusstand rows by, and the facts it adds up per group; the
# partial indexes end with eindstatus, so SQLite sees them as covering
RAPPORT_SLEUTEL = ("aanpak", "status", "reden", *STAND_KENMERKEN)
RAPPORT_FEITEN = ("opname", "aangemeld_op", "persoon_id", "eindstatus")


def _eindstatus(waarde: bool) -> dict[str, Any]:
    """The partial-index condition ``eindstatus = waarde``, as the report's queries write
    it (SQLite uses a partial index only for a query with the same term)."""
    return {
        "sqlite_where": text(f"eindstatus = {int(waarde)}"),
        "postgresql_where": text(f"eindstatus = {str(waarde).lower()}"),
    }


class Casusstand(Base):
    """A derived row: the state a case was in on every date of ``[vanaf, tot)``.

    Rebuilt from the case's valid status events (``casus.casussen.projectie.statusperiodes``)
    in the same transaction as every event and every change of its kenmerken, so the
    report reads one row per case per period instead of replaying the log. A state that
    has ended is cut at quarter starts, so the rows holding a date lie between it and the
    next quarter's start (one value of ``tot`` for a quarter's last day). Holds no
    personal data.
    """

    __tablename__ = "casusstand"
    __table_args__ = (
        CheckConstraint(check_in("status", STATUSSEN), name="status"),
        CheckConstraint("tot > vanaf", name="tot_na_vanaf"),
        # the report's covering indexes (casus.rapportage.uit_casusstand): the states
        # that ended after a date (tot the next quarter's start, or in the quarter) and the
        # open-ended ones (tot OPEN_EINDE, vanaf on or before it), in the order the
        # report groups them, so it counts without sorting; and the terminal states
        # reached in a period (vanaf in it). The other columns save a visit to the table.
        Index(
            "ix_casusstand_open",
            "tot",
            *RAPPORT_SLEUTEL,
            "vanaf",
            *RAPPORT_FEITEN,
            **_eindstatus(False),
        ),
        Index(
            "ix_casusstand_eind",
            "vanaf",
            *RAPPORT_SLEUTEL,
            "tot",
            *RAPPORT_FEITEN,
            **_eindstatus(True),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"), index=True)
    vanaf: Mapped[date] = mapped_column(Date)
    tot: Mapped[date] = mapped_column(Date)
    aanpak: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    eindstatus: Mapped[bool] = mapped_column(Boolean)
    # the reden of the event that started this state (the closing reason of a closure)
    reden: Mapped[str | None] = mapped_column(String(60))
    # the date of the case's triageren up to this state (its opname), if any
    opname: Mapped[date | None] = mapped_column(Date)
    # the case's aangemeld_op and person (neither changes), so the report needs no join
    aangemeld_op: Mapped[date] = mapped_column(Date)
    persoon_id: Mapped[int | None] = mapped_column(ForeignKey("persoon.id"))
    # the case's current values of stand_kenmerken(aanpak) for the row's aanpak
    # (rewritten when they change): wijk on every row, the others per RAPPORT_KENMERKEN
    herkomst: Mapped[str | None] = mapped_column(String(200))
    woningtype: Mapped[str | None] = mapped_column(String(200))
    wijk: Mapped[str | None] = mapped_column(String(200))
    soort: Mapped[str | None] = mapped_column(String(200))


class Notitie(Base):
    """A note or contact moment on a case."""

    __tablename__ = "notitie"
    __table_args__ = (
        CheckConstraint(check_in("soort", NOTITIE_SOORTEN), name="soort"),
        Index("ix_notitie_casus_datum", "casus_id", "datum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"))
    soort: Mapped[str] = mapped_column(String(20))
    vorm: Mapped[str | None] = mapped_column(String(30))
    datum: Mapped[date] = mapped_column(Date)
    tekst: Mapped[str] = mapped_column(Text)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    geregistreerd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)

    casus: Mapped[Casus] = relationship(back_populates="notities")
    gebruiker: Mapped[Gebruiker | None] = relationship()


class Interventie(Base):
    __tablename__ = "interventie"
    __table_args__ = (
        CheckConstraint("einddatum IS NULL OR einddatum >= datum", name="einddatum_na_datum"),
        # the report: interventions in a period per type, with their persons and minors
        Index("ix_interventie_rapport", "datum", "type", "persoon_id", "minderjarig"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    datum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date)
    tekst: Mapped[str | None] = mapped_column(Text)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    geregistreerd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)
    # derived, for the report: the case's person (a case keeps its person) and whether
    # that person was under 18 on ``datum`` (a person's date of birth is never changed);
    # set on every ORM insert (``_afgeleid`` below); writers that insert rows in bulk set
    # them themselves (the import and the demo; ``afgeleid herbouw``: vul_interventies)
    persoon_id: Mapped[int | None] = mapped_column(ForeignKey("persoon.id"))
    minderjarig: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    casus: Mapped[Casus] = relationship(back_populates="interventies")
    gebruiker: Mapped[Gebruiker | None] = relationship()


@event.listens_for(Interventie, "before_insert")
def _afgeleid(_mapper: Any, connection: Connection, interventie: Interventie) -> None:
    """The derived columns, from the stored case and person (casus.casussen.logrijen)."""
    from casus.casussen.logrijen import interventie_afgeleid
    from casus.personen.models import Persoon

    rij = connection.execute(
        select(Casus.persoon_id, Persoon.geboortedatum)
        .outerjoin(Persoon, Persoon.id == Casus.persoon_id)
        .where(Casus.id == interventie.casus_id)
    ).first()
    afgeleid = interventie_afgeleid(
        rij.persoon_id if rij else None, rij.geboortedatum if rij else None, interventie.datum
    )
    interventie.persoon_id = afgeleid["persoon_id"]
    interventie.minderjarig = afgeleid["minderjarig"]


def minderjarig_op(geboortedatum: date | None, datum: date) -> bool:
    """Under 18 on ``datum`` (born 29 February: 18 on 1 March in a common year); the
    report's rule, also in SQL as casus.casussen.afgeleid.minderjarig_sql."""
    if geboortedatum is None:
        return False
    dag = datum.year * 10000 + datum.month * 100 + datum.day
    return (
        dag - (geboortedatum.year * 10000 + geboortedatum.month * 100 + geboortedatum.day) < 180000
    )


def _score_kolom() -> Mapped[int | None]:
    return mapped_column(SmallInteger)


class Leefgebiedenscore(Base):
    """An assessment of the seven leefgebieden, each 1 (acute) to 5 (self-reliant)."""

    __tablename__ = "leefgebiedenscore"
    __table_args__ = (
        *(
            CheckConstraint(f"{lg} BETWEEN {SCORE_MIN} AND {SCORE_MAX}", name=lg)
            for lg in LEEFGEBIEDEN
        ),
        Index("ix_leefgebiedenscore_casus_datum", "casus_id", "datum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    casus_id: Mapped[int] = mapped_column(ForeignKey("casus.id"))
    datum: Mapped[date] = mapped_column(Date)
    dagbesteding: Mapped[int | None] = _score_kolom()
    financien: Mapped[int | None] = _score_kolom()
    huisvesting: Mapped[int | None] = _score_kolom()
    thuissituatie: Mapped[int | None] = _score_kolom()
    gezondheid: Mapped[int | None] = _score_kolom()
    sociaal_netwerk: Mapped[int | None] = _score_kolom()
    justitie: Mapped[int | None] = _score_kolom()
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    geregistreerd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=nu)

    casus: Mapped[Casus] = relationship(back_populates="leefgebiedenscores")
    gebruiker: Mapped[Gebruiker | None] = relationship()

    def score(self, leefgebied: str) -> int | None:
        if leefgebied not in LEEFGEBIEDEN:
            raise KeyError(leefgebied)
        waarde: int | None = getattr(self, leefgebied)
        return waarde
