"""The stages of a newcomer household (DOMAIN.md, "Life cycle of a newcomer case")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    RESETTLEMENT = "resettlement", _("Resettlement")
    IN_COUNTRY = "in_country", _("Permit holder in the city")


class HouseholdStage(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INFORMED = "informed", _("Informed")
    CONSENTED = "consented", _("Consented")
    DECLINED = "declined", _("Declined to take part")
    INTAKE = "intake", _("Intake")
    READY = "ready", _("Ready for matching")
    MATCHED = "matched", _("Matched")
    PRE_DEPARTURE = "pre_departure", _("Preparing for arrival")
    ARRIVED = "arrived", _("Arrived")
    ACTIVE = "active", _("Active year")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


PIPELINE: tuple[HouseholdStage, ...] = (
    HouseholdStage.REFERRED,
    HouseholdStage.INFORMED,
    HouseholdStage.CONSENTED,
    HouseholdStage.INTAKE,
    HouseholdStage.READY,
    HouseholdStage.MATCHED,
    HouseholdStage.PRE_DEPARTURE,
    HouseholdStage.ARRIVED,
    HouseholdStage.ACTIVE,
    HouseholdStage.COMPLETED,
)
CLOSED: frozenset[HouseholdStage] = frozenset(
    {HouseholdStage.COMPLETED, HouseholdStage.STOPPED, HouseholdStage.DECLINED}
)
