"""The journeys of the demo cast and the English login, shared with the journeys' tests, and
the world of known figures (tests/evaluation/known.py)."""

import pytest

from tests.evaluation import known
from tests.journeys.conftest import den_haag_journey, journey, login, stopped


@pytest.fixture
def world(cast):
    return known.build(cast)


__all__ = ["den_haag_journey", "journey", "login", "stopped"]
