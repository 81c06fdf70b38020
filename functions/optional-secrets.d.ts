/**
 * The optional secrets. .dev.vars.example lists them commented out, so that the Deploy to Cloudflare button
 * asks only for the required ones; `wrangler types` (npm run cf-typegen) therefore does not see them, and
 * they are declared here, unset being their normal state.
 */
interface OptionalSecrets {
  EMAIL_API_KEY?: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  WEBHOOK_SECRET?: string;
  TURNSTILE_SECRET_KEY?: string;
}
interface Env extends OptionalSecrets {}
declare namespace Cloudflare {
  interface Env extends OptionalSecrets {}
}
