"""Benchmarks of issues 9 (Prestaties) and 26 (Schaal): one run on SQLite and PostgreSQL.

    python benchmarks/run.py                              # everything, both databases
    python -m benchmarks                                  # the same
    python -m benchmarks --snel                           # a smoke run (N=1, 2 s per endpoint)
    python -m benchmarks --alleen postgresql --onderdelen gunicorn --duur 10

Needs ``pip install -e '.[bench]'`` (gunicorn) and the load generator wrk
(``apt-get install wrk`` on Debian/Ubuntu; not needed by the test suite), and a
PostgreSQL server for the PostgreSQL half (``--postgresql``, ``--alleen sqlite``).

Builds (or reuses, when built with the same parameters and schema) the demo databases
``flask --app casus demo --schaal N --niet-starten --opnieuw`` for every N of
``--schalen`` (SQLite files under benchmarks/.data/, PostgreSQL databases
``casus_bench_*``), tops a copy of the largest one up to ``--events`` events with the
generator and CLI import of ``benchmarks.rapport_import``, and measures (parts, for
``--onderdelen``):

- ``rapport``: the half-year report function (``rapport(2025-H1)``) against a
  hand-written baseline query that counts only ``totaal`` per aanpak (median and p95
  after one warm-up; the baseline's totals are checked against the report's);
- ``rapportpagina``: the Rapportage page ``/rapportage/?periode=2025-H1`` at ~1M events
  through the Flask test client as the demo ``manager``, first views (the database's
  cached reports emptied before each) and the views after them apart
  (``benchmarks.rapportpagina``);
- ``paginas``: server time and SQL statements of the Mijn casussen, Werkvoorraad (first
  and a deep keyset page), Casus and Persoon pages through the Flask test client, at
  every scale;
- ``zoeken``: the search page ``/zoeken`` for a set of terms at the largest scale
  (``benchmarks.zoeken``; also runnable on its own against any demo database:
  ``python -m benchmarks.zoeken --database URL``);
- ``import``: the CLI import of 100,000 generated cases into an empty database;
- ``gunicorn``: requests per second under ``gunicorn --workers 2`` and ``--workers 4``
  (sync) at the largest scale, wrk in its own process with 4 connections
  (``--verbindingen``) for 10 s per endpoint (``--duur``): the static file, the
  anonymous log-in page, Mijn casussen, Werkvoorraad, Casus and Zoeken ``?q=de``, the
  logged-in pages with the session cookie of a real log-in (``benchmarks.doorvoer``,
  ``benchmarks.wrk``);
- ``geheugen``: memory added by computing the report, in a fresh process;
- ``explain``: on PostgreSQL, EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of the
  Werkvoorraad page and of the report, and the indexes of the tables involved.

Every measured part is stored in benchmarks/.data/resultaten.json (``--data`` for
another directory), so the benchmarks can be run piecewise (``--alleen``, ``--schalen``,
``--onderdelen``); benchmarks/RESULTS.md (``--uitvoer``) is rewritten from everything
stored (between its generated-section markers) each time, with the targets of issue 26
judged in its first table (``benchmarks.doelen``). Only databases named
``casus_bench_*`` and files under the data directory are written.

Modules: ``meten`` (shared tools), ``databases`` (building and reusing the databases),
``rapport_import`` (generated case loads, the CLI), one per measurement (``rapport``,
``rapportpagina``, ``paginas``, ``zoeken``, ``importeren``, ``doorvoer`` with ``wrk``,
``geheugen``, ``explain``), ``machine``, ``uitvoering`` (one backend's run), ``opslag``
(resultaten.json), ``doelen`` (the targets), ``verslag`` with ``sjablonen/RESULTS.md.j2``
(RESULTS.md); ``werkplek`` is an older single-purpose benchmark
(``python -m benchmarks.werkplek``), and ``api`` measures the API's case list on its own
against a demo database (``python -m benchmarks.api --database URL``, issue 17).
"""
