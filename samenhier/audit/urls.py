from django.urls import path

from samenhier.audit import views

app_name = "audit"
urlpatterns = [
    path("access/", views.access_log, name="access_log"),
    path("changes/", views.change_log, name="change_log"),
]
