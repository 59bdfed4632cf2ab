from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from samenhier.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """What a view behind @login_required receives: request.user is a real person."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
