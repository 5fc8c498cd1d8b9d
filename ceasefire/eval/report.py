"""The UCDP evaluation as text: a readable report, or one summary line."""

from __future__ import annotations

from typing import Optional

from .ucdp import UcdpScore


def _figure(value: Optional[float], digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def summary_line(result: UcdpScore) -> str:
    return (
        f"ucdp: {result.documents} documents, {result.gold_events} gold, {result.predicted_events} predicted, "
        f"{result.matched} matched; recall {_figure(result.recall)} (place named {_figure(result.recall_place_named)}), "
        f"precision >= {_figure(result.precision_lower_bound)}, median error {_figure(result.median_location_error_km, 1)} km, "
        f"exact date {_figure(result.share_exact_date)}, fatalities {_figure(result.share_interval_contains_ucdp_best)}, "
        f"actors {_figure(result.share_actors_agree)}, {result.seconds:.1f} s"
    )


def _table(title: str, groups: dict[str, dict]) -> list[str]:
    width = max([len(title), *(len(k) for k in groups)]) + 2
    lines = [f"{title:<{width}}{'gold':>7}{'matched':>9}{'recall':>8}{'named':>7}{'recall':>8}"]
    for name, row in groups.items():
        lines.append(
            f"{name:<{width}}{row['gold_events']:>7}{row['matched']:>9}{_figure(row['recall'], 2):>8}"
            f"{row['place_named']:>7}{_figure(row['recall_place_named'], 2):>8}"
        )
    return lines


def _deaths(low: Optional[int], high: Optional[int]) -> str:
    if low is None and high is None:
        return "none stated"
    if high is None:
        return f"{low}+"
    return f"{low or 0}-{high}"


def _miss_lines(number: int, miss: dict) -> list[str]:
    ucdp = miss["ucdp"]
    dates = ucdp["date_start"] if ucdp["date_start"] == ucdp["date_end"] else f"{ucdp['date_start']}..{ucdp['date_end']}"
    lines = [
        f"{number:>2}. UCDP {miss['ucdp_id']} [{miss['cause']}{', place named' if miss['place_named'] else ''}]: "
        f"{dates}, {ucdp['where']} (prec {ucdp['where_prec']}, {ucdp['latitude']:.3f},{ucdp['longitude']:.3f}), "
        f"{ucdp['type_of_violence']}, {ucdp['side_a']} vs {ucdp['side_b']}, deaths {ucdp['best']} ({ucdp['low']}-{ucdp['high']})"
    ]
    for doc in miss["documents"]:
        lines.append(f"      text: {doc['publisher']} {doc['published']}: {doc['text']}")
    if not miss["produced"]:
        lines.append("      ours: nothing")
    for event in miss["produced"]:
        where = event["location"] or "?"
        km = "" if event["distance_km"] is None else f" {event['distance_km']} km away"
        taken = f", matched to UCDP {event['matched_to']}" if event["matched_to"] else ""
        lines.append(
            f"      ours: {event['event_date']} {event['sub_event_type']} at {where}{km}, "
            f"deaths {_deaths(event['fatalities_low'], event['fatalities_high'])}, {event['actor1'] or '?'} vs {event['actor2'] or '?'}{taken}"
        )
    return lines


def text_report(result: UcdpScore) -> str:
    lines = [
        "UCDP GED evaluation (text only; the flow never sees UCDP's coding)",
        f"  documents                {result.documents} cited headlines ({result.stored_documents} distinct texts stored)",
        f"  gold events              {result.gold_events} ({result.place_named_events} with the place named in a headline)",
        f"  predicted events         {result.predicted_events}",
        f"  matched                  {result.matched}",
        f"  recall                   {_figure(result.recall)}",
        f"  recall, place named      {_figure(result.recall_place_named)}",
        f"  precision (lower bound)  {_figure(result.precision_lower_bound)}   UCDP codes only events with deaths",
        f"  median location error    {_figure(result.median_location_error_km, 1)} km",
        f"  exact date               {_figure(result.share_exact_date)}",
        f"  fatalities contain best  {_figure(result.share_interval_contains_ucdp_best)}",
        f"    a figure stated        {_figure(result.share_figure_stated)}   of the matches",
        f"    bounded figure holds   {_figure(result.share_bounded_contains_best)}   of the matches with an upper bound",
        f"  actors agree             {_figure(result.share_actors_agree)}",
        f"  one side agrees          {_figure(result.share_one_side_agrees)}",
        f"  cited by several texts   {result.merging.multi_source} gold events: {result.merging.reported} reported by us, "
        f"{result.merging.one_event} as one event ({result.merging.across_sources} drawing on two or more of the texts), "
        f"{result.merging.split} as more events than UCDP coded",
        f"  unparsed citations       {result.skipped_citations}",
        f"  ingest problems          {len(result.ingest_problems)}",
        *(f"    {line}" for line in result.ingest_problems[:5]),
        f"  seconds                  {result.seconds:.1f}",
        "",
        *_table("year", result.by_year),
        "",
        *_table("governorate", result.by_admin1),
        "",
        *_table("type of violence", result.by_type_of_violence),
        "",
        "causes of misses (all / place named): "
        + ", ".join(f"{cause} {count}/{result.miss_causes_place_named.get(cause, 0)}" for cause, count in result.miss_causes.items()),
        "",
        f"worst misses ({len(result.worst_misses)}):",
    ]
    for number, miss in enumerate(result.worst_misses, start=1):
        lines.extend(_miss_lines(number, miss))
    return "\n".join(lines)
