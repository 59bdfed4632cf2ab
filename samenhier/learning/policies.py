"""Who may see and do what with the curriculum and training sessions."""

from typing import Any

from django.db.models import Q, QuerySet

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import city_ids_for, has_role, is_national_coordinator
from samenhier.learning.models import Module, TrainingSession

# Who takes part in or runs training; the newcomer and partner organisations do not.
TRAINING_ROLES = (Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER, Role.GROUP_MEMBER)


def can_view_training(user: Any) -> bool:
    return is_national_coordinator(user) or has_role(user, *TRAINING_ROLES)


def can_manage_curriculum(user: Any) -> bool:
    return is_national_coordinator(user)


def modules_visible_to(user: Any) -> QuerySet[Module]:
    if not user.is_authenticated:
        return Module.objects.none()
    return (
        Module.objects.filter(active=True)
        if not is_national_coordinator(user)
        else Module.objects.all()
    )


def sessions_visible_to(user: Any) -> QuerySet[TrainingSession]:
    """Sessions in the user's cities, and online sessions open to every city."""
    if is_national_coordinator(user):
        return TrainingSession.objects.all()
    cities = city_ids_for(user, *TRAINING_ROLES)
    if not cities:
        return TrainingSession.objects.none()
    return TrainingSession.objects.filter(Q(city__in=cities) | Q(city__isnull=True))


def can_plan_sessions(user: Any) -> bool:
    return is_national_coordinator(user) or has_role(user, Role.LOCAL_COORDINATOR)


def can_manage_session(user: Any, session: TrainingSession) -> bool:
    """Record attendance: the trainer, the city's coordinator, the national coordinator."""
    if is_national_coordinator(user) or session.trainer_id == user.pk:
        return True
    return session.city_id is not None and session.city_id in city_ids_for(
        user, Role.LOCAL_COORDINATOR
    )


def possible_trainers(cities: QuerySet[Any]) -> QuerySet[User]:
    """Staff of the cities a session is planned for, and the national team; no other city's."""
    return User.objects.filter(
        Q(assignments__role=Role.NATIONAL_COORDINATOR)
        | Q(
            assignments__role__in=[Role.LOCAL_COORDINATOR, Role.COMMUNITY_BUILDER],
            assignments__city__in=cities,
        ),
        assignments__revoked_at__isnull=True,
    ).distinct()
