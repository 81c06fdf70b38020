/**
 * Cloudflare Turnstile, optional per petition: a petition with a site key takes a signature only
 * with a token that siteverify accepts, checked before anything is stored. The organisation's own
 * site key (TURNSTILE_SITE_KEY) is the challenge offered to networks over their limits (challenge.ts).
 */
import { errorMessage } from "../error-message";
import { log } from "../log";
import { problems } from "../problems";
import type { Petition } from "../schemas";

/** The form field Turnstile's widget fills in; the API takes the token under the same name. */
export const TURNSTILE_FIELD = "cf-turnstile-response";

export interface TurnstileConfig {
  /** The TURNSTILE_SECRET_KEY secret. */
  secret: string | undefined;
  /** Cloudflare's siteverify endpoint (TURNSTILE_VERIFY_URL), or a test's local fake. */
  verifyUrl: string;
}

/** A signer is not kept waiting longer than this on siteverify. */
const VERIFY_TIMEOUT_MS = 5000;

/** Whether siteverify accepts the token. When siteverify cannot answer, 503: the caller fails closed. */
async function siteverify(token: string, secret: string, verifyUrl: string): Promise<boolean> {
  try {
    const response = await fetch(verifyUrl, {
      method: "POST",
      body: new URLSearchParams({ secret, response: token }),
      signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`siteverify answered ${response.status}`);
    const outcome = await response.json<{ success?: unknown }>();
    return outcome.success === true;
  } catch (error) {
    log.error("turnstile-unavailable", { error: errorMessage(error) });
    throw problems.verificationUnavailable();
  }
}

/**
 * Throws the 422 naming the token's field unless siteverify accepts `token` (a 503 when siteverify
 * cannot answer). Tokens are single-use: each is asked about once.
 */
export async function requireAcceptedToken(
  token: string | undefined,
  config: TurnstileConfig & { secret: string },
): Promise<void> {
  if (!token)
    throw problems.validation([{ path: TURNSTILE_FIELD, message: "Required: complete the Turnstile challenge" }]);
  if (!(await siteverify(token, config.secret, config.verifyUrl))) {
    throw problems.validation([
      { path: TURNSTILE_FIELD, message: "Turnstile did not accept this token; complete the challenge again" },
    ]);
  }
}

/** Throws a ProblemError unless the petition needs no challenge or the token passes it. */
export async function requireTurnstilePass(
  petition: Pick<Petition, "turnstile_site_key">,
  token: string | undefined,
  config: TurnstileConfig,
): Promise<void> {
  if (!petition.turnstile_site_key) return;
  // Fail closed: a petition that asks for Turnstile must never take unchecked signatures.
  const { secret } = config;
  if (!secret) throw problems.notConfigured("This petition uses Turnstile: set the TURNSTILE_SECRET_KEY secret.");
  await requireAcceptedToken(token, { ...config, secret });
}
