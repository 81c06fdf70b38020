/** The Worker: HTTP through the Hono app, cron triggers through the scheduled handler. */
import { app } from "./app";
import { scheduled } from "./cron";

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
