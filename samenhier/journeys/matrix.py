"""The division of tasks and roles (DOMAIN.md, success condition 2): for each domain of the
newcomer's life, which party is responsible, which support and which are kept informed.

A matrix is a dict {domain: {party: role}}; a cell without a role is left out. Every save is a
new TaskDivision with the next number, so earlier divisions stay readable and comparable.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenhier.journeys import policies
from samenhier.journeys.models import Journey, TaskDivision
from samenhier.journeys.parties import MATRIX_PARTIES, Domain, MatrixRole, Party
from samenhier.network.models import GroupKind

Cells = dict[str, dict[str, str]]

RES, SUP, INF = MatrixRole.RESPONSIBLE, MatrixRole.SUPPORTS, MatrixRole.INFORMED
G, M, SO, LP, RE, N = (
    Party.GROUP,
    Party.MUNICIPALITY,
    Party.SOCIAL_SUPPORT,
    Party.LOCAL_PARTNER,
    Party.RECEPTION,
    Party.NEWCOMER,
)

# The programme's starting point per kind of group; the parties then adjust it together.
# The municipality keeps its legal duties (housing, income, civic integration, work), social
# support carries health, the local partner the social network; the group supports where it
# adds time and networks. The newcomer is informed of every domain: the matrix says who
# organises, the newcomer decides about their own life. COA (reception) knows a resettled
# household before departure; a welcome group's newcomer has already left COA.
TEMPLATES: dict[str, Cells] = {
    GroupKind.SPONSOR: {
        Domain.HOUSING: {G: SUP, M: RES, SO: SUP, LP: INF, RE: INF, N: INF},
        Domain.INCOME: {G: SUP, M: RES, SO: SUP, LP: INF, N: INF},
        Domain.LANGUAGE: {G: SUP, M: RES, SO: SUP, LP: INF, N: INF},
        Domain.HEALTH: {G: SUP, M: INF, SO: RES, RE: INF, N: INF},
        Domain.WORK: {G: SUP, M: RES, SO: INF, LP: INF, N: INF},
        Domain.SOCIAL: {G: SUP, SO: INF, LP: RES, N: INF},
    },
    GroupKind.WELCOME: {
        Domain.HOUSING: {G: INF, M: RES, SO: SUP, N: INF},
        Domain.INCOME: {G: INF, M: RES, SO: SUP, N: INF},
        Domain.LANGUAGE: {G: SUP, M: RES, SO: INF, LP: INF, N: INF},
        Domain.HEALTH: {M: INF, SO: RES, N: INF},
        Domain.WORK: {G: SUP, M: RES, SO: INF, LP: INF, N: INF},
        Domain.SOCIAL: {G: SUP, SO: INF, LP: RES, N: INF},
    },
}

STALE_MESSAGE = gettext_noop(
    "Someone saved a newer version of the division of tasks while you were editing. "
    "Your changes were not saved: open the newest version and make them again."
)


def template_for(journey: Journey) -> Cells:
    """The starting matrix for the journey's kind of group (a fresh copy)."""
    return normalise(TEMPLATES.get(journey.group.kind, TEMPLATES[GroupKind.SPONSOR]))


def normalise(cells: Any) -> Cells:
    """Only known domains, parties and roles, as plain strings, in the matrix's own order."""
    result: Cells = {}
    if not isinstance(cells, dict):
        return result
    for domain in Domain:
        row = cells.get(domain.value)
        if not isinstance(row, dict):
            continue
        kept = {
            party.value: str(row[party.value])
            for party in MATRIX_PARTIES
            if row.get(party.value) in MatrixRole.values
        }
        if kept:
            result[domain.value] = kept
    return result


def responsible(cells: Cells, domain: str) -> list[str]:
    row = cells.get(domain, {})
    return [party for party, role in row.items() if role == MatrixRole.RESPONSIBLE]


def missing(cells: Cells) -> list[Domain]:
    """The domains that do not have exactly one responsible party."""
    return [domain for domain in Domain if len(responsible(cells, domain.value)) != 1]


def is_complete(cells: Cells) -> bool:
    return not missing(cells)


def current_division(journey: Journey) -> TaskDivision | None:
    """The newest version, or None while the division is not yet on paper."""
    return journey.divisions.order_by("-number").first()


@dataclass(frozen=True)
class CellChange:
    domain: Domain
    party: Party
    before: str  # a MatrixRole value, or "" for no role
    after: str

    @property
    def before_label(self) -> str:
        return role_label(self.before)

    @property
    def after_label(self) -> str:
        return role_label(self.after)


def role_label(role: str) -> str:
    return str(MatrixRole(role).label) if role in MatrixRole.values else _("No role")


def changes(old: Cells, new: Cells) -> list[CellChange]:
    """Every cell whose role differs between two matrices, in the matrix's order."""
    return [
        CellChange(domain, party, before, after)
        for domain in Domain
        for party in MATRIX_PARTIES
        if (before := old.get(domain.value, {}).get(party.value, ""))
        != (after := new.get(domain.value, {}).get(party.value, ""))
    ]


@dataclass(frozen=True)
class Row:
    domain: Domain
    cells: list[tuple[Party, str, str]]  # (party, role or "", its label)
    responsible: int


def rows(cells: Cells) -> list[Row]:
    """The matrix as table rows, for the page and the PDF."""
    result = []
    for domain in Domain:
        row = cells.get(domain.value, {})
        labels = [
            (party, role := row.get(party.value, ""), role_label(role) if role else "")
            for party in MATRIX_PARTIES
        ]
        result.append(Row(domain, labels, len(responsible(cells, domain.value))))
    return result


def save_division(
    *, actor: Any, journey: Journey, cells: Cells, based_on: int, note: str = ""
) -> TaskDivision:
    """Save the matrix as the next version. `based_on` is the number of the version the editor
    started from (0 for the programme's template); a newer one in between refuses the save
    rather than silently overwriting what someone else decided."""
    if not policies.can_edit_matrix(actor, journey):
        raise PermissionDenied
    cells = normalise(cells)
    if any(len(responsible(cells, d.value)) > 1 for d in Domain):
        raise ValidationError(_("Each domain can have only one responsible party."))
    with transaction.atomic():
        latest = current_division(journey)
        if (latest.number if latest else 0) != based_on:
            raise ValidationError(_(STALE_MESSAGE), code="stale")
        if latest is not None and latest.cells == cells and not note.strip():
            raise ValidationError(
                _("Nothing has changed: no new version was made."), code="unchanged"
            )
        try:
            with transaction.atomic():
                return TaskDivision.objects.create(
                    journey=journey,
                    number=based_on + 1,
                    cells=cells,
                    note=note.strip(),
                    created_by=actor,
                )
        except IntegrityError as error:  # two saves of the same version at the same moment
            raise ValidationError(_(STALE_MESSAGE), code="stale") from error
