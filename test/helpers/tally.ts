/** Tally test helpers: run the cron as Cloudflare would, and recount from the source of truth. */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../functions";
import { SCHEDULES } from "../../functions/cron";
import { SLICES_KEPT_DAYS } from "../../src/store/tally-tables";

export async function runCron(
  cron: string = SCHEDULES.tally,
  overrides: Partial<Env> = {},
  scheduledTime = Date.now(),
): Promise<void> {
  await worker.scheduled(createScheduledController({ cron, scheduledTime }), { ...env, ...overrides });
}

async function rows<T>(sql: string): Promise<T[]> {
  return (await env.DB.prepare(sql).all<T>()).results;
}

/** Every tally table equals a recount of the signatures table, and the watermark covers them all. */
export async function expectTallyExact(): Promise<void> {
  const sorted = <T>(list: T[]) => list.map((r) => JSON.stringify(r)).sort();
  expect(sorted(await rows(`SELECT petition_id, count FROM petition_tallies WHERE count != 0`))).toEqual(
    sorted(await rows(`SELECT petition_id, count(*) AS count FROM signatures GROUP BY petition_id`)),
  );
  expect(
    sorted(await rows(`SELECT petition_id, country, count FROM petition_country_tallies WHERE count != 0`)),
  ).toEqual(
    sorted(await rows(`SELECT petition_id, country, count(*) AS count FROM signatures GROUP BY petition_id, country`)),
  );
  expect(sorted(await rows(`SELECT country, count FROM country_tallies WHERE count != 0`))).toEqual(
    sorted(await rows(`SELECT country, count(*) AS count FROM signatures GROUP BY country`)),
  );
  expect(sorted(await rows(`SELECT petition_id, hour, count FROM petition_hourly WHERE count != 0`))).toEqual(
    sorted(
      await rows(
        `SELECT petition_id, (created_at / 3600000) * 3600 AS hour, count(*) AS count FROM signatures GROUP BY 1, 2`,
      ),
    ),
  );
  expect(
    sorted(await rows(`SELECT petition_id, api_key_id, source, count FROM petition_source_tallies WHERE count != 0`)),
  ).toEqual(
    sorted(
      await rows(
        `SELECT petition_id, coalesce(api_key_id, '') AS api_key_id, coalesce(source, '') AS source, count(*) AS count
         FROM signatures GROUP BY 1, 2, 3`,
      ),
    ),
  );
  expect(
    sorted(await rows(`SELECT petition_id, locale, count FROM petition_language_tallies WHERE count != 0`)),
  ).toEqual(
    sorted(
      await rows(`SELECT petition_id, coalesce(locale, '') AS locale, count(*) AS count FROM signatures GROUP BY 1, 2`),
    ),
  );
  expect(
    sorted(await rows(`SELECT petition_id, day, channel, count FROM petition_channel_daily WHERE count != 0`)),
  ).toEqual(
    sorted(
      await rows(
        `SELECT petition_id, (created_at / 86400000) * 86400 AS day, coalesce(channel, '') AS channel, count(*) AS count
         FROM signatures GROUP BY 1, 2, 3`,
      ),
    ),
  );
  expect(
    sorted(await rows(`SELECT petition_id, day, referral_code, count FROM petition_referral_daily WHERE count != 0`)),
  ).toEqual(
    sorted(
      await rows(
        `SELECT petition_id, (created_at / 86400000) * 86400 AS day, coalesce(referral_code, '') AS referral_code, count(*) AS count
         FROM signatures GROUP BY 1, 2, 3`,
      ),
    ),
  );
  await expectSlicesExact();
}

/** The slices' hours still kept (the nightly purge forgets older ones): unix seconds. */
const keptSince = () => Math.floor(Date.now() / 1000) - SLICES_KEPT_DAYS * 86_400 + 3600;

/** The fraud-wave slices equal a recount of the signatures, over the hours they are kept. */
export async function expectSlicesExact(): Promise<void> {
  const sorted = <T>(list: T[]) => list.map((r) => JSON.stringify(r)).sort();
  const since = keptSince();
  const recount = (dimension: string, value: string, counted: string) =>
    `SELECT petition_id, '${dimension}' AS dimension, ${value} AS value, (created_at / 3600000) * 3600 AS hour, count(*) AS count
     FROM signatures WHERE ${counted} AND created_at >= ${since} * 1000 GROUP BY 1, 2, 3, 4`;
  expect(
    sorted(
      await rows(
        `SELECT petition_id, dimension, value, hour, count FROM petition_hour_slices WHERE count != 0 AND hour >= ${since}`,
      ),
    ),
  ).toEqual(
    sorted(
      await rows(
        [
          recount("network", "network_hash", "api_key_id IS NULL AND network_hash != ''"),
          recount("email_domain", "email_domain_hash", "email_domain_hash IS NOT NULL"),
          recount("source", "source", "source IS NOT NULL AND source != ''"),
        ].join(" UNION ALL "),
      ),
    ),
  );
}

export async function storedCount(slug: string): Promise<number> {
  return (await env.DB.prepare(
    `SELECT count(*) AS n FROM signatures s JOIN petitions p ON p.id = s.petition_id WHERE p.slug = ?`,
  )
    .bind(slug)
    .first<number>("n"))!;
}
