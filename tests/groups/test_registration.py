import re

import pytest

from samenhier.accounts.models import RoleAssignment, User
from samenhier.accounts.roles import Role
from samenhier.groups.models import Group, GroupEvent, Member
from samenhier.groups.stages import GroupStage

pytestmark = pytest.mark.django_db

URL = "/groups/register/rotterdam/sponsor/"


def _post_data(n_members=5, **overrides):
    data = {
        "group-name": "De Nieuwe Buren",
        "group-languages": ["nl", "ar"],
        "group-interests": ["cooking"],
        "group-network_sectors": ["ict"],
        "group-supports": ["medical"],
        "group-contact_offer": "2",
        "group-time_available": "Avonden",
        "group-motivation": "Omdat we het belangrijk vinden.",
        "members-TOTAL_FORMS": str(max(n_members, 5)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "5",
    }
    for i in range(n_members):
        data.update(
            {
                f"members-{i}-full_name": f"Lid {i}",
                f"members-{i}-email": f"lid{i}@example.org",
                f"members-{i}-phone": "06 12345678",
                f"members-{i}-street": "Oudedijk 10",
                f"members-{i}-postcode": "3061 AB",
                f"members-{i}-town": "Rotterdam",
            }
        )
    data["members-0-daytime_flexible"] = "on"
    data.update(overrides)
    return data


def test_a_group_of_five_registers_without_an_account_and_every_member_gets_a_link(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _post_data(), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    group = Group.objects.get(name="De Nieuwe Buren")
    assert group.stage == GroupStage.REGISTERED
    assert group.languages == ["nl", "ar"]
    assert group.contact_offer == 2
    assert group.daytime_flexible is True
    assert group.members.count() == 5
    assert group.members.get(is_contact=True).full_name == "Lid 0"
    assert sorted(m.to[0] for m in mailoutbox) == [f"lid{i}@example.org" for i in range(5)]
    assert all("/groups/confirm/" in m.body for m in mailoutbox)
    assert "Bevestig" in mailoutbox[0].subject or "bevestig" in mailoutbox[0].subject.lower()
    # Coordinates come from the (recorded) geocoder, rounded to about 100 m.
    member = group.members.first()
    assert member.latitude is not None
    assert member.latitude.as_tuple().exponent == -3
    assert GroupEvent.objects.filter(group=group, kind="registered").exists()


def test_a_sixth_member_is_refused_with_a_clear_message(cast, client):
    data = _post_data(6, **{"members-TOTAL_FORMS": "6"})
    response = client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not Group.objects.filter(name="De Nieuwe Buren").exists()
    assert "at most 5" in response.content.decode()


def test_too_few_members_are_refused(cast, client):
    response = client.post(URL, _post_data(2), HTTP_ACCEPT_LANGUAGE="en")
    assert "at least 3 members" in response.content.decode()
    assert not Group.objects.filter(name="De Nieuwe Buren").exists()


def test_a_malformed_postcode_is_marked_next_to_the_field(cast, client):
    response = client.post(
        URL, _post_data(**{"members-2-postcode": "30611"}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Enter a Dutch postcode" in response.content.decode()
    assert not Member.objects.filter(email="lid2@example.org").exists()


def test_the_same_email_twice_is_refused(cast, client):
    response = client.post(
        URL, _post_data(**{"members-1-email": "lid0@example.org"}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Every member needs their own e-mail address." in response.content.decode()


def test_a_double_submit_creates_one_group(cast, client):
    assert client.post(URL, _post_data()).status_code == 302
    response = client.post(URL, _post_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "There is already a group with this name" in response.content.decode()
    assert Group.objects.filter(name="De Nieuwe Buren").count() == 1


def test_a_city_only_offers_the_group_kinds_it_runs(cast, client):
    assert client.get("/groups/register/rotterdam/welcome/").status_code == 404
    assert client.get("/groups/register/den-haag/welcome/").status_code == 200
    assert client.get("/groups/register/nowhere/sponsor/").status_code == 404


def _links(mailoutbox):
    return [re.search(r"(/groups/confirm/[\w-]+/)", m.body).group(1) for m in mailoutbox]


def _register(client, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _post_data())
    return dict(zip([m.to[0] for m in mailoutbox], _links(mailoutbox), strict=True))


def test_confirming_creates_an_account_with_the_group_member_role(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    links = _register(client, django_capture_on_commit_callbacks, mailoutbox)
    link = links["lid1@example.org"]
    assert client.get(link).status_code == 200
    password = {
        "full_name": "Lid 1",
        "password1": "een-goed-wachtwoord",
        "password2": "een-goed-wachtwoord",
    }
    assert client.post(link, password).status_code == 200
    member = Member.objects.get(email="lid1@example.org")
    assert member.confirmed_at is not None
    user = User.objects.get(email="lid1@example.org")
    assert (
        RoleAssignment.objects.active()
        .filter(user=user, role=Role.GROUP_MEMBER, group=member.group)
        .exists()
    )


def test_a_reused_confirmation_link_says_so_and_changes_nothing(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    link = _register(client, django_capture_on_commit_callbacks, mailoutbox)["lid1@example.org"]
    password = {
        "full_name": "Lid 1",
        "password1": "een-goed-wachtwoord",
        "password2": "een-goed-wachtwoord",
    }
    client.post(link, password)
    first = Member.objects.get(email="lid1@example.org").confirmed_at
    response = client.post(link, password, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410
    assert "already confirmed" in response.content.decode()
    assert Member.objects.get(email="lid1@example.org").confirmed_at == first
    assert User.objects.filter(email="lid1@example.org").count() == 1


def test_an_expired_confirmation_link_is_refused(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    link = _register(client, django_capture_on_commit_callbacks, mailoutbox)["lid1@example.org"]
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        password = {
            "full_name": "Lid 1",
            "password1": "een-goed-wachtwoord",
            "password2": "een-goed-wachtwoord",
        }
        response = client.post(link, password, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Member.objects.get(email="lid1@example.org").confirmed_at is None


def test_when_everyone_confirmed_the_registration_is_complete_and_the_coordinator_told(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    links = _register(client, django_capture_on_commit_callbacks, mailoutbox)
    mailoutbox.clear()
    for i, link in enumerate(links.values()):
        client.logout()
        password = {
            "full_name": f"Lid {i}",
            "password1": "een-goed-wachtwoord",
            "password2": "een-goed-wachtwoord",
        }
        with django_capture_on_commit_callbacks(execute=True):
            client.post(link, password)
    group = Group.objects.get(name="De Nieuwe Buren")
    assert group.registration_complete_at is not None
    assert [m.to for m in mailoutbox] == [[cast.rotterdam.local_coordinator.email]]


def test_someone_already_active_in_another_group_is_flagged_to_the_coordinator(cast, client, login):
    other = cast.rotterdam.groups["trained"].members.first()
    client.post(URL, _post_data(**{"members-3-email": other.email}))
    group = Group.objects.get(name="De Nieuwe Buren")
    response = login(cast.rotterdam.local_coordinator).get(
        f"/groups/{group.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert f"also active in {cast.rotterdam.groups['trained'].name}" in response.content.decode()


def test_the_coordinator_sends_a_new_link_and_the_old_one_stops_working(
    cast, client, mailoutbox, django_capture_on_commit_callbacks, login
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    old = _register(client, django_capture_on_commit_callbacks, mailoutbox)["lid1@example.org"]
    member = Member.objects.get(email="lid1@example.org")
    mailoutbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        coordinator = login(cast.rotterdam.local_coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator.post(f"/groups/{member.group.pk}/members/{member.pk}/resend/")
        assert response.status_code == 302
        assert [m.to for m in mailoutbox] == [["lid1@example.org"]]
        new = _links(mailoutbox)[0]
        assert new != old
        password = {
            "full_name": "Lid 1",
            "password1": "een-goed-wachtwoord",
            "password2": "een-goed-wachtwoord",
        }
        client.logout()
        assert client.post(old, password).status_code in (400, 404)
        assert client.post(new, password).status_code in (200, 302)
    member.refresh_from_db()
    assert member.confirmed_at is not None


def test_a_confirmed_member_needs_no_new_link(cast, login):
    group = cast.rotterdam.group
    member = group.members.exclude(confirmed_at=None).first()
    client = login(cast.rotterdam.local_coordinator)
    response = client.post(f"/groups/{group.pk}/members/{member.pk}/resend/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
