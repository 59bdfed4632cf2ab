import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenhier.network.models import City, Organisation

pytestmark = pytest.mark.django_db

CITIES = "/network/cities/"


def test_national_coordinator_lists_searches_and_sorts_cities(cast, login):
    client = login(cast.national_coordinator)
    text = client.get(CITIES).content.decode()
    assert "Rotterdam" in text
    assert "Den Haag" in text
    text = client.get(CITIES + "?q=rotter").content.decode()
    assert "Rotterdam" in text
    assert "Den Haag" not in text
    names = [c.name for c in client.get(CITIES + "?sort=-name").context["listing"].rows]
    assert names == ["Rotterdam", "Den Haag"]


def test_city_list_filters_by_group_kind(cast, login):
    response = login(cast.national_coordinator).get(CITIES + "?kind=welcome")
    assert [c.name for c in response.context["listing"].rows] == ["Den Haag"]


@pytest.mark.parametrize(
    "person",
    ["local_coordinator", "municipality_officer", "community_builder", "group_member", "newcomer"],
)
def test_only_the_national_coordinator_manages_cities(cast, login, person):
    client = login(getattr(cast.rotterdam, person))
    assert client.get(CITIES).status_code == 403
    assert client.get("/network/cities/new/").status_code == 403
    assert client.get("/network/cities/rotterdam/edit/").status_code == 403


def test_a_local_coordinator_sees_their_own_city_but_not_another(cast, login):
    client = login(cast.rotterdam.local_coordinator)
    assert client.get("/network/cities/rotterdam/").status_code == 200
    assert client.get("/network/cities/den-haag/").status_code == 404


