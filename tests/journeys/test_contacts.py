"""The contact log: the group records its contacts, its builder and coordinators read them."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.accounts.services import grant_role
from samenhier.groups.models import Member
from samenhier.journeys import contacts
from samenhier.journeys.models import ContactEntry, Journey

pytestmark = pytest.mark.django_db


def second_member(journey: Journey, email: str = "sanne@example.org") -> User:
    user = User.objects.create_user(email, "pw-unused-123", full_name="Sanne de Wit")
    Member.objects.create(
        group=journey.group,
        user=user,
        full_name="Sanne de Wit",
        email=email,
        phone="0612345678",
        street="Straat 1",
        postcode="3061AA",
        town="Rotterdam",
        confirmed_at=timezone.now(),
    )
    grant_role(user=user, role=Role.GROUP_MEMBER, group=journey.group)
    return user


def entry(journey: Journey, by: User, days_ago: int = 0, **fields) -> ContactEntry:
    return ContactEntry.objects.create(
        journey=journey,
        occurred_on=timezone.localdate() - timedelta(days=days_ago),
        kind=fields.pop("kind", "visit"),
        recorded_by=by,
        **fields,
    )


def _form_data(**overrides):
    data = {
        "occurred_on": timezone.localdate().isoformat(),
        "kind": "visit",
        "minutes": "60",
        "note": "Went to the market together.",
    }
    data.update(overrides)
    return data


# --- recording -----------------------------------------------------------------------------


def test_a_group_member_records_a_contact_with_who_took_part(cast, journey, login):
    member = cast.rotterdam.group_member
    sanne = second_member(journey)
    client = login(member)

    response = client.post(
        reverse("journeys:contact_new", args=[journey.pk]),
        _form_data(participants=[member.pk, sanne.pk]),
    )

    assert response.status_code == 302
    saved = journey.contacts.get()
    assert saved.recorded_by == member
    assert set(saved.participants.all()) == {member, sanne}
    assert saved.minutes == 60
    assert saved.note == "Went to the market together."


def test_the_form_offers_the_groups_members_with_an_account_and_preselects_the_recorder(
    cast, journey, login
):
    sanne = second_member(journey)
    response = login(cast.rotterdam.group_member).get(
        reverse("journeys:contact_new", args=[journey.pk])
    )
    form = response.context["form"]
    offered = set(form.fields["participants"].queryset)
    assert offered == {cast.rotterdam.group_member, sanne}
    assert form.initial["participants"] == [cast.rotterdam.group_member.pk]
    html = response.content.decode()
    assert re.search(rf'value="{cast.rotterdam.group_member.pk}"[^>]*checked', html)
    # The reminder not to write down sensitive matters is on the page.
    assert "health" in html.lower()


def test_the_note_is_stored_encrypted(cast, journey):
    saved = contacts.record_contact(
        actor=cast.rotterdam.group_member,
        journey=journey,
        occurred_on=timezone.localdate(),
        kind="call",
        note="Talked about the weekend.",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM journeys_contactentry WHERE id = %s", [saved.pk])
        (raw,) = cursor.fetchone()
    assert "weekend" not in str(raw)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("occurred_on", {"occurred_on": "2999-01-01"}),
        ("occurred_on", {"occurred_on": "2000-01-01"}),
        ("occurred_on", {"occurred_on": "not a date"}),
        ("minutes", {"minutes": "0"}),
        ("minutes", {"minutes": "1441"}),
        ("kind", {"kind": "telepathy"}),
        ("note", {"note": "x" * 501}),
    ],
)
def test_bad_input_is_told_next_to_the_field(cast, journey, login, field, overrides):
    response = login(cast.rotterdam.group_member).post(
        reverse("journeys:contact_new", args=[journey.pk]), _form_data(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not journey.contacts.exists()


def test_someone_outside_the_group_cannot_be_named_as_taking_part(cast, journey, login):
    response = login(cast.rotterdam.group_member).post(
        reverse("journeys:contact_new", args=[journey.pk]),
        _form_data(participants=[cast.den_haag.group_member.pk]),
    )
    assert "participants" in response.context["form"].errors


def test_the_service_refuses_bad_dates_and_people_outside_the_group(cast, journey):
    member = cast.rotterdam.group_member
    with pytest.raises(ValidationError) as error:
        contacts.record_contact(
            actor=member,
            journey=journey,
            occurred_on=timezone.localdate() + timedelta(days=1),
            kind="visit",
            minutes=0,
            participants=[cast.rotterdam.community_builder],
        )
    assert set(error.value.message_dict) == {"occurred_on", "minutes", "participants"}


def test_only_the_group_records_contacts(cast, journey):
    for person in (cast.rotterdam.community_builder, cast.rotterdam.local_coordinator):
        with pytest.raises(PermissionDenied):
            contacts.record_contact(
                actor=person, journey=journey, occurred_on=timezone.localdate(), kind="visit"
            )


# --- correcting and removing ------------------------------------------------------------------


def test_a_member_corrects_their_own_contact(cast, journey, login):
    own = entry(journey, cast.rotterdam.group_member, days_ago=2)
    response = login(cast.rotterdam.group_member).post(
        reverse("journeys:contact_edit", args=[journey.pk, own.pk]),
        _form_data(kind="activity", minutes="", note=""),
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.kind == "activity"
    assert own.minutes is None


def test_a_member_cannot_correct_or_remove_anothers_contact(cast, journey, login):
    sanne = second_member(journey)
    theirs = entry(journey, sanne)
    client = login(cast.rotterdam.group_member)
    assert (
        client.get(reverse("journeys:contact_edit", args=[journey.pk, theirs.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("journeys:contact_delete", args=[journey.pk, theirs.pk])).status_code
        == 403
    )
    assert ContactEntry.objects.filter(pk=theirs.pk).exists()


def test_removing_asks_first_and_then_removes(cast, journey, login):
    own = entry(journey, cast.rotterdam.group_member)
    client = login(cast.rotterdam.group_member)
    url = reverse("journeys:contact_delete", args=[journey.pk, own.pk])

    asked = client.get(url)
    assert asked.status_code == 200
    assert ContactEntry.objects.filter(pk=own.pk).exists()

    assert client.post(url).status_code == 302
    assert not ContactEntry.objects.filter(pk=own.pk).exists()


def test_a_contact_of_another_journey_is_not_found_through_this_one(
    cast, journey, den_haag_journey, login
):
    elsewhere = entry(den_haag_journey, cast.den_haag.group_member)
    response = login(cast.rotterdam.group_member).get(
        reverse("journeys:contact_edit", args=[journey.pk, elsewhere.pk])
    )
    assert response.status_code == 404


# --- reading -------------------------------------------------------------------------------


def test_the_builder_reads_the_log_but_records_nothing(cast, journey, login):
    entry(journey, cast.rotterdam.group_member, note="Coffee at the library.")
    client = login(cast.rotterdam.community_builder)
    response = client.get(reverse("journeys:contacts", args=[journey.pk]))
    assert response.status_code == 200
    assert "Coffee at the library." in response.content.decode()
    assert not response.context["may_record"]
    assert client.get(reverse("journeys:contact_new", args=[journey.pk])).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("municipality_officer", 403),
        ("social_support_worker", 403),
        ("newcomer", 403),
    ],
)
def test_others_in_the_journey_cannot_read_the_log(cast, journey, login, who, status):
    client = login(getattr(cast.rotterdam, who))
    for name in ("journeys:contacts", "journeys:contact_chart", "journeys:contact_chart_svg"):
        assert client.get(reverse(name, args=[journey.pk])).status_code == status


def test_people_outside_the_journey_get_not_found(cast, journey, login):
    for person in (
        cast.den_haag.group_member,
        cast.den_haag.municipality_officer,
        cast.group_contact,
    ):
        client = login(person)
        assert client.get(reverse("journeys:contacts", args=[journey.pk])).status_code == 404


def test_after_the_newcomer_stopped_the_group_and_newcomer_see_nothing(cast, stopped, login):
    for person in (cast.rotterdam.newcomer, cast.rotterdam.group_member):
        client = login(person)
        assert client.get(reverse("journeys:contacts", args=[stopped.pk])).status_code == 404
        assert client.get(reverse("journeys:contact_new", args=[stopped.pk])).status_code == 404
    # The coordinator keeps reading it, but nobody records in a closed journey.
    client = login(cast.rotterdam.local_coordinator)
    assert client.get(reverse("journeys:contacts", args=[stopped.pk])).status_code == 200


def test_the_list_filters_by_kind_and_period(cast, journey, login):
    member = cast.rotterdam.group_member
    entry(journey, member, days_ago=1, kind="visit")
    entry(journey, member, days_ago=2, kind="call")
    entry(journey, member, days_ago=40, kind="call")
    client = login(member)
    url = reverse("journeys:contacts", args=[journey.pk])

    calls = client.get(url, {"kind": "call"}).context["listing"].page.paginator.count
    recent = client.get(url, {"period": "4w"}).context["listing"].page.paginator.count
    nonsense = client.get(url, {"kind": "x", "period": "y", "page": "zz", "sort": "-drop"})

    assert (calls, recent) == (2, 2)
    assert nonsense.status_code == 200


def test_the_list_costs_the_same_queries_for_few_and_many_contacts(cast, journey, login):
    member = cast.rotterdam.group_member
    sanne = second_member(journey)
    client = login(member)
    url = reverse("journeys:contacts", args=[journey.pk])

    def grow(n):
        for i in range(n):
            e = entry(journey, member, days_ago=i % 30, note=f"note {i}")
            e.participants.set([member, sanne])

    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


# --- the chart -------------------------------------------------------------------------------


def test_the_chart_is_an_accessible_svg_and_its_table_holds_the_same_numbers(cast, journey, login):
    member = cast.rotterdam.group_member
    Journey.objects.filter(pk=journey.pk).update(arrival_at=timezone.now() - timedelta(days=20))
    for days_ago in (0, 1, 8, 15, 15, 19):
        entry(journey, member, days_ago=days_ago)
    journey.refresh_from_db()
    client = login(member)

    svg = client.get(reverse("journeys:contact_chart_svg", args=[journey.pk]))
    page = client.get(reverse("journeys:contact_chart", args=[journey.pk]))

    assert svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert body.startswith("<svg")
    assert 'role="img"' in body
    assert "<title" in body
    weeks = contacts.weekly_counts(
        journey, journey.contacts.values_list("occurred_on", flat=True), timezone.localdate()
    )
    begun = [w for w in weeks if not w.future]
    assert [w.count for w in begun] == [w.count for w in page.context["weeks"] if not w.future]
    assert sum(w.count for w in begun) == 6
    # A bar for every week that began, and the table says the same numbers.
    for week in begun:
        assert f'id="contacts-week-{week.index}"' in body
    html = page.content.decode()
    rows = re.findall(
        r'<th class="utrecht-table__header-cell" scope="row">(\d+)</th>\s*'
        r'<td class="utrecht-table__cell">[^<]*</td>\s*'
        r'<td class="utrecht-table__cell">(\d+)',
        html,
    )
    assert [(int(i), int(n)) for i, n in rows] == [(w.index, w.count) for w in begun]
    assert f'src="{reverse("journeys:contact_chart_svg", args=[journey.pk])}"' in html
    # The chart's description in words carries the same counts.
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", body).group(1)
    assert desc == contacts.chart_description(weeks)


def test_the_svg_may_use_its_own_styles_but_nothing_else(cast, journey, login):
    response = login(cast.rotterdam.group_member).get(
        reverse("journeys:contact_chart_svg", args=[journey.pk])
    )
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script" not in policy


# --- the card --------------------------------------------------------------------------------


def test_the_card_tells_the_last_contact_and_warns_of_a_silence(cast, journey, login):
    Journey.objects.filter(pk=journey.pk).update(arrival_at=timezone.now() - timedelta(days=60))
    entry(journey, cast.rotterdam.group_member, days_ago=20)
    response = login(cast.rotterdam.community_builder).get(
        reverse("journeys:detail", args=[journey.pk])
    )
    data = response.context["cards"]["contacts"]
    assert data["last"] == timezone.localdate() - timedelta(days=20)
    assert data["recent"] == 1
    assert data["expected"] == 12
    assert data["silent"]
    assert 'id="card-contacts"' in response.content.decode()


def test_the_card_is_empty_for_those_who_may_not_read_the_log(cast, journey, login):
    response = login(cast.rotterdam.municipality_officer).get(
        reverse("journeys:detail", args=[journey.pk])
    )
    assert response.context["cards"]["contacts"] == {}
    assert 'id="card-contacts"' not in response.content.decode()


def test_the_card_costs_the_same_queries_for_few_and_many_contacts(cast, journey):
    from samenhier.journeys import policies
    from samenhier.journeys.views.contacts import card

    member = cast.rotterdam.group_member
    standing = policies.standing(member, journey)
    entry(journey, member)
    card(journey, standing)  # the programme's settings exist from then on
    with CaptureQueriesContext(connection) as few:
        card(journey, standing)
    for i in range(30):
        entry(journey, member, days_ago=i)
    with CaptureQueriesContext(connection) as many:
        card(journey, standing)
    assert len(many) == len(few)


def test_reading_the_contact_log_is_written_in_the_access_log(cast, journey, login):
    from samenhier.audit.models import AccessLog

    login(cast.rotterdam.community_builder).get(f"/journeys/{journey.pk}/contacts/")

    entry = AccessLog.objects.filter(object_type="journeys.journey").latest("pk")
    assert entry.user == cast.rotterdam.community_builder
    assert entry.object_id == str(journey.pk)
    assert entry.purpose == AccessLog.Purpose.SUPPORT
