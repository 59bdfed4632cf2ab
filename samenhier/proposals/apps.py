from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "samenhier.proposals"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from samenhier.proposals import signals  # noqa: F401
