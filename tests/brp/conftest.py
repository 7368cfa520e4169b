"""The BRP stub for the tests: one per test session over HTTP on loopback, back to its
test persons and default behaviours before every test that uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from casus.brp.stub import Stubserver, start_stub
from tests.hulp.brp import brp_aan


@pytest.fixture(scope="session")
def brp_stub() -> Iterator[Stubserver]:
    """The stub with the test persons (casus/brp/data/testpersonen.json), one per
    session on a free loopback port."""
    stub = start_stub("127.0.0.1", 0)
    yield stub
    stub.stop()


@pytest.fixture(autouse=True)
def _brp_stub_herstellen(request: pytest.FixtureRequest) -> None:
    """A test that uses the stub finds it as it started: the test persons, the default
    behaviours, nothing received."""
    if "brp_stub" in request.fixturenames:
        stub: Stubserver = request.getfixturevalue("brp_stub")
        stub.herstel()


@pytest.fixture
def brp(app: Flask, brp_stub: Stubserver) -> Iterator[Stubserver]:
    """The application asks the stub (tests.hulp.brp.brp_aan) during the test."""
    with brp_aan(app, brp_stub):
        yield brp_stub
