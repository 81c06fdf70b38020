/** Who may frame a petition's embed pages, and so who may hear from them. */

/** CSP frame-ancestors sources: the petition's embed_origins, else the operator's default source list. */
export function frameAncestors(embedOrigins: readonly string[], fallback: string): string[] {
  return embedOrigins.length > 0 ? [...embedOrigins] : fallback.split(/\s+/).filter(Boolean);
}

const CONCRETE_ORIGIN = /^https?:\/\/[^*\s]+$/;

/**
 * The origins a page posts its events to. The parent embed.js names is enough when it may frame
 * the page: postMessage delivers only if the parent really is that origin. Without one, each
 * allowed origin is tried, and only the real parent receives.
 */
export function messageTargets(ancestors: readonly string[], declaredParent: string | undefined): string[] {
  if (declaredParent) return ancestors.includes("*") || ancestors.includes(declaredParent) ? [declaredParent] : [];
  return ancestors.filter((source) => CONCRETE_ORIGIN.test(source));
}
