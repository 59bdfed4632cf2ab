from django import template
from django.db.models import TextChoices

from samenhier.network.vocabularies import Interest, Language, Sector, Vulnerability, labels

register = template.Library()

VOCABULARIES: dict[str, type[TextChoices]] = {
    "language": Language,
    "interest": Interest,
    "sector": Sector,
    "vulnerability": Vulnerability,
}


@register.filter
def vocabulary(codes: list[str], name: str) -> list[str]:
    """Codes from a shared vocabulary as translated labels."""
    return labels(VOCABULARIES[name], codes or [])
