"""Kill ``ceasefire ingest`` halfway through 2,000 documents, run it again, and check nothing is lost or doubled."""

import os
import signal
import subprocess
import sys
import time

import pytest

from ceasefire.store import open_store

COUNT = 2000
CLI = [sys.executable, "-c", "from ceasefire.cli import main; main()"]


@pytest.mark.slow
def test_kill_ingest_halfway_then_rerun_stores_each_document_once(tmp_path, make_articles):
    make_articles(tmp_path / "reports", COUNT)
    db = str(tmp_path / "killed.duckdb")
    env = dict(os.environ, CEASEFIRE_LOG="INFO")
    process = subprocess.Popen(CLI + ["ingest", str(tmp_path / "reports"), "--db", db], stderr=subprocess.PIPE, text=True, env=env)
    stored, deadline = 0, time.monotonic() + 300
    # The CLI logs one "stored" line per committed document; kill it once half are in.
    for line in process.stderr:
        stored += " stored " in line
        if stored >= COUNT // 2 or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert COUNT // 2 <= stored < COUNT

    rerun = subprocess.run(CLI + ["ingest", str(tmp_path / "reports"), "--db", db], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = rerun.stderr.strip().splitlines()[-1]
    ingested, already = int(summary.split()[1].rstrip(",")), int(summary.split()[-1])
    assert ingested + already == COUNT and already >= stored

    with open_store(db, read_only=True) as store:
        documents = store.documents()
        raw = store.con.execute("SELECT count(*) FROM raw_inputs").fetchone()[0]
    assert len(documents) == COUNT
    assert len({d.id for d in documents}) == COUNT
    assert sorted(d.source_path for d in documents) == sorted(str(p) for p in (tmp_path / "reports").iterdir())
    assert raw == COUNT
