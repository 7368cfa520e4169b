"""The SQL statements an engine runs: counted by the page tests and by the benchmarks.

Only data statements count (``SELECT``, ``INSERT``, ``UPDATE``, ``DELETE``, ``WITH``):
transaction control (``BEGIN``, ``SAVEPOINT``) depends on the pool's state, not on
the page. With ``bewaar`` each statement is also kept with its parameters and its
duration (the benchmarks' EXPLAIN of the slowest).
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

DATA_STATEMENTS = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}


class Statements:
    """``with Statements(engine) as st:``; afterwards ``st.data`` holds the data
    statements run inside the block (``st.aantal`` their number)."""

    def __init__(self, engine: Engine, bewaar: bool = False) -> None:
        self.engine, self.bewaar = engine, bewaar
        self.data: list[str] = []
        self.lijst: list[tuple[float, str, Any]] = []  # (seconds, statement, parameters)
        self._begin: list[float] = []

    @property
    def aantal(self) -> int:
        return len(self.data)

    def _voor(
        self,
        conn: Any,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if statement.split(None, 1)[0].upper() in DATA_STATEMENTS:
            self.data.append(statement)
        self._begin.append(time.perf_counter())

    def _na(
        self,
        conn: Any,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        duur = time.perf_counter() - self._begin.pop()
        if self.bewaar and not executemany:
            self.lijst.append((duur, statement, parameters))

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._voor)
        event.listen(self.engine, "after_cursor_execute", self._na)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._voor)
        event.remove(self.engine, "after_cursor_execute", self._na)
