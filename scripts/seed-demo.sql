-- The demo petition `npm start` seeds into the local database (idempotent).
INSERT INTO petitions (slug, title, summary, body, goal, status, locales, embed_origins, fields, consent_text, created_at, updated_at)
VALUES (
  'demo',
  'Love is not a crime',
  'Ask every government to repeal laws that criminalise who people love.',
  'In dozens of countries, loving someone of the same sex can mean prison. Add your name to call for repeal.',
  100000,
  'open',
  '["en","es","fr","pt","de","ar"]',
  '["http://localhost:8788","http://127.0.0.1:8788"]',
  '{"name":"required","postcode":"optional"}',
  'Yes, keep me updated about this campaign.',
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
)
ON CONFLICT (slug) DO NOTHING;
