"""Ingest throughput and peak memory on generated documents made from real news text.

The documents are built at run time from the shared evaluation sets (TR-News
and GeoVirus articles, MUC-4 texts): each one joins the first half of one
text with the second half of another, under a small header and footer, so
no two are near-duplicates. Each repeat ingests them into a fresh DuckDB file
(one transaction per document, as ``ceasefire ingest`` does).

    python benchmarks/ingest.py [--documents 5000] [--repeats 3] [--warmup 200] [--commit-every 100]

Prints ``Mean: ... docs/s (95% CI: -x +y)`` and one JSON line with versions and hardware.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import tempfile
import time
from importlib import metadata
from pathlib import Path

import defusedxml.ElementTree as SafeET
import psutil

from memory import PeakMemory

from ceasefire.ingest import ingest_paths
from ceasefire.settings import Settings
from ceasefire.store import open_store

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def real_texts(shared: Path) -> list[str]:
    texts = []
    for name in ("TR-News.xml", "GeoVirus.xml"):
        root = SafeET.parse(shared / "eval" / "geoparsing" / name).getroot()
        texts += [el.text for el in root.iter("text") if el.text]
    for name in ("train.json", "dev.json"):
        with open(shared / "eval" / "muc4" / name, encoding="utf-8") as lines:
            texts += [json.loads(line)["doctext"] for line in lines if line.strip()]
    return [t for t in texts if len(t.split()) >= 60]


def write_corpus(folder: Path, texts: list[str], count: int) -> int:
    """``count`` text files; returns their total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    split = [SENTENCE.split(re.sub(r"\s+", " ", t).strip()) for t in texts]
    total = 0
    for k in range(count):
        # Round r pairs text i with text i + 1 + 37r: no pair repeats while 37r + 1 < the number of texts.
        base, round_ = k % len(split), k // len(split)
        first, second = split[base], split[(base + 1 + 37 * round_) % len(split)]
        body = first[: max(1, len(first) // 2)] + second[len(second) // 2 :]
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        page = "\n\n".join(
            [f"Report {k}: {' '.join(body[0].split()[:8])}", f"By Desk {k % 17}", f"Example Wire, March {k % 28 + 1:02d}, 2019"]
            + paragraphs
            + ["Share this article with your friends and follow us on Twitter.", f"© 2019 Example Wire {k % 5}. All rights reserved."]
        )
        path = folder / f"doc-{k:05d}.txt"
        path.write_text(page + "\n", encoding="utf-8")
        total += path.stat().st_size
    return total


def run_once(corpus: Path, db: Path, settings: Settings, batch: int, commit_every: int) -> tuple[float, list[float], int]:
    """(docs/s for the whole run, docs/s per batch of ``batch`` documents, documents ingested)."""
    rates: list[float] = []
    mark = {"time": 0.0, "count": 0}

    def progress(done: int, total: int, report) -> None:
        if report.ingested - mark["count"] >= batch:
            now = time.perf_counter()
            rates.append((report.ingested - mark["count"]) / (now - mark["time"]))
            mark.update(time=now, count=report.ingested)

    with open_store(settings.replace(db=str(db))) as store:
        start = mark["time"] = time.perf_counter()
        report = ingest_paths([corpus], store, settings, progress=progress, commit_every=commit_every)
        elapsed = time.perf_counter() - start
    assert report.ok and report.ingested > 0, report.summary()
    return report.ingested / elapsed, rates, report.ingested


def confidence_interval(values: list[float]) -> tuple[float, float]:
    """Half-widths of the 95% t interval around the mean (0 for a single value)."""
    if len(values) < 2:
        return 0.0, 0.0
    from scipy.stats import t

    half = t.ppf(0.975, len(values) - 1) * statistics.stdev(values) / len(values) ** 0.5
    return half, half


def outlier_share(values: list[float]) -> float:
    if len(values) < 4:
        return 0.0
    q1, _, q3 = statistics.quantiles(values, n=4)
    low, high = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    return sum(v < low or v > high for v in values) / len(values)


def hardware() -> dict:
    cpu = platform.processor()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "platform": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--commit-every", type=int, default=100, help="documents per transaction, as `ceasefire ingest --commit-every`")
    parser.add_argument("--batch", type=int, default=250, help="documents per throughput sample (for the outlier share)")
    args = parser.parse_args()
    settings = Settings()
    texts = real_texts(settings.shared_dir)
    with tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as tmp:
        work = Path(tmp)
        size = write_corpus(work / "corpus", texts, args.documents)
        if args.warmup > 0:
            write_corpus(work / "warmup", texts[::-1], args.warmup)
            run_once(work / "warmup", work / "warmup.duckdb", settings, args.batch, args.commit_every)
        runs, batches = [], []
        with PeakMemory(interval=0.02) as memory:
            for repeat in range(args.repeats):
                rate, rates, ingested = run_once(work / "corpus", work / f"run{repeat}.duckdb", settings, args.batch, args.commit_every)
                assert ingested == args.documents, f"only {ingested} of {args.documents} documents ingested (near-duplicates?)"
                runs.append(rate)
                batches += rates
    mean = statistics.mean(runs)
    minus, plus = confidence_interval(runs)
    print(f"Mean: {mean:.1f} docs/s (95% CI: -{minus:.1f} +{plus:.1f}) over {args.repeats} runs of {args.documents} documents ({size / 1e6:.1f} MB)")
    print(f"Outliers: {outlier_share(batches):.0%} of {len(batches)} batches of {args.batch}; peak RSS {memory.peak / 1e6:.0f} MB")
    record = {
        "benchmark": "ingest",
        "store": "duckdb",
        "documents": args.documents,
        "bytes": size,
        "repeats": args.repeats,
        "commit_every": args.commit_every,
        "docs_per_s": {"mean": round(mean, 2), "ci95_minus": round(minus, 2), "ci95_plus": round(plus, 2), "runs": [round(r, 2) for r in runs]},
        "outlier_share": round(outlier_share(batches), 3),
        "peak_rss_mb": round(memory.peak / 1e6, 1),
        "versions": {p: metadata.version(p) for p in ("ceasefire", "duckdb", "datasketch", "trafilatura", "charset-normalizer")} | {"python": platform.python_version()},
        "hardware": hardware(),
    }
    print(json.dumps(record))


if __name__ == "__main__":
    main()
