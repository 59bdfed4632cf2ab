"""The arrival checklist in a real browser: every page passes axe and fits a 320 px phone, in
Dutch and in Arabic (right to left), and ticking a task off works with and without htmx."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samenhier.journeys import checklist
from samenhier.journeys.models import Journey, Task, TaskTemplate
from tests.browser.axe import assert_no_violations
from tests.browser.crawl import check_page
from tests.journeys.test_checklist import seed_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _prepared(cast) -> Journey:
    seed_template()
    journey = Journey.objects.open().get(household=cast.rotterdam.household)
    checklist.set_arrival(
        actor=cast.rotterdam.local_coordinator,
        journey=journey,
        arrival_at=timezone.now() - timedelta(days=20),
        version=journey.version,
    )
    journey.refresh_from_db()
    gp = Task.objects.get(journey=journey, key="gp")
    checklist.assign_task(
        actor=cast.rotterdam.local_coordinator,
        task=gp,
        assignee=cast.rotterdam.group_member,
        version=gp.version,
    )
    checklist.complete_task(
        actor=cast.rotterdam.group_member, task=Task.objects.get(journey=journey, key="groceries")
    )
    return journey


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_pages_pass_axe_and_fit_a_phone(demo_site, language):
    cast = demo_site.cast
    journey = _prepared(cast)
    pk = journey.pk
    gp = Task.objects.get(journey=journey, key="gp")
    line = TaskTemplate.objects.get(key="gp")
    for person, paths in [
        (
            cast.rotterdam.local_coordinator,
            [
                f"/journeys/{pk}/checklist/",
                f"/journeys/{pk}/checklist/?state=overdue&mine=on&q=a",
                f"/journeys/{pk}/checklist/arrival/",
                f"/journeys/{pk}/checklist/{gp.pk}/",
            ],
        ),
        (cast.rotterdam.group_member, [f"/journeys/{pk}/", f"/journeys/{pk}/checklist/"]),
        (
            cast.rotterdam.newcomer,
            [f"/journeys/{pk}/checklist/", f"/journeys/{pk}/checklist/{gp.pk}/"],
        ),
        (
            cast.national_coordinator,
            [
                "/journeys/checklist-template/",
                "/journeys/checklist-template/add/",
                f"/journeys/checklist-template/{line.pk}/",
                f"/journeys/checklist-template/{line.pk}/deactivate/",
            ],
        ),
    ]:
        context = demo_site.new_context(language=language)
        page = context.new_page()
        demo_site.log_in(page, person)
        for path in paths:
            check_page(page, path)
        context.close()


def test_a_garbled_arrival_is_announced_next_to_the_field(demo_site):
    cast = demo_site.cast
    journey = _prepared(cast)
    context = demo_site.new_context()
    page = context.new_page()
    demo_site.log_in(page, cast.rotterdam.local_coordinator)
    page.goto(f"/journeys/{journey.pk}/checklist/arrival/")
    page.fill("#id_arrival_at", "")
    page.locator("main form.sh-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_arrival_at_error").is_visible()
    assert_no_violations(page)
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_ticking_a_task_off(demo_site, javascript):
    cast = demo_site.cast
    journey = _prepared(cast)
    gp = Task.objects.get(journey=journey, key="gp")
    context = demo_site.new_context(java_script_enabled=javascript)
    page = context.new_page()
    demo_site.log_in(page, cast.rotterdam.group_member)
    page.goto(f"/journeys/{journey.pk}/checklist/?phase=first_months")
    row = page.locator(f"#task-{gp.pk}")
    row.locator("button[type=submit]").last.click()
    if javascript:
        page.locator(f"#task-{gp.pk} .sh-link-button").wait_for()
        assert "phase=first_months" in page.url  # the row changed in place
    else:
        page.wait_for_url("**/checklist/?phase=first_months")
    gp.refresh_from_db()
    assert gp.done_by == cast.rotterdam.group_member
    context.close()
