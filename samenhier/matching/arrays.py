"""The instance as numpy arrays, and its split into independent blocks.

Sets of words (languages, interests, sectors, vulnerabilities) become bitsets of 64-bit words
so that set intersections over millions of pairs are a few vectorised ``&`` and popcounts.
Positions become unit vectors in 3-D, from which great-circle distances follow exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, count

import numpy as np
from numpy.typing import NDArray

from .instance import KINDS, TRACKS, Group, Household, HousingUnit, Instance, Point, Track

Bits = NDArray[np.uint64]
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Objects = NDArray[np.object_]


def numbering() -> defaultdict[str, int]:
    """Numbers for strings in order of first use: 0, 1, 2, ... (see ``numbered``)."""
    return defaultdict(count().__next__)


def numbered(values: Iterable[str], numbers: Mapping[str, int], n: int) -> Ints:
    """The number of each of ``n`` values, in one pass that runs in C; a ``numbering``
    gives each new value the next number as it goes."""
    return np.fromiter(map(numbers.__getitem__, values), dtype=np.int64, count=n)


def encode_sets(*families: Sequence[Sequence[str]]) -> list[Bits]:
    """Bitsets over one shared vocabulary, one array of shape (n, words) per family."""
    vocabulary = numbering()
    coded: list[tuple[Ints, Ints]] = []
    for family in families:
        lengths = np.fromiter(map(len, family), dtype=np.int64, count=len(family))
        coded.append(
            (lengths, numbered(chain.from_iterable(family), vocabulary, int(lengths.sum())))
        )
    n_words = max(1, -(-len(vocabulary) // 64))
    encoded = []
    for lengths, codes in coded:
        out = np.zeros((len(lengths), n_words), dtype=np.uint64)
        owners = np.repeat(np.arange(len(lengths)), lengths)
        bits = np.left_shift(np.uint64(1), (codes & 63).astype(np.uint64))
        np.bitwise_or.at(out, (owners, codes >> 6), bits)
        encoded.append(out)
    return encoded


def popcount(bits: Bits) -> Ints:
    return np.bitwise_count(bits).sum(axis=1, dtype=np.int64)


def unit_vectors(points: Sequence[Point | None]) -> tuple[Floats, Bools]:
    """Positions on the unit sphere (unknown ones at the origin) and which are known."""
    unknown = (np.nan, np.nan)
    flat = chain.from_iterable(unknown if p is None else p for p in points)
    raw = np.fromiter(flat, dtype=np.float64, count=2 * len(points)).reshape(-1, 2)
    known = ~np.isnan(raw[:, 0])
    phi, lam = (
        np.radians(np.where(known, raw[:, 0], 0.0)),
        np.radians(np.where(known, raw[:, 1], 0.0)),
    )
    xyz = np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=1)
    xyz[~known] = 0.0
    return xyz, known


def _ids(records: Sequence[Household | Group | HousingUnit]) -> Objects:
    ids = np.empty(len(records), dtype=object)
    ids[:] = [r.id for r in records]
    return ids


@dataclass(frozen=True, slots=True)
class Block:
    """Households and groups that can only be matched with each other (and with ``units``)."""

    municipality: str
    track: Track
    households: Ints
    groups: Ints
    units: Ints


@dataclass(slots=True)
class Arrays:
    instance: Instance
    municipalities: list[str]
    h_muni: Ints
    h_track: Ints
    h_size: Ints
    h_lang: Bits
    h_interests: Bits
    h_interest_count: Ints
    h_goals: Bits
    h_goal_count: Ints
    h_vulnerable: Bits
    h_pref: Ints
    h_xyz: Floats
    h_located: Bools
    g_muni: Ints
    g_track: Ints
    g_capacity: Ints
    g_lang: Bits
    g_interests: Bits
    g_interest_count: Ints
    g_network: Bits
    g_unsupported: Bits
    g_offer: Ints
    member_xyz: Floats
    member_start: Ints
    u_muni: Ints
    u_capacity: Ints
    u_xyz: Floats
    u_located: Bools
    # Ids as object arrays, so that the ids of many indices are one fancy-indexing step.
    h_ids: Objects
    g_ids: Objects
    u_ids: Objects
    household_index: dict[str, int]
    group_index: dict[str, int]
    excluded: dict[int, list[int]] = field(default_factory=dict)
    fixed: dict[int, int] = field(default_factory=dict)

    @property
    def member_count(self) -> Ints:
        return np.diff(self.member_start)

    def blocks(self) -> list[Block]:
        """One block per municipality and track: track decides the group kind (constraint 1),
        the municipality is shared by household, group and unit (constraint 2)."""
        h_key = self.h_muni * 2 + self.h_track
        g_key = self.g_muni * 2 + self.g_track
        h_order = np.argsort(h_key, kind="stable")
        g_order = np.argsort(g_key, kind="stable")
        u_order = np.argsort(self.u_muni, kind="stable")
        n_keys = 2 * len(self.municipalities)
        h_bounds = np.searchsorted(h_key[h_order], np.arange(n_keys + 1))
        g_bounds = np.searchsorted(g_key[g_order], np.arange(n_keys + 1))
        u_bounds = np.searchsorted(self.u_muni[u_order], np.arange(len(self.municipalities) + 1))
        out = []
        for key in range(n_keys):
            households = h_order[h_bounds[key] : h_bounds[key + 1]]
            if len(households) == 0:
                continue
            muni, track = divmod(key, 2)
            units = u_order[u_bounds[muni] : u_bounds[muni + 1]] if track == 0 else h_order[:0]
            out.append(
                Block(
                    municipality=self.municipalities[muni],
                    track=TRACKS[track],
                    households=households,
                    groups=g_order[g_bounds[key] : g_bounds[key + 1]],
                    units=units,
                )
            )
        return out


def build_arrays(instance: Instance) -> Arrays:
    households, groups, units = instance.households, instance.groups, instance.housing
    h_muni = [h.municipality for h in households]
    g_muni = [g.municipality for g in groups]
    u_muni = [u.municipality for u in units]
    names = numbering()
    h_muni_codes, g_muni_codes, u_muni_codes = (
        numbered(m, names, len(m)) for m in (h_muni, g_muni, u_muni)
    )
    # A group's kind gets the code of the track it serves (constraint 1).
    track_code: dict[str, int] = {track: i for i, track in enumerate(TRACKS)}
    kind_code: dict[str, int] = {kind: i for i, kind in enumerate(KINDS)}

    def scale_or_unknown(values: list[int | None]) -> Ints:  # -1: not given
        return np.array([-1 if v is None else v for v in values], dtype=np.int64)

    h_lang, g_lang = encode_sets([h.languages for h in households], [g.languages for g in groups])
    h_int, g_int = encode_sets([h.interests for h in households], [g.interests for g in groups])
    h_goal, g_net = encode_sets(
        [h.goal_sectors for h in households], [g.network_sectors for g in groups]
    )
    h_vul, g_sup = encode_sets(
        [h.vulnerabilities for h in households], [g.supports for g in groups]
    )
    members = [g.members for g in groups]
    h_xyz, h_located = unit_vectors([h.location for h in households])
    member_xyz, _ = unit_vectors(list(chain.from_iterable(members)))
    u_xyz, u_located = unit_vectors([u.location for u in units])
    member_start = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum(
        np.fromiter(map(len, members), dtype=np.int64, count=len(members)), out=member_start[1:]
    )
    h_ids, g_ids, u_ids = _ids(households), _ids(groups), _ids(units)
    household_index = dict(zip(h_ids.tolist(), range(len(households)), strict=True))
    group_index = dict(zip(g_ids.tolist(), range(len(groups)), strict=True))
    excluded: dict[int, list[int]] = {}
    for h_id, g_id in instance.excluded_pairs:
        excluded.setdefault(household_index[h_id], []).append(group_index[g_id])
    fixed = {household_index[h]: group_index[g] for h, g in instance.fixed_pairs}
    return Arrays(
        instance=instance,
        municipalities=list(names),
        h_muni=h_muni_codes,
        h_track=numbered((h.track for h in households), track_code, len(households)),
        h_size=np.array([h.size for h in households], dtype=np.int64),
        h_lang=h_lang,
        h_interests=h_int,
        h_interest_count=popcount(h_int),
        h_goals=h_goal,
        h_goal_count=popcount(h_goal),
        h_vulnerable=h_vul,
        h_pref=scale_or_unknown([h.contact_preference for h in households]),
        h_xyz=h_xyz,
        h_located=h_located,
        g_muni=g_muni_codes,
        g_track=numbered((g.kind for g in groups), kind_code, len(groups)),
        g_capacity=np.array([g.capacity for g in groups], dtype=np.int64),
        g_lang=g_lang,
        g_interests=g_int,
        g_interest_count=popcount(g_int),
        g_network=g_net,
        g_unsupported=~g_sup,
        g_offer=scale_or_unknown([g.contact_offer for g in groups]),
        member_xyz=member_xyz,
        member_start=member_start,
        u_muni=u_muni_codes,
        u_capacity=np.array([u.capacity for u in units], dtype=np.int64),
        u_xyz=u_xyz,
        u_located=u_located,
        h_ids=h_ids,
        g_ids=g_ids,
        u_ids=u_ids,
        household_index=household_index,
        group_index=group_index,
        excluded=excluded,
        fixed=fixed,
    )
