"""End-to-end throughput: ingest -> extract (2 worker processes) -> ledger -> violations.

Runs over the ~2,250 real articles of the shared evaluation sets (read at run
time), on a fresh DuckDB file, and prints articles/s for the whole flow and for
each stage, plus the peak resident memory of the whole process tree (main
process + Dask workers), sampled every 50 ms. Writes one JSON line with
versions and hardware to stdout (and to ``--out`` if given).

    .venv/bin/python benchmarks/pipeline.py --workers 2
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))

from corpus import real_articles, write_jsonl  # noqa: E402
from memory import PeakMemory  # noqa: E402

from ceasefire.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles (0 = all)")
    parser.add_argument("--agreement", default="sochi-2018-idlib-dmz")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cold", action="store_true", help="start the workers after ingest (as `ceasefire extract` after `ceasefire ingest`)")
    parser.add_argument("--dump-events", type=Path, default=None, help="write the reprs of the ledger's text events here")
    parser.add_argument("--no-overlap", action="store_true", help="extract after the whole ingest, not each commit's documents as they are stored")
    parser.add_argument("--keep-db", type=Path, default=None, help="copy the benchmark's store here at the end (to compare runs' records)")
    args = parser.parse_args()

    from ceasefire.agreements import check_agreement, load_agreement
    from ceasefire.ingest import ingest_paths
    from ceasefire.pipeline import build_text_ledger, extract_stored, extract_while_ingesting, extraction_workers
    from ceasefire.store import open_store

    settings = Settings().replace(workers=args.workers)
    records = real_articles(settings.shared_dir)
    if args.limit:
        records = records[: args.limit]
    timings: dict[str, float] = {}
    main_cpu: dict[str, float] = {}  # the main process's own CPU (user + system) per stage
    me = psutil.Process()

    def cpu() -> float:
        times = me.cpu_times()
        return times.user + times.system

    with tempfile.TemporaryDirectory() as tmp, PeakMemory() as memory:
        corpus = write_jsonl(records, Path(tmp) / "corpus.jsonl")
        settings = settings.replace(db=str(Path(tmp) / "bench.duckdb"))
        started = time.perf_counter()
        cpu_mark = cpu()
        with open_store(settings) as store:
            # As `ceasefire ingest --extract` runs the flow: the workers load their models while this process
            # ingests (--cold: start them only when extraction begins, as `ceasefire extract` does).
            with contextlib.nullcontext() if args.cold else extraction_workers(settings, warm=True) as workers:
                timings["start_workers"] = time.perf_counter() - started
                main_cpu["start_workers"], cpu_mark = cpu() - cpu_mark, cpu()
                mark = time.perf_counter()
                if args.cold or args.no_overlap:
                    report = ingest_paths([corpus], store, settings, commit_every=100)
                    timings["ingest"] = time.perf_counter() - mark
                    main_cpu["ingest"], cpu_mark = cpu() - cpu_mark, cpu()
                    mark = time.perf_counter()
                    processed, _ = extract_stored(store, settings, rebuild_ledger=False, workers=workers)
                else:
                    # As `ceasefire ingest --extract`: each commit's documents go to the workers as they are stored.
                    report, processed = extract_while_ingesting(
                        lambda on_stored: ingest_paths([corpus], store, settings, commit_every=100, on_stored=on_stored),
                        store, settings, workers,
                    )
            # Stopping the workers counts with the extraction ("extract" is ingest and extraction together when they overlap).
            timings["extract"] = time.perf_counter() - mark
            main_cpu["extract"], cpu_mark = cpu() - cpu_mark, cpu()
            mark = time.perf_counter()
            events = build_text_ledger(store, settings)
            timings["ledger"] = time.perf_counter() - mark
            main_cpu["ledger"], cpu_mark = cpu() - cpu_mark, cpu()
            mark = time.perf_counter()
            text_events = store.events(origin="text")
            # Two trees compared on the same input must give the same ledger: a digest of its events' reprs.
            ledger_text = "\n".join(sorted(map(repr, text_events)))
            events_digest = hashlib.sha256(ledger_text.encode()).hexdigest()[:16]
            if args.dump_events:
                args.dump_events.write_text(ledger_text + "\n", encoding="utf-8")
            violations = check_agreement(load_agreement(args.agreement), text_events)
            store.write_violations(violations)
            timings["violations"] = time.perf_counter() - mark
            main_cpu["violations"] = cpu() - cpu_mark
        total = time.perf_counter() - started
        if args.keep_db:
            shutil.copy(settings.db, args.keep_db)

    import ceasefire
    import duckdb
    import spacy

    result = {
        "benchmark": "pipeline",
        "articles": len(records),
        "documents_stored": getattr(report, "ingested", None),
        "documents_extracted": processed,
        "events": events,
        "events_digest": events_digest,
        "violations": len(violations),
        "workers": args.workers,
        "seconds": round(total, 2),
        "articles_per_second": round(len(records) / total, 1),
        "stage_seconds": {k: round(v, 2) for k, v in timings.items()},
        "main_cpu_seconds_by_stage": {k: round(v, 2) for k, v in main_cpu.items()},
        "extract_articles_per_second": round(processed / timings["extract"], 1) if timings["extract"] else None,
        "peak_rss_mb": round(memory.peak / 2**20, 1),
        "peak_rss_mb_by_process": memory.peaks_by_process(),
        "rss_mb_series": memory.series,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpu_seconds": round(memory.cpu_seconds, 1),
        "cpu_ms_per_article": round(1000 * memory.cpu_seconds / len(records), 1),
        "cpu_seconds_by_process": memory.cpu_by_process(),
        "versions": {"ceasefire": ceasefire.__version__, "duckdb": duckdb.__version__, "spacy": spacy.__version__, "python": platform.python_version()},
        "hardware": {"cpus": os.cpu_count(), "machine": platform.machine(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)},
    }
    print(
        f"{result['articles']} articles in {result['seconds']} s: {result['articles_per_second']} articles/s "
        f"(extract {result['extract_articles_per_second']}/s with {args.workers} workers), peak RSS {result['peak_rss_mb']} MB, "
        f"{result['cpu_ms_per_article']} CPU-ms per article; peak RSS by process {result['peak_rss_mb_by_process']}, "
        f"load average {result['load_average']}"
    )
    line = json.dumps(result)
    print(line)
    if args.out:
        with args.out.open("a", encoding="utf-8") as out:
            out.write(line + "\n")


if __name__ == "__main__":
    main()
