"""Benchmarks of issue 9 (Prestaties): one run on SQLite and PostgreSQL.

    python -m benchmarks                                  # everything, both databases
    python -m benchmarks --alleen sqlite --snel           # a quick smoke run
    python -m benchmarks --alleen postgresql --onderdelen paginas,gunicorn

Builds (or reuses, when built with the same parameters and schema) the demo databases
``flask --app casus demo --schaal N --niet-starten --opnieuw`` for every N of
``--schalen`` (SQLite files under benchmarks/.data/, PostgreSQL databases
``casus_bench_*``), tops a copy of the largest one up to ``--events`` events with the
generator and CLI import of ``benchmarks.rapport_import``, and measures:

1. the half-year report (``rapport(2025-H1)``) against a hand-written baseline query
   that counts only ``totaal`` per aanpak (median and p95 after one warm-up; the
   baseline's totals are checked against the report's);
2. server time of the Mijn casussen, Werkvoorraad (first and a deep keyset page), Casus
   and Persoon pages through the Flask test client, at every scale;
3. SQL statements per page (a ``before_cursor_execute`` listener), side by side;
   and the search page ``/zoeken`` for a set of terms at the largest scale
   (``benchmarks.zoeken``, part ``zoeken``; also runnable on its own against any demo
   database: ``python -m benchmarks.zoeken --database URL``);
4. the CLI import of 100,000 generated cases into an empty database;
5. requests per second under gunicorn with 2 workers (Werkvoorraad, Casus, a static
   file), with a bounded threaded http.client load generator on 127.0.0.1;
6. memory added by computing the report (tracemalloc peak and RSS), in a fresh process;

plus, on PostgreSQL, EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of the
Werkvoorraad page and of the report, and the indexes of the tables involved.

Every measured part is stored in benchmarks/.data/resultaten.json (``--data`` for
another directory), so the benchmarks can be run piecewise (``--alleen``, ``--schalen``,
``--onderdelen``); benchmarks/RESULTS.md (``--uitvoer``) is rewritten from everything
stored (between its generated-section markers) each time. Only databases named
``casus_bench_*`` and files under the data directory are written.

Modules: ``meten`` (shared tools), ``databases`` (building and reusing the databases),
``rapport_import`` (generated case loads, the CLI), one per measurement (``rapport``,
``paginas``, ``zoeken``, ``importeren``, ``doorvoer``, ``geheugen``, ``explain``), ``machine``,
``uitvoering`` (one backend's run), ``opslag`` (resultaten.json), ``verslag`` with
``sjablonen/RESULTS.md.j2`` (RESULTS.md); ``werkplek`` is an older single-purpose
benchmark (``python -m benchmarks.werkplek``).
"""
