"""Where schools sit, how long the drives between them take, and which schools each
therapist serves.

Schools lie on a plane (kilometres) in feeder-pattern clusters around a high
school. Only pairs within a reasonable drive get a travel row; a school with no
neighbour that close still gets a row to its nearest school, and clusters are
linked by their closest pair, so every school can be reached.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

# A drive longer than this between two schools is not worth a row (nobody would
# schedule it inside one day) unless the school has no closer neighbour.
REASONABLE_DRIVE_MINUTES = 30
MAX_SCHOOLS_PER_THERAPIST = 6
MIN_SCHOOLS_PER_THERAPIST = 2


def drive_minutes(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Door-to-door minutes: parking and walking in, then about 35 km/h on local roads."""
    return round(5 + 1.7 * math.dist(a, b))


def place_clusters(
    cluster_count: int, rng: random.Random, spacing_km: float = 16.0
) -> list[tuple[float, float]]:
    """Centres of feeder-pattern clusters, kept apart where the area allows."""
    side = spacing_km * math.sqrt(cluster_count) + 4
    centres: list[tuple[float, float]] = []
    for _ in range(cluster_count):
        best: tuple[float, float] | None = None
        best_gap = -1.0
        # Best of a few random tries: spread out, yet not on a grid.
        for _try in range(12):
            point = (rng.uniform(0, side), rng.uniform(0, side))
            gap = min((math.dist(point, c) for c in centres), default=side)
            if gap > best_gap:
                best, best_gap = point, gap
            if gap >= spacing_km * 0.8:
                break
        assert best is not None
        centres.append(best)
    return centres


def travel_pairs(
    positions: Sequence[tuple[float, float]],
    reasonable_minutes: int = REASONABLE_DRIVE_MINUTES,
    shortest_minutes: int = 0,
) -> dict[tuple[int, int], int]:
    """Travel rows as {(i, j): minutes} with i < j, connecting every school; no drive
    shorter than `shortest_minutes` (signing in and out at a large campus)."""
    n = len(positions)
    minutes = {
        (i, j): max(shortest_minutes, drive_minutes(positions[i], positions[j]))
        for i in range(n)
        for j in range(i + 1, n)
    }
    pairs = {pair: m for pair, m in minutes.items() if m <= reasonable_minutes}
    for i in range(n):
        others = [j for j in range(n) if j != i]
        if others:
            nearest = min(others, key=lambda j: (minutes[_key(i, j)], j))
            pairs.setdefault(_key(i, nearest), minutes[_key(i, nearest)])
    # Link the remaining components by their closest pair (Kruskal on the whole graph).
    component = list(range(n))

    def find(i: int) -> int:
        while component[i] != i:
            component[i] = component[component[i]]
            i = component[i]
        return i

    for i, j in pairs:
        component[find(i)] = find(j)
    for (i, j), m in sorted(minutes.items(), key=lambda item: (item[1], item[0])):
        if find(i) != find(j):
            pairs[(i, j)] = m
            component[find(i)] = find(j)
    return dict(sorted(pairs.items()))


