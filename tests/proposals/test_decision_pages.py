"""Deciding on a proposal through its page: the municipality first, then the group and the
newcomer; what each side may see at each step, and what a decline or a confirmation changes."""

import pytest
from django.core import mail

from samenhier.audit.models import AccessLog
from samenhier.journeys.models import Journey
from samenhier.proposals import decision_views, services, snapshot
from samenhier.proposals.models import Decision, ExcludedPair, MatchingRun, Proposal
from tests.proposals.helpers import municipality_answers, said

pytestmark = pytest.mark.django_db


def _page(proposal: Proposal) -> str:
    return f"/matching/proposals/{proposal.pk}/"


def _answer(client, proposal: Proposal, party: str, **fields):
    """Post `party`'s answer as the page's form does (fields carry the party's prefix)."""
    data = {f"{party}-{name}": value for name, value in fields.items()}
    return client.post(f"{_page(proposal)}answer/{party}/", data, follow=True)


def _household_page(proposal: Proposal) -> str:
    return f"/households/{proposal.household_id}/"


def test_the_citys_officer_sees_the_proposal_and_approves_it(
    cast, visit, contact_proposal, django_capture_on_commit_callbacks
):
    officer = visit(cast.rotterdam.municipality_officer)
    page = officer.get(_page(contact_proposal))
    assert page.status_code == 200
    assert f'action="{_page(contact_proposal)}answer/municipality/"' in page.text
    assert contact_proposal.household.main_applicant_name not in page.text
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(officer, contact_proposal, "municipality", accepted="yes")

    assert said(response) == ["Your answer has been recorded."]
    contact_proposal.refresh_from_db()
    assert contact_proposal.status == "parties"
    decision = Decision.objects.get(proposal=contact_proposal)
    assert (decision.party, decision.accepted, decision.by) == (
        "municipality",
        True,
        cast.rotterdam.municipality_officer,
    )
    # The group's contact person is asked now, and nobody is told the household's name
    assert any(cast.group_contact.email in m.to for m in mail.outbox)
    assert not [m for m in mail.outbox if "Fatima Noor" in m.body + m.subject]


def test_another_citys_officer_does_not_find_the_proposal(cast, visit, contact_proposal):
    officer = visit(cast.den_haag.municipality_officer)

    assert officer.get(_page(contact_proposal)).status_code == 404
    assert _answer(officer, contact_proposal, "municipality", accepted="yes").status_code == 404
    assert _page(contact_proposal) not in officer.get("/matching/proposals/").text
    assert not Decision.objects.exists()


def test_the_group_does_not_see_a_proposal_before_the_municipality_approves(
    cast, visit, contact_proposal
):
    contact = visit(cast.group_contact)

    assert contact.get(_page(contact_proposal)).status_code == 404
    assert _answer(contact, contact_proposal, "group", accepted="yes").status_code == 404
    assert _page(contact_proposal) not in contact.get("/matching/proposals/").text

    municipality_answers(cast, contact_proposal, accepted=True)

    page = contact.get(_page(contact_proposal))
    assert page.status_code == 200
    assert f'action="{_page(contact_proposal)}answer/group/"' in page.text
    assert _page(contact_proposal) in contact.get("/matching/proposals/").text


def test_the_group_never_sees_a_proposal_the_municipality_declined(cast, visit, contact_proposal):
    municipality_answers(cast, contact_proposal, accepted=False, reason="No housing in time.")

    contact = visit(cast.group_contact)
    assert contact.get(_page(contact_proposal)).status_code == 404
    assert _page(contact_proposal) not in contact.get("/matching/proposals/").text


