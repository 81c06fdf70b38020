/** Types of scripts/local-cron.mjs, for the workerd test that imports it. */
export function cronIsDue(expression: string, date: Date): boolean;
export function runCronsLocally(crons: string[], fire: (cron: string) => Promise<void>): () => void;
