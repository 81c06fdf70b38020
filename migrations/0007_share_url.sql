-- The campaign site's page for a petition (https): share links lead there instead of /p/SLUG when set.
ALTER TABLE petitions ADD COLUMN share_url TEXT;  -- NULL = the petition page
