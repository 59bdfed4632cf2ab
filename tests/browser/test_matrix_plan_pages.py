"""The division of tasks and the resettlement plan in a real browser: every page passes axe
and fits a 320 px phone, in Dutch and in Arabic (right to left)."""

import pytest

from samenhier.journeys import matrix, plan
from samenhier.journeys.models import Journey
from tests.browser.axe import assert_no_violations
from tests.browser.crawl import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _prepared(cast) -> Journey:
    journey = Journey.objects.open().get(household=cast.rotterdam.household)
    coordinator, member = cast.rotterdam.local_coordinator, cast.rotterdam.group_member
    cells = matrix.template_for(journey)
    matrix.save_division(actor=coordinator, journey=journey, cells=cells, based_on=0)
    cells["health"].update(group="responsible", social_support="supports")
    matrix.save_division(actor=member, journey=journey, cells=cells, based_on=1, note="Health")
    text = {"reception": "Twee van ons halen hen op.", "equality": "Zij beslist zelf."}
    plan.save_version(actor=member, journey=journey, sections=text, version=0)
    text["reception"] = "Drie van ons halen hen op op Schiphol."
    plan.save_version(actor=member, journey=journey, sections=text, version=1)
    plan.submit(actor=member, journey=journey, version=2)
    return journey


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_pages_pass_axe_and_fit_a_phone(demo_site, language):
    cast = demo_site.cast
    journey = _prepared(cast)
    pk = journey.pk
    for person, paths in [
        (
            cast.rotterdam.group_member,
            [
                f"/journeys/{pk}/",
                f"/journeys/{pk}/matrix/",
                f"/journeys/{pk}/matrix/?version=1",
                f"/journeys/{pk}/matrix/edit/",
                f"/journeys/{pk}/matrix/compare/?a=1&b=2",
                f"/journeys/{pk}/plan/",
                f"/journeys/{pk}/plan/edit/",
                f"/journeys/{pk}/plan/compare/?a=1&b=2",
            ],
        ),
        (cast.rotterdam.local_coordinator, [f"/journeys/{pk}/plan/"]),
        (cast.rotterdam.newcomer, [f"/journeys/{pk}/plan/"]),
    ]:
        context = demo_site.new_context(language=language)
        page = context.new_page()
        demo_site.log_in(page, person)
        for path in paths:
            check_page(page, path)
        context.close()


def test_an_error_in_the_matrix_form_is_announced_next_to_its_row(demo_site):
    cast = demo_site.cast
    journey = _prepared(cast)
    context = demo_site.new_context()
    page = context.new_page()
    demo_site.log_in(page, cast.rotterdam.group_member)
    page.goto(f"/journeys/{journey.pk}/matrix/edit/")
    page.select_option("#id_cell_housing_group", "responsible")
    page.get_by_role("button", name="Opslaan als nieuwe versie").or_(
        page.locator("form.sh-form button[type=submit]")
    ).first.click()
    page.wait_for_load_state()
    assert page.locator("#matrix-housing-error").is_visible()
    assert_no_violations(page)
    context.close()
