-- Petitions in many languages (issue 16): the language of a petition's own texts, its share text, and
-- its texts in other languages ({"es": {"title": …}, …}; a field left out falls back to the default).
ALTER TABLE petitions ADD COLUMN share_text TEXT;
ALTER TABLE petitions ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE petitions ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
-- A petition that listed its languages wrote its texts in the first of them.
UPDATE petitions SET language = json_extract(locales, '$[0]') WHERE json_array_length(locales) > 0;
