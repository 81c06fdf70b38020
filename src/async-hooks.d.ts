/**
 * The one Node.js API the Worker uses (compatibility dates from 2026-08-04 include it), declared here
 * because the Worker's types leave Node's out: what src/log.ts calls of AsyncLocalStorage.
 */
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, callback: () => R): R;
    getStore(): T | undefined;
  }
}
