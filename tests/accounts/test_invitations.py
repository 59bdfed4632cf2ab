import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from samenhier.accounts import services
from samenhier.accounts.models import Invitation, RoleAssignment, User
from samenhier.accounts.roles import Role

pytestmark = pytest.mark.django_db

INVITE = "/people/invite/"


def _link(message) -> str:
    return re.search(r"(/invitations/[\w-]+/)", message.body).group(1)


def test_national_coordinator_invites_a_local_coordinator_by_email(
    cast, login, django_capture_on_commit_callbacks
):
    client = login(cast.national_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            INVITE,
            {
                "full_name": "Kim Nieuw",
                "email": "Kim@Example.org",
                "role": Role.LOCAL_COORDINATOR,
                "city": cast.den_haag.city.pk,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="kim@example.org")
    assert invitation.city == cast.den_haag.city
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kim@example.org"]
    assert "/invitations/" in mail.outbox[0].body
    # Only a hash of the secret is stored.
    assert _link(mail.outbox[0]).split("/")[2] not in invitation.token_hash


def test_local_coordinator_invites_a_community_builder_for_their_own_city(cast, login):
    client = login(cast.rotterdam.local_coordinator)
    response = client.post(
        INVITE,
        {
            "full_name": "Nadia",
            "email": "nadia@example.org",
            "role": Role.COMMUNITY_BUILDER,
            "city": cast.rotterdam.city.pk,
        },
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="nadia@example.org", city=cast.rotterdam.city).exists()


def test_local_coordinator_cannot_invite_for_another_city(cast, login):
    client = login(cast.rotterdam.local_coordinator)
    response = client.post(
        INVITE,
        {
            "full_name": "Nadia",
            "email": "nadia@example.org",
            "role": Role.COMMUNITY_BUILDER,
            "city": cast.den_haag.city.pk,
        },
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert response.context["form"].errors["city"]


def test_local_coordinator_cannot_invite_a_municipality_officer(cast):
    with pytest.raises(PermissionDenied):
        services.invite(
            actor=cast.rotterdam.local_coordinator,
            email="x@example.org",
            full_name="X",
            role=Role.MUNICIPALITY_OFFICER,
            city=cast.rotterdam.city,
        )


@pytest.mark.parametrize(
    "person", ["group_member", "newcomer", "municipality_officer", "community_builder"]
)
def test_roles_without_invitation_rights_cannot_open_the_invite_page(cast, login, person):
    response = login(getattr(cast.rotterdam, person)).get(INVITE)
    assert response.status_code == 403


def test_a_city_role_without_a_city_gets_a_clear_message(cast, login):
    client = login(cast.national_coordinator)
    response = client.post(
        INVITE,
        {"full_name": "Kim", "email": "kim@example.org", "role": Role.LOCAL_COORDINATOR},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Choose the city this role works in." in response.content.decode()
    assert not Invitation.objects.exists()


def _invite(cast, django_capture_on_commit_callbacks, email="kim@example.org"):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            actor=cast.national_coordinator,
            email=email,
            full_name="Kim Nieuw",
            role=Role.MUNICIPALITY_OFFICER,
            city=cast.den_haag.city,
        )
    return _link(mail.outbox[-1])


def test_a_new_person_accepts_and_gets_an_account_with_the_role(
    cast, client, django_capture_on_commit_callbacks
):
    link = _invite(cast, django_capture_on_commit_callbacks)
    assert client.get(link).status_code == 200
    response = client.post(
        link,
        {
            "full_name": "Kim Nieuw",
            "password1": "a-long-good-passphrase",
            "password2": "a-long-good-passphrase",
        },
    )
    assert response.status_code == 302
    kim = User.objects.get(email="kim@example.org")
    assert (
        RoleAssignment.objects.active()
        .filter(user=kim, role=Role.MUNICIPALITY_OFFICER, city=cast.den_haag.city)
        .exists()
    )
    assert client.login(email="kim@example.org", password="a-long-good-passphrase")


def test_an_accepted_link_cannot_be_used_again(cast, client, django_capture_on_commit_callbacks):
    link = _invite(cast, django_capture_on_commit_callbacks)
    data = {
        "full_name": "Kim",
        "password1": "a-long-good-passphrase",
        "password2": "a-long-good-passphrase",
    }
    client.post(link, data)
    client.logout()
    assert client.get(link).status_code == 410
    assert User.objects.filter(email="kim@example.org").count() == 1


def test_an_expired_invitation_cannot_be_accepted(cast, client, django_capture_on_commit_callbacks):
    link = _invite(cast, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        data = {
            "full_name": "Kim",
            "password1": "a-long-good-passphrase",
            "password2": "a-long-good-passphrase",
        }
        assert client.post(link, data).status_code == 410
    assert not User.objects.filter(email="kim@example.org").exists()


def test_an_invitation_is_still_valid_just_before_it_expires(
    cast, client, django_capture_on_commit_callbacks
):
    link = _invite(cast, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(days=13, hours=23)):
        assert client.get(link).status_code == 200


def test_an_unknown_or_absurd_token_is_a_plain_404(client, db):
    assert client.get("/invitations/not-a-real-token/").status_code == 404
    assert client.get("/invitations/" + "x" * 500 + "/").status_code == 404


def test_weak_or_mismatched_passwords_are_refused_next_to_the_field(
    cast, client, django_capture_on_commit_callbacks
):
    link = _invite(cast, django_capture_on_commit_callbacks)
    response = client.post(link, {"full_name": "Kim", "password1": "12345", "password2": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    response = client.post(
        link,
        {
            "full_name": "Kim",
            "password1": "a-long-good-passphrase",
            "password2": "another-passphrase",
        },
    )
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(email="kim@example.org").exists()


def test_an_existing_person_logs_in_and_accepts_a_second_role(
    cast, login, django_capture_on_commit_callbacks
):
    samira = cast.rotterdam.community_builder
    link = _invite(cast, django_capture_on_commit_callbacks, email=samira.email)
    client = login(samira)
    assert client.post(link).status_code == 302
    assert (
        RoleAssignment.objects.active().filter(user=samira, role=Role.MUNICIPALITY_OFFICER).exists()
    )


def test_an_invitation_for_someone_else_cannot_be_accepted_by_the_logged_in_person(
    cast, login, django_capture_on_commit_callbacks
):
    link = _invite(cast, django_capture_on_commit_callbacks)
    client = login(cast.rotterdam.group_member)
    client.post(link)
    assert not RoleAssignment.objects.filter(
        role=Role.MUNICIPALITY_OFFICER, user=cast.rotterdam.group_member
    ).exists()


def test_a_cancelled_invitation_stops_working(
    cast, login, client, django_capture_on_commit_callbacks
):
    link = _invite(cast, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    coordinator = login(cast.national_coordinator)
    assert coordinator.post(f"/people/invitations/{invitation.pk}/cancel/").status_code == 302
    coordinator.logout()
    assert client.get(link).status_code == 410


def test_a_local_coordinator_sees_only_their_citys_invitations(
    cast, login, django_capture_on_commit_callbacks
):
    _invite(cast, django_capture_on_commit_callbacks)  # Den Haag
    invitation = Invitation.objects.get()
    client = login(cast.rotterdam.local_coordinator)
    assert invitation.email not in client.get("/people/invitations/").content.decode()
    assert client.post(f"/people/invitations/{invitation.pk}/cancel/").status_code == 404
