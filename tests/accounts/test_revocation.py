import pytest

from samenhier.accounts.models import RoleAssignment
from samenhier.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _assignment(person, role):
    return RoleAssignment.objects.active().get(user=person, role=role)


def test_revoking_a_role_takes_effect_on_the_next_request(cast, client):
    lotte = cast.rotterdam.local_coordinator
    client.force_login(lotte)
    assert client.get("/people/").status_code == 200

    coordinator = cast.national_coordinator
    from django.test import Client

    national = Client()
    national.force_login(coordinator)
    assignment = _assignment(lotte, Role.LOCAL_COORDINATOR)
    assert national.get(f"/people/roles/{assignment.pk}/revoke/").status_code == 200  # confirm page
    assert national.post(f"/people/roles/{assignment.pk}/revoke/").status_code == 302

    # Same session, very next request: the role is gone.
    assert client.get("/people/").status_code == 403
    assignment.refresh_from_db()
    assert assignment.revoked_by == coordinator


def test_a_local_coordinator_can_end_a_community_builders_role_in_their_city(cast, login):
    assignment = _assignment(cast.rotterdam.community_builder, Role.COMMUNITY_BUILDER)
    response = login(cast.rotterdam.local_coordinator).post(
        f"/people/roles/{assignment.pk}/revoke/"
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None


def test_a_local_coordinator_cannot_end_a_role_in_another_city(cast, login):
    assignment = _assignment(cast.den_haag.community_builder, Role.COMMUNITY_BUILDER)
    response = login(cast.rotterdam.local_coordinator).post(
        f"/people/roles/{assignment.pk}/revoke/"
    )
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.revoked_at is None


def test_a_local_coordinator_cannot_end_the_municipality_officers_role(cast, login):
    assignment = _assignment(cast.rotterdam.municipality_officer, Role.MUNICIPALITY_OFFICER)
    response = login(cast.rotterdam.local_coordinator).post(
        f"/people/roles/{assignment.pk}/revoke/"
    )
    assert response.status_code == 403


def test_nobody_ends_their_own_role_by_accident(cast, login):
    assignment = _assignment(cast.national_coordinator, Role.NATIONAL_COORDINATOR)
    response = login(cast.national_coordinator).post(f"/people/roles/{assignment.pk}/revoke/")
    assert response.status_code == 403


def test_revoking_twice_changes_nothing_the_second_time(cast, login):
    assignment = _assignment(cast.rotterdam.community_builder, Role.COMMUNITY_BUILDER)
    client = login(cast.national_coordinator)
    client.post(f"/people/roles/{assignment.pk}/revoke/")
    first = RoleAssignment.objects.get(pk=assignment.pk).revoked_at
    assert client.post(f"/people/roles/{assignment.pk}/revoke/").status_code == 403
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at == first


def test_revoke_is_post_only_for_the_change(cast, login):
    assignment = _assignment(cast.rotterdam.community_builder, Role.COMMUNITY_BUILDER)
    login(cast.national_coordinator).get(f"/people/roles/{assignment.pk}/revoke/")
    assignment.refresh_from_db()
    assert assignment.revoked_at is None
