// wrangler dev fetches a Request.cf object from workers.cloudflare.com. Offline that fails (EAI_AGAIN,
// printed as a warning with a stack) and it falls back to a placeholder located in the United States,
// which every sign form would then pre-select. A local object instead: no fetch, no warning, no country
// unless one is asked for.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Writes the cf object to `path` (every start: miniflare refetches one older than 30 days) and returns
 * the environment that makes wrangler dev use it.
 * @param {string} path
 * @param {string} [country] ISO 3166-1 alpha-2, as request.cf.country would carry it
 * @returns {{ CLOUDFLARE_CF_FETCH_PATH: string }}
 */
export function localCfEnv(path, country) {
  mkdirSync(dirname(path), { recursive: true });
  const cf = { colo: "LOCAL", httpProtocol: "HTTP/1.1", ...(country && { country: country.toUpperCase() }) };
  writeFileSync(path, JSON.stringify(cf));
  return { CLOUDFLARE_CF_FETCH_PATH: path };
}
