// Writes the OpenAPI document as the built Worker (dist/index.js, from `npm run build`) serves it, to dist/openapi.json.
import { access, writeFile } from "node:fs/promises";

const BUNDLE = new URL("../dist/index.js", import.meta.url);
const OUTPUT = new URL("../dist/openapi.json", import.meta.url);

await access(BUNDLE).catch(() => {
  throw new Error("dist/index.js is missing: run `npm run build` first");
});
// The bundle needs no bindings to answer /openapi.json; a URL (not a literal path) keeps tsc out of the bundle.
const worker = await import(BUNDLE.href);
const response = await worker.default.fetch(new Request("http://localhost/openapi.json"), {}, {});
if (!response.ok) throw new Error(`the Worker answered ${response.status} for /openapi.json`);
await writeFile(OUTPUT, `${JSON.stringify(await response.json(), null, 2)}\n`);
console.log(`wrote ${OUTPUT.pathname}`);
