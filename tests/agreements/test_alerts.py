"""Webhook alerts: retry with backoff, and each violation delivered once, across restarts."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from ceasefire.agreements.alerts import WebhookSink
from ceasefire.cli import main
from ceasefire.errors import AlertError
from ceasefire.models import Event, Violation
from ceasefire.store import open_store


class Receiver:
    """A webhook receiver on 127.0.0.1 that answers the first ``fail_first`` requests with ``fail_status``."""

    def __init__(self, fail_first: int = 1, fail_status: int = 503) -> None:
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.attempts: list[dict] = []
        self.accepted: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                body["_key"] = self.headers.get("Idempotency-Key")
                receiver.attempts.append(body)
                if len(receiver.attempts) <= receiver.fail_first:
                    self.send_response(receiver.fail_status)
                else:
                    receiver.accepted.append(body)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/alerts"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def dmz_event(event_id: str, day: date, actor1: str) -> Event:
    return Event(
        event_id=event_id, event_date=day, event_type="Battles", sub_event_type="Armed clash", actor1=actor1,
        actor2="Military Forces of Syria", latitude=35.290, longitude=36.664, geo_precision=2,
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[str]:
    path = str(tmp_path / "alerts.duckdb")
    with open_store(path) as store:
        store.write_events([dmz_event("masasneh", date(2019, 3, 3), "Ansar al-Tawhid")])
    yield path


def watch_once(db: str, url: str):
    return CliRunner().invoke(main, ["watch-violations", "--agreement", "sochi-2018-idlib-dmz", "--webhook", url, "--once", "--backoff", "0", "--db", db])


def test_alerts_delivered_once_across_restarts_with_retry(db):
    with Receiver(fail_first=1) as receiver:
        first = watch_once(db, receiver.url)
        assert first.exit_code == 0, first.output
        assert len(receiver.attempts) == 3  # the first POST got a 503 and was retried
        assert {(a["rule"], a["event_id"], a["violator"]) for a in receiver.accepted} == {
            ("no-military-operations", "masasneh", "Ansar al-Tawhid"),
            ("radical-groups-withdrawn", "masasneh", "Ansar al-Tawhid"),
        }
        assert {a["_key"] for a in receiver.accepted} == {"sochi-2018-idlib-dmz:no-military-operations:masasneh", "sochi-2018-idlib-dmz:radical-groups-withdrawn:masasneh"}
        # A restart (a new process opening the same store) sends nothing again.
        second = watch_once(db, receiver.url)
        assert second.exit_code == 0 and "0 alert(s) sent" in second.output
        assert len(receiver.attempts) == 3
        # A new event yields exactly its own new alerts.
        with open_store(db) as store:
            store.write_events([dmz_event("hts-attack", date(2019, 3, 9), "HTS")])
        third = watch_once(db, receiver.url)
        assert third.exit_code == 0 and "2 alert(s) sent" in third.output
        assert [a["event_id"] for a in receiver.accepted[2:]] == ["hts-attack", "hts-attack"]


def test_alerts_failed_delivery_exits_1_and_is_retried_next_run(db):
    with Receiver(fail_first=100) as receiver:
        result = watch_once(db, receiver.url)
        assert result.exit_code == 1
        assert f"Error: {receiver.url}: could not deliver alert sochi-2018-idlib-dmz:no-military-operations:masasneh after 6 attempts (HTTP 503)" in result.output
    with Receiver(fail_first=0) as receiver:
        assert watch_once(db, receiver.url).exit_code == 0
        assert len(receiver.accepted) == 2


VIOLATION = Violation("a", "r", "e", date(2019, 3, 3), "X", "inside", "dmz", 0.0, 35.0, 36.0)


def test_alerts_backoff_doubles_between_retries():
    delays: list[float] = []
    with Receiver(fail_first=3) as receiver:
        sink = WebhookSink(receiver.url, retries=5, backoff_s=0.5, sleep=delays.append)
        assert sink.send(VIOLATION) == 4
        sink.close()
    assert delays == [0.5, 1.0, 2.0]


def test_alerts_client_error_is_not_retried():
    with Receiver(fail_first=10, fail_status=404) as receiver:
        sink = WebhookSink(receiver.url, retries=5, backoff_s=0)
        with pytest.raises(AlertError, match="the webhook refused alert a:r:e \\(HTTP 404\\)"):
            sink.send(VIOLATION)
        sink.close()
        assert len(receiver.attempts) == 1


def test_alerts_unreachable_webhook_gives_up():
    sink = WebhookSink("http://127.0.0.1:9/alerts", retries=1, backoff_s=0)  # port 9 (discard): nothing listens
    with pytest.raises(AlertError, match="after 2 attempts \\(ConnectError"):
        sink.send(VIOLATION)
    sink.close()


def test_alerts_rejects_a_non_http_url():
    with pytest.raises(AlertError, match="must start with http"):
        WebhookSink("ftp://example.invalid/hook")


def test_alerts_delivery_log_on_each_backend(any_store):
    from ceasefire.agreements.alerts import DeliveryLog, deliver_new

    later = Violation("a", "r", "f", date(2019, 3, 4), "Y", "buffer", "dmz", 2.5)
    with Receiver(fail_first=0) as receiver:
        sink = WebhookSink(receiver.url, backoff_s=0)
        assert [v.event_id for v in deliver_new([later, VIOLATION], sink, DeliveryLog(any_store, sink.name))] == ["e", "f"]
        assert deliver_new([VIOLATION, later], sink, DeliveryLog(any_store, sink.name)) == []
        sink.close()
    assert DeliveryLog(any_store, "http://other.test/hook").delivered("a") == set()
    assert DeliveryLog(any_store, receiver.url).delivered("a") == {("r", "e"), ("r", "f")}
