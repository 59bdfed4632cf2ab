"""Starting a matching run through the pages, and reading its result."""

import pytest
from django.utils import translation
from django.utils.html import escape

from samenhier.groups.models import Group
from samenhier.newcomers.models import Household
from samenhier.proposals import explain, snapshot
from samenhier.proposals.models import MatchingRun
from tests.proposals.helpers import FEIJENOORD, KOP_VAN_ZUID, OUDE_NOORDEN, household_ref

pytestmark = pytest.mark.django_db


def _new_run_url(track: str, city) -> str:
    return f"/matching/new/?track={track}&city={city.pk}"


def _everyone_ready(city, track: str) -> dict[str, list[int]]:
    return {
        "households": list(
            Household.objects.filter(city=city, track=track, stage="ready").values_list(
                "pk", flat=True
            )
        ),
        "groups": list(
            Group.objects.filter(city=city, stage="trained").values_list("pk", flat=True)
        ),
    }


def test_the_preselection_shows_households_groups_and_why_no_group_can_take_a_household(
    cast, visit
):
    # Given a household whose needs no available Rotterdam group feels able to support
    rtm_012 = household_ref("RTM-012")
    rtm_012.vulnerabilities = ["disability"]
    rtm_012.save()

    # When the national coordinator chooses resettlement in Rotterdam
    page = visit(cast.national_coordinator).get(_new_run_url("resettlement", cast.rotterdam.city))

    # Then the households ready for matching and the available groups are listed...
    assert page.status_code == 200
    text = page.text
    for reference in ("RTM-006", "RTM-011", "RTM-012"):
        assert reference in text
    for group in (KOP_VAN_ZUID, OUDE_NOORDEN, FEIJENOORD):
        assert group in text
    # ...with the reason for the household no group can take, before any run
    assert "No compatible group" in text
    assert "no available group in this city feels able to support: Disability" in text
    # ...and anonymously: profiles, not names
    assert rtm_012.main_applicant_name not in text


def test_the_national_coordinator_starts_a_run_and_reads_its_result(
    cast, round_, visit, django_capture_on_commit_callbacks
):
    coordinator = visit(cast.national_coordinator)
    selection = {
        "households": [h.pk for h in round_.households],
        "groups": [g.pk for g in round_.groups],
    }

    # When they select the round and start the run
    with django_capture_on_commit_callbacks(execute=True):
        started = coordinator.post(_new_run_url("resettlement", cast.rotterdam.city), selection)

    # Then the run is made for exactly that selection and the page follows it
    run = MatchingRun.objects.get()
    assert started.status_code == 302
    assert started["Location"] == f"/matching/runs/{run.pk}/"
    assert (run.track, run.city, run.created_by) == (
        "resettlement",
        cast.rotterdam.city,
        cast.national_coordinator,
    )
    assert {r["id"] for r in run.instance["households"]} == {
        snapshot.household_key(h.pk) for h in round_.households
    }
    assert run.status == "done", run.error

    # And the run page shows each proposal with its score, bars and why, and the alternatives
    text = coordinator.get(started["Location"]).text
    records = snapshot.records_by_key(run.instance)
    assignments = run.result["assignments"]
    assert assignments
    for a in assignments:
        assert f"score {a['score']:.1f}" in text
        with translation.override("en"):
            why = explain.why(records[a["household"]], records[a["group"]])
        assert escape(why) in text
    assert text.count("<meter") == 5 * len(assignments)
    assert "Alternatives" in text
    # And the household without a proposal, with the reason
    unmatched = run.result["unmatched"]
    assert unmatched
    for u in unmatched:
        reference = Household.objects.get(pk=snapshot.pk_of(u["household"])).reference
        assert reference in text.split("Households without a proposal")[1]
    assert "the compatible groups were needed for other households" in text


def test_a_den_haag_local_coordinator_runs_welcome_groups_for_den_haag(
    cast, visit, django_capture_on_commit_callbacks
):
    coordinator = visit(cast.den_haag.local_coordinator)
    url = _new_run_url("in_country", cast.den_haag.city)

    page = coordinator.get(url)
    assert page.status_code == 200
    assert "DHG-004" in page.text
    assert "Statenkwartier Welkom" in page.text
    # DHG-004 needs support with trauma; the one available welcome group cannot give it
    assert "no available group in this city feels able to support: Trauma" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        started = coordinator.post(url, _everyone_ready(cast.den_haag.city, "in_country"))

    run = MatchingRun.objects.get()
    assert started["Location"] == f"/matching/runs/{run.pk}/"
    assert (run.track, run.city) == ("in_country", cast.den_haag.city)
    assert coordinator.get(started["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("track", "city"),
    [("resettlement", "den_haag"), ("in_country", "rotterdam")],
    ids=["resettlement", "another-city"],
)
def test_a_local_coordinator_cannot_run_resettlement_or_another_city(cast, visit, track, city):
    coordinator = visit(cast.den_haag.local_coordinator)
    target = getattr(cast, city).city
    url = _new_run_url(track, target)

    page = coordinator.get(url)
    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    assert "Run the matching" not in page.text  # no selection to start from

    attempt = coordinator.post(url, _everyone_ready(target, track))
    assert attempt.status_code == 200
    assert not MatchingRun.objects.exists()


@pytest.mark.parametrize(
    "who",
    ["rotterdam.municipality_officer", "rotterdam.community_builder", "rotterdam.group_member"],
)
@pytest.mark.parametrize("url", ["/matching/", "/matching/new/"])
def test_only_coordinators_open_the_matching(cast, visit, who, url):
    person = cast
    for part in who.split("."):
        person = getattr(person, part)
    assert visit(person).get(url).status_code == 403


def test_a_run_of_another_city_is_not_found_for_a_local_coordinator(
    cast, visit, run_done, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit(cast.den_haag.local_coordinator).post(
            _new_run_url("in_country", cast.den_haag.city),
            _everyone_ready(cast.den_haag.city, "in_country"),
        )
    den_haag_run = MatchingRun.objects.get(city=cast.den_haag.city)

    assert (
        visit(cast.rotterdam.local_coordinator)
        .get(f"/matching/runs/{den_haag_run.pk}/")
        .status_code
        == 404
    )
    # Resettlement is matched nationally: not the Den Haag coordinator's run either
    assert (
        visit(cast.den_haag.local_coordinator).get(f"/matching/runs/{run_done.pk}/").status_code
        == 404
    )
    # And a coordinator's list shows only the runs they may open
    listing = visit(cast.rotterdam.local_coordinator).get("/matching/")
    assert listing.status_code == 200
    assert f"/matching/runs/{den_haag_run.pk}/" not in listing.text
