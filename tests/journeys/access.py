"""The access rows of the journey's pages, one file per part of the year."""

from tests.journeys.access_appointments import ROWS as APPOINTMENTS
from tests.journeys.access_checklist import ROWS as CHECKLIST
from tests.journeys.access_contacts import ROWS as CONTACTS
from tests.journeys.access_journey import ROWS as JOURNEY
from tests.journeys.access_matrix import ROWS as MATRIX
from tests.journeys.access_plan import ROWS as PLAN
from tests.journeys.access_signals import ROWS as SIGNALS

JOURNEY_ROWS = JOURNEY + MATRIX + PLAN + CHECKLIST + APPOINTMENTS + CONTACTS + SIGNALS
