"""Progress of long CLI work (import, demo, retention, rebuilding derived data, backup).

On a terminal a bar from ``rich`` with the count, the rate and the time left; elsewhere
(CI, a pipe, a log file) a plain Dutch line at most every ``interval`` seconds and one at
the end, e.g. "Importeren: 12.000 van 60.000 regels (20%), nog ongeveer 40 s". Everything
goes to stderr, so stdout keeps only the command's result (a report's JSON stays parseable).

A service that does the work takes an optional ``Melder``: it is called with the amount
done and the total so far, and never decides anything; ``None`` reports nothing.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import IO, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
)
from rich.table import Column
from rich.text import Text

from casus.templating import getal

# (done, total): the amount done so far and the amount there is to do
Melder = Callable[[int, int], None]

INTERVAL = 5.0  # seconds between two plain lines
T = TypeVar("T")


def duur(seconden: float) -> str:
    """A duration for "nog ongeveer ...": 40 s, 3 min, 1 u 5 min."""
    if seconden < 60:
        return f"{max(1, math.ceil(seconden))} s"
    minuten = round(seconden / 60)
    if minuten < 60:
        return f"{minuten} min"
    return f"{minuten // 60} u {minuten % 60} min"


def _resterend(gedaan: int, totaal: int, verstreken: float) -> float | None:
    """Seconds left at the average rate so far; None before anything is done."""
    if gedaan <= 0 or verstreken <= 0 or totaal <= gedaan:
        return None
    return (totaal - gedaan) * verstreken / gedaan


def regel(
    omschrijving: str,
    gedaan: int,
    totaal: int | None,
    eenheid: str,
    verstreken: float,
    *,
    klaar: bool = False,
) -> str:
    """The plain line for the state of the work (the line a pipe or a log file gets)."""
    if not totaal:
        stand = f"klaar in {duur(verstreken)}" if klaar else f"bezig sinds {duur(verstreken)}"
        return f"{omschrijving}: " + (f"{getal(gedaan)} {eenheid}, " if gedaan else "") + stand
    procent = math.floor(100 * min(gedaan, totaal) / totaal)
    tekst = f"{omschrijving}: {getal(gedaan)} van {getal(totaal)} {eenheid} ({procent}%)"
    if gedaan >= totaal:
        return f"{tekst}, klaar in {duur(verstreken)}"
    rest = _resterend(gedaan, totaal, verstreken)
    return tekst + (f", nog ongeveer {duur(rest)}" if rest is not None else "")


class _Procent(ProgressColumn):
    """' 20%' (nothing while the total is unknown)."""

    def render(self, task: Task) -> Text:
        onbekend = task.total is None or task.fields["onbekend"]
        return Text("" if onbekend else f"{task.percentage:>3.0f}%")


class _Aantallen(ProgressColumn):
    """'12.000 van 60.000 regels'."""

    def render(self, task: Task) -> Text:
        eenheid = task.fields["eenheid"]
        # a finished bar without a total is full; the count stays what was reported
        gedaan = int(task.fields.get("gemeld", task.completed))
        if task.total is None or task.fields["onbekend"]:
            return Text(f"{getal(gedaan)} {eenheid}" if gedaan else "")
        return Text(f"{getal(gedaan)} van {getal(int(task.total))} {eenheid}")


class _Tempo(ProgressColumn):
    """'1.200 regels/s'."""

    def render(self, task: Task) -> Text:
        tempo = task.finished_speed or task.speed
        return Text("" if tempo is None else f"{getal(round(tempo))} {task.fields['eenheid']}/s")


class _Resterend(ProgressColumn):
    """'nog ongeveer 40 s' (or how long it took, once done)."""

    def render(self, task: Task) -> Text:
        verstreken = task.elapsed or 0
        if task.finished or task.stop_time is not None:
            return Text(f"klaar in {duur(verstreken)}")
        if task.total is None or task.fields["onbekend"]:
            return Text(f"bezig sinds {duur(verstreken)}")
        rest = _resterend(int(task.completed), int(task.total), verstreken)
        return Text("" if rest is None else f"nog ongeveer {duur(rest)}")


class Voortgang:
    """The progress of one piece of work; a context manager.

    ``totaal`` None: the amount is not known (a spinner, and the time so far). With
    ``terminal`` None the kind of display follows whether stderr is a terminal.
    """

    def __init__(
        self,
        omschrijving: str,
        totaal: int | None = None,
        eenheid: str = "stappen",
        *,
        terminal: bool | None = None,
        interval: float = INTERVAL,
        klok: Callable[[], float] = time.monotonic,
        uitvoer: IO[str] | None = None,
    ) -> None:
        self.omschrijving = omschrijving
        self.totaal = totaal
        self.eenheid = eenheid
        self.gedaan = 0
        self.interval = interval
        self.klok = klok
        self._uitvoer = uitvoer
        stroom = uitvoer or sys.stderr
        self.terminal = stroom.isatty() if terminal is None else terminal
        self._begin = self._laatst = klok()
        self._balk: Progress | None = None
        self._taak: TaskID | None = None
        self._vorige: tuple[str, int, int | None] | None = None  # the last line's state

    # -- the context manager ----------------------------------------------------------

    def __enter__(self) -> Voortgang:
        self._begin = self._laatst = self.klok()
        if self.terminal:
            self._balk = Progress(
                SpinnerColumn(finished_text="✓"),
                TextColumn("{task.description}", table_column=Column(no_wrap=True)),
                # the bar takes the width the text leaves (an 80-column terminal too)
                BarColumn(bar_width=None, table_column=Column(ratio=1, min_width=5)),
                _Procent(table_column=Column(no_wrap=True)),
                _Aantallen(table_column=Column(no_wrap=True)),
                _Tempo(table_column=Column(no_wrap=True)),
                _Resterend(table_column=Column(no_wrap=True)),
                console=Console(file=self._uitvoer or sys.stderr),
                expand=True,
            )
            self._balk.start()
            self._taak = self._nieuwe_taak()
        return self

    def __exit__(
        self,
        soort: type[BaseException] | None,
        fout: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._balk is not None:
            if soort is None and self._taak is not None:
                self._sluit_taak()
            elif self._taak is not None:  # the command reports its own error
                self._balk.update(self._taak, visible=False)
            self._balk.stop()
            self._balk = None
        elif soort is None:
            if self.totaal is not None:
                self.gedaan = max(self.gedaan, self.totaal)
            self._schrijf(klaar=True)

    def _nieuwe_taak(self) -> TaskID:
        assert self._balk is not None
        return self._balk.add_task(
            self.omschrijving,
            total=self.totaal,
            eenheid=self.eenheid,
            onbekend=self.totaal is None,  # a pulsing bar, no share or count of a total
        )

    def _sluit_taak(self) -> None:
        """The bar full and its time stopped."""
        assert self._balk is not None
        assert self._taak is not None
        klaar = self.totaal if self.totaal is not None else max(self.gedaan, 1)
        self._balk.update(self._taak, total=klaar, completed=klaar, gemeld=self.gedaan)
        self._balk.stop_task(self._taak)

    # -- reporting ---------------------------------------------------------------------

    def meld(self, gedaan: int, totaal: int | None = None) -> None:
        """The amount done so far (and the total, when it is known only now): a Melder."""
        self.gedaan = gedaan
        if totaal is not None:
            self.totaal = totaal
        if self._balk is not None and self._taak is not None:
            self._balk.update(
                self._taak, completed=gedaan, total=self.totaal, onbekend=self.totaal is None
            )
            return
        nu = self.klok()
        if nu - self._laatst >= self.interval:
            self._laatst = nu
            self._schrijf()

    def fase(self, omschrijving: str, totaal: int | None, eenheid: str) -> None:
        """End the current part of the work and go on with the next (a new bar or line)."""
        if self._balk is not None and self._taak is not None:
            self._sluit_taak()
            self.omschrijving, self.totaal, self.eenheid = omschrijving, totaal, eenheid
            self._taak = self._nieuwe_taak()
        else:
            if self.totaal is not None:
                self.gedaan = max(self.gedaan, self.totaal)
            self._schrijf(klaar=True)
        self.omschrijving, self.totaal, self.eenheid, self.gedaan = (
            omschrijving,
            totaal,
            eenheid,
            0,
        )
        self._begin = self._laatst = self.klok()

    def melder(self, omschrijving: str, eenheid: str) -> Melder:
        """A Melder for a service whose next part of the work starts at its first call."""

        def meld(gedaan: int, totaal: int) -> None:
            if self.omschrijving != omschrijving:
                self.fase(omschrijving, totaal, eenheid)
            self.meld(gedaan, totaal)

        return meld

    def stap(self, aantal: int = 1) -> None:
        self.meld(self.gedaan + aantal)

    def over(self, reeks: Iterable[T]) -> Iterator[T]:
        """The items of ``reeks``, one step each."""
        for item in reeks:
            yield item
            self.stap()

    def _schrijf(self, *, klaar: bool = False) -> None:
        verstreken = self.klok() - self._begin
        tekst = regel(
            self.omschrijving, self.gedaan, self.totaal, self.eenheid, verstreken, klaar=klaar
        )
        stand = (self.omschrijving, self.gedaan, self.totaal)
        # a last step's line with a total already said it was done
        if not (klaar and self.totaal and stand == self._vorige):
            click.echo(tekst, file=self._uitvoer, err=self._uitvoer is None)
        self._vorige = stand
