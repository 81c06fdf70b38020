-- Embed settings: where a signer without JavaScript goes after signing, and optional Turnstile.
ALTER TABLE petitions ADD COLUMN thank_you_url TEXT;       -- https URL; NULL = the built-in thank-you page
ALTER TABLE petitions ADD COLUMN turnstile_site_key TEXT;  -- NULL = no Turnstile challenge
