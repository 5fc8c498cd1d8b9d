"""Benchmark: event classifier throughput (snippets/s), model load time and peak memory.

Classifies the CASE 2021 dev snippets (read from the shared folder at run time)
in batches after one warm-up pass, over a fixed number of runs, and prints
``Mean: ... snippets/s (95% CI ...)`` like ``spacy benchmark speed``. Also times
the spaCy pipeline (detector + typer over the snippets as documents) and writes
one JSON line with versions and hardware.

    .venv/bin/python benchmarks/classify.py --runs 10 --json benchmarks/results.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time

import numpy as np


def mean_ci(values: list[float], seed: int = 0) -> tuple[float, float, float]:
    """Mean and bootstrap 95% interval (as offsets below and above the mean)."""
    rng = np.random.default_rng(seed)
    data = np.array(values)
    means = [rng.choice(data, size=len(data)).mean() for _ in range(1000)]
    low, high = np.percentile(means, [2.5, 97.5])
    mean = float(data.mean())
    return mean, float(low - mean), float(high - mean)


def outliers(values: list[float]) -> float:
    q1, q3 = np.percentile(values, [25, 75])
    fence = 1.5 * (q3 - q1)
    return sum(v < q1 - fence or v > q3 + fence for v in values) / len(values)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--pipeline-docs", type=int, default=100, help="snippets run through the full spaCy pipeline (0 skips it)")
    parser.add_argument("--json", default=None, help="append the JSON line to this file as well")
    args = parser.parse_args()

    import sklearn
    import spacy

    from ceasefire.nlp.case2021 import read_snippets
    from ceasefire.nlp.classifier import EventClassifier, model_path
    from ceasefire.nlp.train import train_classifier
    from ceasefire.nlp.training_data import dev_path
    from ceasefire.settings import Settings

    settings = Settings()
    train_classifier(settings)
    texts = [s.text for s in read_snippets(dev_path(settings))]
    started = time.perf_counter()
    classifier = EventClassifier.load(model_path(settings))
    classifier.predict(texts[:1])  # the load includes what the first prediction sets up (actor patterns, tokenizer)
    load_seconds = time.perf_counter() - started

    def one_run() -> float:
        started = time.perf_counter()
        for i in range(0, len(texts), args.batch_size):
            classifier.predict(texts[i : i + args.batch_size])
        return len(texts) / (time.perf_counter() - started)

    one_run()  # warm-up
    rates = [one_run() for _ in range(args.runs)]
    mean, low, high = mean_ci(rates)
    print(f"Classifier load (and first prediction): {load_seconds:.2f} s")
    print(f"Mean: {mean:.1f} snippets/s (95% CI: {low:+.1f} {high:+.1f}), outliers {outliers(rates):.0%}, {len(texts)} snippets x {args.runs} runs")

    pipeline_rate = None
    if args.pipeline_docs:
        from ceasefire.nlp.pipeline import load_pipeline

        nlp = load_pipeline(settings)
        docs = texts[: args.pipeline_docs]
        list(nlp.pipe(docs[:10]))
        started = time.perf_counter()
        mentions = sum(len(doc.spans["event_mentions"]) for doc in nlp.pipe(docs, batch_size=args.batch_size))
        pipeline_rate = len(docs) / (time.perf_counter() - started)
        print(f"Pipeline (parse + detect + type): {pipeline_rate:.1f} snippets/s, {mentions} mentions in {len(docs)} snippets")
    print(f"Peak RSS: {peak_rss_mb():.0f} MB")

    record = {
        "benchmark": "classify",
        "snippets": len(texts),
        "runs": args.runs,
        "snippets_per_s_mean": round(mean, 1),
        "snippets_per_s_ci95": [round(low, 1), round(high, 1)],
        "outliers": outliers(rates),
        "load_seconds": round(load_seconds, 3),
        "pipeline_snippets_per_s": round(pipeline_rate, 1) if pipeline_rate else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "versions": {"python": platform.python_version(), "sklearn": sklearn.__version__, "spacy": spacy.__version__, "numpy": np.__version__},
        "hardware": {"machine": platform.machine(), "processor": platform.processor(), "cpus": os.cpu_count(), "system": platform.system()},
    }
    line = json.dumps(record)
    print(line)
    if args.json:
        with open(args.json, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
