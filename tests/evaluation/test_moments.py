"""Evaluation moments: scheduled from arrival, opened shortly before they are due for the right
people in their own language, reminded once, followed by the city's coordinators."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from samenhier.evaluation import defaults, moment_mail, moment_status, moments
from samenhier.evaluation.models import Moment, QuestionnaireVersion, Response
from samenhier.evaluation.moment_status import overdue
from samenhier.evaluation.vocabularies import ResponseMode
from samenhier.journeys import tasks
from samenhier.journeys.models import ContactPerson, Journey
from samenhier.journeys.parties import Party
from samenhier.network.models import Programme
from samenhier.newcomers.lifecycle import HouseholdStage
from samenhier.newcomers.models import Consent, ConsentPurpose, ConsentText, Household

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ARRIVAL = datetime(2026, 1, 31, 15, 0, tzinfo=AMSTERDAM)


def arrive(journey: Journey, at: datetime = ARRIVAL) -> Journey:
    """The newcomer arrived at `at` (the year began): what closing.record_arrival leaves."""
    Journey.objects.filter(pk=journey.pk).update(arrival_at=at)
    Household.objects.filter(pk=journey.household_id).update(stage=HouseholdStage.ACTIVE)
    journey.refresh_from_db()
    journey.household.refresh_from_db()
    return journey


def consent(cast, household: Household, purpose: str) -> Consent:
    return Consent.objects.create(
        household=household,
        purpose=purpose,
        text=ConsentText.objects.first(),
        method=Consent.Method.ORAL,
        witnessed_by=cast.rotterdam.local_coordinator,
    )


def partners(cast, journey: Journey) -> None:
    for party, person in (
        (Party.MUNICIPALITY, cast.rotterdam.municipality_officer),
        (Party.SOCIAL_SUPPORT, cast.rotterdam.social_support_worker),
        (Party.COMMUNITY_BUILDER, cast.rotterdam.community_builder),
    ):
        ContactPerson.objects.create(journey=journey, party=party, person=person)


def open_first(journey: Journey, capture) -> Moment:
    """Schedule the journey's moments and open the first one, as the daily run would."""
    moments.schedule(journey)
    first = journey.evaluation_moments.order_by("due_on").first()
    with capture(execute=True):
        moments.open_due(datetime.combine(first.due_on, datetime.min.time(), tzinfo=AMSTERDAM))
    first.refresh_from_db()
    return first


def test_the_defaults_are_published_for_every_audience_and_seeding_again_changes_nothing(cast):
    published = QuestionnaireVersion.objects.filter(published_at__isnull=False, number=1)
    audiences = set(published.values_list("questionnaire__audience", flat=True))
    assert audiences == {"newcomer", "group", "municipality", "local_partner", "social_support"}

    assert defaults.seed_defaults() == 0
    assert QuestionnaireVersion.objects.count() == published.count()


def test_the_newcomers_questionnaire_feeds_every_indicator_and_has_a_quotable_question(cast):
    version = QuestionnaireVersion.objects.get(questionnaire__audience="newcomer", number=1)
    questions = list(version.questions.all())
    assert {q.indicator for q in questions if q.indicator} == {
        "language_level",
        "integration",
        "work_study",
        "network_size",
        "wellbeing",
    }
    assert [q.quotable for q in questions].count(True) == 1
    assert all({"nl", "en", "ar"} <= set(q.texts) for q in questions)


def test_moments_fall_one_three_six_and_twelve_months_after_the_day_of_arrival(cast, journey):
    arrive(journey)

    made = moments.schedule(journey)

    assert made == 4
    assert list(journey.evaluation_moments.values_list("months", "due_on")) == [
        (1, date(2026, 2, 28)),  # the 31st of a short month becomes its last day
        (3, date(2026, 4, 30)),
        (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31)),
    ]
    assert moments.schedule(journey) == 0


def test_moments_follow_the_programmes_configured_months(cast, journey):
    Programme.objects.filter(pk=Programme.current().pk).update(evaluation_months="2,9")
    arrive(journey)

    moments.schedule(journey)

    assert list(journey.evaluation_moments.values_list("months", flat=True)) == [2, 9]


def test_no_moments_for_a_journey_without_arrival(cast, journey):
    assert moments.schedule(journey) == 0  # no arrival date
    Household.objects.filter(pk=journey.household_id).update(stage=HouseholdStage.PRE_DEPARTURE)
    Journey.objects.filter(pk=journey.pk).update(arrival_at=ARRIVAL)
    journey.refresh_from_db()
    assert moments.schedule(journey) == 0  # an expected date alone is not an arrival
    assert not Moment.objects.filter(journey=journey).exists()


def test_moving_the_arrival_moves_the_moments_not_yet_opened(
    cast, journey, django_capture_on_commit_callbacks
):
    arrive(journey)
    opened = open_first(journey, django_capture_on_commit_callbacks)

    arrive(journey, ARRIVAL + timedelta(days=10))
    moments.schedule(journey)

    due = dict(journey.evaluation_moments.values_list("months", "due_on"))
    assert due[1] == opened.due_on == date(2026, 2, 28)  # already asked: it stays
    assert due[3] == date(2026, 5, 10)