def test_the_city_list_keeps_a_constant_number_of_queries(cast, login):
    client = login(cast.national_coordinator)
    client.get(CITIES)  # warm up the session and translations
    with CaptureQueriesContext(connection) as few:
        client.get(CITIES)
    City.objects.bulk_create(
        City(name=f"Stad {i}", slug=f"stad-{i}", runs_sponsor_groups=True) for i in range(40)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(CITIES)
    assert len(response.context["listing"].rows) == 25
    assert len(many) == len(few)


def test_the_national_coordinator_adds_and_edits_a_city(cast, login):
    client = login(cast.national_coordinator)
    response = client.post(
        "/network/cities/new/",
        {"name": "Groningen", "slug": "groningen", "runs_sponsor_groups": "on", "active": "on"},
    )
    assert response.status_code == 302
    city = City.objects.get(slug="groningen")
    response = client.post(
        "/network/cities/groningen/edit/",
        {
            "name": "Groningen",
            "slug": "groningen",
            "runs_welcome_groups": "on",
            "active": "on",
            "version": city.version,
        },
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.runs_welcome_groups
    assert not city.runs_sponsor_groups
    assert city.version == 2


def test_a_city_must_run_at_least_one_group_kind(cast, login):
    client = login(cast.national_coordinator)
    response = client.post(
        "/network/cities/new/", {"name": "Leeg", "slug": "leeg"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "A city runs at least one kind of group." in response.content.decode()
    assert not City.objects.filter(slug="leeg").exists()


def test_a_concurrent_edit_is_detected_not_overwritten(cast, login):
    client = login(cast.national_coordinator)
    city = cast.den_haag.city
    base = {"name": "Den Haag", "slug": "den-haag", "runs_welcome_groups": "on", "active": "on"}
    # Two coordinators opened the form at version 1; the first saves.
    assert client.post("/network/cities/den-haag/edit/", {**base, "version": 1}).status_code == 302
    # The second saves their older copy: refused with a clear message, nothing overwritten.
    response = client.post(
        "/network/cities/den-haag/edit/",
        {**base, "name": "Den Haag (oud)", "version": 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Someone else changed this in the meantime" in response.content.decode()
    city.refresh_from_db()
    assert city.name == "Den Haag"


def test_a_duplicate_slug_is_a_form_error_not_a_crash(cast, login):
    response = login(cast.national_coordinator).post(
        "/network/cities/new/",
        {"name": "Rotterdam 2", "slug": "rotterdam", "runs_sponsor_groups": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]


def test_organisations_are_listed_filtered_and_edited_by_the_national_coordinator(cast, login):
    client = login(cast.national_coordinator)
    response = client.get("/network/organisations/?kind=municipality")
    assert {o.name for o in response.context["listing"].rows} == {
        "Gemeente Rotterdam",
        "Gemeente Den Haag",
    }
    org = Organisation.objects.get(name="COA")
    response = client.post(
        f"/network/organisations/{org.pk}/edit/",
        {"name": "COA", "kind": "reception", "email": "info@coa.example", "version": org.version},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.email == "info@coa.example"


def test_a_local_coordinator_cannot_edit_organisations(cast, login):
    org = Organisation.objects.get(name="Gemeente Rotterdam")
    client = login(cast.rotterdam.local_coordinator)
    assert client.get("/network/organisations/").status_code == 403
    assert (
        client.post(
            f"/network/organisations/{org.pk}/edit/", {"name": "X", "kind": "other"}
        ).status_code
        == 403
    )
    org.refresh_from_db()
    assert org.name == "Gemeente Rotterdam"


def test_contact_person_choices_are_only_people_with_that_role_in_the_city(cast, login):
    form = login(cast.national_coordinator).get("/network/cities/rotterdam/edit/").context["form"]
    assert list(form.fields["local_contact"].queryset) == [cast.rotterdam.local_coordinator]
    assert list(form.fields["municipality_contact"].queryset) == [
        cast.rotterdam.municipality_officer
    ]


def test_the_national_coordinator_tunes_the_programme(cast, login):
    from samenhier.network.models import Programme

    client = login(cast.national_coordinator)
    programme = Programme.current()
    data = {
        "group_min_members": 3,
        "group_max_members": 6,
        "stuck_after_days": 21,
        "confirmation_valid_days": 10,
        "vog_valid_months": 6,
        "reminder_after_days": 5,
        "trained_members_required": "",
        "escalate_assignee_after_days": 1,
        "escalate_builder_after_days": 4,
        "escalate_coordinator_after_days": 10,
        "silence_alert_days": 14,
        "intensive_weeks": 12,
        "intensive_contacts_per_week": 3,
        "contacts_per_week": 1,
        "evaluation_months": "1, 3,6,12",
        "evaluation_open_days": 7,
        "evaluation_remind_days": 7,
        "report_min_count": 5,
        "version": programme.version,
    }
    assert client.post("/network/programme/", data).status_code == 302
    assert Programme.current().group_max_members == 6
    response = client.post(
        "/network/programme/", {**data, "group_min_members": 7, "version": programme.version + 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["group_max_members"]
    assert Programme.current().group_min_members == 3
    # Escalation climbs: each step must come after the one before.
    response = client.post(
        "/network/programme/",
        {**data, "escalate_builder_after_days": 12, "version": programme.version + 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["escalate_coordinator_after_days"]


def _programme_form(programme):
    """The programme settings form as it is filled in now."""
    return {
        f.name: getattr(programme, f.name)
        for f in programme._meta.fields
        if f.name not in ("id", "version", "trained_members_required")
    }


def test_evaluation_moments_must_be_whole_months(cast, login):
    from samenhier.network.models import Programme, parse_months

    programme = Programme.current()
    form_data = _programme_form(programme)
    response = login(cast.national_coordinator).post(
        "/network/programme/",
        {
            **form_data,
            "trained_members_required": "",
            "evaluation_months": "1,three",
            "version": programme.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evaluation_months"]
    assert Programme.current().moments == [1, 3, 6, 12]
    assert parse_months(" 12,1, 6,1") == [1, 6, 12]


def test_a_report_threshold_below_three_is_refused(cast, login):
    # "Fewer than 2" could only mean exactly 1: the small count would be shown after all.
    from samenhier.network.models import Programme

    programme = Programme.current()
    form_data = _programme_form(programme)
    response = login(cast.national_coordinator).post(
        "/network/programme/",
        {
            **form_data,
            "trained_members_required": "",
            "report_min_count": 2,
            "version": programme.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["report_min_count"]
    assert Programme.current().report_min_count == 5
