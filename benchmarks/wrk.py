"""wrk (Debian package ``wrk``, ``apt-get install wrk``) as the load generator, in a
process of its own: the command line, and its output read back.

wrk prints its usual report; the Lua script ``wrk_samenvatting.lua`` adds one line
``wrk-json {...}`` with the same run's summary in numbers (duration, requests, the error
counts per kind, latency percentiles 50/95/99 from wrk's own histogram), which is what
``lees_uitvoer`` reads. wrk counts a response with a status above 399 as an error
("Non-2xx or 3xx responses"); a redirect is not an error to wrk, so the caller checks
before and after a run that the page still answers 200 (a logged-out cookie would be
redirected to the log-in page).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from benchmarks.meten import BENCH

SCRIPT = BENCH / "wrk_samenvatting.lua"
FOUTSOORTEN = ("connect", "read", "write", "timeout", "status")
_JSON = re.compile(r"^wrk-json (\{.*\})\s*$", re.M)
_PER_S = re.compile(r"^Requests/sec:\s+([0-9.]+)\s*$", re.M)


class WrkFout(RuntimeError):
    """wrk is missing, failed, or printed no summary."""


@dataclass(frozen=True)
class Belasting:
    """How hard and how long: wrk's connections and threads, seconds per endpoint, and a
    short run first whose numbers are thrown away (warms every worker, template and
    connection pool)."""

    duur_s: int = 10
    verbindingen: int = 4
    draden: int = 2
    opwarmen_s: int = 1


def wrk_pad() -> str:
    pad = shutil.which("wrk")
    if pad is None:
        raise WrkFout("wrk ontbreekt: apt-get install wrk (Debian/Ubuntu)")
    return pad


def opdracht(
    wrk: str, url: str, duur_s: int, belasting: Belasting, cookie: str | None
) -> list[str]:
    """The argv of one wrk run against ``url`` for ``duur_s`` seconds."""
    argv = [
        wrk,
        "--threads",
        str(min(belasting.draden, belasting.verbindingen)),
        "--connections",
        str(belasting.verbindingen),
        "--duration",
        f"{duur_s}s",
        "--timeout",
        "30s",
        "--latency",
        "--script",
        str(SCRIPT),
    ]
    if cookie:
        argv += ["--header", f"Cookie: {cookie}"]
    return [*argv, url]


def lees_uitvoer(tekst: str) -> dict[str, Any]:
    """The numbers of one run from wrk's output: requests, seconds, requests per second
    (as wrk computes it: completed responses, errors included, per second), errors per
    kind and in total, latency p50/p95/p99/max and mean in ms."""
    m = _JSON.search(tekst)
    if m is None:
        raise WrkFout(f"geen samenvatting in de uitvoer van wrk:\n{tekst[-2000:]}")
    s = json.loads(m.group(1))
    duur = s["duur_us"] / 1e6
    fouten = {soort: int(s[soort]) for soort in FOUTSOORTEN}
    per_s = _PER_S.search(tekst)
    return {
        "verzoeken": int(s["verzoeken"]),
        "duur_s": duur,
        "per_s": float(per_s.group(1)) if per_s else s["verzoeken"] / duur,
        "fouten": fouten,
        "fouten_totaal": sum(fouten.values()),
        "p50_ms": s["p50_us"] / 1000,
        "p95_ms": s["p95_us"] / 1000,
        "p99_ms": s["p99_us"] / 1000,
        "max_ms": s["max_us"] / 1000,
        "gem_ms": s["gem_us"] / 1000,
        "bytes": int(s["bytes"]),
    }


def draai(url: str, duur_s: int, belasting: Belasting, cookie: str | None) -> dict[str, Any]:
    """One wrk run; its numbers and the command (without the cookie's value)."""
    argv = opdracht(wrk_pad(), url, duur_s, belasting, cookie)
    uit = subprocess.run(  # noqa: S603 - fixed argv
        argv, capture_output=True, text=True, timeout=duur_s + 60, check=False
    )
    if uit.returncode != 0:
        raise WrkFout(f"wrk stopte met {uit.returncode}:\n{uit.stdout[-2000:]}{uit.stderr[-2000:]}")
    getoond = ["wrk", *argv[1:]]
    if cookie:
        getoond[getoond.index(f"Cookie: {cookie}")] = "Cookie: <sessie>"
    return {**lees_uitvoer(uit.stdout), "opdracht": getoond}
