"""The fixed vocabularies of evaluation: who answers, how, and the indicators' scales
(DOMAIN.md, "Evidence and reporting")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samenhier.journeys.parties import Party

# Who is asked at an evaluation moment: the newcomer, each group member, and the partner
# organisations through their contact person in the journey.
AUDIENCES: tuple[Party, ...] = (
    Party.NEWCOMER,
    Party.GROUP,
    Party.MUNICIPALITY,
    Party.LOCAL_PARTNER,
    Party.SOCIAL_SUPPORT,
)
PARTNER_AUDIENCES: tuple[Party, ...] = (
    Party.MUNICIPALITY,
    Party.LOCAL_PARTNER,
    Party.SOCIAL_SUPPORT,
)


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale from 1 to 5")
    CHOICE = "choice", _("Choice")
    OPEN = "open", _("Open question")


class ResponseMode(models.TextChoices):
    ACCOUNT = "account", _("Answered online")
    LINK = "link", _("Answered through a personal link")
    INTERVIEW = "interview", _("Recorded in an interview")


class LanguageLevel(models.TextChoices):
    A0 = "a0", _("A0: starting")
    A1 = "a1", _("A1")
    A2 = "a2", _("A2 exam passed")
    B1 = "b1", _("B1 or higher")


class IntegrationProgress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started yet")
    STARTED = "started", _("Following the civic integration route")
    COMPLETED = "completed", _("Civic integration completed")
    EXEMPT = "exempt", _("Exempt")


class WorkStudy(models.TextChoices):
    NONE = "none", _("No work or study yet")
    LANGUAGE_SCHOOL = "language_school", _("Language school only")
    VOLUNTEERING = "volunteering", _("Volunteering or internship")
    STUDY = "study", _("Study or vocational training")
    WORK = "work", _("Paid work")


class Indicator(models.TextChoices):
    """Answers that feed the journey's indicators; a question may carry one of these keys."""

    LANGUAGE_LEVEL = "language_level", _("Language level")
    INTEGRATION = "integration", _("Civic integration progress")
    WORK_STUDY = "work_study", _("Work or study")
    NETWORK_SIZE = "network_size", _("Size of the social network")
    WELLBEING = "wellbeing", _("Wellbeing, as the newcomer rates it")


# The choices an indicator question offers, so that answers and indicators share one scale.
INDICATOR_CHOICES: dict[str, type[models.TextChoices]] = {
    Indicator.LANGUAGE_LEVEL: LanguageLevel,
    Indicator.INTEGRATION: IntegrationProgress,
    Indicator.WORK_STUDY: WorkStudy,
}


def month_count(months: int) -> str:
    """ "1 month", "3 months": an evaluation moment as a label."""
    return ngettext("%(months)s month", "%(months)s months", months) % {"months": months}