def _key(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i < j else (j, i)


def neighbours(pairs: dict[tuple[int, int], int], n: int) -> list[dict[int, int]]:
    """For each school, {neighbour: minutes} over the travel rows."""
    result: list[dict[int, int]] = [{} for _ in range(n)]
    for (i, j), m in pairs.items():
        result[i][j] = m
        result[j][i] = m
    return result


def territories(
    demand: Sequence[float],
    positions: Sequence[tuple[float, float]],
    pairs: dict[tuple[int, int], int],
    ftes: Sequence[float],
    rng: random.Random,
) -> list[list[int]]:
    """The schools each therapist serves: 2 to 6 connected, nearby schools each,
    every school served, and each therapist's expected load near their FTE share.

    `demand` is each school's expected OT workload. Territories grow from spread-out
    anchor schools; the least-loaded therapist (per FTE) takes the nearest school next
    to their territory. Then therapists with too few schools, or little load beside an
    overloaded neighbour, also take a neighbouring school so they can share it.
    """
    n, count = len(demand), len(ftes)
    adjacent = neighbours(pairs, n)
    served: list[list[int]] = [[] for _ in range(count)]
    load = [0.0] * count
    owner: list[int | None] = [None] * n

    for t, anchor in enumerate(_anchors(positions, count, demand, rng)):
        if owner[anchor] is None:
            owner[anchor] = t
            served[t].append(anchor)
            load[t] += demand[anchor]
        else:
            # More therapists than schools: share the busiest school with its owner.
            served[t].append(anchor)

    def frontier(t: int) -> list[tuple[int, int]]:
        """(minutes, school) of unowned schools one travel row from t's schools."""
        found: dict[int, int] = {}
        for s in served[t]:
            for other, minutes in adjacent[s].items():
                if owner[other] is None:
                    found[other] = min(minutes, found.get(other, minutes))
        return sorted((m, s) for s, m in found.items())

    while any(o is None for o in owner):
        growable = [
            t for t in range(count) if len(served[t]) < MAX_SCHOOLS_PER_THERAPIST and frontier(t)
        ]
        if growable:
            t = min(growable, key=lambda t: (load[t] / ftes[t], t))
            school = frontier(t)[0][1]
        else:
            # Every therapist next to the unowned schools is full: the nearest therapist
            # with room takes one, and gets a travel row to it (a rural posting).
            school = next(s for s in range(n) if owner[s] is None)
            t = min(
                (t for t in range(count) if len(served[t]) < MAX_SCHOOLS_PER_THERAPIST),
                key=lambda t: (
                    min(math.dist(positions[school], positions[s]) for s in served[t]),
                    t,
                ),
            )
            nearest = min(served[t], key=lambda s: (math.dist(positions[school], positions[s]), s))
            pairs[_key(school, nearest)] = drive_minutes(positions[school], positions[nearest])
            adjacent[school][nearest] = adjacent[nearest][school] = pairs[_key(school, nearest)]
        owner[school] = t
        served[t].append(school)
        load[t] += demand[school]

    _share_for_balance(served, load, ftes, demand, adjacent)
    minimum = min(MIN_SCHOOLS_PER_THERAPIST, n)
    for t in range(count):
        while len(served[t]) < minimum:
            options = sorted(
                (m, s) for own in served[t] for s, m in adjacent[own].items() if s not in served[t]
            )
            served[t].append(options[0][1])
    return [sorted(schools) for schools in served]


def _anchors(
    positions: Sequence[tuple[float, float]], count: int, demand: Sequence[float], rng
) -> list[int]:
    """Spread-out starting schools (farthest-point), busiest schools reused when short."""
    n = len(positions)
    first = rng.randrange(n)
    anchors = [first]
    while len(anchors) < min(count, n):
        anchors.append(
            max(
                (s for s in range(n) if s not in anchors),
                key=lambda s: (min(math.dist(positions[s], positions[a]) for a in anchors), -s),
            )
        )
    busiest = sorted(range(n), key=lambda s: (-demand[s], s))
    while len(anchors) < count:
        anchors.append(busiest[(len(anchors) - n) % n])
    return anchors


def _share_for_balance(
    served: list[list[int]],
    load: list[float],
    ftes: Sequence[float],
    demand: Sequence[float],
    adjacent: list[dict[int, int]],
) -> None:
    """Let an underloaded therapist share a school with an overloaded neighbour.

    `load` here counts each school's demand once, for its first therapist; a shared
    school's students are later split between its therapists, so after sharing we
    move the estimated overflow from the overloaded therapist to the helper.
    """
    average = sum(demand) / sum(ftes)
    beyond_help: set[int] = set()
    for _round in range(len(served) * 2):
        ratio = [load[t] / ftes[t] for t in range(len(served))]
        heavy = max(
            (t for t in range(len(served)) if t not in beyond_help),
            key=lambda t: (ratio[t], -t),
            default=None,
        )
        if heavy is None or ratio[heavy] <= average * 1.1:
            return
        best: tuple[float, int, int] | None = None
        for helper in range(len(served)):
            if helper == heavy or len(served[helper]) >= MAX_SCHOOLS_PER_THERAPIST:
                continue
            if ratio[helper] >= average:
                continue
            for school in served[heavy]:
                if school in served[helper]:
                    continue
                if not any(school == own or school in adjacent[own] for own in served[helper]):
                    continue
                minutes = min(
                    adjacent[own].get(school, 0 if own == school else 999) for own in served[helper]
                )
                option = (ratio[helper] + minutes / 100, helper, school)
                if best is None or option < best:
                    best = option
        if best is None:
            beyond_help.add(heavy)
            continue
        _, helper, school = best
        served[helper].append(school)
        moved = min(
            demand[school] / 2,
            (ratio[heavy] - average) * ftes[heavy],
            (average - ratio[helper]) * ftes[helper],
        )
        load[heavy] -= moved
        load[helper] += moved
