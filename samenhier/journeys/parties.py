"""The parties of a journey, the domains of the task matrix and the other fixed vocabularies
of the year, as data (DOMAIN.md: division of tasks and roles, the year)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.TextChoices):
    GROUP = "group", _("Group")
    MUNICIPALITY = "municipality", _("Municipality")
    SOCIAL_SUPPORT = "social_support", _("Social support")
    LOCAL_PARTNER = "local_partner", _("Local partner")
    RECEPTION = "reception", _("Reception (COA)")
    COMMUNITY_BUILDER = "community_builder", _("Community builder")
    NEWCOMER = "newcomer", _("Newcomer")


# Each of these appoints one fixed contact person per journey (aanspreekpunt).
CONTACT_PARTIES: tuple[Party, ...] = (
    Party.GROUP,
    Party.MUNICIPALITY,
    Party.SOCIAL_SUPPORT,
    Party.LOCAL_PARTNER,
    Party.RECEPTION,
    Party.COMMUNITY_BUILDER,
)
# The columns of the task matrix.
MATRIX_PARTIES: tuple[Party, ...] = (
    Party.GROUP,
    Party.MUNICIPALITY,
    Party.SOCIAL_SUPPORT,
    Party.LOCAL_PARTNER,
    Party.RECEPTION,
    Party.NEWCOMER,
)


class Domain(models.TextChoices):
    HOUSING = "housing", _("Housing")
    INCOME = "income", _("Income and finances")
    LANGUAGE = "language", _("Language and civic integration")
    HEALTH = "health", _("Health")
    WORK = "work", _("Work and education")
    SOCIAL = "social", _("Social network")


class MatrixRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("Responsible")
    SUPPORTS = "supports", _("Supports")
    INFORMED = "informed", _("Informed")


class Phase(models.TextChoices):
    BEFORE = "before", _("Before arrival")
    FIRST_MONTHS = "first_months", _("The first three months")
    SOCIAL = "social", _("The social phase")


class Company(models.TextChoices):
    """Whether the newcomer wants someone of the group to come along to an appointment."""

    UNASKED = "", _("Not chosen yet")
    YES = "yes", _("Yes, please come along")
    NO = "no", _("No, I go alone")
    ASK = "ask", _("Ask me nearer the time")


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    MESSAGE = "message", _("Message")
    ACTIVITY = "activity", _("Activity")


class SignalTopic(models.TextChoices):
    LETTERS = "letters", _("Letters")
    FINANCES = "finances", _("Finances")
    HOUSING = "housing", _("Housing")
    CARE = "care", _("Access to care")
    DISCRIMINATION = "discrimination", _("Discrimination")
    OTHER = "other", _("Other")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being followed up")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COMMENTS = "comments", _("Comments to address")
    APPROVED = "approved", _("Approved")


class PlanSection(models.TextChoices):
    RECEPTION = "reception", _("Reception and the first weeks")
    HOME = "home", _("Home and furnishing")
    FINANCES = "finances", _("Finances and the gap until benefits start")
    LANGUAGE = "language", _("Language")
    HEALTH = "health", _("Health")
    WORK = "work", _("Work and study")
    SOCIAL = "social", _("Social network")
    EQUALITY = "equality", _("Equality and the newcomer's own agency")


# Every section must be written before a plan can be submitted; equality is never optional.
REQUIRED_SECTIONS: frozenset[PlanSection] = frozenset({PlanSection.EQUALITY})


class MeetingKind(models.TextChoices):
    SOCIAL_SUPPORT = "social_support", _("The group met the social support worker")
    BRIEFING = "briefing", _("Briefing on the social map and the finances")
    ONLINE = "online", _("Online meeting before departure")


class JourneyOutcome(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended early")
