import { createSwitcherClient, type components, type SwitcherClient } from "../../../src/client/index.ts";

/** The contract's schemas, as the console's types (never redeclared here). */
export type Schemas = components["schemas"];

/** The typed client (openapi-fetch over the contract), on the page's own origin, with the signed-in key. */
export function apiClient(key: string): SwitcherClient {
  return createSwitcherClient({ baseUrl: window.location.origin, key });
}
