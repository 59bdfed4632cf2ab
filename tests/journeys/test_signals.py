"""Signals: raised by the group, routed to the responsible party, followed up, counted."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenhier.accounts.models import User
from samenhier.journeys import signalling
from samenhier.journeys.models import ContactPerson, Journey, Signal, TaskDivision
from samenhier.journeys.parties import Party, SignalStatus
from samenhier.network.services import StaleEdit

pytestmark = pytest.mark.django_db


def _raise(cast, journey, topic="letters", capture=None, by=None):
    kwargs = {
        "actor": by or cast.rotterdam.group_member,
        "journey": journey,
        "topic": topic,
        "description": "Three letters from the tax office nobody can explain.",
    }
    if capture is None:
        return signalling.raise_signal(**kwargs)
    with capture(execute=True):
        return signalling.raise_signal(**kwargs)


def _signal(journey, party="municipality", topic="letters", **fields) -> Signal:
    return Signal.objects.create(
        journey=journey, topic=topic, description="A problem.", party=party, **fields
    )


# --- routing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic", "party"),
    [
        ("letters", Party.MUNICIPALITY),
        ("finances", Party.MUNICIPALITY),
        ("housing", Party.MUNICIPALITY),
        ("care", Party.SOCIAL_SUPPORT),
        ("discrimination", Party.LOCAL_PARTNER),
        ("other", Party.COMMUNITY_BUILDER),
    ],
)
def test_each_topic_has_a_default_party(topic, party):
    assert signalling.responsible_party(topic, {}) == party


def test_the_division_of_tasks_overrides_the_default_for_its_domain():
    cells = {
        "housing": {"group": "supports", "social_support": "responsible"},
        "income": {"local_partner": "responsible"},
        "health": {"municipality": "responsible"},
        "language": {"local_partner": "responsible"},
    }
    assert signalling.responsible_party("housing", cells) == Party.SOCIAL_SUPPORT
    assert signalling.responsible_party("finances", cells) == Party.LOCAL_PARTNER
    assert signalling.responsible_party("care", cells) == Party.MUNICIPALITY
    # Letters have no domain in the matrix: the default stands.
    assert signalling.responsible_party("letters", cells) == Party.MUNICIPALITY


def test_a_signal_never_goes_back_to_the_group_or_to_the_newcomer():
    cells = {"housing": {"group": "responsible", "newcomer": "responsible"}}
    assert signalling.responsible_party("housing", cells) == Party.MUNICIPALITY


def test_the_latest_division_of_tasks_routes(cast, journey):
    TaskDivision.objects.create(
        journey=journey, number=1, cells={"housing": {"local_partner": "responsible"}}
    )
    TaskDivision.objects.create(
        journey=journey, number=2, cells={"housing": {"social_support": "responsible"}}
    )
    signal = _raise(cast, journey, topic="housing")
    assert signal.party == Party.SOCIAL_SUPPORT


def test_without_a_contact_person_everyone_of_the_party_in_the_city_is_told(
    cast, journey, django_capture_on_commit_callbacks
):
    signal = _raise(cast, journey, capture=django_capture_on_commit_callbacks)
    assert signal.routed_to is None
    assert [m.to for m in mail.outbox] == [[cast.rotterdam.municipality_officer.email]]
    assert "RTM-001" in mail.outbox[0].subject
    # The mail says where to look, not what the problem is.
    assert "tax office" not in mail.outbox[0].body


def test_the_partys_contact_person_for_the_journey_gets_the_signal(
    cast, journey, django_capture_on_commit_callbacks
):
    officer = User.objects.create_user("wethouder@example.org", "pw-unused-1", full_name="Kees")
    ContactPerson.objects.create(journey=journey, party=Party.MUNICIPALITY, person=officer)

    signal = _raise(cast, journey, capture=django_capture_on_commit_callbacks)

    assert signal.routed_to == officer
    assert [m.to for m in mail.outbox] == [["wethouder@example.org"]]


def test_discrimination_goes_to_the_local_coordinators(
    cast, journey, django_capture_on_commit_callbacks
):
    _raise(cast, journey, topic="discrimination", capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[cast.rotterdam.local_coordinator.email]]


# --- raising --------------------------------------------------------------------------------


def test_a_member_raises_a_signal_through_the_page(cast, journey, login):
    client = login(cast.rotterdam.group_member)
    response = client.post(
        reverse("journeys:signal_new", args=[journey.pk]),
        {"topic": "finances", "description": "The advance has not arrived."},
    )
    signal = journey.signals.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("journeys:signal", args=[journey.pk, signal.pk])
    assert signal.raised_by == cast.rotterdam.group_member
    assert signal.party == Party.MUNICIPALITY
    assert signal.status == SignalStatus.OPEN


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"topic": "finances", "description": ""}, "description"),
        ({"topic": "finances", "description": "   "}, "description"),
        ({"topic": "weather", "description": "Rain."}, "topic"),
        ({"topic": "finances", "description": "x" * 4001}, "description"),
    ],
)
def test_bad_input_is_told_next_to_the_field(cast, journey, login, data, field):
    response = login(cast.rotterdam.group_member).post(
        reverse("journeys:signal_new", args=[journey.pk]), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not journey.signals.exists()


def test_the_service_refuses_an_empty_description_and_people_who_may_not_raise(cast, journey):
    with pytest.raises(ValidationError):
        signalling.raise_signal(
            actor=cast.rotterdam.group_member, journey=journey, topic="other", description=" "
        )
    for person in (cast.rotterdam.municipality_officer, cast.rotterdam.newcomer):
        with pytest.raises(PermissionDenied):
            _raise(cast, journey, by=person)


def test_the_community_builder_may_raise_a_signal_too(cast, journey):
    assert _raise(cast, journey, by=cast.rotterdam.community_builder).pk


# --- follow-up ------------------------------------------------------------------------------


def _follow(client, signal, status, answer="", version=None):
    return client.post(
        reverse("journeys:signal", args=[signal.journey_id, signal.pk]),
        {
            "status": status,
            "answer": answer,
            "version": signal.version if version is None else version,
        },
    )


def test_the_officer_follows_up_and_the_group_hears_the_answer(
    cast, journey, login, django_capture_on_commit_callbacks
):
    signal = _raise(cast, journey)
    client = login(cast.rotterdam.municipality_officer)

    assert _follow(client, signal, "in_progress").status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_PROGRESS
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = _follow(client, signal, "answered", "The advance is paid on Friday.")
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.ANSWERED
    assert signal.answered_by == cast.rotterdam.municipality_officer
    assert signal.answered_at is not None
    assert [m.to for m in mail.outbox] == [[cast.rotterdam.group_member.email]]
    assert "Friday" not in mail.outbox[0].body

    assert _follow(client, signal, "closed", signal.answer).status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED
    page = client.get(reverse("journeys:signal", args=[journey.pk, signal.pk]))
    assert page.context["form"] is None


def test_answering_needs_an_answer(cast, journey, login):
    signal = _raise(cast, journey)
    response = _follow(login(cast.rotterdam.municipality_officer), signal, "answered", "")
    assert response.status_code == 200
    assert "answer" in response.context["form"].errors
    signal.refresh_from_db()
    assert signal.status == SignalStatus.OPEN


def test_a_status_outside_the_flow_is_refused(cast, journey, login):
    signal = _raise(cast, journey)
    response = _follow(login(cast.rotterdam.municipality_officer), signal, "open")
    assert "status" in response.context["form"].errors
    closed = _signal(journey, status=SignalStatus.CLOSED)
    with pytest.raises(ValidationError):
        signalling.follow_up(
            actor=cast.rotterdam.local_coordinator,
            signal=closed,
            status="in_progress",
            answer="",
            version=closed.version,
        )


def test_an_edit_made_on_an_old_copy_is_refused(cast, journey, login):
    signal = _raise(cast, journey)
    client = login(cast.rotterdam.municipality_officer)
    stale = signal.version
    assert _follow(client, signal, "in_progress").status_code == 302

    response = _follow(client, signal, "answered", "Done.", version=stale)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_PROGRESS
    with pytest.raises(StaleEdit):
        signalling.follow_up(
            actor=cast.rotterdam.municipality_officer,
            signal=signal,
            status="answered",
            answer="Done.",
            version=stale,
        )


def test_only_the_routed_party_and_coordinators_answer(cast, journey, login):
    signal = _raise(cast, journey)  # to the municipality
    for person in (cast.rotterdam.group_member, cast.rotterdam.community_builder):
        client = login(person)
        page = client.get(reverse("journeys:signal", args=[journey.pk, signal.pk]))
        assert page.context["form"] is None
        assert _follow(client, signal, "in_progress").status_code == 403
    assert (
        _follow(login(cast.rotterdam.local_coordinator), signal, "in_progress").status_code == 302
    )


def test_the_routed_contact_person_answers_even_from_another_party(cast, journey):
    person = User.objects.create_user("sw@example.org", "pw-unused-1", full_name="Wim")
    signal = _signal(journey, routed_to=person)
    signalling.follow_up(
        actor=person, signal=signal, status="in_progress", answer="", version=signal.version
    )


# --- who sees what ----------------------------------------------------------------------------


def test_an_officer_sees_the_municipalitys_signals_and_not_the_others(cast, journey, login):
    letters = _signal(journey, party=Party.MUNICIPALITY)
    care = _signal(journey, party=Party.SOCIAL_SUPPORT, topic="care")
    client = login(cast.rotterdam.municipality_officer)

    listed = client.get(reverse("journeys:signals", args=[journey.pk])).context["listing"].rows

    assert listed == [letters]
    assert client.get(reverse("journeys:signal", args=[journey.pk, care.pk])).status_code == 404


def test_the_group_sees_every_signal_of_its_journey(cast, journey, login):
    _signal(journey, party=Party.MUNICIPALITY)
    _signal(journey, party=Party.SOCIAL_SUPPORT, topic="care")
    response = login(cast.rotterdam.group_member).get(
        reverse("journeys:signals", args=[journey.pk])
    )
    assert len(response.context["listing"].rows) == 2


def test_the_newcomer_sees_no_signals(cast, journey, login):
    signal = _signal(journey)
    client = login(cast.rotterdam.newcomer)
    assert client.get(reverse("journeys:signals", args=[journey.pk])).status_code == 403
    assert client.get(reverse("journeys:signal", args=[journey.pk, signal.pk])).status_code == 403
    detail = client.get(reverse("journeys:detail", args=[journey.pk]))
    assert detail.context["cards"]["signals"] == {}


def test_people_of_another_group_or_city_get_not_found(cast, journey, login):
    signal = _signal(journey)
    for person in (
        cast.group_contact,
        cast.den_haag.group_member,
        cast.den_haag.municipality_officer,
    ):
        client = login(person)
        assert client.get(reverse("journeys:signals", args=[journey.pk])).status_code == 404
        assert (
            client.get(reverse("journeys:signal", args=[journey.pk, signal.pk])).status_code == 404
        )


def test_a_signal_of_another_journey_is_not_found_through_this_one(
    cast, journey, den_haag_journey, login
):
    elsewhere = _signal(den_haag_journey)
    response = login(cast.national_coordinator).get(
        reverse("journeys:signal", args=[journey.pk, elsewhere.pk])
    )
    assert response.status_code == 404


def test_after_the_newcomer_stopped_the_group_sees_nothing_and_raises_nothing(cast, stopped, login):
    client = login(cast.rotterdam.group_member)
    assert client.get(reverse("journeys:signals", args=[stopped.pk])).status_code == 404
    assert client.get(reverse("journeys:signal_new", args=[stopped.pk])).status_code == 404
    assert (
        login(cast.rotterdam.newcomer)
        .get(reverse("journeys:signals", args=[stopped.pk]))
        .status_code
        == 404
    )


def test_the_card_counts_what_is_still_open(cast, journey, login):
    _signal(journey)
    _signal(journey, status=SignalStatus.ANSWERED)
    _signal(journey, party=Party.SOCIAL_SUPPORT, topic="care")
    group = login(cast.rotterdam.group_member).get(reverse("journeys:detail", args=[journey.pk]))
    officer = login(cast.rotterdam.municipality_officer).get(
        reverse("journeys:detail", args=[journey.pk])
    )
    assert group.context["cards"]["signals"]["open"] == 2
    assert group.context["cards"]["signals"]["total"] == 3
    assert officer.context["cards"]["signals"]["total"] == 2
    assert not officer.context["cards"]["signals"]["may_raise"]


def test_the_journeys_signal_list_costs_the_same_queries_for_few_and_many(cast, journey, login):
    client = login(cast.rotterdam.group_member)
    url = reverse("journeys:signals", args=[journey.pk])
    officer = User.objects.create_user("k@example.org", "pw-unused-1", full_name="Kees")

    def grow(n):
        for i in range(n):
            _signal(journey, routed_to=officer if i % 2 else None)

    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


# --- counts per city --------------------------------------------------------------------------


def test_a_local_coordinator_counts_only_their_citys_signals(
    cast, journey, den_haag_journey, login
):
    _signal(journey)
    _signal(journey, status=SignalStatus.CLOSED)
    _signal(journey, party=Party.SOCIAL_SUPPORT, topic="care")
    _signal(den_haag_journey)

    response = login(cast.rotterdam.local_coordinator).get(reverse("journeys:signal_counts"))

    table = response.context["table"]
    assert {row["city"] for row in table} == {cast.rotterdam.city}
    letters = next(row for row in table if row["topic"] == "Letters")
    assert letters["counts"] == [1, 0, 0, 1]
    assert letters["total"] == 2
    assert response.context["listing"].page.paginator.count == 3
    # The counts never show what a signal says.
    assert "A problem." not in response.content.decode()


def test_the_national_coordinator_counts_every_city_and_filters_the_list(
    cast, journey, den_haag_journey, login
):
    _signal(journey)
    _signal(den_haag_journey, status=SignalStatus.ANSWERED)
    client = login(cast.national_coordinator)
    url = reverse("journeys:signal_counts")

    everything = client.get(url)
    den_haag = client.get(url, {"city": cast.den_haag.city.pk})
    answered = client.get(url, {"status": "answered", "topic": "letters"})
    nonsense = client.get(url, {"city": "x", "status": "y", "topic": "z", "page": "9"})

    assert {row["city"] for row in everything.context["table"]} == {
        cast.rotterdam.city,
        cast.den_haag.city,
    }
    assert den_haag.context["listing"].page.paginator.count == 1
    assert answered.context["listing"].page.paginator.count == 1
    assert nonsense.status_code == 200


def test_a_local_coordinator_cannot_filter_on_another_city(cast, journey, den_haag_journey, login):
    _signal(den_haag_journey)
    response = login(cast.rotterdam.local_coordinator).get(
        reverse("journeys:signal_counts"), {"city": cast.den_haag.city.pk}
    )
    assert "city" in response.context["filters"].errors
    assert all(
        s.journey.household.city == cast.rotterdam.city for s in response.context["listing"].rows
    )


def test_the_counts_page_costs_the_same_queries_for_few_and_many(
    cast, journey, den_haag_journey, login
):
    client = login(cast.national_coordinator)
    url = reverse("journeys:signal_counts")

    def grow(n):
        for i in range(n):
            _signal(journey if i % 2 else den_haag_journey, topic=["letters", "care"][i % 2])

    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_open_journeys_only_take_new_signals(cast, stopped):
    with pytest.raises(PermissionDenied):
        signalling.raise_signal(
            actor=cast.rotterdam.community_builder,
            journey=Journey.objects.get(pk=stopped.pk),
            topic="other",
            description="Too late.",
        )


def test_the_description_and_the_answer_are_stored_encrypted(cast, journey):
    signal = _raise(cast, journey)
    signalling.follow_up(
        actor=cast.rotterdam.municipality_officer,
        signal=signal,
        status="answered",
        answer="Paid on Friday.",
        version=signal.version,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT description, answer FROM journeys_signal WHERE id = %s", [signal.pk])
        description, answer = cursor.fetchone()
    assert "tax office" not in str(description)
    assert "Friday" not in str(answer)
    signal.refresh_from_db()
    assert signal.answer == "Paid on Friday."
