/**
 * `npm run doctor`'s Worker: runs the configuration checks in workerd, where the Worker itself parses its
 * settings (the same WebCrypto for the keyring). scripts/doctor.mjs posts the settings and wrangler.toml.
 */
import { checkConfiguration, type Settings, type WranglerConfig } from "../src/config/checks";

export default {
  async fetch(request) {
    const { settings, wrangler } = await request.json<{ settings: Settings; wrangler: WranglerConfig }>();
    return Response.json(await checkConfiguration(settings, wrangler));
  },
} satisfies ExportedHandler;
