/** Types of scripts/local-cf.mjs, for the browser suite's local Worker. */
export function localCfEnv(path: string, country?: string): { CLOUDFLARE_CF_FETCH_PATH: string };
