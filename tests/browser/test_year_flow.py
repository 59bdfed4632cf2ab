"""A journey from the confirmed match to the contact chart, through the real pages, as the
people in those roles walk it.

Given: RTM-001 has just been matched with Buren van Kralingen (the group member's sponsor
group). The local coordinator finds six open conditions before arrival and closes hers (the
division of tasks, approving the plan, the briefing); the group writes and submits its
resettlement plan; the social support worker records meeting the group; only then may the
journey be marked ready. The municipality officer sets the arrival date (a month ago: the
checklist is made from the national template) and records the arrival; the newcomer chooses
company for an appointment; over the month the group ticks off tasks and records contacts;
the community builder reads the contact chart. Every page passes axe.
"""

from datetime import timedelta

from django.utils import timezone

from samenhier.groups.models import Group
from samenhier.groups.stages import GroupStage
from samenhier.journeys.models import Journey, Task
from samenhier.journeys.parties import Company, PlanSection
from samenhier.learning.models import Module, Registration
from samenhier.newcomers.lifecycle import HouseholdStage
from samenhier.newcomers.models import Household
from tests.browser.axe import assert_no_violations
from tests.browser.test_matching_flow import Person


def _just_matched(cast) -> Journey:
    journey = Journey.objects.open().get(household=cast.rotterdam.household)
    # Matched six weeks ago: resettlement takes time between the match and the flight.
    Journey.objects.filter(pk=journey.pk).update(started_at=timezone.now() - timedelta(days=42))
    journey.refresh_from_db()
    Household.objects.filter(pk=journey.household_id).update(stage=HouseholdStage.MATCHED)
    Group.objects.filter(pk=journey.group_id).update(stage=GroupStage.MATCHED)
    # The group did its start training (recorded by the trainer, see the training flow).
    for module in Module.objects.filter(kind=Module.Kind.START, required=True, active=True):
        for member in journey.group.members.current():
            Registration.objects.update_or_create(
                session=module.sessions.first(), member=member, defaults={"attended": True}
            )
    return journey


def _open_conditions(page) -> int:
    return page.locator("main ol.sh-checklist > li:not(.sh-done)").count()


