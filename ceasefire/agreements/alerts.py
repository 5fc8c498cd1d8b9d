"""Alert sinks: each new violation is posted once to a webhook, with retry and backoff.

What was delivered is recorded in the store (table ``alert_deliveries``), keyed
by sink and violation, so a restarted watcher sends only what is new. A crash
between a successful POST and its record can repeat that one alert, so every
request carries an ``Idempotency-Key`` header the receiver can use to drop it.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable, Iterable, Optional

import httpx

from ..errors import AlertError, StoreError
from ..models import Violation
from ..store import Store

log = logging.getLogger(__name__)

JSONL_FIELDS = ("agreement", "rule", "event_id", "event_date", "violator", "confidence", "zone", "distance_km", "latitude", "longitude")


def violation_record(violation: Violation) -> dict[str, Any]:
    """The stable JSONL shape of a violation (``ceasefire violations --format jsonl``)."""
    record = {name: getattr(violation, name) for name in JSONL_FIELDS}
    record["event_date"] = violation.event_date.isoformat()
    return record


def alert_payload(violation: Violation) -> dict[str, Any]:
    """The JSONL record plus the claims the violation rests on."""
    payload = violation_record(violation)
    payload["claims"] = [
        {"kind": c.kind, "value_low": c.value_low, "value_high": c.value_high, "value_text": c.value_text, "source": c.source,
         "publisher": c.publisher, "document_id": c.document_id, "span": [c.start, c.end], "hedge": c.hedge}
        for c in violation.claims
    ]
    return payload


def idempotency_key(violation: Violation) -> str:
    return f"{violation.agreement}:{violation.rule}:{violation.event_id}"


class WebhookSink:
    """POSTs one JSON object per violation; retries connection errors, 429 and 5xx with exponential backoff."""

    def __init__(
        self, url: str, retries: int = 5, backoff_s: float = 0.5, max_backoff_s: float = 30.0, timeout_s: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise AlertError(f"{url}: a webhook URL must start with http:// or https://")
        self.url = url
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.sleep = sleep
        self.client = httpx.Client(timeout=timeout_s)

    @property
    def name(self) -> str:
        return self.url

    def close(self) -> None:
        self.client.close()

    def send(self, violation: Violation) -> int:
        """Deliver one violation; returns the number of attempts it took. Raises ``AlertError`` when it gives up."""
        payload = alert_payload(violation)
        headers = {"Idempotency-Key": idempotency_key(violation)}
        problem = ""
        for attempt in range(1, self.retries + 2):
            try:
                response = self.client.post(self.url, json=payload, headers=headers)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.is_success:
                    return attempt
                problem = f"HTTP {response.status_code}"
                if response.status_code < 500 and response.status_code != 429:
                    raise AlertError(f"{self.url}: the webhook refused alert {idempotency_key(violation)} ({problem}); check the URL and the receiver")
            if attempt <= self.retries:
                delay = min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s)
                log.warning("webhook %s: attempt %d failed (%s); retrying in %.1fs", self.url, attempt, problem, delay)
                self.sleep(delay)
        raise AlertError(f"{self.url}: could not deliver alert {idempotency_key(violation)} after {self.retries + 1} attempts ({problem})")


class DeliveryLog:
    """Which violations a sink has received, kept in the store's ``alert_deliveries`` table (DuckDB or PostGIS)."""

    def __init__(self, store: Store, sink: str) -> None:
        self.con = getattr(store, "con", None)
        if self.con is None:
            raise StoreError(f"{type(store).__name__} has no SQL connection for the alert delivery log; use the DuckDB or PostGIS store")
        # psycopg binds %s, DuckDB binds ?; the SQL is otherwise the same on both.
        self.mark = "%s" if type(self.con).__module__.startswith("psycopg") else "?"
        self.sink = sink

    def delivered(self, agreement: str) -> set[tuple[str, str]]:
        m = self.mark
        rows = self.con.execute(f"SELECT rule, event_id FROM alert_deliveries WHERE sink = {m} AND agreement = {m}", [self.sink, agreement]).fetchall()
        return {(r["rule"], r["event_id"]) if isinstance(r, dict) else (r[0], r[1]) for r in rows}

    def record(self, violation: Violation, attempts: int) -> None:
        m = self.mark
        self.con.execute(
            f"INSERT INTO alert_deliveries(sink, agreement, rule, event_id, attempts) VALUES ({m}, {m}, {m}, {m}, {m}) ON CONFLICT DO NOTHING",
            [self.sink, violation.agreement, violation.rule, violation.event_id, attempts],
        )


def deliver_new(violations: Iterable[Violation], sink: WebhookSink, log_: DeliveryLog) -> list[Violation]:
    """Send the violations the sink has not received yet, oldest first; returns those sent now."""
    violations = sorted(violations, key=lambda v: (v.event_date, v.event_id, v.rule))
    done_by_agreement: dict[str, set[tuple[str, str]]] = {}
    sent = []
    for violation in violations:
        done = done_by_agreement.setdefault(violation.agreement, log_.delivered(violation.agreement))
        if (violation.rule, violation.event_id) in done:
            continue
        attempts = sink.send(violation)
        log_.record(violation, attempts)
        done.add((violation.rule, violation.event_id))
        sent.append(violation)
    return sent


def watch(
    check_once: Callable[[], list[Violation]], interval_s: float, once: bool, stop: Optional[Callable[[], bool]] = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run ``check_once`` (which computes and delivers) now and then every ``interval_s``; returns how many were sent.

    In a loop, a failed delivery is logged and retried on the next round; with ``once`` it is raised.
    """
    total = 0
    while True:
        try:
            total += len(check_once())
        except AlertError as exc:
            if once:
                raise
            log.error("%s", exc)
        if once or (stop is not None and stop()):
            return total
        sleep(interval_s)
