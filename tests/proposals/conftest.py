"""A matching round in Rotterdam: two households ready, two sponsor groups available."""

from dataclasses import dataclass

import pytest
from django.test import Client

from samenhier.demo.cast import Cast
from samenhier.groups.models import Group
from samenhier.groups.stages import GroupStage
from samenhier.newcomers.models import Household
from samenhier.proposals import services
from samenhier.proposals.models import MatchingRun, Proposal
from tests.proposals.helpers import (
    OUDE_NOORDEN,
    group_named,
    household_ref,
    municipality_answers,
)


@dataclass
class Round:
    households: list[Household]
    groups: list[Group]


@pytest.fixture
def round_(cast: Cast) -> Round:
    """The demo's matching round in Rotterdam (demo/matching.py)."""
    households = list(
        Household.objects.filter(city=cast.rotterdam.city, stage="ready").order_by("reference")
    )
    groups = list(
        Group.objects.filter(city=cast.rotterdam.city, stage=GroupStage.TRAINED).order_by("name")
    )
    assert len(households) >= 2
    assert len(groups) >= 2
    return Round(households=households, groups=groups)


@pytest.fixture
def run_round(cast, round_, django_capture_on_commit_callbacks):
    """Start a resettlement run in Rotterdam (the whole round unless told otherwise) as the
    national coordinator, and return it finished (the immediate task backend runs it)."""

    def _run(households=None, groups=None) -> MatchingRun:
        with django_capture_on_commit_callbacks(execute=True):
            run = services.start_run(
                actor=cast.national_coordinator,
                track="resettlement",
                city=cast.rotterdam.city,
                household_pks=[h.pk for h in households or round_.households],
                group_pks=[g.pk for g in groups or round_.groups],
            )
        run.refresh_from_db()
        assert run.status == "done", run.error
        return run

    return _run


@pytest.fixture
def run_done(run_round) -> MatchingRun:
    return run_round()


@pytest.fixture
def proposal(cast, run_done, django_capture_on_commit_callbacks) -> Proposal:
    with django_capture_on_commit_callbacks(execute=True):
        proposals = services.publish(actor=cast.national_coordinator, run=run_done)
    return proposals[0]


# --- The pages, as the people who use them --------------------------------------------------


@pytest.fixture
def visit(cast):
    """A browser of its own for `person`, logged in, reading the pages in English."""

    def _visit(person) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(person)
        return client

    return _visit


@pytest.fixture
def contact_proposal(cast, run_done, django_capture_on_commit_callbacks) -> Proposal:
    """RTM-006 proposed to Oude Noorden Open Armen, whose contact person is Femke
    (cast.group_contact): locked by the coordinator in a re-run, then sent for approval."""
    household, group = household_ref("RTM-006"), group_named(OUDE_NOORDEN)
    coordinator = cast.national_coordinator
    services.lock(
        actor=coordinator,
        run=run_done,
        household_pk=household.pk,
        group_pk=group.pk,
        reason="The group speaks Arabic and supports medical needs.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        rerun = services.rerun(actor=coordinator, run=run_done)
    rerun.refresh_from_db()
    assert rerun.status == "done", rerun.error
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(actor=coordinator, run=rerun)
    return Proposal.objects.get(household=household, group=group)


@pytest.fixture
def approved(cast, contact_proposal, django_capture_on_commit_callbacks) -> Proposal:
    """The Rotterdam municipality approved it: now the group and the newcomer answer."""
    with django_capture_on_commit_callbacks(execute=True):
        municipality_answers(cast, contact_proposal, accepted=True)
    contact_proposal.refresh_from_db()
    return contact_proposal


@pytest.fixture
def confirmed(cast, approved, django_capture_on_commit_callbacks) -> Proposal:
    """Both sides accepted: the journey of RTM-006 with Oude Noorden has begun."""
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(actor=cast.group_contact, proposal=approved, party="group", accepted=True)
        approved.refresh_from_db()
        services.decide(
            actor=cast.rotterdam.community_builder,
            proposal=approved,
            party="newcomer",
            accepted=True,
            language="ar",
        )
    approved.refresh_from_db()
    assert approved.status == "confirmed"
    return approved
