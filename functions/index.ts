/** The Worker: HTTP through the Hono app, cron triggers through the scheduled handler, queued signatures through the consumer. */

import { withOwnRequestId } from "../src/log";
import type { SignatureMessage } from "../src/signing/queue-sender";
import { app } from "./app";
import { scheduled } from "./cron";
import { queue } from "./queue";

export default {
  fetch: app.fetch,
  scheduled: withOwnRequestId(scheduled),
  queue: withOwnRequestId(queue),
} satisfies ExportedHandler<Env, SignatureMessage>;
