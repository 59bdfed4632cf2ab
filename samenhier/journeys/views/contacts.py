"""Placeholder: this part of the journey is being built (see the journey's card)."""

from typing import Any

from django.urls import URLPattern

from samenhier.journeys.models import Journey
from samenhier.journeys.policies import Standing

urlpatterns: list[URLPattern] = []


def card(journey: Journey, standing: Standing) -> dict[str, Any]:
    """What this part adds to the journey's page; a constant number of queries."""
    return {}
