"""wrk's command line and its output read back (benchmarks/wrk.py), without running wrk."""

from __future__ import annotations

import pytest

from benchmarks import wrk
from benchmarks.__main__ import opties

# what wrk 4.1 prints with --latency and benchmarks/wrk_samenvatting.lua
UITVOER = """\
Running 10s test @ http://127.0.0.1:8000/werkvoorraad/pga_jeugd
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    13.21ms    4.02ms  61.30ms   80.11%
    Req/Sec   151.77     20.13   200.00     70.00%
  Latency Distribution
     50%   12.50ms
     75%   15.02ms
     90%   18.11ms
     99%   29.87ms
  3036 requests in 10.01s, 45.01MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    303.30
Transfer/sec:      4.50MB
wrk-json {"duur_us": 10010000, "verzoeken": 3036, "bytes": 47196160, "connect": 0, \
"read": 2, "write": 0, "timeout": 1, "status": 4, "p50_us": 12500, "p95_us": 21480, \
"p99_us": 29870, "max_us": 61300, "gem_us": 13210.4}
"""


def test_the_summary_line_gives_rate_errors_and_latency_in_ms():
    r = wrk.lees_uitvoer(UITVOER)

    assert r["verzoeken"] == 3036
    assert r["duur_s"] == pytest.approx(10.01)
    assert r["per_s"] == pytest.approx(303.30)  # wrk's own figure
    assert r["fouten"] == {"connect": 0, "read": 2, "write": 0, "timeout": 1, "status": 4}
    assert r["fouten_totaal"] == 7
    assert r["p50_ms"] == pytest.approx(12.5)
    assert r["p95_ms"] == pytest.approx(21.48)
    assert r["p99_ms"] == pytest.approx(29.87)
    assert r["max_ms"] == pytest.approx(61.3)


def test_without_wrks_requests_per_second_the_rate_is_computed_from_the_summary():
    zonder = "\n".join(r for r in UITVOER.splitlines() if not r.startswith("Requests/sec"))

    # 3036 requests in 10.01 s
    assert wrk.lees_uitvoer(zonder)["per_s"] == pytest.approx(303.297, abs=0.001)


def test_output_without_the_summary_line_is_an_error():
    with pytest.raises(wrk.WrkFout, match="geen samenvatting"):
        wrk.lees_uitvoer(UITVOER.split("wrk-json")[0])


def test_the_command_sends_the_cookie_and_never_more_threads_than_connections():
    belasting = wrk.Belasting(duur_s=10, verbindingen=1, draden=2)

    argv = wrk.opdracht("/usr/bin/wrk", "http://h:1/", 7, belasting, "sessie=abc")

    assert argv[0] == "/usr/bin/wrk"
    assert argv[argv.index("--threads") + 1] == "1"
    assert argv[argv.index("--connections") + 1] == "1"
    assert argv[argv.index("--duration") + 1] == "7s"
    assert argv[argv.index("--header") + 1] == "Cookie: sessie=abc"
    assert "--latency" in argv
    assert argv[-1] == "http://h:1/"
    assert "--header" not in wrk.opdracht("wrk", "http://h:1/", 7, belasting, None)


def test_snel_shrinks_only_what_was_not_given():
    snel, _ = opties(["--snel", "--schalen", "1,100"], "x")
    volledig, onderdelen = opties([], "x")

    assert (snel.schalen, snel.events, snel.duur) == ("1,100", 0, 2)
    assert (volledig.schalen, volledig.events, volledig.duur, volledig.verbindingen) == (
        "1,100",
        1_000_000,
        10,
        4,
    )
    assert {"gunicorn", "rapportpagina", "zoeken", "import"} <= onderdelen