def test_both_sides_accepting_confirms_the_match_and_opens_the_household_to_the_group(
    cast, visit, approved, django_capture_on_commit_callbacks
):
    contact = visit(cast.group_contact)
    builder = visit(cast.rotterdam.community_builder)
    household, group = approved.household, approved.group
    # Before the match is confirmed the group does not know whom it may welcome
    assert contact.get(_household_page(approved)).status_code == 404

    # The group's contact person accepts
    accepted = _answer(contact, approved, "group", accepted="yes")
    assert said(accepted) == ["Your answer has been recorded."]
    assert contact.get(_household_page(approved)).status_code == 404

    # The community builder records the newcomer's answer: the language is required
    missing = _answer(builder, approved, "newcomer", accepted="yes")
    assert missing.status_code == 200
    assert "This field is required." in missing.text
    assert not Decision.objects.filter(party="newcomer").exists()
    with django_capture_on_commit_callbacks(execute=True):
        recorded = _answer(builder, approved, "newcomer", accepted="yes", language="ar")
    assert said(recorded) == ["Your answer has been recorded."]
    assert Decision.objects.get(party="newcomer").language == "ar"

    # Then the match is confirmed: a journey, and both move on to "matched"
    approved.refresh_from_db()
    household.refresh_from_db()
    group.refresh_from_db()
    assert approved.status == "confirmed"
    assert Journey.objects.open().filter(household=household, group=group).exists()
    assert household.stage == "matched"
    assert group.stage == "matched"

    # And the group's members now see whom they welcome, each read written down
    page = contact.get(_household_page(approved))
    assert page.status_code == 200
    assert household.main_applicant_name in page.text
    read = AccessLog.objects.filter(
        user=cast.group_contact, object_type="newcomers.household", object_id=str(household.pk)
    ).get()
    assert read.purpose == "support"
    assert "main_applicant_name" in read.fields


def test_a_decline_returns_both_to_the_pool_and_the_pair_is_never_proposed_again(
    cast, visit, approved, django_capture_on_commit_callbacks
):
    contact = visit(cast.group_contact)
    household, group = approved.household, approved.group

    # Declining needs a reason
    missing = _answer(contact, approved, "group", accepted="no", reason="")
    assert "Give a reason for declining." in missing.text
    assert not Decision.objects.filter(party="group").exists()
    declined = _answer(contact, approved, "group", accepted="no", reason="We cannot start yet.")
    assert said(declined) == ["Your answer has been recorded."]
    approved.refresh_from_db()
    assert approved.status == "declined"
    assert ExcludedPair.objects.filter(household=household, group=group).exists()

    # Both are back in the pool: the pre-selection offers them again
    coordinator = visit(cast.national_coordinator)
    url = f"/matching/new/?track=resettlement&city={cast.rotterdam.city.pk}"
    preselection = coordinator.get(url).context["form"]
    offered = {
        name: [value for value, _label in preselection.fields[name].choices]
        for name in ("households", "groups")
    }
    assert household.pk in offered["households"]
    assert group.pk in offered["groups"]

    # And a later run over everyone offered never proposes that pair
    with django_capture_on_commit_callbacks(execute=True):
        started = coordinator.post(url, offered)
    later = MatchingRun.objects.latest("pk")
    assert started["Location"] == f"/matching/runs/{later.pk}/"
    assert later.status == "done", later.error
    pair = [snapshot.household_key(household.pk), snapshot.group_key(group.pk)]
    assert pair in later.instance["excluded_pairs"]
    assert pair not in [[a["household"], a["group"]] for a in later.result["assignments"]]


def test_an_answer_to_a_proposal_that_changed_meanwhile_is_refused_with_a_message(
    cast, visit, approved, monkeypatch
):
    # Given the newcomer's answer is recorded while the group's contact submits theirs
    load = decision_views.get_proposal_for

    def load_then_someone_answers(user, pk):
        proposal = load(user, pk)
        monkeypatch.setattr(decision_views, "get_proposal_for", load)  # once
        services.decide(
            actor=cast.rotterdam.community_builder,
            proposal=Proposal.objects.get(pk=pk),
            party="newcomer",
            accepted=True,
            language="ar",
        )
        return proposal

    monkeypatch.setattr(decision_views, "get_proposal_for", load_then_someone_answers)

    response = _answer(visit(cast.group_contact), approved, "group", accepted="yes")

    assert response.status_code == 200
    assert said(response) == [
        "Someone else answered this proposal in the meantime. Reload the page."
    ]
    assert not Decision.objects.filter(party="group").exists()


def test_a_party_cannot_answer_twice(cast, visit, approved):
    contact = visit(cast.group_contact)
    _answer(contact, approved, "group", accepted="yes")

    again = _answer(contact, approved, "group", accepted="no", reason="Changed our minds.")

    assert again.status_code == 200
    assert said(again) == ["This party has already answered."]
    assert list(Decision.objects.filter(party="group").values_list("accepted", flat=True)) == [True]


def test_an_answer_out_of_turn_is_refused_with_a_message(cast, visit, contact_proposal):
    # The newcomer is asked only once the municipality approved
    response = _answer(
        visit(cast.rotterdam.community_builder),
        contact_proposal,
        "newcomer",
        accepted="yes",
        language="ar",
    )
    assert said(response) == ["This answer is not asked now."]
    assert not Decision.objects.exists()


