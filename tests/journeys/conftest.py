"""The journeys of the demo cast: Rotterdam's newcomer (RTM-001) with the group member's group
(Buren van Kralingen, a sponsor group), and Den Haag's (DHG-001, a welcome group)."""

from typing import Any

import pytest

from samenhier.journeys.models import Journey


@pytest.fixture
def journey(cast: Any) -> Journey:
    return Journey.objects.open().get(household=cast.rotterdam.household)


@pytest.fixture
def den_haag_journey(cast: Any) -> Journey:
    return Journey.objects.open().get(household=cast.den_haag.household)


@pytest.fixture
def stopped(cast: Any, journey: Journey) -> Journey:
    """The Rotterdam newcomer stopped taking part: their journey closes at once."""
    from samenhier.newcomers import services

    services.stop(
        actor=cast.rotterdam.local_coordinator,
        household=cast.rotterdam.household,
        alternative_support="Regular social support by the refugee council.",
    )
    journey.refresh_from_db()
    return journey


@pytest.fixture
def login(client: Any) -> Any:
    """As tests/conftest.py's, with pages in English: the tests read the page's words, and
    the product speaks Dutch by default."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def _login(person: Any) -> Any:
        client.force_login(person)
        return client

    return _login
