from django.urls import URLPattern, URLResolver

from samenhier.journeys.views import (
    appointments,
    checklist,
    contacts,
    journey,
    matrix,
    plan,
    signals,
    year,
)

app_name = "journeys"

urlpatterns: list[URLPattern | URLResolver] = [
    *journey.urlpatterns,
    *year.urlpatterns,
    *matrix.urlpatterns,
    *plan.urlpatterns,
    *checklist.urlpatterns,
    *appointments.urlpatterns,
    *contacts.urlpatterns,
    *signals.urlpatterns,
]
