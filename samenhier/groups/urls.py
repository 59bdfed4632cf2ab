from django.urls import path, re_path

from samenhier.groups import member_views, vetting_views, views

app_name = "groups"
urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("register/", views.register_index, name="register_index"),
    path("register/<slug:slug>/<str:kind>/", views.register, name="register"),
    path("registered/", views.registered, name="registered"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mine/", views.mine, name="mine"),
    path("<int:pk>/mine/details/", member_views.own_details, name="own_details"),
    path("<int:pk>/mine/leave/", member_views.leave, name="leave"),
    path("<int:pk>/members/<int:member_pk>/location/", member_views.location, name="location"),
    path("<int:pk>/members/<int:member_pk>/resend/", member_views.resend, name="resend"),
    path("<int:pk>/steps/<str:name>/", views.transition, name="transition"),
    path("<int:pk>/intake/", vetting_views.intake, name="intake"),
    path(
        "<int:pk>/members/<int:member_pk>/certificate/",
        vetting_views.certificate,
        name="certificate",
    ),
    path("<int:pk>/declaration/", vetting_views.sign, name="sign"),
    path("declarations/", vetting_views.declarations, name="declarations"),
]
