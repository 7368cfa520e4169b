"""Fixtures for signals: a factory using the real service."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casus.signalen.models import Signaal
from tests.hulp import fabrieken


@pytest.fixture
def maak_signaal() -> Callable[..., Signaal]:
    return fabrieken.signaal
