"""The life cycle is data; every allowed step is walked and every forbidden one refused."""

import pytest
from django.core.exceptions import PermissionDenied

from samenhier.groups import lifecycle, services
from samenhier.groups.models import Group, GroupEvent
from samenhier.groups.stages import GroupStage

pytestmark = pytest.mark.django_db

MANUAL = [t for t in lifecycle.TRANSITIONS if not t.automatic]


def _group_in(cast, stage):
    group = cast.rotterdam.groups.get(stage) or Group.objects.create(
        name=f"Groep {stage}", kind="sponsor", city=cast.rotterdam.city, stage=stage
    )
    return Group.objects.get(pk=group.pk)


@pytest.mark.parametrize("transition", MANUAL, ids=lambda t: t.name)
@pytest.mark.parametrize("stage", list(GroupStage), ids=lambda s: s.value)
def test_every_step_is_allowed_only_from_its_source_stages(cast, transition, stage):
    group = _group_in(cast, stage)
    # The national coordinator overrides guards, so only the stage decides here.
    call = {
        "actor": cast.national_coordinator,
        "group": group,
        "name": transition.name,
        "reason": "Getest",
        "override": transition.overridable,
    }
    if stage in transition.sources:
        refused = None
        try:
            services.transition_group(**call)
        except services.TransitionRefused as error:
            refused = error
        if refused is not None:
            # Only a guard may refuse an allowed step, and only for a non-overridable step.
            assert transition.guard is not None
            assert not transition.overridable, refused.messages
            return
        group.refresh_from_db()
        assert group.stage == transition.target
        assert GroupEvent.objects.filter(group=group, to_stage=transition.target).exists()
    else:
        with pytest.raises(services.TransitionRefused):
            services.transition_group(**call)
        assert Group.objects.get(pk=group.pk).stage == stage


@pytest.mark.parametrize(
    "transition", [t for t in lifecycle.TRANSITIONS if t.automatic], ids=lambda t: t.name
)
def test_automatic_steps_cannot_be_taken_by_hand(cast, transition):
    stage = next(iter(transition.sources))
    with pytest.raises(PermissionDenied):
        services.transition_group(
            actor=cast.national_coordinator, group=_group_in(cast, stage), name=transition.name
        )


def test_the_whole_road_in_order_when_everything_is_in_place(cast):
    road = ["start_intake", "start_vetting", "approve", "mark_trained"]
    stages = [lifecycle.BY_NAME[name].target for name in road]
    assert stages == [
        GroupStage.INTAKE,
        GroupStage.VETTING,
        GroupStage.APPROVED,
        GroupStage.TRAINED,
    ]


def test_a_guard_says_what_is_missing_and_nothing_changes(cast):
    group = _group_in(cast, GroupStage.INTAKE)  # the intake has not been held
    with pytest.raises(services.TransitionRefused) as refused:
        services.transition_group(
            actor=cast.rotterdam.local_coordinator, group=group, name="start_vetting"
        )
    assert any("intake" in m.lower() for m in refused.value.messages)
    assert Group.objects.get(pk=group.pk).stage == GroupStage.INTAKE


def test_only_the_national_coordinator_may_override_and_only_with_a_reason(cast):
    group = _group_in(cast, GroupStage.VETTING)  # declarations and certificates incomplete
    with pytest.raises(PermissionDenied):
        services.transition_group(
            actor=cast.rotterdam.local_coordinator,
            group=group,
            name="approve",
            reason="x",
            override=True,
        )
    with pytest.raises(services.TransitionRefused):
        services.transition_group(
            actor=cast.national_coordinator, group=group, name="approve", override=True
        )
    services.transition_group(
        actor=cast.national_coordinator,
        group=group,
        name="approve",
        reason="VOG's zijn onderweg; groep start alvast met training.",
        override=True,
    )
    event = GroupEvent.objects.filter(group=group).first()
    assert event.kind == GroupEvent.Kind.OVERRIDE
    assert "onderweg" in event.reason


def test_withdrawing_needs_a_reason_and_tells_the_members(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    group = _group_in(cast, GroupStage.TRAINED)
    with pytest.raises(services.TransitionRefused):
        services.transition_group(
            actor=cast.rotterdam.local_coordinator, group=group, name="withdraw"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_group(
            actor=cast.rotterdam.local_coordinator,
            group=group,
            name="withdraw",
            reason="Verhuizing",
        )
    group.refresh_from_db()
    assert group.stage == GroupStage.WITHDRAWN
    assert group.closing_reason == "Verhuizing"
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        group.members.values_list("email", flat=True)
    )
    assert all("Verhuizing" in m.body for m in mailoutbox)


def test_a_stale_page_cannot_move_a_group_twice(cast):
    group = _group_in(cast, GroupStage.TRAINED)
    stale = Group.objects.get(pk=group.pk)
    services.transition_group(
        actor=cast.rotterdam.local_coordinator, group=group, name="withdraw", reason="a"
    )
    with pytest.raises(services.TransitionRefused):
        services.transition_group(
            actor=cast.rotterdam.local_coordinator, group=stale, name="reject", reason="b"
        )
    assert Group.objects.get(pk=group.pk).stage == GroupStage.WITHDRAWN


def test_another_citys_coordinator_cannot_move_a_group(cast):
    with pytest.raises(PermissionDenied):
        services.transition_group(
            actor=cast.den_haag.local_coordinator,
            group=_group_in(cast, GroupStage.TRAINED),
            name="withdraw",
            reason="x",
        )