def test_opening_asks_members_and_partners_in_their_own_language(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    arrive(journey)
    partners(cast, journey)

    moment = open_first(journey, django_capture_on_commit_callbacks)

    asked = {r.respondent: r.audience for r in moment.responses.all()}
    assert asked == {
        cast.rotterdam.group_member: Party.GROUP,
        cast.rotterdam.municipality_officer: Party.MUNICIPALITY,
        cast.rotterdam.social_support_worker: Party.SOCIAL_SUPPORT,
    }
    assert moment.opened_at is not None
    to_member = next(m for m in mailoutbox if m.to == [cast.rotterdam.group_member.email])
    assert "RTM-001" in to_member.subject
    response = moment.responses.get(respondent=cast.rotterdam.group_member)
    assert reverse("evaluation:answer", args=[response.pk]) in to_member.body
    assert cast.rotterdam.household.main_applicant_name not in to_member.body


@pytest.fixture
def languages(monkeypatch):
    """Each address with the language its message is rendered in (the catalogues are
    translated later, so the words alone cannot tell)."""
    told: dict[str, str] = {}
    real = moment_mail.tell_with

    def spy(recipients, **kwargs):
        recipients = list(recipients)
        told.update(recipients)
        return real(recipients, **kwargs)

    monkeypatch.setattr(moment_mail, "tell_with", spy)
    return told


def test_mail_goes_out_in_the_recipients_language(
    cast, journey, mailoutbox, languages, django_capture_on_commit_callbacks
):
    arrive(journey)
    member = cast.rotterdam.group_member
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    ContactPerson.objects.create(
        journey=journey, party=Party.MUNICIPALITY, person=cast.rotterdam.municipality_officer
    )

    open_first(journey, django_capture_on_commit_callbacks)

    assert languages == {member.email: "en", cast.rotterdam.municipality_officer.email: "nl"}
    assert {tuple(m.to) for m in mailoutbox} == {(email,) for email in languages}


def test_the_newcomer_is_asked_only_with_evaluation_consent(
    cast, journey, django_capture_on_commit_callbacks
):
    arrive(journey)

    moment = open_first(journey, django_capture_on_commit_callbacks)

    assert not moment.responses.filter(audience=Party.NEWCOMER).exists()


def test_with_consent_and_an_email_the_newcomer_gets_a_personal_link_in_arabic(
    cast, journey, mailoutbox, languages, django_capture_on_commit_callbacks
):
    arrive(journey)
    household = journey.household
    consent(cast, household, ConsentPurpose.EVALUATION)
    household.email = "yusuf.family@example.org"
    household.languages = ["ar", "en"]
    household.save()

    moment = open_first(journey, django_capture_on_commit_callbacks)

    response = moment.responses.get(audience=Party.NEWCOMER)
    assert response.respondent is None
    assert response.link_hash
    (mail,) = [m for m in mailoutbox if m.to == ["yusuf.family@example.org"]]
    assert "/evaluation/a/" in mail.body
    assert languages["yusuf.family@example.org"] == "ar"
    assert "RTM-001" not in mail.body  # the newcomer's mail names nothing


def test_without_an_email_the_community_builder_is_told_the_newcomer_waits(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    arrive(journey)
    consent(cast, journey.household, ConsentPurpose.EVALUATION)

    moment = open_first(journey, django_capture_on_commit_callbacks)

    response = moment.responses.get(audience=Party.NEWCOMER)
    assert (response.link_hash, response.mode) == (None, ResponseMode.INTERVIEW)
    told = [m for m in mailoutbox if m.to == [cast.rotterdam.community_builder.email]]
    assert len(told) == 1
    assert reverse("evaluation:moment", args=[moment.pk]) in told[0].body


def test_a_moment_opens_only_within_the_programmes_days_before_it_and_once(
    cast, journey, django_capture_on_commit_callbacks
):
    arrive(journey)
    moments.schedule(journey)
    first = journey.evaluation_moments.get(months=1)
    early = datetime(2026, 2, 20, 6, tzinfo=AMSTERDAM)  # 8 days before; the default is 7
    on_time = datetime(2026, 2, 21, 6, tzinfo=AMSTERDAM)

    with django_capture_on_commit_callbacks(execute=True):
        assert moments.open_due(early) == 0
        assert moments.open_due(on_time) == 1
        assert moments.open_due(on_time) == 0

    assert first.responses.count() == 1


def test_closed_or_stopped_journeys_open_no_moments(
    cast, journey, django_capture_on_commit_callbacks
):
    arrive(journey)
    moments.schedule(journey)
    Journey.objects.filter(pk=journey.pk).update(closed_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        asked = moments.open_due(datetime(2027, 3, 1, tzinfo=AMSTERDAM))

    assert asked == 0
    assert not Response.objects.filter(moment__journey=journey).exists()


def _remind_at(day: date, capture) -> int:
    with capture(execute=True):
        return moments.remind(datetime.combine(day, datetime.min.time(), tzinfo=AMSTERDAM))


def test_those_who_have_not_answered_are_reminded_once(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    arrive(journey)
    moment = open_first(journey, django_capture_on_commit_callbacks)
    before = len(mailoutbox)

    early = _remind_at(moment.due_on + timedelta(days=6), django_capture_on_commit_callbacks)
    reminded = _remind_at(moment.due_on + timedelta(days=7), django_capture_on_commit_callbacks)
    again = _remind_at(moment.due_on + timedelta(days=20), django_capture_on_commit_callbacks)

    assert (early, reminded, again) == (0, 1, 0)
    (mail,) = mailoutbox[before:]
    assert mail.to == [cast.rotterdam.group_member.email]


def test_a_stopped_household_is_not_chased(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    arrive(journey)
    moment = open_first(journey, django_capture_on_commit_callbacks)
    Household.objects.filter(pk=journey.household_id).update(stage=HouseholdStage.STOPPED)
    Journey.objects.filter(pk=journey.pk).update(closed_at=timezone.now())

    assert _remind_at(moment.due_on + timedelta(days=8), django_capture_on_commit_callbacks) == 0
    assert not overdue(Moment.objects.all(), moment.due_on + timedelta(days=8)).exists()


def test_the_daily_run_schedules_opens_and_reminds(
    cast, journey, django_capture_on_commit_callbacks
):
    arrive(journey, timezone.now() - timedelta(days=30))

    with django_capture_on_commit_callbacks(execute=True):
        done = moments.daily(timezone.now())

    assert done == 4 + 1  # four moments scheduled, the group member asked
    assert journey.evaluation_moments.filter(opened_at__isnull=False).count() == 1
    assert ("samenhier.evaluation.moments", "daily") in tasks.STEPS


def test_overdue_moments_are_those_past_due_with_answers_missing(
    cast, journey, django_capture_on_commit_callbacks
):
    arrive(journey)
    moment = open_first(journey, django_capture_on_commit_callbacks)

    assert not overdue(Moment.objects.all(), moment.due_on).exists()
    assert list(overdue(Moment.objects.all(), moment.due_on + timedelta(days=1))) == [moment]
    Response.objects.filter(moment=moment).update(submitted_at=timezone.now())
    assert not overdue(Moment.objects.all(), moment.due_on + timedelta(days=1)).exists()


def test_a_journey_recorded_late_opens_only_its_latest_due_moment(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    arrive(journey)  # 31 January; the 6-month moment falls on 31 July
    moments.schedule(journey)
    august = datetime(2026, 8, 1, 6, tzinfo=AMSTERDAM)

    with django_capture_on_commit_callbacks(execute=True):
        asked = moments.open_due(august)
        again = moments.open_due(august + timedelta(days=1))

    assert (asked, again) == (1, 0)
    opened = dict(journey.evaluation_moments.values_list("months", "opened_at"))
    assert [n for n, at in sorted(opened.items()) if at is not None] == [6]
    assert len(mailoutbox) == 1  # one mail for the member, not one per past moment
    late = overdue(Moment.objects.all(), date(2026, 8, 20))
    assert list(late.values_list("months", flat=True)) == [6]
    skipped = journey.evaluation_moments.get(months=3)
    assert moment_status.status_of(skipped, date(2026, 8, 20), asked=0, answered=0) == "skipped"
    assert moment_status.status_of(
        journey.evaluation_moments.get(months=12), date(2026, 8, 20), 0, 0
    ) == ("upcoming")


def test_the_daily_run_costs_no_query_for_a_journey_whose_moments_stand(
    cast, journey, django_assert_num_queries
):
    arrive(journey)
    moments.schedule(journey)
    journey = moments.arrived_journeys().get(pk=journey.pk)
    programme = Programme.current()

    with django_assert_num_queries(0):
        assert moments.schedule(journey, programme) == 0


def test_the_newcomer_is_reminded_while_they_may_answer_also_after_the_journey_closed(
    cast, journey, mailoutbox, django_capture_on_commit_callbacks
):
    arrive(journey)
    household = journey.household
    consent(cast, household, ConsentPurpose.EVALUATION)
    household.email = "yusuf.family@example.org"
    household.save()
    moment = open_first(journey, django_capture_on_commit_callbacks)
    Journey.objects.filter(pk=journey.pk).update(closed_at=timezone.now())
    Household.objects.filter(pk=household.pk).update(stage=HouseholdStage.COMPLETED)
    before = len(mailoutbox)

    reminded = _remind_at(moment.due_on + timedelta(days=7), django_capture_on_commit_callbacks)

    assert reminded == 2  # the member and the newcomer
    assert {m.to[0] for m in mailoutbox[before:]} == {
        cast.rotterdam.group_member.email,
        "yusuf.family@example.org",
    }
