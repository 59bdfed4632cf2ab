from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from samenhier.audit import policies
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

ACCESS_COLUMNS = [
    Column("at", gettext_lazy("When"), "at"),
    Column("user", gettext_lazy("Who"), "user__full_name"),
    Column("object", gettext_lazy("What"), "object_type"),
    Column("fields", gettext_lazy("Fields")),
    Column("purpose", gettext_lazy("Purpose"), "purpose"),
]
CHANGE_COLUMNS = [
    Column("at", gettext_lazy("When"), "timestamp"),
    Column("actor", gettext_lazy("Who"), "actor__full_name"),
    Column("action", gettext_lazy("Action"), "action"),
    Column("object", gettext_lazy("What"), "object_repr"),
    Column("changes", gettext_lazy("Changed fields")),
]


@login_required
@require_safe
def access_log(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_read_access_log(request.user):
        raise PermissionDenied
    queryset = policies.access_log_visible_to(request.user).select_related("user")
    # ?object=newcomers.household:12 narrows the log to one record (linked from its page).
    object_type, _sep, object_id = request.GET.get("object", "").partition(":")
    if object_id:
        queryset = queryset.filter(object_type=object_type[:60], object_id=object_id[:40])
    listing = sorted_page(
        request,
        queryset,
        columns=ACCESS_COLUMNS,
        default_sort="-at",
        search_fields=("user__full_name", "object_type", "object_id"),
        per_page=50,
    )
    return render(
        request,
        "audit/access_log.html",
        {"listing": listing, "object": f"{object_type}:{object_id}" if object_id else ""},
    )


@login_required
@require_safe
def change_log(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_read_access_log(request.user):
        raise PermissionDenied
    queryset = LogEntry.objects.select_related("actor", "content_type")
    listing = sorted_page(
        request,
        queryset,
        columns=CHANGE_COLUMNS,
        default_sort="-at",
        search_fields=("object_repr", "actor__full_name"),
        per_page=50,
    )
    return render(request, "audit/change_log.html", {"listing": listing})
