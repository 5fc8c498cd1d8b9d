"""The eval stage: scoring the whole flow against professional coders.

- ``ucdp``: ``evaluate_ucdp(path, settings, sample, seed, since, until, flow)`` -> ``UcdpScore``
  (``ceasefire eval ucdp``), built from ``ged`` (GED rows as gold events), ``citations``
  (the cited articles), ``documents`` (ingesting them), ``matching``, ``placenames``,
  ``actor_agreement``, ``misses`` and ``report``.
"""
