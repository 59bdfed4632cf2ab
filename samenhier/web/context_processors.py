from typing import Any

from django.conf import settings
from django.http import HttpRequest

from samenhier.web.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "DEMO": settings.DEMO,
        "MFA_REQUIRED": settings.SAMENHIER_MFA_REQUIRED,
        "navigation": navigation_for(request),
    }
