"""Who may open which page: every URL of ours is either public or listed here.

Each entry names the page, how to build its address from the cast, the people who may open
it, and people who may not with what they get (403 when the page's existence is no secret,
404 when even that must not leak). tests/test_access_matrix.py runs every row;
tests/test_architecture.py fails for any URL that is in neither list.
"""

from dataclasses import dataclass, field
from typing import Any

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
}
PUBLIC_MODULE_PREFIXES = ("allauth.",)


@dataclass
class Row:
    name: str
    kwargs: Any = None  # callable(cast) -> dict
    allowed: tuple[str, ...] = ()
    denied: dict[str, int] = field(default_factory=dict)
    method: str = "get"
    allowed_status: int = 200


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


NATIONAL = "national_coordinator"
LOCAL = "rotterdam.local_coordinator"
OTHER_LOCAL = "den_haag.local_coordinator"
OFFICER = "rotterdam.municipality_officer"
BUILDER = "rotterdam.community_builder"
MEMBER = "rotterdam.group_member"
NEWCOMER = "rotterdam.newcomer"

ROWS = [
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
        allowed=(NEWCOMER, LOCAL),
        denied={"den_haag.newcomer": 404, MEMBER: 404},
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
        denied={OFFICER: 403, OTHER_LOCAL: 404, "den_haag.newcomer": 404, MEMBER: 404},
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
    Row("audit:access_log", allowed=(NATIONAL,), denied={LOCAL: 403, OFFICER: 403, MEMBER: 403}),
    Row("audit:change_log", allowed=(NATIONAL,), denied={LOCAL: 403, NEWCOMER: 403}),
]


def person(cast: Any, path: str) -> Any:
    target = cast
    for part in path.split("."):
        target = getattr(target, part)
    return target
