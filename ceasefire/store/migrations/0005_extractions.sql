-- Which documents the NLP/geo stages have processed, and by which pipeline version.
CREATE TABLE IF NOT EXISTS extractions (
    document_id VARCHAR PRIMARY KEY,
    pipeline    VARCHAR NOT NULL,
    mentions    INTEGER NOT NULL,
    claims      INTEGER NOT NULL,
    toponyms    INTEGER NOT NULL,
    extracted_at TIMESTAMP DEFAULT current_timestamp
);
