"""``python -m benchmarks``: the command line (see the package's docstring)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

import benchmarks
from benchmarks import opslag, verslag
from benchmarks.databases import STANDAARD_PG, Backend, schema_versie
from benchmarks.machine import machine
from benchmarks.meten import BENCH, DATA, log
from benchmarks.uitvoering import ONDERDELEN, Uitvoering, voer_uit
from benchmarks.wrk import Belasting

# what --snel changes unless given: one small database, short wrk runs
SNEL = {"schalen": "1", "events": 0, "duur": 2}
VOLLEDIG = {"schalen": "1,100", "events": 1_000_000, "duur": Belasting.duur_s}


def parser(prog: str = "python -m benchmarks") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description=(benchmarks.__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--alleen", choices=("sqlite", "postgresql"), help="only this database (default: both)"
    )
    p.add_argument("--schalen", help="demo scales (default 1,100; --snel: 1)")
    p.add_argument(
        "--snel",
        action="store_true",
        help="a smoke run: few repetitions, and unless given --schalen 1 --events 0 --duur 2",
    )
    p.add_argument("--opnieuw", action="store_true", help="rebuild the databases")
    p.add_argument(
        "--events",
        type=int,
        help="events for the report database (default 1,000,000; 0: only the demo databases)",
    )
    p.add_argument(
        "--duur",
        type=int,
        help=f"seconds of wrk per endpoint (default {Belasting.duur_s}; --snel: 2)",
    )
    p.add_argument(
        "--verbindingen",
        type=int,
        default=Belasting.verbindingen,
        help=f"wrk's concurrent connections (default {Belasting.verbindingen})",
    )
    p.add_argument(
        "--onderdelen",
        default=",".join(ONDERDELEN),
        help=f"comma separated subset of {','.join(ONDERDELEN)}",
    )
    p.add_argument(
        "--postgresql",
        default=STANDAARD_PG,
        help=f"PostgreSQL server URL without database (default {STANDAARD_PG})",
    )
    p.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help="SQLite databases, generated files and resultaten.json (default benchmarks/.data)",
    )
    p.add_argument(
        "--uitvoer",
        type=Path,
        default=BENCH / "RESULTS.md",
        help="the Markdown report to (re)write (default benchmarks/RESULTS.md)",
    )
    return p


def opties(argv: list[str], prog: str) -> tuple[argparse.Namespace, set[str]]:
    """The parsed options, with --snel's defaults for what was not given, and the parts."""
    p = parser(prog)
    args = p.parse_args(argv)
    for naam, waarde in (SNEL if args.snel else VOLLEDIG).items():
        if getattr(args, naam) is None:
            setattr(args, naam, waarde)
    onderdelen = {o.strip() for o in args.onderdelen.split(",") if o.strip()}
    if onbekend := onderdelen - set(ONDERDELEN):
        p.error(f"onbekende onderdelen: {', '.join(sorted(onbekend))}")
    return args, onderdelen


def main(argv: list[str] | None = None, prog: str = "python -m benchmarks") -> None:
    argv = sys.argv[1:] if argv is None else argv
    args, onderdelen = opties(argv, prog)
    data = args.data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    os.environ["CASUS_OMGEVING"] = "development"  # the demo and import CLIs read DATABASE_URL
    begin = time.perf_counter()
    backends = [
        Backend(n, args.postgresql.rstrip("/"), data)
        for n in ("sqlite", "postgresql")
        if args.alleen in (None, n)
    ]
    resultaten = opslag.lees(data)
    resultaten["machine"] = machine(backends)
    resultaten["opdracht"] = " ".join([prog, shlex.join(argv)]).strip()
    schema = schema_versie()
    for backend in backends:
        stap = time.perf_counter()
        u = Uitvoering(
            backend,
            sorted(int(s) for s in args.schalen.split(",")),
            onderdelen,
            snel=args.snel,
            opnieuw=args.opnieuw,
            events=args.events,
            belasting=Belasting(duur_s=args.duur, verbindingen=args.verbindingen),
            r=resultaten.setdefault(backend.naam, {}),
        )
        voer_uit(u, schema)
        if backend.naam == "postgresql":
            resultaten["postgresql"]["versie"] = resultaten["machine"].get("postgresql")
        resultaten[backend.naam]["duur_s"] = time.perf_counter() - stap
        log(f"{backend.naam} klaar in {resultaten[backend.naam]['duur_s'] / 60:.1f} min")
        opslag.bewaar(resultaten, data)
    resultaten["machine"]["load_einde"] = os.getloadavg()
    resultaten["duur_s"] = time.perf_counter() - begin
    opslag.bewaar(resultaten, data)
    verslag.schrijf(resultaten, args.uitvoer)
    log(f"klaar in {resultaten['duur_s'] / 60:.1f} min; {args.uitvoer} geschreven")


if __name__ == "__main__":
    main()