def test_a_journey_from_the_match_through_readiness_and_arrival_to_the_contact_chart(
    demo_site,
):
    cast = demo_site.cast
    rotterdam = cast.rotterdam
    journey = _just_matched(cast)
    base = f"/journeys/{journey.pk}"

    # Lotte, the local coordinator, sees what is still open before arrival.
    lotte = Person(demo_site, rotterdam.local_coordinator, language="nl")
    page = lotte.page
    page.goto(f"{base}/")
    assert_no_violations(page)
    page.goto(f"{base}/readiness/")
    assert _open_conditions(page) >= 4
    assert page.locator(f'form[action="{base}/ready/"]').count() == 1
    assert_no_violations(page)

    # She puts the division of tasks on paper, starting from the programme's template.
    page.goto(f"{base}/matrix/edit/")
    assert_no_violations(page)
    lotte.submit(page.locator("main form[method=post]"))
    assert page.url.endswith(f"{base}/matrix/")
    assert_no_violations(page)

    # The group writes its resettlement plan, with the section on equality, and submits it.
    member = Person(demo_site, rotterdam.group_member, language="nl")
    page = member.page
    page.goto(f"{base}/plan/edit/")
    form = page.locator("main form[method=post]")
    for section in PlanSection:
        form.locator(f'textarea[name="{section.value}"]').fill(
            f"Wat wij doen voor {section.label}: samen afspreken, het gezin beslist."
        )
    assert_no_violations(page)
    member.submit(form)
    member.submit(page.locator(f'main form[action="{base}/plan/submit/"]'))
    assert_no_violations(page)

    # Lotte approves it; she records the briefing on the social map and the finances.
    page = lotte.page
    page.goto(f"{base}/plan/")
    review = page.locator(f'main form[action="{base}/plan/review/"]')
    review.locator('input[name="decision"][value="approve"]').check()
    lotte.submit(review)
    page.goto(f"{base}/readiness/")
    meeting = page.locator("main form.sh-form")
    meeting.locator('select[name="kind"]').select_option("briefing")
    meeting.locator('input[name="held_on"]').fill(timezone.localdate().isoformat())
    lotte.submit(meeting)

    # The social support worker records meeting the group.
    worker = Person(demo_site, rotterdam.social_support_worker, language="en")
    page = worker.page
    page.goto(f"{base}/readiness/")
    meeting = page.locator("main form.sh-form")
    meeting.locator('select[name="kind"]').select_option("social_support")
    meeting.locator('input[name="held_on"]').fill(timezone.localdate().isoformat())
    worker.submit(meeting)
    assert page.locator(f'form[action="{base}/ready/"]').count() == 0  # not hers to mark
    worker.close()

    # Every condition met: Lotte marks the journey ready for arrival.
    page = lotte.page
    page.goto(f"{base}/readiness/")
    assert _open_conditions(page) == 0, page.locator("main ol.sh-checklist").inner_text()
    lotte.submit(page.locator(f'form[action="{base}/ready/"]'))
    journey.refresh_from_db()
    assert journey.ready_at is not None

    # The municipality officer sets the arrival (a month ago): the checklist is made.
    officer = Person(demo_site, rotterdam.municipality_officer, language="nl")
    page = officer.page
    page.goto(f"{base}/checklist/")
    arrival = (timezone.localtime() - timedelta(days=30)).replace(hour=14, minute=30)
    form = page.locator(f'main form[action="{base}/checklist/arrival/"]')
    form.locator('input[name="arrival_at"]').fill(arrival.strftime("%Y-%m-%dT%H:%M"))
    officer.submit(form)
    assert Task.objects.filter(journey=journey).count() >= 10
    assert_no_violations(page)
    page.goto(f"{base}/readiness/")
    officer.submit(page.locator(f'form[action="{base}/arrived/"]'))
    journey.household.refresh_from_db()
    assert journey.household.stage == HouseholdStage.ACTIVE
    officer.close()

    # The newcomer chooses company for an appointment, in Arabic.
    appointment = Task.objects.filter(journey=journey, is_appointment=True).first()
    newcomer = Person(demo_site, rotterdam.newcomer, language="ar")
    page = newcomer.page
    page.goto(f"{base}/checklist/")
    assert_no_violations(page)
    choice = page.locator(f'main form[action="{base}/checklist/{appointment.pk}/company/"]')
    choice.locator('select[name="company"]').select_option(Company.YES)
    newcomer.submit(choice)
    appointment.refresh_from_db()
    assert appointment.company == Company.YES
    newcomer.close()

    # Over the month the group ticks off what is due and records its contacts.
    page = member.page
    due = list(
        Task.objects.filter(journey=journey, due_on__lte=timezone.localdate()).order_by("due_on")
    )
    assert due
    page.goto(f"{base}/checklist/")
    for task in due[:4]:
        # Ticking a task off is an htmx request that replaces the task's row in place.
        done = f"{base}/checklist/{task.pk}/done/"
        with page.expect_response(lambda r, done=done: r.url.endswith(done)) as answer:
            page.locator(f'main form[action="{done}"] button[type="submit"]').click()
        assert answer.value.status == 200
    assert Task.objects.filter(journey=journey, done_at__isnull=False).count() == min(4, len(due))
    for days_ago in (27, 20, 13, 6, 2):
        page.goto(f"{base}/contacts/new/")
        form = page.locator("main form[method=post]")
        when = timezone.localdate() - timedelta(days=days_ago)
        form.locator('input[name="occurred_on"]').fill(when.isoformat())
        form.locator('input[name="kind"][value="visit"]').check()
        form.locator('input[name="minutes"]').fill("90")
        member.submit(form)
    assert journey.contacts.count() == 5
    assert_no_violations(page)
    member.close()

    # Bram, the community builder, reads the chart of contacts per week against what the
    # programme expects, with the same numbers in a table.
    builder = Person(demo_site, rotterdam.community_builder, language="nl")
    page = builder.page
    page.goto(f"{base}/contacts/chart/")
    image = page.locator("main img")
    assert image.count() == 1
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    table = page.locator("main table")
    assert table.count() >= 1
    assert_no_violations(page)
    page.goto(f"{base}/timeline/")
    assert page.locator("main ol.sh-timeline li").count() >= 10
    assert_no_violations(page)
    builder.close()
    lotte.close()
