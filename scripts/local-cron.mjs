// The cron triggers of wrangler.toml, run on their schedule while `npm start` runs: `wrangler dev`
// serves /__scheduled (with --test-scheduled) but never fires the triggers itself, so without this
// counts would not move locally. Only the forms wrangler.toml uses are understood: `*` or a number per field.

/**
 * Whether a five-field cron expression (minute hour day-of-month month day-of-week) is due at `date`'s UTC minute.
 * @param {string} expression
 * @param {Date} date
 */
export function cronIsDue(expression, date) {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`Not a five-field cron expression: "${expression}"`);
  const now = [date.getUTCMinutes(), date.getUTCHours(), date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCDay()];
  return fields.every((field, i) => {
    if (field === "*") return true;
    if (!/^\d+$/.test(field)) throw new Error(`Unsupported cron field "${field}" in "${expression}"`);
    return Number(field) === now[i];
  });
}

/**
 * Fires each due trigger at the start of every UTC minute through `fire(cron)`; returns a stop function.
 * @param {string[]} crons
 * @param {(cron: string) => Promise<void>} fire
 */
export function runCronsLocally(crons, fire) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const tick = () => {
    const now = new Date();
    for (const cron of crons.filter((c) => cronIsDue(c, now))) fire(cron).catch(() => {});
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
  };
  timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
  return () => clearTimeout(timer);
}
