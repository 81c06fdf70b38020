/** The Worker: HTTP through the Hono app; cron and queue handlers join as their features land. */
import { app } from "./app";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
