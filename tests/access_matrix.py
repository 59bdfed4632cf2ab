"""Who may open which page: every URL of ours is either public or listed here.

Each entry names the page, how to build its address from the cast, the people who may open
it, and people who may not with what they get (403 when the page's existence is no secret,
404 when even that must not leak). tests/test_access_matrix.py runs every row;
tests/test_architecture.py fails for any URL that is in neither list.
"""

from typing import Any

from tests.access_matrix_rows import (
    BUILDER,
    CONTACT,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    OFFICER,
    OTHER_LOCAL,
    OTHER_OFFICER,
    Row,
)
from tests.evaluation.access import EVALUATION_ROWS
from tests.journeys.access import JOURNEY_ROWS

# URL names anyone may open, logged in or not. Third-party auth pages (allauth) are public
# by nature and enforce their own rules.
PUBLIC = {
    "web:home",
    "set_language",
    "accept_invitation",
    # Group registration is public by design (no account needed); confirming needs the
    # secret link that was e-mailed to the member.
    "groups:register_index",
    "groups:register",
    "groups:registered",
    "groups:confirm",
    # A private calendar address (ICS) for calendar apps, which cannot log in: the secret
    # in the address is the key; revoked or unknown ones answer 404 (journeys/test_calendar).
    "journeys:calendar_feed",
    # The newcomer's personal evaluation link needs no account: the secret in the address is
    # the key; spent, expired or unknown ones answer 404 (evaluation/test_answering).
    "evaluation:answer_link",
}
PUBLIC_MODULE_PREFIXES = ("allauth.",)


def _rotterdam_slug(cast: Any) -> dict[str, str]:
    return {"slug": cast.rotterdam.city.slug}


def _den_haag_slug(cast: Any) -> dict[str, str]:
    return {"slug": cast.den_haag.city.slug}


def _organisation(cast: Any) -> dict[str, int]:
    return {"pk": cast.rotterdam.city.municipality_id}


def _community_builder_role(cast: Any) -> dict[str, int]:
    from samenhier.accounts.models import RoleAssignment

    return {"pk": RoleAssignment.objects.get(user=cast.rotterdam.community_builder).pk}


def _own_group(cast: Any) -> dict[str, int]:
    return {"pk": cast.rotterdam.group.pk}


def _registered_group(cast: Any) -> dict[str, Any]:
    return {"pk": cast.rotterdam.groups["registered"].pk, "name": "withdraw"}


def _vetting_member(cast: Any) -> dict[str, int]:
    group = cast.rotterdam.groups["vetting"]
    return {"pk": group.pk, "member_pk": group.members.first().pk}


def _session(cast: Any) -> dict[str, int]:
    from samenhier.learning.models import TrainingSession

    return {"pk": TrainingSession.objects.filter(city=cast.rotterdam.city).first().pk}


def _module(cast: Any) -> dict[str, int]:
    from samenhier.learning.models import Module

    return {"pk": Module.objects.first().pk}


def _invitation(cast: Any) -> dict[str, int]:
    from samenhier.accounts import services
    from samenhier.accounts.roles import Role

    invitation = services.invite(
        actor=cast.national_coordinator,
        email="new@example.org",
        full_name="New",
        role=Role.COMMUNITY_BUILDER,
        city=cast.rotterdam.city,
    )
    return {"pk": invitation.pk}


def _household(cast: Any) -> dict[str, int]:
    return {"pk": cast.rotterdam.households["consented"].pk}


def _own_household(cast: Any) -> dict[str, int]:
    return {"pk": cast.rotterdam.household.pk}


def _consent(cast: Any) -> dict[str, Any]:
    return {"pk": cast.rotterdam.households["consented"].pk, "purpose": "share_profile"}


def _run(actor: Any, track: str, city: Any, households: Any, groups: Any) -> Any:
    """A finished run of the matching (the worker's task called in place); the one already
    made for `city` when there is one, so that a test may ask for it more than once."""
    from samenhier.proposals import services
    from samenhier.proposals.models import MatchingRun
    from samenhier.proposals.tasks import execute_run

    runs = MatchingRun.objects.filter(track=track, city=city)
    run = runs.filter(published_at__isnull=True).first() or runs.first()
    if run is None:
        run = services.start_run(
            actor=actor,
            track=track,
            city=city,
            household_pks=[h.pk for h in households],
            group_pks=[g.pk for g in groups],
        )
        execute_run.call(run.pk)
        run.refresh_from_db()
    return run


