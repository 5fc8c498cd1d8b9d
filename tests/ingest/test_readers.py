import io
import json
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ceasefire.errors import IngestError, NotADocumentError
from ceasefire.ingest import content_id, detect_format, iter_input_files, read_path, read_records
from ceasefire.ingest.readers import Record

DATA = Path(__file__).parent.parent / "data" / "ingest"


def records(path, settings):
    return [r for r in read_records(path, settings)]


@pytest.mark.parametrize(
    "name, head, kind",
    [
        ("a.txt", b"Some plain text.", "text"),
        ("noext", b"Some plain text.", "text"),
        ("page.html", b"<p>Hello</p>", "html"),
        ("saved", b"  <!DOCTYPE html><html><body>x</body></html>", "html"),
        ("x.xhtml", b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', "html"),
        ("feed", b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        ("atom.xml", b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("items.jsonl", b'{"text": "x"}\n', "jsonl"),
        ("items", b'{"text": "x"}\n{"text": "y"}', "jsonl"),
        ("items.json", b'[{"text": "x"}]', "json"),
        ("crawl.warc", b"WARC/1.0\r\n", "warc"),
    ],
)
def test_readers_detect_format(name, head, kind):
    assert detect_format(Path(name), head) == kind


@pytest.mark.parametrize(
    "head, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcbH\xcd\xc9\xc9\x07\x00\x86\xa6\x106\x05\x00\x00\x00", "gzip-compressed file that is not a WARC"),
    ],
)
def test_readers_detect_format_refuses_binary(head, reason):
    with pytest.raises(NotADocumentError, match=reason):
        detect_format(Path("x.bin"), head)


def test_readers_html_main_text_and_metadata(settings):
    [record] = records(DATA / "article.html", settings)
    doc = record.document
    assert (doc.title, doc.byline, doc.publisher, doc.published) == ("Shelling kills five in southern Idlib", "Jane Doe", "Levant Monitor", date(2019, 5, 6))
    assert doc.url == "https://levant-monitor.example/2019/05/06/idlib-shelling"
    assert doc.text.startswith("Government artillery shelled the town of Khan Shaykhun")
    assert doc.text.endswith("fearing a ground offensive by government forces.")
    for boilerplate in ("Most read", "Copyright", "Privacy", "Home", "subscribe", "By Jane Doe"):
        assert boilerplate not in doc.text
    assert doc.id == content_id(doc.text)
    assert record.raw == (DATA / "article.html").read_bytes()


def test_readers_rss_items(settings):
    outcomes = records(DATA / "feed.rss", settings)
    docs = [o.document for o in outcomes if isinstance(o, Record)]
    assert [d.title for d in docs] == ["Airstrikes hit market in Maarat al-Numan", "Talks on the demilitarised zone resume"]
    first = docs[0]
    assert (first.publisher, first.byline, first.published, first.tags) == ("Levant Monitor", "Sami Haddad", date(2019, 7, 22), ("Syria",))
    assert first.text.split("\n\n")[1] == "The strikes were the deadliest in the province since the government offensive began at the end of April."
    assert docs[1].text.startswith("Delegations from Russia and Turkey")
    [problem] = [o for o in outcomes if isinstance(o, IngestError)]
    assert isinstance(problem, NotADocumentError) and "item3" in problem.path and "no content" in problem.reason


def test_readers_atom_entry(settings):
    [record] = records(DATA / "feed.atom", settings)
    doc = record.document
    assert (doc.title, doc.byline, doc.publisher, doc.published) == ("Shelling reported near Ras al-Ain", "Leyla Hasan", "Northern Syria Wire", date(2019, 10, 10))
    assert doc.url == "https://nsw.example/ras-al-ain-shelling" and doc.tags == ("Hasakah",)
    assert "<p>" not in doc.text and doc.text.startswith("Turkish artillery shelled")


def test_readers_jsonl_fields(settings):
    docs = [r.document for r in records(DATA / "articles.jsonl", settings)]
    assert [(d.url, d.title, d.publisher, d.published) for d in docs] == [
        ("https://wire.example/1", "Car bomb in Azaz", "Example Wire", date(2019, 1, 20)),
        ("https://wire.example/2", "Protest in Daraa", "Example Wire", date(2019, 3, 10)),
    ]
    assert docs[1].byline == "Omar Khalil"
    assert docs[0].text.endswith("No group immediately claimed responsibility for the attack.")


def test_readers_jsonl_bad_lines_are_reported_in_place(tmp_path, settings):
    path = tmp_path / "mixed.jsonl"
    good = {"title": "Clashes in Ariha", "text": "Clashes broke out between rival factions in the town of Ariha on Friday, residents said."}
    path.write_text("\n".join([json.dumps(good), "{not json", '["a list"]', '{"title": "no text"}', ""]), encoding="utf-8")
    outcomes = records(path, settings)
    assert isinstance(outcomes[0], Record)
    messages = [str(o) for o in outcomes[1:]]
    assert messages == [
        f"{path}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:3: expected a JSON object, got list",
        f'{path}:4: no "text" field (or it is empty)',
    ]


def test_readers_json_array(tmp_path, settings):
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"title": "A", "text": "Gunfire was heard across the city for several hours on Sunday night."}]), encoding="utf-8")
    [record] = records(path, settings)
    assert record.document.title == "A"


