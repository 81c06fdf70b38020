/// <reference types="vite/client" />
/**
 * What the Deploy to Cloudflare button reads: .dev.vars.example's uncommented entries become production
 * secrets, pre-filled with their values, and package.json's "cloudflare" section describes each binding.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import devVarsExample from "../../.dev.vars.example?raw";
import packageJson from "../../package.json";
import type { WranglerConfig } from "../../src/config/checks";

const toml = env.TEST_WRANGLER_TOML as typeof env.TEST_WRANGLER_TOML & WranglerConfig;
const example = Array.from(
  devVarsExample.matchAll(/^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/gm),
  ([, comment, name, value]) => ({
    name: name ?? "",
    prompted: comment === undefined,
    value: value ?? "",
  }),
);

describe("the Deploy to Cloudflare button", () => {
  it("is asked for the required secrets only, and pre-fills none of them", () => {
    const prompted = example.filter((entry) => entry.prompted);
    expect(prompted.map((entry) => entry.name)).toEqual(["ADMIN_TOKEN", "HASH_KEY", "ENCRYPTION_KEYS"]);
    expect(prompted.filter((entry) => entry.value.trim() !== "")).toEqual([]);
    // Vars belong in wrangler.toml: an entry here would become a secret shadowing one.
    expect(example.filter((entry) => entry.name in toml.vars)).toEqual([]);
  });

  it("describes every var, secret and provisioned resource, and nothing else", () => {
    const resources = [
      ...(toml.d1_databases ?? []),
      ...(toml.kv_namespaces ?? []),
      ...(toml.queues?.producers ?? []),
    ].map((resource) => resource.binding);
    const names = [...resources, ...Object.keys(toml.vars), ...example.map((entry) => entry.name)];
    const described = packageJson.cloudflare.bindings as Record<string, { description: string }>;
    expect(Object.keys(described).sort()).toEqual([...new Set(names)].sort());
    expect(Object.values(described).filter(({ description }) => description.length < 20)).toEqual([]);
  });
});
