/// <reference types="vite/client" />
/** The layout STYLE.md asks for, checked: routes do not import routes; D1 and KV are reached through src/store only. */
import { describe, expect, it } from "vitest";

const edge = import.meta.glob<string>("../functions/**/*.ts", { query: "?raw", import: "default", eager: true });
const core = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });

const importsOf = (source: string) => Array.from(source.matchAll(/from "([^"]+)"/g), (match) => match[1]!);
const moduleName = (path: string) => path.replace(/^.*\//, "").replace(/\.ts$/, "");

describe("architecture", () => {
  it("no route module imports another: shared pieces live in functions/http/ or src/", () => {
    const routes = Object.entries(edge).filter(
      ([path, source]) => /^\.\.\/functions\/[^/]+\.ts$/.test(path) && source.includes("createRouter()"),
    );
    expect(routes.length).toBeGreaterThan(4);
    const routeNames = new Set(routes.map(([path]) => moduleName(path)));
    const crossings = routes.flatMap(([path, source]) =>
      importsOf(source)
        .filter((target) => target.startsWith("./") && routeNames.has(moduleName(target)))
        .map((target) => `${path} imports ${target}`),
    );
    expect(crossings).toEqual([]);
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
