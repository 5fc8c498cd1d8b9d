"""The HTML report: self-contained, provenance links, and a real render in headless Chromium."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from ceasefire.agreements.engine import check_agreement
from ceasefire.agreements.loader import load_agreement
from ceasefire.models import Claim, Document, Event
from ceasefire.report.html import claim_value, write_report
from ceasefire.report.svg import PARTY_PALETTE, ZONE_FILL
from ceasefire.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))
from png_pixels import find_colour, read_png  # noqa: E402

TEXT = (
    "In the morning of March 3, fighters of the al-Qaeda-affiliated group Ansar al-Tawhid carried out a major attack "
    "on several positions of the Syrian Arab Army near the town of Masasneh in northern Hama."
)
DOCUMENT = Document(id="a" * 64, text=TEXT, title="Al Qaeda strikes back", publisher="Test Wire", url="https://news.test/hama")


def masasneh_event() -> Event:
    start = TEXT.index("Masasneh")
    claims = (
        Claim(DOCUMENT.id, f"{DOCUMENT.id}:0:0", "location", start, start + len("Masasneh"), value_text="Masasneh", source="Test Wire", publisher="Test Wire"),
        Claim(DOCUMENT.id, f"{DOCUMENT.id}:0:0", "actor1", TEXT.index("Ansar"), TEXT.index("Ansar") + 15, value_text="Ansar al-Tawhid"),
    )
    return Event(
        event_id="masasneh", event_date=date(2019, 3, 3), event_type="Battles", sub_event_type="Armed clash", actor1="Ansar al-Tawhid",
        actor2="Military Forces of Syria", location="Masasneh", admin1="Hama", latitude=35.290, longitude=36.664, geo_precision=2,
        claims=claims, documents=(DOCUMENT.id,), sources=("Test Wire",),
    )


def synthetic_events(n: int, seed: int = 7) -> list[Event]:
    """``n`` events scattered over Syria, a third of them around the Idlib front, dated Oct 2018 - Nov 2019."""
    rng = random.Random(seed)
    parties = ["Military Forces of Syria", "HTS", "National Front for Liberation", "Military Forces of Russia", "Hurras al-Din"]
    events = []
    for i in range(n):
        near_front = i % 3 == 0
        lat = rng.uniform(35.2, 36.3) if near_front else rng.uniform(32.5, 37.2)
        lon = rng.uniform(36.1, 37.1) if near_front else rng.uniform(35.8, 42.0)
        events.append(Event(
            event_id=f"s{i}", event_date=date(2018, 10, 1) + timedelta(days=rng.randrange(425)), event_type="Battles",
            sub_event_type="Armed clash", actor1=rng.choice(parties), actor2=rng.choice(parties), latitude=lat, longitude=lon,
            geo_precision=rng.choice((1, 1, 2, 3)), admin1="Idleb" if near_front else None, location=f"place {i}",
        ))
    return events


@pytest.fixture(scope="module")
def sochi():
    return load_agreement("sochi-2018-idlib-dmz")


def test_html_report_is_self_contained_with_provenance(tmp_path, sochi):
    events = [masasneh_event()]
    violations = check_agreement(sochi, events)
    path = write_report(tmp_path / "r.html", sochi, events, violations, documents={DOCUMENT.id: DOCUMENT}, settings=Settings())
    page = path.read_text(encoding="utf-8")
    assert "src=" not in page and "<link" not in page and "@import" not in page
    assert page.count("<script") == 1 and "<script>" in page  # the maps' pan and zoom, inline
    assert f'fill="{ZONE_FILL}"' in page and f'fill="{PARTY_PALETTE[0]}"' in page
    start = TEXT.index("Masasneh")
    anchor = f"d-{DOCUMENT.id[:16]}-{start}-{start + 8}"
    assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    assert "<mark>Masasneh</mark>" in page
    assert "radical-groups-withdrawn" in page and "Ansar al-Tawhid" in page


def test_html_report_limits_the_table_but_counts_everything(tmp_path, sochi):
    events = synthetic_events(3000)
    violations = check_agreement(sochi, events)
    page = write_report(tmp_path / "r.html", sochi, events, violations, max_rows=50).read_text(encoding="utf-8")
    assert f"Showing 50 of {len(violations)} violations" in page
    assert page.count("<tr><td>20") == 50


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip("chromium is not installed (apt-get install -y chromium; see .ci/services.sh)")


FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--window-size=1280,1400", "--hide-scrollbars",
)
# Appended to a copy of the report only: records, in the page, the time from navigation start to a laid-out document.
TIMING_SCRIPT = (
    "<script>addEventListener('load',()=>{document.body.offsetHeight;"
    "document.body.setAttribute('data-ready-ms',Math.round(performance.now()))})</script></body>"
)


def screenshot(browser: str, page: Path, png: Path, profile: Path) -> None:
    # Half the device scale keeps the PNG small enough to decode in pure Python; the layout stays 1280 CSS px wide.
    flags = [*FLAGS, f"--user-data-dir={profile}", "--force-device-scale-factor=0.5", f"--screenshot={png}"]
    subprocess.run([browser, *flags, page.as_uri()], check=True, capture_output=True, timeout=120)


def ready_ms(browser: str, page: Path, profile: Path) -> int:
    timed = page.with_name("timed-" + page.name)
    timed.write_text(page.read_text(encoding="utf-8").replace("</body>", TIMING_SCRIPT), encoding="utf-8")
    done = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", timed.as_uri()], check=True, capture_output=True, text=True, timeout=120)
    found = re.search(r'data-ready-ms="(\d+)"', done.stdout)
    assert found, "the page never finished loading"
    return int(found.group(1))


@pytest.mark.slow
def test_html_report_renders_map_and_chart_in_chromium(tmp_path, sochi):
    browser = chromium()
    events = synthetic_events(20_000)
    violations = check_agreement(sochi, events)
    report = write_report(tmp_path / "report.html", sochi, events, violations, settings=Settings())
    # Best of two loads: the first also pays for creating the browser profile, and the test machines are shared.
    assert min(ready_ms(browser, report, tmp_path / "profile") for _ in range(2)) <= 3000
    screenshot(browser, report, tmp_path / "report.png", tmp_path / "profile")
    _, height, rows = read_png(tmp_path / "report.png")
    zone = find_colour(rows, ZONE_FILL)
    bars = find_colour(rows, PARTY_PALETTE[0])
    assert len(zone) > 2000, "the zone fill is missing from the map"
    assert len(bars) > 300, "the weekly chart bars are missing"
    assert max(y for _, y in zone) < min(y for _, y in bars), "the map should sit above the chart"


@pytest.mark.parametrize(
    ("low", "high", "text", "shown"),
    [
        (17, None, None, "17 or more"),
        (17, 17, None, "17"),
        (3, 5, "between 3 and 5", "3–5 (between 3 and 5)"),
        (None, 10, None, "at most 10"),
        (None, None, "Ansar al-Tawhid", "Ansar al-Tawhid"),
    ],
)
def test_html_report_claim_value_reads_the_same_on_every_page(low, high, text, shown):
    claim = Claim(document_id="d", mention_id="m", kind="fatalities", start=0, end=1, value_low=low, value_high=high, value_text=text)
    assert claim_value(claim) == shown


# Appended to a copy of a report: zooms the close-up map in twice at its centre, drags it, and writes the result into the page.
ZOOM_SCRIPT = """<script>addEventListener('load', () => {
  const svg = document.querySelectorAll('svg.pan-zoom')[1], r = svg.getBoundingClientRect();
  const at = {clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true};
  for (let i = 0; i < 2; i++) svg.dispatchEvent(new WheelEvent('wheel', {...at, deltaY: -100}));
  const zoomed = svg.getAttribute('viewBox');
  svg.dispatchEvent(new PointerEvent('pointerdown', {...at, pointerId: 1}));
  svg.dispatchEvent(new PointerEvent('pointermove', {...at, clientX: at.clientX + 50, pointerId: 1}));
  svg.dispatchEvent(new PointerEvent('pointerup', {...at, pointerId: 1}));
  document.body.dataset.zoomed = zoomed;
  document.body.dataset.dragged = svg.getAttribute('viewBox');
  document.body.dataset.home = svg.getAttribute('width') + ' ' + svg.getAttribute('height');
})</script></body>"""


@pytest.mark.slow
def test_html_report_maps_zoom_and_pan_in_chromium(tmp_path, sochi):
    browser = chromium()
    events = [masasneh_event()]
    report = write_report(tmp_path / "r.html", sochi, events, check_agreement(sochi, events), settings=Settings())
    probe = tmp_path / "probe.html"
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", ZOOM_SCRIPT), encoding="utf-8")
    done = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", probe.as_uri()], check=True, capture_output=True, text=True, timeout=120)
    width, height = map(float, re.search(r'data-home="([\d.]+) ([\d.]+)"', done.stdout).groups())
    x, y, w, h = map(float, re.search(r'data-zoomed="([^"]+)"', done.stdout).group(1).split())
    assert w == pytest.approx(width * 0.64) and h == pytest.approx(height * 0.64)  # two wheel steps of 0.8
    assert x + w / 2 == pytest.approx(width / 2, abs=1) and y + h / 2 == pytest.approx(height / 2, abs=1)  # about the pointer
    dx, dy, dw, _ = map(float, re.search(r'data-dragged="([^"]+)"', done.stdout).group(1).split())
    assert dw == pytest.approx(w) and dy == pytest.approx(y) and dx < x  # dragging right shows what lies to the west
