from django.urls import path

from samenhier.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.people, name="people"),
    path("invite/", views.invite, name="invite"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/cancel/", views.cancel_invitation, name="cancel_invitation"),
    path("roles/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("me/", views.me, name="me"),
]
