"""The instance as numpy arrays, and its split into independent blocks.

Sets of words (languages, interests, sectors, vulnerabilities) become bitsets of 64-bit words
so that set intersections over millions of pairs are a few vectorised ``&`` and popcounts.
Positions become unit vectors in 3-D, from which great-circle distances follow exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from numpy.typing import NDArray

from .instance import TRACKS, Instance, Point, Track

Bits = NDArray[np.uint64]
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]


def encode_sets(*families: Sequence[Sequence[str]]) -> list[Bits]:
    """Bitsets over one shared vocabulary, one array of shape (n, words) per family."""
    vocabulary: dict[str, int] = {}
    coded: list[tuple[Ints, Ints]] = []
    for family in families:
        lengths = np.fromiter(map(len, family), dtype=np.int64, count=len(family))
        words = list(chain.from_iterable(family))
        for word in dict.fromkeys(words):  # the distinct words only, in order
            vocabulary.setdefault(word, len(vocabulary))
        codes = np.fromiter(map(vocabulary.__getitem__, words), dtype=np.int64, count=len(words))
        coded.append((lengths, codes))
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


def unit_vectors(points: Iterable[Point | None]) -> tuple[Floats, Bools]:
    """Positions on the unit sphere (unknown ones at the origin) and which are known."""
    lat_lon = [(p[0], p[1]) if p is not None else (np.nan, np.nan) for p in points]
    raw = np.array(lat_lon, dtype=np.float64).reshape(-1, 2)
    known = ~np.isnan(raw[:, 0])
    phi, lam = (
        np.radians(np.where(known, raw[:, 0], 0.0)),
        np.radians(np.where(known, raw[:, 1], 0.0)),
    )
    xyz = np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=1)
    xyz[~known] = 0.0
    return xyz, known


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
    names: dict[str, int] = {}
    for municipality in [r.municipality for r in households] + [r.municipality for r in groups]:
        names.setdefault(municipality, len(names))
    for unit in units:
        names.setdefault(unit.municipality, len(names))

    def codes(values: Iterable[str]) -> Ints:
        return np.array([names[v] for v in values], dtype=np.int64)

    h_lang, g_lang = encode_sets([h.languages for h in households], [g.languages for g in groups])
    h_int, g_int = encode_sets([h.interests for h in households], [g.interests for g in groups])
    h_goal, g_net = encode_sets(
        [h.goal_sectors for h in households], [g.network_sectors for g in groups]
    )
    h_vul, g_sup = encode_sets(
        [h.vulnerabilities for h in households], [g.supports for g in groups]
    )
    h_xyz, h_located = unit_vectors(h.location for h in households)
    member_xyz, _ = unit_vectors(p for g in groups for p in g.members)
    u_xyz, u_located = unit_vectors(u.location for u in units)
    member_start = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum([len(g.members) for g in groups], out=member_start[1:])
    household_index = {h.id: i for i, h in enumerate(households)}
    group_index = {g.id: i for i, g in enumerate(groups)}
    excluded: dict[int, list[int]] = {}
    for h_id, g_id in instance.excluded_pairs:
        excluded.setdefault(household_index[h_id], []).append(group_index[g_id])
    fixed = {household_index[h]: group_index[g] for h, g in instance.fixed_pairs}
    return Arrays(
        instance=instance,
        municipalities=list(names),
        h_muni=codes(h.municipality for h in households),
        h_track=np.array([TRACKS.index(h.track) for h in households], dtype=np.int64),
        h_size=np.array([h.size for h in households], dtype=np.int64),
        h_lang=h_lang,
        h_interests=h_int,
        h_interest_count=popcount(h_int),
        h_goals=h_goal,
        h_goal_count=popcount(h_goal),
        h_vulnerable=h_vul,
        h_pref=np.array(
            [-1 if h.contact_preference is None else h.contact_preference for h in households],
            dtype=np.int64,
        ),
        h_xyz=h_xyz,
        h_located=h_located,
        g_muni=codes(g.municipality for g in groups),
        g_track=np.array([0 if g.kind == "sponsor" else 1 for g in groups], dtype=np.int64),
        g_capacity=np.array([g.capacity for g in groups], dtype=np.int64),
        g_lang=g_lang,
        g_interests=g_int,
        g_interest_count=popcount(g_int),
        g_network=g_net,
        g_unsupported=~g_sup,
        g_offer=np.array(
            [-1 if g.contact_offer is None else g.contact_offer for g in groups], dtype=np.int64
        ),
        member_xyz=member_xyz,
        member_start=member_start,
        u_muni=codes(u.municipality for u in units),
        u_capacity=np.array([u.capacity for u in units], dtype=np.int64),
        u_xyz=u_xyz,
        u_located=u_located,
        household_index=household_index,
        group_index=group_index,
        excluded=excluded,
        fixed=fixed,
    )
