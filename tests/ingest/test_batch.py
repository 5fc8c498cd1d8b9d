import os
import random
import re
from pathlib import Path

import pytest

from ceasefire.errors import IngestError
from ceasefire.ingest import IngestReport, ingest_paths
from ceasefire.models import Document
from ceasefire.settings import Settings
from ceasefire.store import open_store

DATA = Path(__file__).parent.parent / "data" / "ingest"
GOOD = "Rebel fighters shelled the outskirts of Mhardeh on Sunday, wounding four people, state media reported.\n"
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>x</title><item><title>&lol3;</title><description>&lol3;</description></item></channel></rss>
"""


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _random_high_bytes(count: int) -> bytes:
    rng = random.Random(5)
    return bytes(rng.randint(0x80, 0xFF) for _ in range(count))


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _broken_link(path: Path) -> Path:
    path.symlink_to(path.parent / "moved-away.txt")
    return path


def _link_loop(path: Path) -> Path:
    path.symlink_to(path)
    return path


# (name, make(path) -> path, status, reason pattern)
BAD_INPUTS = [
    ("empty.txt", lambda p: _write(p, b""), "skipped", r"empty file \(0 bytes\)"),
    ("blank.txt", lambda p: _write(p, b" \n\n\t\n"), "skipped", r"no text \(only whitespace\)"),
    ("photo.jpg", lambda p: _write(p, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"), "skipped", r"binary file"),
    ("garbled.txt", lambda p: _write(p, _random_high_bytes(600)), "failed", r"undecodable bytes: not UTF-8 and no known text encoding fits"),
    ("huge.txt", lambda p: _write(p, (GOOD * 200).encode()), "skipped", r"file is 20,\d{3} bytes, over the 10,000-byte limit"),
    ("broken.html", lambda p: _write(p, b"<html><head><title>broken</ti<<body><div><p"), "skipped", r"no article text found in the HTML"),
    ("bomb.rss", lambda p: _write(p, BOMB), "failed", r"refused: the feed declares XML entities .*entity-expansion"),
    ("cut.rss", lambda p: _write(p, b'<?xml version="1.0"?><rss><channel><item><title>x</title>'), "failed", r"malformed XML: no element found"),
    ("lines.jsonl", lambda p: _write(p, b'{"text": "oops"\n'), "failed", r"not valid JSON"),
    ("fifo.txt", _fifo, "failed", r"cannot read: not a regular file \(a FIFO\)"),
    ("dangling.txt", _broken_link, "failed", r"cannot read: broken symbolic link \(target .*moved-away.txt does not exist\)"),
    ("loop.txt", _link_loop, "failed", r"cannot read: Too many levels of symbolic links"),
]


@pytest.fixture(scope="module")
def used_store():
    """One store for all bad-input cases (opening one costs seconds): each case adds its own distinct good file."""
    with open_store(":memory:") as store:
        report = ingest_paths([DATA / "articles.jsonl"], store, Settings())
        assert report.ingested == 2
        yield store


@pytest.mark.parametrize("name, make, status, reason", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_batch_bad_input_is_one_line_and_the_rest_is_ingested(tmp_path, used_store, settings, name, make, status, reason):
    store, earlier = used_store, used_store.documents()
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD.replace("Sunday", f"Sunday, the day {name} was written"), encoding="utf-8")
    bad = make(folder / name)
    report = ingest_paths([folder], store, settings.replace(max_document_bytes=10_000))
    assert len(report.problems) == 1, report.problems
    assert re.match(rf"{status} {re.escape(str(bad))}(:\d+)?: {reason}", report.problems[0]), report.problems[0]
    assert (report.ingested, report.skipped + report.failed, report.already_stored) == (1, 1, 0)
    assert getattr(report, status) == 1
    assert not report.ok
    after = {d.id: d for d in store.documents()}
    assert len(after) == len(earlier) + 1
    assert all(after[d.id] == d for d in earlier)


def test_batch_missing_path_fails_and_an_unrelated_hook_error_costs_one_document(tmp_path, store, settings):
    missing = tmp_path / "nope.txt"
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    report = ingest_paths([missing, good], store, settings)
    assert report.problems == [f"failed {missing}: cannot read: no such file or folder"]
    assert report.ingested == 1


def test_batch_twice_changes_nothing(store, settings):
    first = ingest_paths([DATA], store, settings)
    before = store.documents()
    second = ingest_paths([DATA], store, settings)
    assert (first.ingested, second.ingested, second.already_stored) == (6, 0, 6)
    assert store.documents() == before
    assert store.count_documents() == 6


@pytest.mark.parametrize("commit_every", [1, 2, 50])
def test_batch_on_document_runs_inside_the_transaction(tmp_path, store, settings, make_articles, commit_every):
    paths = make_articles(tmp_path / "reports", 3)
    seen: list[str] = []

    def process(document: Document) -> None:
        assert store.has_document(document.id)  # written, in the same transaction
        if "report number 1 " in document.text:
            raise IngestError(document.source_path, "NLP failed on this one")
        seen.append(document.id)

    report = ingest_paths(paths, store, settings, on_document=process, commit_every=commit_every)
    assert report.ingested == 2 and report.failed == 1
    assert report.problems == [f"failed {paths[1]}: NLP failed on this one"]
    stored = sorted(d.id for d in store.documents())
    assert stored == sorted(set(seen))  # with groups, a rolled-back group's hook runs again on replay
    again = ingest_paths(paths, store, settings)  # the rolled-back document is ingested on the next run
    assert (again.ingested, again.already_stored) == (1, 2)


def test_batch_progress_is_reported(tmp_path, store, settings, make_articles):
    paths = make_articles(tmp_path / "reports", 3)
    calls: list[tuple[int, int, int]] = []
    ingest_paths([tmp_path / "reports"], store, settings, progress=lambda done, total, r: calls.append((done, total, r.ingested)))
    total = sum(p.stat().st_size for p in paths)
    assert calls[-1] == (total, total, 3)


def test_batch_report_summary():
    report = IngestReport(ingested=3, already_stored=2, skipped=1, failed=1)
    assert report.summary() == "ingested 3, skipped 1, failed 1, already stored 2"


@pytest.mark.parametrize("commit_every", [1, 100])
def test_batch_groups_and_duplicates_within_one_run(tmp_path, store, settings, make_articles, commit_every):
    paths = make_articles(tmp_path / "reports", 4)
    text = paths[0].read_text(encoding="utf-8")
    (tmp_path / "reports" / "same.txt").write_text(text, encoding="utf-8")
    (tmp_path / "reports" / "syndicated.txt").write_text(
        text.replace("Report 0 from the front lines", "From our partners at the Example Wire") + "\nAdditional reporting by the night desk.\n",
        encoding="utf-8",
    )
    report = ingest_paths([tmp_path / "reports"], store, settings, commit_every=commit_every)
    assert (report.ingested, report.already_stored) == (5, 1)
    documents = {Path(d.source_path).name: d for d in store.documents()}
    head = documents["report-00000.txt"]
    assert documents["syndicated.txt"].syndication_group == head.id != documents["syndicated.txt"].id
    assert len({d.syndication_group for d in documents.values()}) == 4
    assert store.count_documents() == 5


@pytest.mark.parametrize("commit_every, sizes", [(1, [1, 1, 1]), (2, [2, 1]), (100, [3])])
def test_batch_on_stored_gets_each_commits_new_documents_after_it(tmp_path, store, settings, make_articles, commit_every, sizes):
    paths = make_articles(tmp_path / "reports", 4)
    first = ingest_paths(paths[:1], store, settings)  # already stored on the second run: not handed on again
    commits: list[list[str]] = []

    def on_stored(documents: list[Document]) -> None:
        assert store._depth == 0  # committed: whatever the hook writes is a transaction of its own
        assert all(store.has_document(d.id) for d in documents)
        commits.append([d.id for d in documents])

    report = ingest_paths([*paths, tmp_path / "missing.txt"], store, settings, commit_every=commit_every, on_stored=on_stored)
    assert (report.ingested, report.already_stored, report.failed) == (3, 1, 1)
    assert [len(c) for c in commits] == sizes
    assert [i for c in commits for i in c] == report.new_ids and first.new_ids[0] not in report.new_ids
