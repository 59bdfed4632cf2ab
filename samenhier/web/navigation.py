"""The main navigation: each entry appears only for people whose policies let them use it."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.policies import assignments_visible_to, can_invite_anyone
from samenhier.audit.policies import can_read_access_log
from samenhier.evaluation.policies import can_follow_moments, can_view_figures
from samenhier.groups.policies import can_view_pipeline
from samenhier.journeys.policies import can_list_journeys, can_view_signal_counts
from samenhier.learning.policies import can_view_training
from samenhier.network.policies import can_manage_network
from samenhier.newcomers.policies import can_view_pipeline as can_view_households
from samenhier.proposals.policies import can_view_proposals, can_view_runs


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    current: bool


def _entries(user: Any) -> list[tuple[str | Promise, str]]:
    entries: list[tuple[str | Promise, str]] = [(_("Home"), "web:home")]
    if can_view_pipeline(user):
        entries.append((_("Groups"), "groups:pipeline"))
    if can_view_households(user):
        entries.append((_("Households"), "newcomers:pipeline"))
    if can_view_runs(user):
        entries.append((_("Matching"), "proposals:runs"))
    elif can_view_proposals(user):
        entries.append((_("Proposals"), "proposals:proposals"))
    if can_list_journeys(user):
        entries.append((_("Journeys"), "journeys:list"))
    if can_view_signal_counts(user):
        entries.append((_("Signals"), "journeys:signal_counts"))
    if can_view_figures(user):
        entries.append((_("Impact"), "evaluation:dashboard"))
    elif can_follow_moments(user):
        entries.append((_("Evaluation"), "evaluation:moments"))
    if can_view_training(user):
        entries.append((_("Training"), "learning:overview"))
    if can_manage_network(user):
        entries.append((_("Cities"), "network:city_list"))
        entries.append((_("Organisations"), "network:organisation_list"))
    if can_invite_anyone(user) or assignments_visible_to(user).exists():
        entries.append((_("People and roles"), "accounts:people"))
    if can_read_access_log(user):
        entries.append((_("Audit"), "audit:access_log"))
    entries.append((_("My account"), "accounts:me"))
    return entries


def navigation_for(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)  # absent on a request refused before authentication
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name in _entries(user):
        url = reverse(name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append(NavItem(label=label, url=url, current=current))
    return items
