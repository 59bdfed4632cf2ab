"""The journeys of the demo cast and the English login, shared with the journeys' tests."""

from tests.journeys.conftest import den_haag_journey, journey, login, stopped

__all__ = ["den_haag_journey", "journey", "login", "stopped"]
