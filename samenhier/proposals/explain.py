"""Plain-language explanations, in the reader's language: why a pair fits, why a pair cannot
be, and why a household has no group.

Pure functions over the engine's records (snapshot.py), so the page explains exactly the data
the run used, even if a profile changed since.
"""

import math
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenhier.network.vocabularies import ContactFrequency, Language, Sector, Vulnerability, labels

EARTH_RADIUS_KM = 6371.0088
KIND_FOR_TRACK = {"resettlement": "sponsor", "in_country": "welcome"}

Record = dict[str, Any]


def _listing(items: list[str]) -> str:
    return ", ".join(items)


def mean_distance_km(household: Record, group: Record) -> float | None:
    """MATCHING.md's distance: mean great-circle distance from the members to the home."""
    home, members = household.get("location"), group.get("members") or []
    if home is None or not members:
        return None
    lat1, lon1 = map(math.radians, home)
    total = 0.0
    for lat, lon in members:
        lat2, lon2 = math.radians(lat), math.radians(lon)
        a = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        total += 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
    return total / len(members)


def unsupported(household: Record, group: Record) -> list[str]:
    return [v for v in household.get("vulnerabilities", []) if v not in group.get("supports", [])]


def pair_problem(
    household: Record,
    group: Record,
    excluded: AbstractSet[tuple[str, str]] = frozenset(),
) -> str | None:
    """The hard constraint (MATCHING.md) the pair breaks, in words; None when it may be."""
    if KIND_FOR_TRACK.get(household.get("track", "resettlement")) != group.get("kind", "sponsor"):
        if household.get("track") == "in_country":
            return _("the household needs a welcome group")
        return _("the household needs a sponsor group")
    if household.get("municipality") != group.get("municipality"):
        return _("the group is in another city")
    missing = unsupported(household, group)
    if missing:
        return _("the group does not feel able to support: %(needs)s") % {
            "needs": _listing(labels(Vulnerability, missing))
        }
    if (household["id"], group["id"]) in excluded:
        return _("this pair was excluded")
    return None


def why_no_group(
    household: Record,
    groups: Iterable[Record],
    excluded: AbstractSet[tuple[str, str]],
    *,
    after_run: bool = False,
) -> list[str]:
    """Why a household has no compatible group; after a run, also when all were taken."""
    kind = KIND_FOR_TRACK.get(household.get("track", "resettlement"))
    here = [
        g
        for g in groups
        if g.get("kind", "sponsor") == kind and g.get("municipality") == household["municipality"]
    ]
    if not here:
        if kind == "welcome":
            return [_("there is no available welcome group in this city")]
        return [_("there is no available sponsor group in this city")]
    supporting = [g for g in here if not unsupported(household, g)]
    if not supporting:
        needs = household.get("vulnerabilities", [])
        return [
            _("no available group in this city feels able to support: %(needs)s")
            % {"needs": _listing(labels(Vulnerability, needs))}
        ]
    if all((household["id"], g["id"]) in excluded for g in supporting):
        return [_("every compatible group was excluded for this household")]
    if after_run:
        return [_("the compatible groups were needed for other households")]
    return []


def _frequency(value: int) -> str:
    return str(ContactFrequency(value).label).lower()


def why(household: Record, group: Record) -> str:
    """One sentence on why this pair fits: distance, language, interests, network, needs and
    expectations; what does not fit is said as plainly."""
    parts: list[str] = []
    km = mean_distance_km(household, group)
    if km is not None:
        parts.append(_("the members live %(km)s km away on average") % {"km": f"{km:.1f}"})
    else:
        parts.append(_("the distance is not known yet"))
    shared = [lang for lang in household.get("languages", []) if lang in group.get("languages", [])]
    if shared:
        parts.append(_("shares %(languages)s") % {"languages": _listing(labels(Language, shared))})
    else:
        parts.append(_("no shared language"))
    interests = household.get("interests", [])
    if interests:
        common = len([i for i in interests if i in group.get("interests", [])])
        parts.append(
            ngettext(
                "%(common)d of %(total)d interest in common",
                "%(common)d of %(total)d interests in common",
                len(interests),
            )
            % {"common": common, "total": len(interests)}
        )
    sectors = [
        s for s in household.get("goal_sectors", []) if s in group.get("network_sectors", [])
    ]
    if sectors:
        parts.append(
            _("has a network in %(sectors)s") % {"sectors": _listing(labels(Sector, sectors))}
        )
    needs = household.get("vulnerabilities", [])
    if needs:
        parts.append(
            _("can support: %(needs)s") % {"needs": _listing(labels(Vulnerability, needs))}
        )
    preference, offer = household.get("contact_preference"), group.get("contact_offer")
    if preference is not None and offer is not None:
        if preference == offer:
            parts.append(_("expects to meet %(often)s, as hoped") % {"often": _frequency(offer)})
        else:
            parts.append(
                _("expects to meet %(offer)s; the household hopes for %(hope)s")
                % {"offer": _frequency(offer), "hope": _frequency(preference)}
            )
    sentence = "; ".join(parts)
    return sentence[:1].upper() + sentence[1:] + "."