def _warc(path: Path) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        page = (DATA / "article.html").read_bytes()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://levant-monitor.example/a", "response", payload=io.BytesIO(page), http_headers=headers))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://levant-monitor.example/a.png", "response", payload=io.BytesIO(b"\x89PNG..."), http_headers=image))
        missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://levant-monitor.example/gone", "response", payload=io.BytesIO(b"<p>Not found</p>"), http_headers=missing))
        note = "Mortar rounds fell on the old city of Aleppo on Wednesday evening, wounding two people, a medical source said.".encode("cp1252")
        writer.write_record(writer.create_warc_record("https://notes.example/1", "resource", payload=io.BytesIO(note), warc_content_type="text/plain"))


def test_readers_warc_html_and_text_records(tmp_path, settings):
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    docs = [r.document for r in records(path, settings)]
    assert [d.url for d in docs] == ["https://levant-monitor.example/a", "https://notes.example/1"]
    assert docs[0].title == "Shelling kills five in southern Idlib"
    assert docs[1].text.startswith("Mortar rounds fell on the old city of Aleppo")
    assert all(d.source_path == str(path) for d in docs)


def test_readers_truncated_warc_fails_naming_the_record(tmp_path, settings):
    whole = tmp_path / "crawl.warc"
    with open(whole, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        body = b"Artillery fire was reported near the town of Latamna throughout the day on Saturday, activists said."
        for n in range(2):
            writer.write_record(writer.create_warc_record(f"https://x.example/{n}", "resource", payload=io.BytesIO(body + bytes([48 + n])), warc_content_type="text/plain"))
    cut = tmp_path / "cut.warc"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) - 40])
    first, second = records(cut, settings)
    assert isinstance(first, Record)
    assert str(second) == f"{cut}#record2: truncated WARC record: 65 of 101 bytes"


def test_readers_malformed_warc_fails_naming_the_file(tmp_path, settings):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nthis is not a header\r\n\r\n")
    assert [str(o) for o in records(path, settings)] == [f"{path}#record1: malformed WARC record: no WARC-Type header"]
    record = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.example/\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nabcde\r\n\r\n"
    path.write_bytes(record + b"not a record at all\r\n\r\n")
    with pytest.raises(IngestError, match=r"bad\.warc: malformed WARC after record 1"):
        records(path, settings)
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nabcde\r\n\r\n")
    with pytest.raises(IngestError, match=r"bad\.warc: malformed or truncated WARC after record 0"):
        records(path, settings)


def test_readers_walk_folders_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.txt", "a/b/two.html", "a/.hidden.txt", "three.jsonl"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert found == ["three.jsonl", "a/one.txt", "a/b/two.html"]


def test_readers_read_path_folder(settings):
    docs = list(read_path(DATA, settings, skip_errors=True))
    assert len(docs) == 6
    with pytest.raises(NotADocumentError, match="item3"):
        list(read_path(DATA / "feed.rss", settings))
