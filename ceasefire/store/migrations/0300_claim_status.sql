-- Claim.status: the ledger marks a figure "superseded" by a later report of the same source, or "duplicate" (syndicated copy).
ALTER TABLE claims ADD COLUMN IF NOT EXISTS status VARCHAR;
