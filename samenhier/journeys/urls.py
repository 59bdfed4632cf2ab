from django.urls import URLPattern, URLResolver

from samenhier.journeys.views import (
    appointments,
    checklist,
    contacts,
    journey,
    matrix,
    plan,
    signals,
)

app_name = "journeys"

urlpatterns: list[URLPattern | URLResolver] = [
    *journey.urlpatterns,
    *matrix.urlpatterns,
    *plan.urlpatterns,
    *checklist.urlpatterns,
    *appointments.urlpatterns,
    *contacts.urlpatterns,
    *signals.urlpatterns,
]
