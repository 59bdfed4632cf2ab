import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from samenhier.accounts.models import RoleAssignment
from samenhier.groups.models import Group, Member, ReminderLog
from samenhier.groups.reminders import send_reminders

pytestmark = pytest.mark.django_db


def test_the_members_page_shows_the_checklist_trainings_and_members(cast, login):
    group = cast.rotterdam.group
    response = login(cast.rotterdam.group_member).get(
        f"/groups/{group.pk}/mine/", HTTP_ACCEPT_LANGUAGE="en"
    )
    text = response.content.decode()
    assert "Where you stand" in text
    for member in group.members.all():
        assert member.full_name in text
    assert "hours of training" in text


def test_a_member_edits_their_own_details_and_the_address_is_looked_up_again(
    cast, login, django_capture_on_commit_callbacks
):
    group = cast.rotterdam.group
    client = login(cast.rotterdam.group_member)
    data = {
        "full_name": "Pieter Jansen",
        "phone": "06 11112222",
        "street": "Goudsesingel 50",
        "postcode": "3011kd",
        "town": "Rotterdam",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/groups/{group.pk}/mine/details/", data).status_code == 302
    member = Member.objects.get(group=group, user=cast.rotterdam.group_member)
    assert member.postcode == "3011 KD"
    assert member.location_source == "geocoder"
    assert member.latitude == Decimal("51.924")


def test_a_member_cannot_edit_someone_elses_details(cast, login):
    other_group = cast.den_haag.group
    response = login(cast.rotterdam.group_member).post(
        f"/groups/{other_group.pk}/mine/details/", {}
    )
    assert response.status_code == 404


def test_leaving_ends_the_role_at_once_and_tells_the_coordinator(
    cast, login, mailoutbox, django_capture_on_commit_callbacks
):
    group = cast.rotterdam.group
    client = login(cast.rotterdam.group_member)
    assert client.get(f"/groups/{group.pk}/mine/leave/").status_code == 200  # asks first
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/groups/{group.pk}/mine/leave/").status_code == 302
    assert (
        not RoleAssignment.objects.active()
        .filter(user=cast.rotterdam.group_member, group=group)
        .exists()
    )
    assert client.get(f"/groups/{group.pk}/mine/").status_code == 404
    assert [m.to for m in mailoutbox] == [[cast.rotterdam.local_coordinator.email]]


def test_the_coordinator_sets_a_location_by_hand_rounded(cast, login):
    group = cast.rotterdam.groups["vetting"]
    member = group.members.first()
    client = login(cast.rotterdam.local_coordinator)
    response = client.post(
        f"/groups/{group.pk}/members/{member.pk}/location/",
        {"latitude": "51.923456", "longitude": "4.471234"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.latitude, member.longitude, member.location_source) == (
        Decimal("51.923"),
        Decimal("4.471"),
        "manual",
    )


def test_coordinates_out_of_range_are_refused(cast, login):
    group = cast.rotterdam.groups["vetting"]
    member = group.members.first()
    response = login(cast.rotterdam.local_coordinator).post(
        f"/groups/{group.pk}/members/{member.pk}/location/", {"latitude": "123", "longitude": "4"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["latitude"]


def _export(client, fmt="csv", query=""):
    return client.get(f"/groups/export.{fmt}{query}")


def test_the_export_has_only_the_visible_groups_and_neutralises_formulas(cast, login):
    group = cast.rotterdam.groups["registered"]
    group.name = '=HYPERLINK("http://evil.example")'
    group.save()
    response = _export(login(cast.rotterdam.local_coordinator))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert cast.den_haag.group.name not in names
    assert len(rows) == 1 + Group.objects.filter(city=cast.rotterdam.city).count()


def test_the_xlsx_export_opens_and_has_no_formulas(cast, login):
    from openpyxl import load_workbook

    group = cast.rotterdam.groups["registered"]
    group.name = "=1+1"
    group.save()
    response = _export(login(cast.national_coordinator), "xlsx", f"?city={cast.rotterdam.city.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=1+1" in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_reminders_go_once_a_week_with_links_to_the_action(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    group = cast.rotterdam.groups["vetting"]
    group.stage_changed_at = timezone.now() - timedelta(days=10)
    group.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    unsigned = group.members.exclude(is_contact=True)
    reminded = sorted(m.to[0] for m in mailoutbox if group.name in m.subject)
    assert reminded == sorted(unsigned.values_list("email", flat=True))
    body = next(m.body for m in mailoutbox if m.to[0] == unsigned.first().email)
    assert f"/groups/{group.pk}/declaration/" in body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=timezone.now() + timedelta(days=3))
    assert mailoutbox == []  # not again within the week
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=timezone.now() + timedelta(days=8))
    assert len([m for m in mailoutbox if group.name in m.subject]) == unsigned.count()
    assert ReminderLog.objects.count() >= 2 * unsigned.count()


def test_no_reminder_before_the_group_waited_long_enough(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    group = cast.rotterdam.groups["vetting"]
    group.stage_changed_at = timezone.now() - timedelta(days=2)
    group.save()
    from samenhier.groups.models import Group

    Group.objects.exclude(pk=group.pk).update(stage_changed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 0
