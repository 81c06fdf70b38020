-- Personal data encrypted at rest: signatures.email, name and postcode hold AES-GCM ciphertexts
-- (src/signing/personal-data.ts) under the key named by key_id. NULL: stored in plain text before
-- this migration (or anonymised); rotation seals such rows like those under a retired key.
ALTER TABLE signatures ADD COLUMN key_id TEXT;

-- Key rotation's progress per table (signatures, and pending_signatures from 0010): which key it moves
-- rows to, and the id it has reached. One bounded batch at a time walks each table by id (the primary
-- key), so no index is added to the signing write.
CREATE TABLE key_rotation (
  table_name TEXT    PRIMARY KEY,
  key_id     TEXT    NOT NULL,
  after_id   INTEGER NOT NULL
) WITHOUT ROWID;