def _den_haag_run(cast: Any) -> dict[str, int]:
    """Welcome groups are matched by the city's local coordinator."""
    from samenhier.groups.models import Group

    city = cast.den_haag.city
    run = _run(
        cast.den_haag.local_coordinator,
        "in_country",
        city,
        [cast.den_haag.households["ready"]],
        Group.objects.filter(city=city, stage="trained"),
    )
    return {"pk": run.pk}


def _den_haag_choice(cast: Any) -> dict[str, int]:
    from samenhier.groups.models import Group
    from samenhier.proposals import services
    from samenhier.proposals.models import MatchingRun

    run = MatchingRun.objects.get(**_den_haag_run(cast))
    services.exclude(
        actor=cast.den_haag.local_coordinator,
        run=run,
        household_pk=cast.den_haag.households["ready"].pk,
        group_pk=Group.objects.get(city=cast.den_haag.city, stage="trained").pk,
        reason="Too far away.",
    )
    return {"pk": run.pk, "choice": run.choices.get().pk}


def _rotterdam_run(cast: Any) -> Any:
    """Resettlement, matched nationally: RTM-006 with Femke's group (cast.group_contact)."""
    from samenhier.groups.models import Group
    from samenhier.newcomers.models import Household

    return _run(
        cast.national_coordinator,
        "resettlement",
        cast.rotterdam.city,
        [Household.objects.get(reference="RTM-006")],
        [Group.objects.get(name="Oude Noorden Open Armen")],
    )


def _rotterdam_proposal(cast: Any, approved: bool = False) -> dict[str, int]:
    """Sent to the Rotterdam municipality; `approved`: and approved by it."""
    from samenhier.proposals import services
    from samenhier.proposals.models import Proposal

    proposal = Proposal.objects.open().filter(household__reference="RTM-006").first()
    if proposal is None:
        (proposal,) = services.publish(actor=cast.national_coordinator, run=_rotterdam_run(cast))
    if approved and proposal.status == "municipality":
        services.decide(
            actor=cast.rotterdam.municipality_officer,
            proposal=proposal,
            party="municipality",
            accepted=True,
        )
    return {"pk": proposal.pk}


def _approved_proposal(cast: Any) -> dict[str, int]:
    return _rotterdam_proposal(cast, approved=True)


def _answer(party: str, approved: bool = True) -> Any:
    return lambda cast: {**_rotterdam_proposal(cast, approved=approved), "party": party}


