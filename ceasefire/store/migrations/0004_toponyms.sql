-- Place names found in documents and what they resolved to (the place fields are copied: provenance survives gazetteer rebuilds).
CREATE TABLE IF NOT EXISTS toponyms (
    document_id     VARCHAR NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    text            VARCHAR NOT NULL,
    geo_precision   INTEGER,
    relation        VARCHAR,
    place           VARCHAR  -- JSON of the resolved Place, NULL when unresolved
);
