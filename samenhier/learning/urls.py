from django.urls import path

from samenhier.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("sessions/new/", views.plan, name="plan"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/unregister/", views.unregister, name="unregister"),
    path("modules/new/", views.module, name="module_create"),
    path("modules/<int:pk>/", views.module, name="module_edit"),
]
