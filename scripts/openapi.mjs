// Writes dist/openapi.json: the OpenAPI document as the Worker serves it, run locally in workerd by wrangler.
import { mkdir, writeFile } from "node:fs/promises";
import { unstable_startWorker } from "wrangler";

const OUTPUT = new URL("../dist/openapi.json", import.meta.url);

const worker = await unstable_startWorker({
  config: "wrangler.toml",
  dev: { server: { port: 0 }, inspector: false, watch: false, logLevel: "error" },
});
try {
  const response = await worker.fetch("http://localhost/openapi.json");
  if (!response.ok) throw new Error(`the Worker answered ${response.status} for /openapi.json`);
  await mkdir(new URL(".", OUTPUT), { recursive: true });
  await writeFile(OUTPUT, `${JSON.stringify(await response.json(), null, 2)}\n`);
  console.log(`wrote ${OUTPUT.pathname}`);
} finally {
  await worker.dispose();
}
