-- Petitions in many languages (issue 16): the language of a petition's own texts, its share text, and
-- its texts in other languages ({"es": {"title": …}, …}; a field left out falls back to the default).
ALTER TABLE petitions ADD COLUMN share_text TEXT;
ALTER TABLE petitions ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE petitions ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
-- A petition that listed its languages wrote its texts in the first of them.
UPDATE petitions SET language = json_extract(locales, '$[0]') WHERE json_array_length(locales) > 0;

-- Share tracking: the referral code of the shared link a signature arrived through (random, minted
-- for that share, never derived from who shared it) and the channel it was shared on.
ALTER TABLE signatures ADD COLUMN referral_code TEXT;
ALTER TABLE signatures ADD COLUMN channel TEXT;
ALTER TABLE pending_signatures ADD COLUMN referral_code TEXT;
ALTER TABLE pending_signatures ADD COLUMN channel TEXT;

-- Three more tallies, kept by the minute's cron like the others (src/store/tally-tables.ts); '' where a
-- signature has none (key columns are never NULL). day: unix seconds of the UTC day's start.
CREATE TABLE petition_language_tallies (
  petition_id INTEGER NOT NULL REFERENCES petitions (id),
  locale      TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, locale)
) WITHOUT ROWID;
CREATE TABLE recount_petition_language_tallies (
  petition_id INTEGER NOT NULL,
  locale      TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, locale)
) WITHOUT ROWID;

CREATE TABLE petition_channel_daily (
  petition_id INTEGER NOT NULL REFERENCES petitions (id),
  day         INTEGER NOT NULL,
  channel     TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, day, channel)
) WITHOUT ROWID;
CREATE TABLE recount_petition_channel_daily (
  petition_id INTEGER NOT NULL,
  day         INTEGER NOT NULL,
  channel     TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (petition_id, day, channel)
) WITHOUT ROWID;

-- One row per share that brought signatures that day: how many shares worked, and how well.
CREATE TABLE petition_referral_daily (
  petition_id   INTEGER NOT NULL REFERENCES petitions (id),
  day           INTEGER NOT NULL,
  referral_code TEXT    NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (petition_id, day, referral_code)
) WITHOUT ROWID;
CREATE TABLE recount_petition_referral_daily (
  petition_id   INTEGER NOT NULL,
  day           INTEGER NOT NULL,
  referral_code TEXT    NOT NULL,
  count         INTEGER NOT NULL,
  PRIMARY KEY (petition_id, day, referral_code)
) WITHOUT ROWID;

-- What the tally and a recount under way have already counted, so all stay exact from here on.
INSERT INTO petition_language_tallies (petition_id, locale, count)
SELECT petition_id, coalesce(locale, ''), count(*) FROM signatures
WHERE id <= (SELECT last_id FROM tally_watermark WHERE id = 1)
GROUP BY 1, 2;
INSERT INTO recount_petition_language_tallies (petition_id, locale, count)
SELECT petition_id, coalesce(locale, ''), count(*) FROM signatures
WHERE id <= (SELECT cursor FROM recount WHERE id = 1 AND state = 'counting')
GROUP BY 1, 2;
INSERT INTO petition_channel_daily (petition_id, day, channel, count)
SELECT petition_id, (created_at / 86400000) * 86400, '', count(*) FROM signatures
WHERE id <= (SELECT last_id FROM tally_watermark WHERE id = 1)
GROUP BY 1, 2;
INSERT INTO recount_petition_channel_daily (petition_id, day, channel, count)
SELECT petition_id, (created_at / 86400000) * 86400, '', count(*) FROM signatures
WHERE id <= (SELECT cursor FROM recount WHERE id = 1 AND state = 'counting')
GROUP BY 1, 2;
INSERT INTO petition_referral_daily (petition_id, day, referral_code, count)
SELECT petition_id, (created_at / 86400000) * 86400, '', count(*) FROM signatures
WHERE id <= (SELECT last_id FROM tally_watermark WHERE id = 1)
GROUP BY 1, 2;
INSERT INTO recount_petition_referral_daily (petition_id, day, referral_code, count)
SELECT petition_id, (created_at / 86400000) * 86400, '', count(*) FROM signatures
WHERE id <= (SELECT cursor FROM recount WHERE id = 1 AND state = 'counting')
GROUP BY 1, 2;
