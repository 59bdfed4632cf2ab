from django.urls import include, path
from django.views.i18n import set_language

from samenhier.accounts.views import accept_invitation

urlpatterns = [
    path("", include("samenhier.web.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("network/", include("samenhier.network.urls")),
    path("invitations/<str:token>/", accept_invitation, name="accept_invitation"),
    path("people/", include("samenhier.accounts.urls")),
    path("groups/", include("samenhier.groups.urls")),
    path("households/", include("samenhier.newcomers.urls")),
    path("matching/", include("samenhier.proposals.urls")),
    path("training/", include("samenhier.learning.urls")),
    path("journeys/", include("samenhier.journeys.urls")),
    path("evaluation/", include("samenhier.evaluation.urls")),
    path("audit/", include("samenhier.audit.urls")),
]

handler400 = "samenhier.web.views.bad_request"
handler403 = "samenhier.web.views.permission_denied"
handler404 = "samenhier.web.views.page_not_found"
handler500 = "samenhier.web.views.server_error"
