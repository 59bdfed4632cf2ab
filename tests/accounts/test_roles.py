import pytest
from django.db import IntegrityError, transaction

from samenhier.accounts.models import RoleAssignment
from samenhier.accounts.roles import Role
from samenhier.accounts.scoping import city_ids_for, roles_of

pytestmark = pytest.mark.django_db


def test_a_person_can_hold_several_roles_in_different_scopes(cast):
    samira = cast.rotterdam.community_builder
    RoleAssignment.objects.create(user=samira, role=Role.COMMUNITY_BUILDER, city=cast.den_haag.city)
    RoleAssignment.objects.create(user=samira, role=Role.GROUP_MEMBER, group=cast.rotterdam.group)
    assert roles_of(samira) == {Role.COMMUNITY_BUILDER, Role.GROUP_MEMBER}
    assert city_ids_for(samira, Role.COMMUNITY_BUILDER) == {
        cast.rotterdam.city.pk,
        cast.den_haag.city.pk,
    }


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.NATIONAL_COORDINATOR, "city"),
        (Role.LOCAL_COORDINATOR, None),
        (Role.GROUP_MEMBER, "city"),
        (Role.NEWCOMER, "group"),
        (Role.MUNICIPALITY_OFFICER, "household"),
    ],
)
def test_a_role_outside_its_allowed_scope_is_refused_by_the_database(cast, role, scope):
    targets = {
        "city": {"city": cast.rotterdam.city},
        "group": {"group": cast.rotterdam.group},
        "household": {"household": cast.rotterdam.household},
        None: {},
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=cast.rotterdam.group_member, role=role, **targets[scope])


def test_two_scopes_at_once_are_refused(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=cast.rotterdam.group_member,
            role=Role.LOCAL_COORDINATOR,
            city=cast.rotterdam.city,
            group=cast.rotterdam.group,
        )


def test_an_organisation_scope_reaches_the_organisations_city(cast):
    partner = cast.rotterdam.city.local_partner
    person = cast.den_haag.group_member
    RoleAssignment.objects.create(user=person, role=Role.LOCAL_COORDINATOR, organisation=partner)
    assert city_ids_for(person, Role.LOCAL_COORDINATOR) == {cast.rotterdam.city.pk}
