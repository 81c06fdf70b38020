// The .dev.vars `npm start` writes on first run: .dev.vars.example with fresh random values for the required
// secrets, then the local-only settings that file must not hold, since the Deploy to Cloudflare button
// pre-fills production secrets from it: a webhook signing key, confirmation emails kept in a local outbox
// (listed at /dev/outbox) and confirmation links to the local Worker.
import { randomBytes } from "node:crypto";

/** @param {number} bytes */
const random = (bytes) => randomBytes(bytes).toString("base64url");

/**
 * @param {string} example  .dev.vars.example's text
 * @param {string} baseUrl  where the local Worker answers, e.g. http://localhost:8787
 */
export function localDevVars(example, baseUrl) {
  /** @type {Record<string, string>} */
  const secrets = {
    ADMIN_TOKEN: random(18),
    HASH_KEY: random(32),
    ENCRYPTION_KEYS: `local1:${random(32)}`,
  };
  const required = example.replace(/^(\w+)=$/gm, (line, name) => (name in secrets ? `${name}=${secrets[name]}` : line));
  return `${required.trimEnd()}

# Local only (npm start): report webhooks' signing key, confirmation emails in the local outbox at
# ${baseUrl}/dev/outbox, confirmation links to this Worker.
WEBHOOK_SECRET=${random(32)}
EMAIL_TRANSPORT=dev-outbox
PUBLIC_BASE_URL=${baseUrl}
`;
}
