"""Agreement files: YAML validated against ``schema.json``, zones as inline or referenced GeoJSON.

Every problem is reported as ``FILE:LINE: field.path: message`` so that the
person editing the file can go straight to the line, e.g.
``sochi.yaml:12: zones[0].geometry: 'Point' is not one of ['Polygon', ...]``.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Optional, Union

import jsonschema
import shapely.geometry
import yaml

from ..errors import AgreementSchemaError
from ..models import Actor, Agreement, Rule, Zone

Path_ = tuple[Union[str, int], ...]


class _StringDatesLoader(yaml.SafeLoader):
    """SafeLoader that keeps ``2018-09-17`` as a string, so the schema and our own parser see what was written."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def bundled_dir() -> Path:
    return Path(str(resources.files("ceasefire.agreements") / "bundled"))


def bundled_agreement_files() -> list[Path]:
    """The agreement files shipped with ceasefire, sorted by file name."""
    return sorted(bundled_dir().glob("*.yaml"))


@lru_cache(maxsize=1)
def agreement_schema() -> dict[str, Any]:
    return json.loads((resources.files("ceasefire.agreements") / "schema.json").read_text(encoding="utf-8"))


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _line_map(node: yaml.Node, path: Path_ = (), lines: Optional[dict[Path_, int]] = None) -> dict[Path_, int]:
    """1-based line of every value in the composed YAML tree, keyed by its field path."""
    lines = {} if lines is None else lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = path + (str(key_node.value),)
            _line_map(value_node, child, lines)
            # A key's own line is the better pointer when the value is a block that starts below it.
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, path + (index,), lines)
    return lines


def _line_of(lines: dict[Path_, int], path: Path_) -> int:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def read_yaml(path: Path) -> tuple[Any, dict[Path_, int]]:
    """The parsed document and the line of each field path in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AgreementSchemaError(f"{path}: cannot read the agreement file ({exc})") from exc
    try:
        node = yaml.compose(text, Loader=_StringDatesLoader)
        data = yaml.load(text, Loader=_StringDatesLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise AgreementSchemaError(f"{path.name}{line}: not valid YAML ({problem})") from exc
    if node is None:
        raise AgreementSchemaError(f"{path.name}:1: the file is empty; an agreement needs id, title, signed, zones, rules and sources")
    return data, _line_map(node)


def _best_message(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For oneOf/anyOf failures, the deepest sub-error names the field that is actually wrong."""
    if error.context and not all(e.validator == "required" for e in error.context):
        return max(error.context, key=lambda e: (len(e.absolute_path), -len(e.message)))
    return error


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "oneOf" and error.context and all(e.validator == "required" for e in error.context):
        options = sorted({str(e.validator_value[0]) for e in error.context})
        return f"needs exactly one of {', '.join(options)}"
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."


def _line_number(message: str) -> int:
    parts = message.split(":", 2)
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0


def schema_errors(path: Path, data: Any, lines: dict[Path_, int]) -> list[str]:
    validator = jsonschema.Draft202012Validator(agreement_schema())
    messages = []
    for error in sorted(validator.iter_errors(data), key=lambda e: (_line_of(lines, tuple(e.absolute_path)), list(map(str, e.absolute_path)))):
        best = _best_message(error)
        where = tuple(best.absolute_path)
        messages.append(f"{path.name}:{_line_of(lines, where)}: {format_path(where)}: {_message(best)}")
    return messages


