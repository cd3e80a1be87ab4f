import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../generated/switcher.ts";

export type SwitcherClient = Client<paths>;

export interface SwitcherClientOptions {
  /** Where the switcher listens, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** The admin key for /admin/* calls, or the agent key for /api/* calls. */
  key?: string;
  fetch?: typeof globalThis.fetch;
}

/** A typed client for the switcher's API: every call returns `{ data, error, response }` typed per status. */
export function createSwitcherClient({ baseUrl, key, fetch }: SwitcherClientOptions): SwitcherClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ""), ...(fetch ? { fetch } : {}) });
  if (key) {
    client.use({
      onRequest({ request }) {
        request.headers.set("authorization", `Bearer ${key}`);
        return request;
      },
    });
  }
  return client;
}

export type { components, operations, paths } from "../../generated/switcher.ts";
