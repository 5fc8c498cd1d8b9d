"""Benchmark: cross-document clustering of synthetic per-document events.

Synthetic ledger: true events spread over Syria and four years, each reported by
1-5 documents with the noise real reports have (gazetteer variants a few hundred
metres apart, "near" places, governorate-only places, week-dated reports, a
missing actor). Times ``cluster_events`` over a fixed number of runs after one
warm-up, prints ``Mean: ... s (95% CI ...)`` and the pairwise precision/recall
against the generating truth, and writes one JSON line with versions and
hardware.

    .venv/bin/python benchmarks/cluster.py --events 100000 --runs 3 --json benchmarks/results.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations

from ceasefire.events.cluster import cluster_events
from ceasefire.models import Event

ACTORS = ["Military Forces of Syria", "Hayat Tahrir al-Sham", "Islamic State", "Syrian Democratic Forces", "National Front for Liberation",
          "Military Forces of Turkey", "Military Forces of Russia", "Ansar al-Tawhid", "Jaysh al-Izza", "Civilians (Syria)"]  # fmt: skip
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack")]  # fmt: skip
START = date(2016, 1, 1)


def synthetic(n_reports: int, seed: int) -> tuple[list[Event], list[int]]:
    """``n_reports`` per-document events and, for each, the id of the true event it reports."""
    rng = random.Random(seed)
    events: list[Event] = []
    truth: list[int] = []
    doc = 0
    true_id = 0
    while len(events) < n_reports:
        day = START + timedelta(days=rng.randrange(4 * 365))
        lat, lon = rng.uniform(32.3, 37.3), rng.uniform(35.7, 42.4)
        a1, a2 = rng.sample(ACTORS, 2)
        kind = rng.choice(TYPES)
        base = Event(event_id="", event_date=day, event_type=kind[0], sub_event_type=kind[1], actor1=a1, actor2=a2,
                     latitude=lat, longitude=lon, geo_precision=1, time_precision=1)  # fmt: skip
        for _ in range(min(rng.randint(1, 5), n_reports - len(events))):
            doc += 1
            report = replace(base, event_id=f"e{doc}", documents=(f"doc{doc}",),
                             latitude=lat + rng.gauss(0, 0.003), longitude=lon + rng.gauss(0, 0.003))  # fmt: skip
            roll = rng.random()
            if roll < 0.2:
                report = replace(report, geo_precision=2, latitude=lat + rng.gauss(0, 0.05), longitude=lon + rng.gauss(0, 0.05))
            elif roll < 0.25:
                report = replace(report, geo_precision=3, latitude=lat + rng.gauss(0, 0.3), longitude=lon + rng.gauss(0, 0.3))
            if rng.random() < 0.1:
                report = replace(report, time_precision=2, event_date=day + timedelta(days=rng.randint(0, 4)))
            if rng.random() < 0.1:
                report = replace(report, actor2=None)
            events.append(report)
            truth.append(true_id)
        true_id += 1
    order = list(range(len(events)))
    rng.shuffle(order)
    return [events[i] for i in order], [truth[i] for i in order]


def pairwise_scores(clusters: list[list[Event]], truth: dict[str, int]) -> tuple[float, float]:
    predicted = {frozenset(p) for group in clusters for p in combinations(sorted(e.event_id for e in group), 2)}
    by_true: dict[int, list[str]] = {}
    for event_id, t in truth.items():
        by_true.setdefault(t, []).append(event_id)
    gold = {frozenset(p) for ids in by_true.values() for p in combinations(sorted(ids), 2)}
    hit = len(predicted & gold)
    return (hit / len(predicted) if predicted else 1.0), (hit / len(gold) if gold else 1.0)


def t95(n: int) -> float:
    table = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26}
    return table.get(n, 1.96)


def hardware() -> dict:
    info = {"machine": platform.machine(), "processor": platform.processor() or None, "cpus": os.cpu_count()}
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
        info["load_average_1m"] = os.getloadavg()[0]
    except (ImportError, OSError):
        pass
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="per-document events to cluster")
    parser.add_argument("--runs", type=int, default=3, help="timed runs after one warm-up")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", default=None, help="append the JSON result line to this file too")
    args = parser.parse_args()

    events, truth_list = synthetic(args.events, args.seed)
    truth = {e.event_id: t for e, t in zip(events, truth_list)}
    clusters = cluster_events(events[: max(1000, args.events // 20)])  # warm-up on a slice
    times, cpu = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        clusters = cluster_events(events)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    mean = statistics.mean(times)
    half = t95(len(times) - 1) * statistics.stdev(times) / len(times) ** 0.5 if len(times) > 1 else 0.0
    median = statistics.median(times)
    mad = statistics.median(abs(t - median) for t in times) or 1e-9
    outliers = sum(abs(t - median) / mad > 3.5 for t in times) / len(times)
    precision, recall = pairwise_scores(clusters, truth)
    print(f"Clustered {len(events)} events into {len(clusters)} ({len(set(truth_list))} true events)")
    print(f"Mean: {mean:.2f} s (95% CI: -{half:.2f} +{half:.2f}), {len(events) / mean:,.0f} events/s; outliers {outliers:.0%}")
    print(f"CPU time per run: {statistics.mean(cpu):.2f} s (wall time includes waiting for a shared CPU)")
    print(f"Pairwise precision {precision:.3f}, recall {recall:.3f}")
    import duckdb

    result = {
        "benchmark": "cluster",
        "events": len(events),
        "clusters": len(clusters),
        "true_events": len(set(truth_list)),
        "runs": len(times),
        "seconds": times,
        "mean_s": round(mean, 3),
        "cpu_s": [round(c, 3) for c in cpu],
        "ci95_s": round(half, 3),
        "outlier_share": outliers,
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
        "versions": {"python": sys.version.split()[0], "ceasefire": _version(), "duckdb": duckdb.__version__},
        "hardware": hardware(),
    }
    line = json.dumps(result)
    print(line)
    if args.json:
        with open(args.json, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def _version() -> str:
    from importlib.metadata import version

    return version("ceasefire")


if __name__ == "__main__":
    main()
