"""Every list page answers in the same number of queries with few rows or many."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenhier.accounts.models import Invitation, RoleAssignment, User
from samenhier.accounts.roles import Role
from samenhier.audit.models import AccessLog
from samenhier.network.models import Organisation

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _more_people(cast, n):
    users = User.objects.bulk_create(
        User(email=f"cb{i}@example.org", full_name=f"Builder {i}")
        for i in (next(_serial) for _ in range(n))
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=Role.COMMUNITY_BUILDER, city=cast.rotterdam.city) for u in users
    )


def _more_invitations(cast, n):
    Invitation.objects.bulk_create(
        Invitation(
            email=f"i{i}@example.org",
            full_name=f"Invitee {i}",
            role=Role.COMMUNITY_BUILDER,
            city=cast.rotterdam.city,
            token_hash=f"{i:064d}",
            invited_by=cast.national_coordinator,
            expires_at=timezone.now() + timedelta(days=3),
        )
        for i in (next(_serial) for _ in range(n))
    )


def _more_access(cast, n):
    AccessLog.objects.bulk_create(
        AccessLog(
            user=cast.rotterdam.local_coordinator,
            object_type="newcomers.household",
            object_id=str(i),
            purpose="case_work",
        )
        for i in (next(_serial) for _ in range(n))
    )


def _more_organisations(cast, n):
    Organisation.objects.bulk_create(
        Organisation(name=f"Org {i}", kind="other", city=cast.rotterdam.city)
        for i in (next(_serial) for _ in range(n))
    )


def _more_households(cast, n):
    from samenhier.newcomers.models import Household

    return Household.objects.bulk_create(
        Household(
            reference=f"MORE-{i}",
            track="in_country",
            city=cast.rotterdam.city,
            main_applicant_name=f"Person {i}",
        )
        for i in (next(_serial) for _ in range(n))
    )


def _more_changes(cast, n):
    for i in (next(_serial) for _ in range(n)):
        Organisation.objects.create(name=f"Logged {i}", kind="other")


def _more_runs(cast, n):
    from samenhier.proposals.models import MatchingRun

    MatchingRun.objects.bulk_create(
        MatchingRun(
            track="resettlement" if i % 2 else "in_country",
            city=cast.rotterdam.city if i % 3 else None,
            created_by=cast.national_coordinator,
            status="done",
            published_at=timezone.now() if i % 2 else None,
        )
        for i in (next(_serial) for _ in range(n))
    )


def _more_proposals(cast, n):
    from samenhier.groups.models import Group
    from samenhier.proposals.models import MatchingRun, Proposal

    run = MatchingRun.objects.create(
        track="resettlement", city=cast.rotterdam.city, created_by=cast.national_coordinator
    )
    households = _more_households(cast, n)
    groups = list(Group.objects.filter(city=cast.rotterdam.city))
    Proposal.objects.bulk_create(
        Proposal(run=run, household=h, group=groups[i % len(groups)], score=50.0 + i % 50)
        for i, h in enumerate(households)
    )


@pytest.mark.parametrize(
    ("url", "grow"),
    [
        ("/people/", _more_people),
        ("/people/?status=all&sort=-granted", _more_people),
        ("/people/invitations/", _more_invitations),
        ("/audit/access/", _more_access),
        ("/audit/changes/", _more_changes),
        ("/network/organisations/", _more_organisations),
        ("/households/", _more_households),
        ("/households/?stage=referred&sort=-size", _more_households),
        ("/", _more_invitations),
        ("/matching/", _more_runs),
        ("/matching/?status=done&sort=-city", _more_runs),
        ("/matching/proposals/", _more_proposals),
        ("/matching/proposals/?status=municipality&sort=group&q=MORE", _more_proposals),
    ],
)
def test_list_query_count_does_not_grow_with_rows(cast, client, url, grow):
    client.force_login(cast.national_coordinator)
    grow(cast, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(cast, 60)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
