"""The stages of a sponsor or welcome group (DOMAIN.md, "Life cycle of a group")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupStage(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    INTAKE = "intake", _("Intake")
    VETTING = "vetting", _("Declarations and certificates of conduct")
    APPROVED = "approved", _("Approved")
    TRAINED = "trained", _("Trained")
    MATCHED = "matched", _("Matched")
    ACTIVE = "active", _("Active year")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


# The road a group travels, in order; withdrawn and rejected can follow any open stage.
PIPELINE: tuple[GroupStage, ...] = (
    GroupStage.REGISTERED,
    GroupStage.INTAKE,
    GroupStage.VETTING,
    GroupStage.APPROVED,
    GroupStage.TRAINED,
    GroupStage.MATCHED,
    GroupStage.ACTIVE,
    GroupStage.COMPLETED,
)
CLOSED: frozenset[GroupStage] = frozenset(
    {GroupStage.COMPLETED, GroupStage.WITHDRAWN, GroupStage.REJECTED}
)
