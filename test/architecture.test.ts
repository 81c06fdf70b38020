/// <reference types="vite/client" />
/**
 * The layout STYLE.md asks for, checked: routes do not import routes or read secrets; src/ imports only downward;
 * D1 and KV are reached through src/store only.
 */
import { describe, expect, it } from "vitest";

const edge = import.meta.glob<string>("../functions/**/*.ts", { query: "?raw", import: "default", eager: true });
const core = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });

const importsOf = (source: string) => Array.from(source.matchAll(/from "([^"]+)"/g), (match) => match[1]!);
/** The files a module's relative imports name, as keys of `edge` and `core`. */
function relativeImports(path: string, source: string): string[] {
  return importsOf(source)
    .filter((target) => target.startsWith("."))
    .map((target) => {
      const parts = path.split("/").slice(0, -1);
      for (const part of target.split("/")) {
        if (part === "..") parts.pop();
        else if (part !== ".") parts.push(part);
      }
      return `${parts.join("/")}.ts`;
    });
}

describe("architecture", () => {
  it("no route module imports another: shared pieces live in functions/http/ or src/", () => {
    // functions/http/ is what routes share (createRouter included); app.ts mounts them all.
    const shared = (path: string) => path === "../functions/app.ts" || path.startsWith("../functions/http/");
    const isRoute = (path: string) => !shared(path) && /createRouter\(\)|new Hono</.test(edge[path] ?? "");
    const routes = Object.entries(edge).filter(([path]) => isRoute(path));
    expect(routes.length).toBeGreaterThan(10);
    // A feature's folder (console/) composes its own routers; top-level modules and other folders are others.
    const folderOf = (path: string) => path.replace(/\/[^/]+$/, "");
    const crossings = routes.flatMap(([path, source]) =>
      relativeImports(path, source)
        .filter((target) => isRoute(target))
        .filter((target) => folderOf(target) !== folderOf(path) || folderOf(path) === "../functions")
        .map((target) => `${path} imports ${target}`),
    );
    expect(crossings).toEqual([]);
  });

  it("no route module reads a secret: functions/config.ts is their one reader", () => {
    const secret =
      /env\.(HASH_KEY|ENCRYPTION_KEYS|ADMIN_TOKEN|WEBHOOK_SECRET|TURNSTILE_SECRET_KEY|EMAIL_API_KEY|UPSTASH_REDIS_REST_TOKEN)\b/;
    const readers = Object.entries({ ...edge, ...core })
      .filter(([path, source]) => path !== "../functions/config.ts" && secret.test(source))
      .map(([path]) => path);
    expect(readers).toEqual([]);
  });

  it("no import in src/ runs upward: each folder imports only the layers below it", () => {
    const below: Record<string, string[]> = {
      crypto: [],
      markup: [],
      i18n: [],
      store: ["crypto"],
      ratelimit: [],
      partners: ["crypto", "store"],
      email: ["store"],
      signing: ["crypto", "markup", "i18n", "store", "ratelimit", "email"],
      tally: ["store"],
      privacy: ["crypto", "markup", "store", "signing"],
      webhooks: ["crypto", "store", "osdi"],
      osdi: ["crypto", "store"],
      charts: ["markup", "i18n", "tally"],
      embed: ["markup", "i18n", "signing"],
      operations: ["store", "signing", "privacy", "webhooks", "config"],
      console: ["markup", "i18n", "store", "tally", "charts", "embed", "privacy", "operations"],
      config: ["crypto", "email", "signing"],
    };
    // "": a root file (src/*.ts), which every folder may import and which imports only root files.
    const folder = (path: string) => path.match(/^\.\.\/src\/([^/]+)\//)?.[1] ?? "";
    expect(Object.keys(core).filter((path) => !(folder(path) in below) && folder(path) !== "")).toEqual([]);
    const upward = Object.entries(core).flatMap(([path, source]) => {
      const from = folder(path);
      const allowed = new Set(["", from, ...(below[from] ?? [])]);
      return relativeImports(path, source)
        .filter((target) => !allowed.has(folder(target)))
        .map((target) => `${path} imports ${target}`);
    });
    expect(upward).toEqual([]);
  });

  it("every D1 statement and KV key is in src/store", () => {
    const outside = Object.entries({ ...edge, ...core }).filter(([path]) => !path.startsWith("../src/store/"));
    expect(outside.length).toBeGreaterThan(20);
    const offenders = outside
      .filter(([, source]) => /\.prepare\(|kvKeys|\b(kv|KV)\.(get|put|delete|list)\(/.test(source))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
