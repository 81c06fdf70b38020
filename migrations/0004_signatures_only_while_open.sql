-- A signature is stored only while its petition takes signatures: open, and not past closes_at.
-- Isolates and KV may still hold a petition's settings from before it was closed; this check runs
-- inside the INSERT, so a stale copy can make a request try, never succeed. It fires before the
-- UNIQUE conflict is resolved, so a first and a repeat signer get the same refusal.
CREATE TRIGGER signatures_only_while_open
BEFORE INSERT ON signatures
WHEN NOT EXISTS (
  SELECT 1 FROM petitions
  WHERE id = NEW.petition_id
    AND status = 'open'
    AND (closes_at IS NULL OR closes_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
BEGIN
  SELECT RAISE(ABORT, 'petition-closed');
END;
