/** An error's message for a log line: its text only, never the values it was thrown about. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
