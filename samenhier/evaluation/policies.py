"""Who sees which figures and who answers which questionnaire (the fewest eyes).

Figures are scoped by city: the national coordinator sees the network, a local coordinator
and a municipality officer see their own cities and never another's. Answers are read only by
the city's coordinators and the community builder; reports show them aggregated, and quote
open answers only under a pseudonym with consent.
"""

from typing import Any

from django.db.models import QuerySet

from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import city_ids_for, has_role, is_national_coordinator
from samenhier.evaluation.models import ImpactReport, Moment, Response
from samenhier.network.models import City

# The roles that read a city's figures and reports.
FIGURE_ROLES = (Role.LOCAL_COORDINATOR, Role.MUNICIPALITY_OFFICER)


def figure_cities(user: Any) -> QuerySet[City]:
    """The cities whose figures the user may see: all of them for the national coordinator."""
    if not getattr(user, "is_authenticated", False):
        return City.objects.none()
    if is_national_coordinator(user):
        return City.objects.all()
    return City.objects.filter(pk__in=city_ids_for(user, *FIGURE_ROLES))


def can_view_figures(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and (
        is_national_coordinator(user) or bool(city_ids_for(user, *FIGURE_ROLES))
    )


def can_view_network_figures(user: Any) -> bool:
    return is_national_coordinator(user)


def reports_visible_to(user: Any) -> QuerySet[ImpactReport]:
    """Network reports for the national coordinator; city reports for whoever sees the city."""
    if is_national_coordinator(user):
        return ImpactReport.objects.all()
    return ImpactReport.objects.filter(city_id__in=city_ids_for(user, *FIGURE_ROLES))


def can_write_report(user: Any, city_id: int | None) -> bool:
    """The coordinator writes the recommendations: national for the network or any city, the
    local coordinator for their own city."""
    if is_national_coordinator(user):
        return True
    return city_id is not None and city_id in city_ids_for(user, Role.LOCAL_COORDINATOR)


def can_change_report(user: Any, report: ImpactReport) -> bool:
    return can_write_report(user, report.city_id)


def can_manage_questionnaires(user: Any) -> bool:
    """Questions are the network's: the national coordinator changes them."""
    return is_national_coordinator(user)


def can_add_question_texts(user: Any) -> bool:
    """Coordinators add texts in the languages their newcomers read."""
    return is_national_coordinator(user) or has_role(user, Role.LOCAL_COORDINATOR)


def moments_visible_to(user: Any) -> QuerySet[Moment]:
    """Moments of the cities the user coordinates or builds community in."""
    if not getattr(user, "is_authenticated", False):
        return Moment.objects.none()
    if is_national_coordinator(user):
        return Moment.objects.all()
    cities = city_ids_for(user, Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER)
    return Moment.objects.filter(journey__household__city_id__in=cities)


def can_follow_moments(user: Any) -> bool:
    return is_national_coordinator(user) or bool(
        city_ids_for(user, Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER)
    )


def can_record_interview(user: Any, response: Response) -> bool:
    """The community builder (or the local coordinator) of the journey's city records the
    answers of a newcomer or a partner in an interview."""
    city = response.moment.journey.household.city_id
    return city in city_ids_for(user, Role.COMMUNITY_BUILDER, Role.LOCAL_COORDINATOR)


def can_read_answers(user: Any, response: Response) -> bool:
    city = response.moment.journey.household.city_id
    return is_national_coordinator(user) or city in city_ids_for(
        user, Role.COMMUNITY_BUILDER, Role.LOCAL_COORDINATOR
    )


def can_answer(user: Any, response: Response) -> bool:
    """A member or a partner answers their own questionnaire, once."""
    return (
        getattr(user, "is_authenticated", False)
        and response.respondent_id == user.pk
        and response.submitted_at is None
    )


def can_withdraw_quote(user: Any, response: Response) -> bool:
    return getattr(user, "is_authenticated", False) and response.respondent_id == user.pk
