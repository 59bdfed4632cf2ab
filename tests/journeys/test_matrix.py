"""The division of tasks: the rules of a complete matrix, its versions, and its pages as the
people who use them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenhier.journeys import matrix
from samenhier.journeys.models import TaskDivision
from samenhier.journeys.parties import MATRIX_PARTIES, Domain, MatrixRole
from samenhier.network.models import GroupKind

pytestmark = pytest.mark.django_db

RESPONSIBLE, SUPPORTS = MatrixRole.RESPONSIBLE.value, MatrixRole.SUPPORTS.value


def _complete() -> matrix.Cells:
    return {domain.value: {"municipality": RESPONSIBLE, "group": SUPPORTS} for domain in Domain}


def _post_data(cells: matrix.Cells, based_on: int, note: str = "") -> dict[str, str]:
    data = {"based_on": str(based_on), "note": note}
    for domain in Domain:
        for party in MATRIX_PARTIES:
            data[f"cell_{domain.value}_{party.value}"] = cells.get(domain.value, {}).get(
                party.value, ""
            )
    return data


# --- the rules ------------------------------------------------------------------------------


def test_a_matrix_with_one_responsible_party_per_domain_is_complete():
    assert matrix.is_complete(_complete())
    assert matrix.missing(_complete()) == []


def test_a_domain_without_a_responsible_party_is_missing():
    cells = _complete()
    cells["health"] = {"group": SUPPORTS}
    assert not matrix.is_complete(cells)
    assert matrix.missing(cells) == [Domain.HEALTH]


def test_a_domain_with_two_responsible_parties_is_missing_too():
    cells = _complete()
    cells["housing"]["group"] = RESPONSIBLE
    assert matrix.missing(cells) == [Domain.HOUSING]


def test_an_empty_matrix_misses_every_domain():
    assert matrix.missing({}) == list(Domain)


@pytest.mark.parametrize("kind", [GroupKind.SPONSOR, GroupKind.WELCOME])
def test_the_programme_templates_are_complete(kind):
    assert matrix.is_complete(matrix.TEMPLATES[kind])
    assert matrix.normalise(matrix.TEMPLATES[kind]) == matrix.TEMPLATES[kind]


def test_the_sponsor_template_puts_housing_and_income_with_the_municipality():
    template = matrix.TEMPLATES[GroupKind.SPONSOR]
    assert template["housing"]["municipality"] == RESPONSIBLE
    assert template["income"]["municipality"] == RESPONSIBLE
    assert template["social"]["group"] == SUPPORTS


def test_normalising_drops_unknown_domains_parties_and_roles():
    cells = {
        "housing": {"municipality": RESPONSIBLE, "mayor": RESPONSIBLE, "group": "boss"},
        "weather": {"group": SUPPORTS},
    }
    assert matrix.normalise(cells) == {"housing": {"municipality": RESPONSIBLE}}
    assert matrix.normalise("not a matrix") == {}


def test_changes_name_every_cell_that_differs():
    old = _complete()
    new = _complete()
    new["housing"]["group"] = RESPONSIBLE
    new["housing"]["municipality"] = SUPPORTS
    del new["social"]["group"]
    changed = {(c.domain, c.party, c.before, c.after) for c in matrix.changes(old, new)}
    assert changed == {
        (Domain.HOUSING, "group", SUPPORTS, RESPONSIBLE),
        (Domain.HOUSING, "municipality", RESPONSIBLE, SUPPORTS),
        (Domain.SOCIAL, "group", SUPPORTS, ""),
    }
    assert matrix.changes(old, old) == []


# --- saving versions ------------------------------------------------------------------------


def test_there_is_no_division_until_one_is_saved(journey):
    assert matrix.current_division(journey) is None


def test_every_save_is_a_new_version_numbered_one_up(cast, journey):
    coordinator, member = cast.rotterdam.local_coordinator, cast.rotterdam.group_member
    first = matrix.save_division(
        actor=coordinator, journey=journey, cells=matrix.template_for(journey), based_on=0
    )
    cells = matrix.template_for(journey)
    cells["social"]["group"] = RESPONSIBLE
    cells["social"]["local_partner"] = SUPPORTS
    second = matrix.save_division(
        actor=member, journey=journey, cells=cells, based_on=1, note="The group leads."
    )
    assert (first.number, second.number) == (1, 2)
    assert second.created_by == member
    assert second.note == "The group leads."
    assert matrix.current_division(journey) == second
    assert matrix.is_complete(matrix.current_division(journey).cells)


def test_saving_over_a_newer_version_is_refused(cast, journey):
    coordinator, member = cast.rotterdam.local_coordinator, cast.rotterdam.group_member
    matrix.save_division(
        actor=coordinator, journey=journey, cells=matrix.template_for(journey), based_on=0
    )
    with pytest.raises(ValidationError) as refused:
        matrix.save_division(actor=member, journey=journey, cells=_complete(), based_on=0)
    assert refused.value.code == "stale"
    assert journey.divisions.count() == 1


def test_saving_the_same_matrix_again_makes_no_version(cast, journey):
    coordinator = cast.rotterdam.local_coordinator
    matrix.save_division(actor=coordinator, journey=journey, cells=_complete(), based_on=0)
    with pytest.raises(ValidationError):
        matrix.save_division(actor=coordinator, journey=journey, cells=_complete(), based_on=1)
    assert journey.divisions.count() == 1


def test_two_responsible_parties_are_refused(cast, journey):
    cells = _complete()
    cells["housing"]["group"] = RESPONSIBLE
    with pytest.raises(ValidationError):
        matrix.save_division(
            actor=cast.rotterdam.group_member, journey=journey, cells=cells, based_on=0
        )


def test_the_municipality_officer_cannot_change_the_division(cast, journey):
    with pytest.raises(PermissionDenied):
        matrix.save_division(
            actor=cast.rotterdam.municipality_officer,
            journey=journey,
            cells=_complete(),
            based_on=0,
        )


def test_nobody_changes_the_division_after_the_newcomer_stopped(cast, stopped):
    with pytest.raises(PermissionDenied):
        matrix.save_division(
            actor=cast.rotterdam.local_coordinator, journey=stopped, cells=_complete(), based_on=0
        )


# --- the pages ------------------------------------------------------------------------------


def test_before_a_save_the_page_shows_the_programme_template(cast, journey, login):
    response = login(cast.rotterdam.group_member).get(reverse("journeys:matrix", args=[journey.pk]))
    assert response.status_code == 200
    assert response.context["division"] is None
    assert response.context["rows"] == matrix.rows(matrix.template_for(journey))
    assert reverse("journeys:matrix_edit", args=[journey.pk]) in response.content.decode()


def test_the_coordinator_saves_the_first_version_from_the_form(cast, journey, login):
    client = login(cast.rotterdam.local_coordinator)
    url = reverse("journeys:matrix_edit", args=[journey.pk])
    form = client.get(url).context["form"]
    assert form["based_on"].value() == 0
    assert form["cell_housing_municipality"].value() == RESPONSIBLE
    response = client.post(url, _post_data(_complete(), 0, "First agreement"))
    assert response.status_code == 302
    division = matrix.current_division(journey)
    assert division.number == 1
    assert division.cells == _complete()
    assert division.created_by == cast.rotterdam.local_coordinator


def test_a_stale_form_tells_the_editor_and_overwrites_nothing(cast, journey, login):
    matrix.save_division(
        actor=cast.rotterdam.local_coordinator,
        journey=journey,
        cells=matrix.template_for(journey),
        based_on=0,
    )
    client = login(cast.rotterdam.group_member)
    response = client.post(
        reverse("journeys:matrix_edit", args=[journey.pk]), _post_data(_complete(), 0)
    )
    assert response.status_code == 200
    assert response.context["stale"]
    assert response.context["form"].non_field_errors()
    assert journey.divisions.count() == 1
    assert matrix.current_division(journey).cells == matrix.template_for(journey)


def test_two_responsible_parties_are_shown_next_to_the_row(cast, journey, login):
    cells = _complete()
    cells["health"]["group"] = RESPONSIBLE
    response = login(cast.rotterdam.group_member).post(
        reverse("journeys:matrix_edit", args=[journey.pk]), _post_data(cells, 0)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="matrix-health-error"' in html
    assert 'aria-describedby="matrix-health-error"' in html
    assert 'aria-invalid="true"' in html
    assert not journey.divisions.exists()


def test_every_select_has_a_label_naming_domain_and_party(cast, journey, login):
    response = login(cast.rotterdam.group_member).get(
        reverse("journeys:matrix_edit", args=[journey.pk])
    )
    html = response.content.decode()
    for domain in Domain:
        for party in MATRIX_PARTIES:
            assert f'for="id_cell_{domain.value}_{party.value}"' in html


def test_the_officer_reads_the_matrix_but_may_not_edit_it(cast, journey, login):
    client = login(cast.rotterdam.municipality_officer)
    assert client.get(reverse("journeys:matrix", args=[journey.pk])).status_code == 200
    assert client.get(reverse("journeys:matrix_edit", args=[journey.pk])).status_code == 403
    response = client.post(
        reverse("journeys:matrix_edit", args=[journey.pk]), _post_data(_complete(), 0)
    )
    assert response.status_code == 403
    assert not journey.divisions.exists()


def test_a_member_of_another_group_does_not_find_the_matrix(cast, journey, login):
    client = login(cast.group_contact)
    assert client.get(reverse("journeys:matrix", args=[journey.pk])).status_code == 404


def test_another_citys_officer_does_not_find_the_matrix(cast, journey, login):
    client = login(cast.den_haag.municipality_officer)
    assert client.get(reverse("journeys:matrix", args=[journey.pk])).status_code == 404


def test_the_newcomer_who_stopped_no_longer_sees_the_matrix(cast, stopped, login):
    client = login(cast.rotterdam.newcomer)
    assert client.get(reverse("journeys:matrix", args=[stopped.pk])).status_code == 404
    assert client.get(reverse("journeys:matrix_pdf", args=[stopped.pk])).status_code == 404


def test_the_group_member_no_longer_sees_the_matrix_after_the_newcomer_stopped(
    cast, stopped, login
):
    client = login(cast.rotterdam.group_member)
    assert client.get(reverse("journeys:matrix", args=[stopped.pk])).status_code == 404


def test_the_coordinator_may_no_longer_edit_after_the_newcomer_stopped(cast, stopped, login):
    client = login(cast.rotterdam.local_coordinator)
    assert client.get(reverse("journeys:matrix", args=[stopped.pk])).status_code == 200
    assert client.get(reverse("journeys:matrix_edit", args=[stopped.pk])).status_code == 403


def test_an_earlier_version_can_be_read_and_compared(cast, journey, login):
    coordinator = cast.rotterdam.local_coordinator
    matrix.save_division(actor=coordinator, journey=journey, cells=_complete(), based_on=0)
    cells = _complete()
    cells["work"]["group"] = RESPONSIBLE
    cells["work"]["municipality"] = SUPPORTS
    matrix.save_division(actor=coordinator, journey=journey, cells=cells, based_on=1)
    client = login(cast.rotterdam.newcomer)
    old = client.get(reverse("journeys:matrix", args=[journey.pk]) + "?version=1")
    assert old.context["division"].number == 1
    assert old.context["latest"].number == 2
    response = client.get(reverse("journeys:matrix_compare", args=[journey.pk]) + "?a=2&b=1")
    assert response.status_code == 200
    changes = response.context["changes"]
    assert {(c.domain, c.party) for c in changes} == {
        (Domain.WORK, "group"),
        (Domain.WORK, "municipality"),
    }
    html = response.content.decode()
    assert "<del>" in html
    assert "<ins>" in html


def test_a_version_that_does_not_exist_is_not_found(cast, journey, login):
    client = login(cast.rotterdam.group_member)
    url = reverse("journeys:matrix", args=[journey.pk])
    assert client.get(url + "?version=7").status_code == 404
    assert client.get(url + "?version=abc").status_code == 404


def test_comparing_a_version_with_itself_says_so_next_to_the_field(cast, journey, login):
    coordinator = cast.rotterdam.local_coordinator
    matrix.save_division(actor=coordinator, journey=journey, cells=_complete(), based_on=0)
    response = login(coordinator).get(
        reverse("journeys:matrix_compare", args=[journey.pk]) + "?a=1&b=1"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["b"]
    bad = login(coordinator).get(reverse("journeys:matrix_compare", args=[journey.pk]) + "?a=x")
    assert bad.status_code == 200


def test_the_matrix_prints_as_a_pdf(cast, journey, login):
    matrix.save_division(
        actor=cast.rotterdam.local_coordinator, journey=journey, cells=_complete(), based_on=0
    )
    response = login(cast.rotterdam.social_support_worker).get(
        reverse("journeys:matrix_pdf", args=[journey.pk]) + "?version=1"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_card_on_the_journey_page_shows_whether_the_matrix_is_complete(cast, journey, login):
    cells = _complete()
    del cells["health"]
    matrix.save_division(
        actor=cast.rotterdam.local_coordinator, journey=journey, cells=cells, based_on=0
    )
    response = login(cast.rotterdam.reception_officer).get(
        reverse("journeys:detail", args=[journey.pk])
    )
    card = response.context["cards"]["matrix"]
    assert card["division"].number == 1
    assert card["missing"] == [Domain.HEALTH]
    assert not card["can_edit"]
    assert reverse("journeys:matrix", args=[journey.pk]) in response.content.decode()


def _versions(journey, actor, count):
    TaskDivision.objects.bulk_create(
        TaskDivision(journey=journey, number=n, cells=_complete(), created_by=actor)
        for n in range(1, count + 1)
    )


@pytest.mark.parametrize("name", ["journeys:matrix", "journeys:matrix_edit"])
def test_the_matrix_pages_cost_the_same_queries_with_many_versions(
    cast, journey, login, django_assert_num_queries, name
):
    coordinator = cast.rotterdam.local_coordinator
    client = login(coordinator)
    url = reverse(name, args=[journey.pk])
    _versions(journey, coordinator, 2)
    client.get(url)  # warm up: the session, the roles
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    TaskDivision.objects.filter(journey=journey).delete()
    _versions(journey, coordinator, 40)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