def test_only_the_responsible_coordinator_withdraws_a_proposal(cast, visit, approved):
    # The city's local coordinator follows resettlement proposals but does not manage them
    local = visit(cast.rotterdam.local_coordinator)
    assert local.get(_page(approved)).status_code == 200
    assert local.post(f"{_page(approved)}withdraw/", {}).status_code == 403
    assert local.post(f"{_page(approved)}withdraw/", {"reason": "x"}).status_code == 403

    national = visit(cast.national_coordinator)
    refused = national.post(f"{_page(approved)}withdraw/", {"reason": " "}, follow=True)
    assert said(refused) == ["Give a reason."]
    withdrawn = national.post(
        f"{_page(approved)}withdraw/", {"reason": "The household moved."}, follow=True
    )
    assert said(withdrawn) == ["The proposal has been withdrawn."]
    approved.refresh_from_db()
    assert approved.status == "withdrawn"


def test_a_withdrawal_keeps_its_reason_for_coordinators_and_tells_those_who_knew(
    cast, visit, approved, django_capture_on_commit_callbacks
):
    # Given a proposal the municipality approved, so the group's contact knows of it
    mail.outbox.clear()
    national = visit(cast.national_coordinator)

    # When the coordinator withdraws it with a reason
    with django_capture_on_commit_callbacks(execute=True):
        national.post(f"{_page(approved)}withdraw/", {"reason": "The household moved away."})

    # Then the reason is kept and shown to the coordinator, not to the group
    approved.refresh_from_db()
    assert approved.closing_reason == "The household moved away."
    assert "The household moved away." in national.get(_page(approved)).text
    contact = visit(cast.group_contact)
    assert "The household moved away." not in contact.get(_page(approved)).text
    # And the officer, the group's contact and the community builder are told, without it
    told = {address for m in mail.outbox for address in m.to}
    assert {
        cast.rotterdam.municipality_officer.email,
        cast.group_contact.email,
        cast.rotterdam.community_builder.email,
    } <= told
    assert not [m for m in mail.outbox if "moved away" in m.body]


def _bad_requests(cast, proposal: Proposal, run: MatchingRun):
    city = cast.rotterdam.city.pk
    p, r = f"/matching/proposals/{proposal.pk}", f"/matching/runs/{run.pk}"
    huge = "9" * 30
    return [
        ("get", f"{p}/answer/municipality/", {}, 405),
        ("post", f"{p}/answer/mayor/", {"mayor-accepted": "yes"}, 404),
        # The national coordinator may record the newcomer's answer (not yet asked)
        ("post", f"{p}/answer/newcomer/", {}, 200),
        ("post", f"{p}/answer/newcomer/", {"newcomer-accepted": "maybe"}, 200),
        ("post", f"{p}/answer/municipality/", {"municipality-accepted": "yes"}, 403),
        ("post", f"{p}/withdraw/", {}, 302),
        ("get", "/matching/proposals/abc/", {}, 404),
        ("get", f"/matching/proposals/{huge}/", {}, 404),
        ("get", "/matching/proposals/?q=%00&sort=nonsense&page=x&status=zzz", {}, 200),
        ("get", "/matching/runs/abc/", {}, 404),
        ("get", f"/matching/runs/{huge}/", {}, 404),
        ("get", "/matching/?sort=nonsense&page=-1&status=zzz", {}, 200),
        ("post", f"{r}/lock/", {"household": "abc", "group": ""}, 302),
        ("post", f"{r}/exclude/", {"household": huge, "group": huge, "reason": "x"}, 302),
        ("post", f"{r}/swap/", {"first": "x", "second": ""}, 302),
        ("post", f"{r}/choices/{huge}/undo/", {}, 404),
        ("get", f"{r}/choices/1/undo/", {}, 405),
        ("get", "/matching/new/?track=bogus&city=abc", {}, 200),
        ("get", f"/matching/new/?track=resettlement&city={huge}", {}, 200),
        ("post", f"/matching/new/?track=resettlement&city={city}", {"households": "x"}, 200),
    ]


def test_bad_input_never_breaks_a_page(cast, visit, contact_proposal):
    coordinator = visit(cast.national_coordinator)
    for method, url, data, expected in _bad_requests(cast, contact_proposal, contact_proposal.run):
        response = getattr(coordinator, method)(url, data)
        assert response.status_code == expected, f"{method.upper()} {url} {data}"
    assert not Decision.objects.exists()
    contact_proposal.refresh_from_db()
    assert contact_proposal.status == "municipality"
