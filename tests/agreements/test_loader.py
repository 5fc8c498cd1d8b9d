"""Agreement files: bundled agreements load; bad files fail with file, line and field path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import Point, shape

from ceasefire.agreements.loader import bundled_agreement_files, check_agreement_file, load_agreement
from ceasefire.cli import main
from ceasefire.errors import AgreementSchemaError

AGREEMENTS = Path(__file__).resolve().parents[1] / "data" / "agreements"


@pytest.mark.parametrize(
    "agreement_id, signed, guarantors",
    [("sochi-2018-idlib-dmz", date(2018, 9, 17), ("Russia", "Turkey")), ("astana-2017-idlib", date(2017, 5, 4), ("Russia", "Turkey", "Iran"))],
)
def test_loader_bundled_agreements_load_by_id(agreement_id, signed, guarantors):
    agreement = load_agreement(agreement_id)
    assert (agreement.id, agreement.signed, agreement.guarantors) == (agreement_id, signed, guarantors)
    assert agreement.sources and all(zone.approximate for zone in agreement.zones)


def test_loader_sochi_zone_holds_masasinah_but_not_baghuz():
    zone = shape(load_agreement("sochi-2018-idlib-dmz").zones[0].geometry)
    assert zone.contains(Point(36.664, 35.290))
    assert not zone.contains(Point(40.94, 34.45))


def test_loader_sochi_rules_follow_the_memorandum_dates():
    rules = {r.id: r for r in load_agreement("sochi-2018-idlib-dmz").rules}
    assert rules["heavy-weapons-withdrawn"].starts == date(2018, 10, 10)
    assert set(rules["heavy-weapons-withdrawn"].prohibited_weapons) == {"tanks", "MLRS", "artillery", "mortars"}
    assert rules["radical-groups-withdrawn"].starts == date(2018, 10, 15)
    assert "Ansar al-Tawhid" in rules["radical-groups-withdrawn"].prohibited_actors


def test_loader_every_bundled_file_validates():
    for path in bundled_agreement_files():
        agreement, errors = check_agreement_file(path)
        assert errors == [] and agreement is not None and agreement.id == path.stem


def test_loader_geometry_from_referenced_geojson():
    agreement = load_agreement(AGREEMENTS / "referenced.yaml")
    assert agreement.zones[0].geometry["type"] == "Polygon" and agreement.zones[0].approximate


@pytest.mark.parametrize(
    "name, expected",
    [
        ("bad_geometry.yaml", ["bad_geometry.yaml:9: zones[0].geometry.type: 'Point' is not one of"]),
        ("bad_pin.yaml", ["bad_pin.yaml:8: zones[0].geometry_file: zone.geojson type: 'Point'"]),
        ("bad_fields.yaml", ["bad_fields.yaml:14: rules[0].buffer_km: -3 is less than the minimum of 0", "bad_fields.yaml:16: rules[0].prohibited.weapons[0]: 'slingshots'"]),
        (
            "bad_semantics.yaml",
            [
                "bad_semantics.yaml:3: signed: '2019-02-30' is not a calendar date",
                "bad_semantics.yaml:14: rules[0].ends: 2019-02-01 is before starts 2019-03-01",
                "bad_semantics.yaml:15: rules[0].zones[1]: unknown zone 'elsewhere'",
            ],
        ),
    ],
)
def test_loader_schema_errors_name_file_line_and_field(name, expected):
    agreement, errors = check_agreement_file(AGREEMENTS / name)
    assert agreement is None
    assert len(errors) == len(expected)
    for error, start in zip(errors, expected):
        assert error.startswith(start)


def test_loader_invalid_yaml_reports_the_line():
    with pytest.raises(AgreementSchemaError, match=r"bad_yaml.yaml:3: not valid YAML"):
        load_agreement(AGREEMENTS / "bad_yaml.yaml")


def test_loader_missing_geometry_and_self_intersecting_polygon(tmp_path):
    bowtie = "[[[36.0, 35.0], [36.5, 35.5], [36.5, 35.0], [36.0, 35.5], [36.0, 35.0]]]"
    text = (
        "id: t\ntitle: t\nsigned: 2019-01-01\nsources: [x]\nzones:\n  - id: a\n    name: A\n"
        f"  - id: b\n    name: B\n    geometry: {{type: Polygon, coordinates: {bowtie}}}\n"
        "rules:\n  - id: r\n    zones: [a]\n    prohibited: {event_types: [Battles]}\n"
    )
    path = tmp_path / "t.yaml"
    path.write_text(text)
    _, errors = check_agreement_file(path)
    assert errors == ["t.yaml:6: zones[0]: needs exactly one of geometry, geometry_file"]
    path.write_text(text.replace("  - id: a\n    name: A\n", "  - id: a\n    name: A\n    geometry_file: none.geojson\n"))
    _, errors = check_agreement_file(path)
    assert any("zones[0].geometry_file: cannot read GeoJSON" in e for e in errors)
    assert any(e.startswith("t.yaml:11: zones[1].geometry: invalid polygon (Self-intersection") for e in errors)


def test_loader_unknown_id_lists_the_bundled_ones():
    with pytest.raises(AgreementSchemaError, match="bundled: astana-2017-idlib, sochi-2018-idlib-dmz"):
        load_agreement("minsk-2015")


def test_loader_check_agreement_command_exits_1_with_line_numbers():
    result = CliRunner().invoke(main, ["check-agreement", str(AGREEMENTS / "bad_geometry.yaml")])
    assert result.exit_code == 1
    assert "bad_geometry.yaml:9: zones[0].geometry.type" in result.output


def test_loader_check_agreement_command_accepts_a_good_file():
    result = CliRunner().invoke(main, ["check-agreement", str(AGREEMENTS / "square.yaml")])
    assert result.exit_code == 0 and "ok (test-square: 1 zone(s), 5 rule(s))" in result.output