_CORE_ROWS = [
    Row(
        "network:city_list",
        allowed=(NATIONAL,),
        denied={LOCAL: 403, OFFICER: 403, MEMBER: 403, NEWCOMER: 403},
    ),
    Row("network:city_create", allowed=(NATIONAL,), denied={LOCAL: 403, MEMBER: 403}),
    Row(
        "network:city_detail",
        kwargs=_rotterdam_slug,
        allowed=(NATIONAL, LOCAL, OFFICER, BUILDER),
        denied={OTHER_LOCAL: 404, "den_haag.municipality_officer": 404},
    ),
    Row(
        "network:city_edit",
        kwargs=_rotterdam_slug,
        allowed=(NATIONAL,),
        denied={LOCAL: 403, OTHER_LOCAL: 404, MEMBER: 403},
    ),
    Row("network:city_edit", kwargs=_den_haag_slug, allowed=(NATIONAL,), denied={LOCAL: 404}),
    Row("network:programme", allowed=(NATIONAL,), denied={LOCAL: 403, OFFICER: 403, MEMBER: 403}),
    Row("network:organisation_list", allowed=(NATIONAL,), denied={LOCAL: 403, NEWCOMER: 403}),
    Row("network:organisation_create", allowed=(NATIONAL,), denied={LOCAL: 403, OFFICER: 403}),
    Row(
        "network:organisation_edit",
        kwargs=_organisation,
        allowed=(NATIONAL,),
        # Which organisations work in a city is no secret to the people of that city.
        denied={LOCAL: 403, OTHER_LOCAL: 404, MEMBER: 403},
    ),
    Row(
        "accounts:people",
        allowed=(NATIONAL, LOCAL),
        denied={OFFICER: 403, BUILDER: 403, MEMBER: 403, NEWCOMER: 403},
    ),
    Row("accounts:invite", allowed=(NATIONAL, LOCAL), denied={OFFICER: 403, MEMBER: 403}),
    Row("accounts:invitations", allowed=(NATIONAL, LOCAL), denied={OFFICER: 403, NEWCOMER: 403}),
    Row(
        "accounts:cancel_invitation",
        kwargs=_invitation,
        method="post",
        allowed=(LOCAL,),
        allowed_status=302,
        denied={OTHER_LOCAL: 404, OFFICER: 404, MEMBER: 404},
    ),
    Row(
        "accounts:revoke",
        kwargs=_community_builder_role,
        allowed=(NATIONAL, LOCAL),
        denied={OTHER_LOCAL: 404, OFFICER: 404, BUILDER: 404, MEMBER: 404},
    ),
    Row("accounts:me", allowed=(NATIONAL, MEMBER, NEWCOMER, OFFICER)),
    Row(
        "groups:pipeline",
        allowed=(NATIONAL, LOCAL, BUILDER),
        denied={OFFICER: 403, MEMBER: 403, NEWCOMER: 403, "rotterdam.social_support_worker": 403},
    ),
    Row(
        "groups:detail",
        kwargs=_own_group,
        allowed=(NATIONAL, LOCAL, BUILDER),
        denied={OTHER_LOCAL: 404, OFFICER: 404, NEWCOMER: 404, "den_haag.group_member": 404},
    ),
    Row(
        "groups:mine",
        kwargs=_own_group,
        allowed=(MEMBER,),
        denied={LOCAL: 403, "den_haag.group_member": 404, OFFICER: 404},
    ),
    Row(
        "groups:transition",
        kwargs=_registered_group,
        method="post",
        allowed=(LOCAL,),
        allowed_status=302,
        denied={BUILDER: 403, OTHER_LOCAL: 404, MEMBER: 404, OFFICER: 404},
    ),
    Row(
        "groups:intake",
        kwargs=_own_group,
        allowed=(NATIONAL, LOCAL),
        denied={BUILDER: 403, OTHER_LOCAL: 404, MEMBER: 403, OFFICER: 404},
    ),
    Row(
        "groups:certificate",
        kwargs=_vetting_member,
        allowed=(NATIONAL, LOCAL),
        denied={BUILDER: 403, OTHER_LOCAL: 404, MEMBER: 404},
    ),
    Row(
        "groups:sign",
        kwargs=_own_group,
        allowed=(MEMBER,),
        denied={LOCAL: 403, "den_haag.group_member": 404, NEWCOMER: 404},
    ),
    Row(
        "groups:declarations",
        allowed=(NATIONAL,),
        denied={LOCAL: 403, MEMBER: 403, OFFICER: 403},
    ),
    Row(
        "learning:overview",
        allowed=(NATIONAL, LOCAL, BUILDER, MEMBER),
        denied={OFFICER: 403, NEWCOMER: 403, "rotterdam.social_support_worker": 403},
    ),
    Row(
        "learning:plan", allowed=(NATIONAL, LOCAL), denied={BUILDER: 403, MEMBER: 403, OFFICER: 403}
    ),
    Row(
        "learning:session",
        kwargs=_session,
        allowed=(NATIONAL, LOCAL, MEMBER),
        denied={OTHER_LOCAL: 404, OFFICER: 404, NEWCOMER: 404},
    ),
    Row(
        "learning:register",
        kwargs=_session,
        method="post",
        allowed=(MEMBER,),
        allowed_status=302,
        denied={LOCAL: 403, OTHER_LOCAL: 404, "den_haag.group_member": 404},
    ),
    Row(
        "learning:unregister",
        kwargs=_session,
        method="post",
        allowed=(MEMBER,),
        allowed_status=302,
        denied={"den_haag.group_member": 404, LOCAL: 404},
    ),
    Row("learning:module_create", allowed=(NATIONAL,), denied={LOCAL: 403, MEMBER: 403}),
    Row(
        "learning:module_edit",
        kwargs=_module,
        allowed=(NATIONAL,),
        denied={LOCAL: 403, BUILDER: 403},
    ),
    Row(
        "groups:export",
        kwargs=lambda cast: {"fmt": "csv"},
        allowed=(NATIONAL, LOCAL, BUILDER),
        denied={OFFICER: 403, MEMBER: 403, NEWCOMER: 403},
    ),
    Row(
        "groups:own_details",
        kwargs=_own_group,
        allowed=(MEMBER,),
        denied={LOCAL: 403, "den_haag.group_member": 404, OFFICER: 404},
    ),
    Row(
        "groups:leave",
        kwargs=_own_group,
        allowed=(MEMBER,),
        denied={LOCAL: 403, "den_haag.group_member": 404},
    ),
    Row(
        "groups:location",
        kwargs=_vetting_member,
        allowed=(NATIONAL, LOCAL),
        denied={BUILDER: 403, OTHER_LOCAL: 404, MEMBER: 404},
    ),
    Row(
        "newcomers:pipeline",
        allowed=(NATIONAL, LOCAL, OFFICER),
        denied={BUILDER: 403, MEMBER: 403, NEWCOMER: 403, "rotterdam.social_support_worker": 403},
    ),
    Row(
        "newcomers:refer",
        allowed=(NATIONAL, LOCAL, OFFICER),
        denied={BUILDER: 403, MEMBER: 403, NEWCOMER: 403},
    ),
    Row("newcomers:import", allowed=(NATIONAL, LOCAL, OFFICER), denied={BUILDER: 403, MEMBER: 403}),
    Row(
        "newcomers:import_template",
        kwargs=lambda cast: {"fmt": "xlsx"},
        allowed=(NATIONAL, LOCAL, OFFICER),
        denied={BUILDER: 403, NEWCOMER: 403},
    ),
    Row(
        "newcomers:consent_texts",
        allowed=(NATIONAL,),
        denied={LOCAL: 403, OFFICER: 403, NEWCOMER: 403},
    ),
    Row(
        "newcomers:detail",
        kwargs=_household,
        allowed=(NATIONAL, LOCAL, OFFICER),
        denied={
            OTHER_LOCAL: 404,
            "den_haag.municipality_officer": 404,
            BUILDER: 404,
            MEMBER: 404,
            NEWCOMER: 404,
            "rotterdam.social_support_worker": 404,
        },
    ),
    Row(
        "newcomers:detail",
        kwargs=_own_household,
        # The group member's group welcomes this household (a confirmed match).
        allowed=(NEWCOMER, LOCAL, MEMBER),
        denied={"den_haag.newcomer": 404, "den_haag.group_member": 404},
    ),
    Row(
        "newcomers:inform",
        kwargs=_household,
        allowed=(NATIONAL, LOCAL),
        denied={OFFICER: 403, OTHER_LOCAL: 404, NEWCOMER: 404},
    ),
    Row(
        "newcomers:consent",
        kwargs=_household,
        allowed=(NATIONAL, LOCAL),
        denied={OFFICER: 403, OTHER_LOCAL: 404, BUILDER: 404},
    ),
    Row(
        "newcomers:withdraw",
        kwargs=_consent,
        method="post",
        allowed=(LOCAL,),
        allowed_status=302,
        denied={OFFICER: 403, OTHER_LOCAL: 404, MEMBER: 404, NEWCOMER: 404},
    ),
    Row(
        "newcomers:stop",
        kwargs=_household,
        allowed=(NATIONAL, LOCAL),
        denied={OFFICER: 403, OTHER_LOCAL: 404, MEMBER: 404},
    ),
    Row(
        "newcomers:export",
        kwargs=lambda cast: {**_own_household(cast), "fmt": "json"},
        allowed=(NEWCOMER, LOCAL, NATIONAL),
        denied={OFFICER: 403, OTHER_LOCAL: 404, "den_haag.newcomer": 404, MEMBER: 403},
    ),
    Row(
        "newcomers:erase",
        kwargs=_household,
        allowed=(NATIONAL, LOCAL),
        denied={OFFICER: 403, OTHER_LOCAL: 404, NEWCOMER: 404, BUILDER: 404},
    ),
    Row(
        "newcomers:transition",
        kwargs=lambda cast: {**_household(cast), "name": "start_intake"},
        method="post",
        allowed=(LOCAL,),
        allowed_status=302,
        denied={OFFICER: 403, OTHER_LOCAL: 404, NEWCOMER: 404, BUILDER: 404},
    ),
    Row(
        "groups:resend",
        kwargs=lambda cast: {
            "pk": cast.rotterdam.groups["registered"].pk,
            "member_pk": cast.rotterdam.groups["registered"]
            .members.filter(confirmed_at__isnull=True)
            .first()
            .pk,
        },
        method="post",
        allowed=(LOCAL,),
        allowed_status=302,
        denied={BUILDER: 403, OTHER_LOCAL: 404, MEMBER: 404, OFFICER: 404},
    ),
    # Matching: the coordinators run it; a run is seen only by whoever may manage it.
    Row(
        "proposals:runs",
        allowed=(NATIONAL, LOCAL, OTHER_LOCAL),
        denied={OFFICER: 403, BUILDER: 403, MEMBER: 403, NEWCOMER: 403},
    ),
    Row(
        "proposals:new",
        allowed=(NATIONAL, LOCAL, OTHER_LOCAL),
        denied={OFFICER: 403, BUILDER: 403, MEMBER: 403, CONTACT: 403},
    ),
    Row(
        "proposals:run",
        kwargs=_den_haag_run,
        allowed=(NATIONAL, OTHER_LOCAL),
        denied={LOCAL: 404, OTHER_OFFICER: 404, "den_haag.group_member": 404, NEWCOMER: 404},
    ),
    Row(
        "proposals:run",
        kwargs=lambda cast: {"pk": _rotterdam_run(cast).pk},
        allowed=(NATIONAL,),
        # Resettlement is matched nationally, not by the city's coordinator.
        denied={LOCAL: 404, OTHER_LOCAL: 404, OFFICER: 404, CONTACT: 404},
    ),
    *(
        Row(
            f"proposals:{name}",
            kwargs=_den_haag_run,
            method="post",
            allowed=(OTHER_LOCAL, NATIONAL),
            allowed_status=302,
            denied={LOCAL: 404, OTHER_OFFICER: 404, "den_haag.group_member": 404},
        )
        for name in ("lock", "exclude", "swap", "rerun", "publish")
    ),
    Row(
        "proposals:undo",
        kwargs=_den_haag_choice,
        method="post",
        allowed=(OTHER_LOCAL,),
        allowed_status=302,
        denied={LOCAL: 404, OTHER_OFFICER: 404},
    ),
    # Proposals: the city's staff follow them; a group only once the municipality approved.
    Row(
        "proposals:proposals",
        allowed=(NATIONAL, LOCAL, OFFICER, BUILDER, CONTACT, MEMBER),
        denied={
            NEWCOMER: 403,
            "rotterdam.social_support_worker": 403,
            "rotterdam.reception_officer": 403,
        },
    ),
    Row(
        "proposals:detail",
        kwargs=_rotterdam_proposal,
        allowed=(NATIONAL, LOCAL, OFFICER, BUILDER),
        denied={OTHER_LOCAL: 404, OTHER_OFFICER: 404, CONTACT: 404, MEMBER: 404, NEWCOMER: 404},
    ),
    Row(
        "proposals:detail",
        kwargs=_approved_proposal,
        allowed=(CONTACT, OFFICER),
        denied={MEMBER: 404, "den_haag.group_member": 404, NEWCOMER: 404},
    ),
    # An answer without its fields shows the form again (200) to whoever may give it.
    Row(
        "proposals:decide",
        kwargs=_answer("municipality", approved=False),
        method="post",
        allowed=(OFFICER,),
        denied={NATIONAL: 403, LOCAL: 403, BUILDER: 403, OTHER_OFFICER: 404, CONTACT: 404},
    ),
    Row(
        "proposals:decide",
        kwargs=_answer("group"),
        method="post",
        allowed=(CONTACT,),
        denied={OFFICER: 403, BUILDER: 403, MEMBER: 404, "den_haag.group_member": 404},
    ),
    Row(
        "proposals:decide",
        kwargs=_answer("newcomer"),
        method="post",
        allowed=(BUILDER, NATIONAL),
        denied={OFFICER: 403, CONTACT: 403, LOCAL: 403, OTHER_LOCAL: 404, NEWCOMER: 404},
    ),
    Row(
        "proposals:withdraw",
        kwargs=_rotterdam_proposal,
        method="post",
        allowed=(NATIONAL,),
        allowed_status=302,
        denied={LOCAL: 403, OFFICER: 403, BUILDER: 403, OTHER_LOCAL: 404, CONTACT: 404},
    ),
    Row("audit:access_log", allowed=(NATIONAL,), denied={LOCAL: 403, OFFICER: 403, MEMBER: 403}),
    Row("audit:change_log", allowed=(NATIONAL,), denied={LOCAL: 403, NEWCOMER: 403}),
]


ROWS = _CORE_ROWS + JOURNEY_ROWS + EVALUATION_ROWS


def person(cast: Any, path: str) -> Any:
    target = cast
    for part in path.split("."):
        target = getattr(target, part)
    return target