def _parse_date(value: Optional[str], path: Path, lines: dict[Path_, int], where: Path_, errors: list[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{path.name}:{_line_of(lines, where)}: {format_path(where)}: {value!r} is not a calendar date (YYYY-MM-DD)")
        return None


def _zone_geometry(path: Path, zone: dict[str, Any], lines: dict[Path_, int], where: Path_, errors: list[str]) -> Optional[dict]:
    if "geometry" in zone:
        geometry = zone["geometry"]
    else:
        target = (path.parent / zone["geometry_file"]).resolve()
        try:
            blob = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            errors.append(f"{path.name}:{_line_of(lines, where + ('geometry_file',))}: {format_path(where + ('geometry_file',))}: cannot read GeoJSON {zone['geometry_file']!r} ({exc})")
            return None
        features = blob.get("features", [blob]) if blob.get("type") == "FeatureCollection" else [blob]
        wanted = zone.get("feature", zone["id"])
        chosen = [f for f in features if f.get("type") != "Feature" or (f.get("properties") or {}).get("id") == wanted]
        if not chosen and len(features) == 1:
            chosen = features
        if not chosen:
            errors.append(f"{path.name}:{_line_of(lines, where)}: {format_path(where + ('feature',))}: no feature with properties.id {wanted!r} in {zone['geometry_file']}")
            return None
        geometry = chosen[0].get("geometry", chosen[0])
        sub = jsonschema.Draft202012Validator({"$defs": agreement_schema()["$defs"], "$ref": "#/$defs/polygonal"})
        problems = list(sub.iter_errors(geometry))
        if problems:
            problem = _best_message(problems[0])
            inner = format_path(tuple(problem.absolute_path))
            errors.append(f"{path.name}:{_line_of(lines, where + ('geometry_file',))}: {format_path(where + ('geometry_file',))}: {zone['geometry_file']} {inner}: {_message(problem)}")
            return None
    shape = shapely.geometry.shape(geometry)
    key = where + (("geometry",) if "geometry" in zone else ("geometry_file",))
    bounds = shape.bounds
    if not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
        errors.append(f"{path.name}:{_line_of(lines, key)}: {format_path(key)}: coordinates out of range; GeoJSON wants [longitude, latitude]")
    elif not shape.is_valid:
        from shapely.validation import explain_validity

        errors.append(f"{path.name}:{_line_of(lines, key)}: {format_path(key)}: invalid polygon ({explain_validity(shape)})")
    return geometry


def _build(path: Path, data: dict[str, Any], lines: dict[Path_, int]) -> tuple[Optional[Agreement], list[str]]:
    errors: list[str] = []
    zones = []
    for i, z in enumerate(data["zones"]):
        geometry = _zone_geometry(path, z, lines, ("zones", i), errors)
        if geometry is not None:
            zones.append(Zone(id=z["id"], name=z["name"], geometry=geometry, approximate=bool(z.get("approximate", False))))
    zone_ids = [z["id"] for z in data["zones"]]
    for i, zid in enumerate(zone_ids):
        if zid in zone_ids[:i]:
            errors.append(f"{path.name}:{_line_of(lines, ('zones', i, 'id'))}: zones[{i}].id: duplicate zone id {zid!r}")
    rules = []
    rule_ids: list[str] = []
    for i, r in enumerate(data["rules"]):
        where: Path_ = ("rules", i)
        if r["id"] in rule_ids:
            errors.append(f"{path.name}:{_line_of(lines, where + ('id',))}: rules[{i}].id: duplicate rule id {r['id']!r}")
        rule_ids.append(r["id"])
        for j, zid in enumerate(r["zones"]):
            if zid not in zone_ids:
                errors.append(f"{path.name}:{_line_of(lines, where + ('zones', j))}: rules[{i}].zones[{j}]: unknown zone {zid!r}; known: {', '.join(zone_ids)}")
        starts = _parse_date(r.get("starts"), path, lines, where + ("starts",), errors)
        ends = _parse_date(r.get("ends"), path, lines, where + ("ends",), errors)
        if starts and ends and ends < starts:
            errors.append(f"{path.name}:{_line_of(lines, where + ('ends',))}: rules[{i}].ends: {ends} is before starts {starts}")
        p = r["prohibited"]
        rules.append(
            Rule(
                id=r["id"], starts=starts, ends=ends, zones=tuple(r["zones"]),
                prohibited_event_types=tuple(p.get("event_types", ())),
                prohibited_sub_event_types=tuple(p.get("sub_event_types", ())),
                prohibited_actors=tuple(p.get("actors", ())),
                prohibited_actor_kinds=tuple(p.get("actor_kinds", ())),
                prohibited_weapons=tuple(p.get("weapons", ())),
                buffer_km=float(r.get("buffer_km", 0.0)),
                description=r.get("wording") or r.get("description"),
                exempt_actors=tuple(r.get("exempt_actors", ())),
            )
        )
    signed = _parse_date(data["signed"], path, lines, ("signed",), errors)
    actors = tuple(
        Actor(name=a["name"], aliases=tuple(a.get("aliases", ())), kind=a.get("kind", "unknown"), parent=a.get("parent"))
        for a in data.get("actors", ())
    )
    if errors:
        return None, sorted(errors, key=_line_number)
    agreement = Agreement(
        id=data["id"], title=data["title"], signed=signed,
        parties=tuple(data.get("parties", ())), guarantors=tuple(data.get("guarantors", ())),
        zones=tuple(zones), rules=tuple(rules), sources=tuple(data["sources"]),
        version=str(data["version"]) if data.get("version") is not None else None, actors=actors,
    )
    return agreement, []


def check_agreement_file(path: Union[str, Path]) -> tuple[Optional[Agreement], list[str]]:
    """Validate one file; returns the agreement (None when invalid) and every problem found, one line each."""
    path = Path(path)
    data, lines = read_yaml(path)
    errors = schema_errors(path, data, lines)
    if errors:
        return None, errors
    return _build(path, data, lines)


def load_agreement(id_or_path: Union[str, Path]) -> Agreement:
    """A bundled agreement by id (``sochi-2018-idlib-dmz``) or any agreement file by path.

    Raises ``AgreementSchemaError`` listing every problem, one ``FILE:LINE: field: message`` a line.
    """
    candidate = Path(id_or_path)
    if not candidate.is_file():
        bundled = bundled_dir() / f"{id_or_path}.yaml"
        if not bundled.is_file():
            known = ", ".join(p.stem for p in bundled_agreement_files())
            raise AgreementSchemaError(f"{id_or_path}: no such agreement file or bundled agreement id (bundled: {known})")
        candidate = bundled
    agreement, errors = check_agreement_file(candidate)
    if errors:
        raise AgreementSchemaError("\n".join(errors))
    assert agreement is not None
    return agreement


def bundled_agreements() -> list[Agreement]:
    return [load_agreement(p) for p in bundled_agreement_files()]
