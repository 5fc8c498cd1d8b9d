CREATE TABLE IF NOT EXISTS mentions (
    id             VARCHAR PRIMARY KEY,
    document_id    VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    trigger        VARCHAR,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    event_type     VARCHAR,
    sub_event_type VARCHAR,
    confidence     DOUBLE
);
CREATE TABLE IF NOT EXISTS claims (
    document_id VARCHAR NOT NULL,
    mention_id  VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    value_low   DOUBLE,
    value_high  DOUBLE,
    value_text  VARCHAR,
    about       VARCHAR,
    source      VARCHAR,
    publisher   VARCHAR,
    hedge       VARCHAR,
    wording     VARCHAR,
    precision   INTEGER
);
