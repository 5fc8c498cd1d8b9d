"""Distances and the tolerances that say when two reports can describe the same place and day."""

from __future__ import annotations

import math
from typing import Optional

EARTH_RADIUS_KM = 6371.0088

# How far apart two reports of one event may place it, by ACLED geo precision:
# 1 the town itself (gazetteer variants of one town lie within a couple of km),
# 2 "near" a town or part of a district, 3 only the governorate is known.
PLACE_TOLERANCE_KM = {1: 2.0, 2: 15.0, 3: 75.0}
# How many days apart two reports of one event may date it, by ACLED time precision:
# 1 the day, 2 the week (the publication date stands in for an undated event), 3 the month.
DATE_TOLERANCE_DAYS = {1: 0, 2: 7, 3: 31}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def place_tolerance_km(geo_precision: Optional[int]) -> float:
    return PLACE_TOLERANCE_KM.get(geo_precision or 2, PLACE_TOLERANCE_KM[3])


def date_tolerance_days(time_precision: Optional[int]) -> int:
    return DATE_TOLERANCE_DAYS.get(time_precision or 1, DATE_TOLERANCE_DAYS[3])
