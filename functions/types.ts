/** The Hono environment every route shares: the Worker's bindings, typed from `wrangler types`. */
export interface AppEnv {
  Bindings: Env;
}
