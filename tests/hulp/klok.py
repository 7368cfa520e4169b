"""One frozen clock for the tests (time-machine).

``stil(moment)`` stops the clock at ``moment`` for a block or a test (as a decorator).
A module or test marked ``@pytest.mark.klok(moment)`` runs with the clock stopped at
``moment``, its fixtures included (``tests/conftest.py`` applies the mark).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import pytest
import time_machine

MARKERING = "klok(moment): the clock stands still at moment, for the test and its fixtures"


def stil(moment: date | datetime) -> time_machine.travel:
    """The clock standing still at ``moment``: a context manager or a decorator."""
    return time_machine.travel(moment, tick=False)


@contextmanager
def volgens_markering(node: pytest.Item) -> Iterator[None]:
    """The clock as the test's ``klok`` mark says; left running without one."""
    markering = node.get_closest_marker("klok")
    if markering is None:
        yield
        return
    with stil(*markering.args):
        yield
