from django.urls import URLPattern, URLResolver

from samenhier.evaluation.views import (
    answer,
    dashboard,
    moments,
    questionnaire_drafts,
    questionnaires,
    report,
)

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    *dashboard.urlpatterns,
    *report.urlpatterns,
    *moments.urlpatterns,
    *answer.urlpatterns,
    *questionnaires.urlpatterns,
    *questionnaire_drafts.urlpatterns,
]
