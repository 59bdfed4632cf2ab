"""Who sees which groups and households: each role from both sides."""

import pytest

from samenhier.groups.policies import groups_visible_to
from samenhier.network.policies import cities_visible_to, organisations_visible_to
from samenhier.newcomers.policies import households_visible_to

pytestmark = pytest.mark.django_db


def test_national_coordinator_sees_every_group_and_household(cast):
    nc = cast.national_coordinator
    assert groups_visible_to(nc).filter(city=cast.den_haag.city).exists()
    assert groups_visible_to(nc).filter(city=cast.rotterdam.city).exists()
    assert households_visible_to(nc).count() == 17


@pytest.mark.parametrize("role", ["local_coordinator", "community_builder"])
def test_city_roles_see_their_own_citys_groups_only(cast, role):
    visible = groups_visible_to(getattr(cast.rotterdam, role))
    assert visible.count() == 10
    assert not visible.filter(city=cast.den_haag.city).exists()


@pytest.mark.parametrize(
    "role", ["municipality_officer", "social_support_worker", "reception_officer", "newcomer"]
)
def test_roles_without_need_see_no_groups_before_a_match(cast, role):
    assert not groups_visible_to(getattr(cast.rotterdam, role)).exists()


def test_a_group_member_sees_only_their_own_group(cast):
    assert list(groups_visible_to(cast.rotterdam.group_member)) == [cast.rotterdam.group]


@pytest.mark.parametrize("role", ["local_coordinator", "municipality_officer"])
def test_city_roles_see_their_own_citys_households_only(cast, role):
    visible = households_visible_to(getattr(cast.den_haag, role))
    assert visible.count() == 5
    assert not visible.filter(city=cast.rotterdam.city).exists()


@pytest.mark.parametrize("role", ["social_support_worker", "reception_officer"])
def test_roles_without_need_see_no_household(cast, role):
    assert not households_visible_to(getattr(cast.rotterdam, role)).exists()


def test_a_group_member_sees_only_the_household_their_group_was_matched_with(cast):
    assert list(households_visible_to(cast.rotterdam.group_member)) == [cast.rotterdam.household]


def test_a_group_member_of_an_unmatched_group_sees_no_household(cast):
    assert not households_visible_to(cast.group_contact).exists()


def test_a_community_builder_sees_the_matched_households_of_their_city_only(cast):
    visible = households_visible_to(cast.rotterdam.community_builder)
    assert {h.reference for h in visible} == {"RTM-001", "RTM-007"}


def test_a_newcomer_sees_only_their_own_household(cast):
    assert list(households_visible_to(cast.rotterdam.newcomer)) == [cast.rotterdam.household]


def test_a_revoked_role_grants_nothing(cast):
    from django.utils import timezone

    from samenhier.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=cast.rotterdam.local_coordinator).update(
        revoked_at=timezone.now()
    )
    lotte = type(cast.rotterdam.local_coordinator).objects.get(
        pk=cast.rotterdam.local_coordinator.pk
    )
    assert not groups_visible_to(lotte).exists()
    assert not households_visible_to(lotte).exists()
    assert not cities_visible_to(lotte).exists()
    assert not organisations_visible_to(lotte).exists()


def test_anonymous_visitors_see_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    nobody = AnonymousUser()
    assert not groups_visible_to(nobody).exists()
    assert not households_visible_to(nobody).exists()
    assert not cities_visible_to(nobody).exists()
