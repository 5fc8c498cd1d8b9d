CREATE TABLE IF NOT EXISTS events (
    event_id           VARCHAR PRIMARY KEY,
    event_date         DATE NOT NULL,
    date_end           DATE,
    time_precision     INTEGER,
    event_type         VARCHAR,
    sub_event_type     VARCHAR,
    actor1             VARCHAR,
    actor2             VARCHAR,
    assoc_actor1       VARCHAR,
    assoc_actor2       VARCHAR,
    inter1             INTEGER,
    inter2             INTEGER,
    country            VARCHAR,
    admin1             VARCHAR,
    admin2             VARCHAR,
    location           VARCHAR,
    latitude           DOUBLE,
    longitude          DOUBLE,
    geo_precision      INTEGER,
    fatalities_low     INTEGER,
    fatalities_best    INTEGER,
    fatalities_high    INTEGER,
    fatalities_by_side VARCHAR,  -- JSON [[side, low, high], ...]
    disputed           BOOLEAN,
    sources            VARCHAR,  -- JSON list
    claims             VARCHAR,  -- JSON list of claim objects
    documents          VARCHAR,  -- JSON list of document ids
    mention_ids        VARCHAR,  -- JSON list
    notes              VARCHAR,
    origin             VARCHAR NOT NULL,
    origin_id          VARCHAR
);
CREATE TABLE IF NOT EXISTS violations (
    agreement   VARCHAR NOT NULL,
    rule        VARCHAR NOT NULL,
    event_id    VARCHAR NOT NULL,
    event_date  DATE NOT NULL,
    violator    VARCHAR,
    confidence  VARCHAR NOT NULL,
    zone        VARCHAR,
    distance_km DOUBLE,
    latitude    DOUBLE,
    longitude   DOUBLE,
    claims      VARCHAR,
    PRIMARY KEY (agreement, rule, event_id)
);
