from django.urls import path

from samenhier.network import views

app_name = "network"
urlpatterns = [
    path("cities/", views.city_list, name="city_list"),
    path("cities/new/", views.city_edit, name="city_create"),
    path("cities/<slug:slug>/", views.city_detail, name="city_detail"),
    path("cities/<slug:slug>/edit/", views.city_edit, name="city_edit"),
    path("programme/", views.programme, name="programme"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_edit, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
]
