"""The home page's evaluation cards: overdue moments for those who follow them, and the
questions waiting for a member or partner."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samenhier.evaluation.models import Moment
from samenhier.journeys.models import Journey
from samenhier.web.dashboard import cards_for
from tests.evaluation.access_moments import opened_moment

pytestmark = pytest.mark.django_db


def _card(user, title: str):
    with translation.override("en"):
        return next((c for c in cards_for(user) if str(c.title) == title), None)


def _overdue(moment: Moment) -> None:
    Moment.objects.filter(pk=moment.pk).update(due_on=timezone.localdate() - timedelta(days=3))


def test_coordinators_and_community_builders_see_their_overdue_moments(cast):
    _overdue(opened_moment(cast))

    for person in (cast.rotterdam.local_coordinator, cast.rotterdam.community_builder):
        card = _card(person, "Evaluation moments")
        assert card is not None
        assert card.counts[0][1] == 1
        assert card.actions[0].url == reverse("evaluation:moments")
    assert _card(cast.den_haag.local_coordinator, "Evaluation moments").counts[0][1] == 0
    assert _card(cast.rotterdam.municipality_officer, "Evaluation moments") is None
    assert _card(cast.rotterdam.group_member, "Evaluation moments") is None


def test_a_member_sees_the_questions_waiting_for_them_until_answered(cast):
    moment = opened_moment(cast)
    member = cast.rotterdam.group_member
    response = moment.responses.get(respondent=member)

    card = _card(member, "Evaluation questions for you")

    assert [a.url for a in card.actions] == [reverse("evaluation:answer", args=[response.pk])]
    response.submitted_at = timezone.now()
    response.save()
    assert _card(member, "Evaluation questions for you") is None


def test_the_evaluation_card_costs_the_same_queries_with_more_overdue_moments(cast, login):
    _overdue(opened_moment(cast))
    client = login(cast.rotterdam.local_coordinator)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for journey in Journey.objects.filter(household__city=cast.rotterdam.city):
        Moment.objects.bulk_create(
            Moment(
                journey=journey,
                months=30 + n,
                due_on=timezone.localdate() - timedelta(days=5),
                opened_at=timezone.now(),
            )
            for n in range(5)
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
