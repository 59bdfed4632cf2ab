from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samenhier.groups import requirements
from samenhier.learning import services
from samenhier.learning.models import Module, Registration, TrainingSession

pytestmark = pytest.mark.django_db


def _session(cast, days=7, capacity=2, city=None):
    return TrainingSession.objects.create(
        module=Module.objects.get(kind="start"),
        city=city or cast.rotterdam.city,
        starts_at=timezone.now() + timedelta(days=days),
        ends_at=timezone.now() + timedelta(days=days, hours=3),
        place="Buurthuis",
        capacity=capacity,
    )


def test_a_member_registers_themselves_and_can_cancel(cast, login):
    session = _session(cast)
    client = login(cast.rotterdam.group_member)
    assert client.post(f"/training/sessions/{session.pk}/register/").status_code == 302
    assert Registration.objects.filter(
        session=session, member__user=cast.rotterdam.group_member
    ).exists()
    assert client.post(f"/training/sessions/{session.pk}/unregister/").status_code == 302
    assert not Registration.objects.filter(session=session).exists()


def test_a_full_session_refuses_one_more(cast):
    session = _session(cast, capacity=1)
    members = list(cast.rotterdam.groups["approved"].members.all()[:2])
    first = cast.rotterdam.group.members.get(user=cast.rotterdam.group_member)
    services.register(actor=cast.rotterdam.group_member, session=session, member=first)
    other = members[0]
    from samenhier.accounts.models import User

    other.user = User.objects.create_user("other@example.org", "x" * 12, full_name="Other")
    other.save()
    with pytest.raises(ValidationError) as refused:
        services.register(actor=other.user, session=session, member=other)
    assert refused.value.code == "full"


def test_members_cannot_register_for_another_citys_session(cast, login):
    session = _session(cast, city=cast.den_haag.city)
    response = login(cast.rotterdam.group_member).post(f"/training/sessions/{session.pk}/register/")
    assert response.status_code == 404


def test_the_trainer_records_attendance_and_hours_add_up(cast, login):
    session = _session(cast, days=-1)
    member = cast.rotterdam.groups["approved"].members.first()
    registration = Registration.objects.create(session=session, member=member)
    client = login(cast.rotterdam.local_coordinator)
    assert (
        client.post(
            f"/training/sessions/{session.pk}/", {f"attended-{registration.pk}": "yes"}
        ).status_code
        == 302
    )
    registration.refresh_from_db()
    assert registration.attended is True
    assert registration.hours == Decimal("3.0")
    assert services.hours_by_member([member])[member.pk] == Decimal("3.0")


def test_attendance_cannot_be_recorded_before_the_session(cast):
    session = _session(cast, days=3)
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            actor=cast.rotterdam.local_coordinator, session=session, attended={}
        )
    assert refused.value.code == "not_started"


def test_another_citys_coordinator_cannot_record_attendance(cast):
    from django.core.exceptions import PermissionDenied

    session = _session(cast, days=-1)
    with pytest.raises(PermissionDenied):
        services.record_attendance(
            actor=cast.den_haag.local_coordinator, session=session, attended={}
        )


def test_a_group_is_trained_when_every_member_attended_the_required_module(cast):
    group = cast.rotterdam.groups["approved"]
    assert requirements.training(group)
    session = _session(cast, days=-2, capacity=10)
    for member in group.members.all():
        Registration.objects.create(
            session=session, member=member, attended=True, hours=Decimal("3")
        )
    assert requirements.training(group) == []


def test_the_trained_threshold_is_configurable(cast):
    from samenhier.network.models import Programme

    group = cast.rotterdam.groups["approved"]
    session = _session(cast, days=-2, capacity=10)
    first = group.members.first()
    Registration.objects.create(session=session, member=first, attended=True, hours=Decimal("3"))
    Programme.objects.update_or_create(pk=1, defaults={"trained_members_required": 1})
    assert requirements.training(group) == []


def test_a_coordinator_plans_a_session_for_their_city_only(cast, login):
    client = login(cast.rotterdam.local_coordinator)
    start = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    end = (timezone.localtime() + timedelta(days=10, hours=2)).strftime("%Y-%m-%dT%H:%M")
    module = Module.objects.get(kind="intercultural")
    data = {
        "module": module.pk,
        "starts_at": start,
        "ends_at": end,
        "place": "Wijkcentrum",
        "capacity": 12,
    }
    assert (
        client.post("/training/sessions/new/", {**data, "city": cast.rotterdam.city.pk}).status_code
        == 302
    )
    response = client.post("/training/sessions/new/", {**data, "city": cast.den_haag.city.pk})
    assert response.status_code == 200
    assert TrainingSession.objects.filter(module=module).count() == 1


def test_a_session_ending_before_it_starts_is_refused(cast, login):
    client = login(cast.rotterdam.local_coordinator)
    start = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "module": Module.objects.get(kind="start").pk,
        "city": cast.rotterdam.city.pk,
        "starts_at": start,
        "ends_at": start,
        "place": "X",
        "capacity": 5,
    }
    response = client.post("/training/sessions/new/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert "A session ends after it starts." in response.content.decode()


def test_other_participants_do_not_see_who_registered(cast, login):
    session = _session(cast, days=-1)
    other = cast.rotterdam.groups["approved"].members.first()
    Registration.objects.create(session=session, member=other)
    response = login(cast.rotterdam.group_member).get(f"/training/sessions/{session.pk}/")
    assert other.full_name not in response.content.decode()


def test_the_trainer_list_names_only_staff_of_the_planners_city(cast, login):
    response = login(cast.rotterdam.local_coordinator).get("/training/sessions/new/")
    trainers = set(response.context["form"].fields["trainer"].queryset)
    assert cast.rotterdam.community_builder in trainers
    assert cast.national_coordinator in trainers
    assert cast.den_haag.local_coordinator not in trainers
    assert cast.den_haag.community_builder not in trainers
