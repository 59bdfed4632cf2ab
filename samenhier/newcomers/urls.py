from django.urls import path, re_path

from samenhier.newcomers import views

app_name = "newcomers"
urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("refer/", views.refer, name="refer"),
    path("import/", views.import_households, name="import"),
    re_path(r"^import/template\.(?P<fmt>csv|xlsx)$", views.import_template, name="import_template"),
    path("consent-texts/", views.consent_texts, name="consent_texts"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/information/", views.inform, name="inform"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/consent/<str:purpose>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/stop/", views.stop, name="stop"),
    path("<int:pk>/step/<str:name>/", views.transition, name="transition"),
    re_path(r"^(?P<pk>[0-9]+)/export\.(?P<fmt>json|pdf)$", views.export, name="export"),
    path("<int:pk>/erase/", views.erase, name="erase"),
]
