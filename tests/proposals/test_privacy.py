"""What a run keeps: profiles by key, never names, and encrypted at rest."""

import json

import pytest
from django.db import connection

from samenhier.groups.models import Member
from samenhier.newcomers.models import FamilyMember
from samenhier.proposals.models import MatchingRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_round(round_):
    """The round's households with every family member named."""
    for household in round_.households:
        for n, member in enumerate(household.family.all()):
            member.name = f"Lid{n} van {household.reference}"
            member.save()
    return round_


def _names(round_) -> set[str]:
    households = [h.main_applicant_name for h in round_.households]
    family = [
        m.name for m in FamilyMember.objects.filter(household__in=round_.households) if m.name
    ]
    members = Member.objects.filter(group__in=round_.groups)
    return set(households + family) | {m.full_name for m in members} | {m.email for m in members}


def test_a_runs_snapshot_names_no_household_member_or_group_member(named_round, run_done):
    stored = json.dumps([run_done.instance, run_done.result], ensure_ascii=False)

    names = _names(named_round)
    assert len(names) > 10
    for name in names:
        assert name not in stored
    for household in named_round.households:
        assert household.reference not in stored  # keys, not even references


def test_a_runs_input_and_result_are_encrypted_in_the_database(run_done):
    # The snapshot holds vulnerability categories...
    assert "medical" in json.dumps(run_done.instance)
    table = MatchingRun._meta.db_table
    columns = [MatchingRun._meta.get_field(f).column for f in ("instance", "result")]

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s",
            [run_done.pk],
        )
        raw = " ".join(str(value) for value in cursor.fetchone())

    # ...but the database holds only ciphertext
    assert "medical" not in raw
    assert "households" not in raw
    assert "assignments" not in raw
