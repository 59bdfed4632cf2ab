"""The parts of the year, in the order their cards appear on the journey's page. Each part's
module has `urlpatterns` and `card(journey, standing) -> dict` (a constant number of queries,
whatever the number of tasks or contacts)."""

from samenhier.journeys.views import appointments, checklist, contacts, matrix, plan, signals

PARTS = (
    ("matrix", matrix),
    ("plan", plan),
    ("checklist", checklist),
    ("appointments", appointments),
    ("contacts", contacts),
    ("signals", signals),
)
