-- Documents keyed by the SHA-256 of their normalised text: re-ingesting is a no-op.
CREATE TABLE IF NOT EXISTS documents (
    id                 VARCHAR PRIMARY KEY,
    text               VARCHAR NOT NULL,
    title              VARCHAR,
    url                VARCHAR,
    publisher          VARCHAR,
    byline             VARCHAR,
    original_source    VARCHAR,
    original_published DATE,
    published          DATE,
    language           VARCHAR,
    source_path        VARCHAR,
    tags               VARCHAR[],
    raw_sha256         VARCHAR,
    syndication_group  VARCHAR,
    minhash            BLOB,
    ingested_at        TIMESTAMP DEFAULT current_timestamp
);
-- The raw bytes, stored once per distinct input.
CREATE TABLE IF NOT EXISTS raw_inputs (
    sha256  VARCHAR PRIMARY KEY,
    content BLOB NOT NULL
);
