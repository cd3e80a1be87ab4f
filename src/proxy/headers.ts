import type { IncomingHttpHeaders } from "node:http";
import { scrubSecret } from "./scrub-secret.ts";

// Never forwarded to a provider: hop-by-hop headers, the caller's credentials and agent id, and
// accept-encoding (we read answers to audit their usage, so they must arrive uncompressed).
const NOT_FORWARDED = new Set([
  "authorization", "x-agent-id", "x-api-key", "api-key", "cookie", "host", "content-length", "accept-encoding",
  "connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection", "te", "trailer",
  "transfer-encoding", "upgrade", "expect",
]);

/** Header names a `Connection` header lists as hop-by-hop, beyond the usual `keep-alive` or `close`. */
function listedInConnection(connection: string | undefined): Set<string> | undefined {
  if (connection === undefined || connection === "keep-alive" || connection === "close") return undefined;
  return new Set(connection.split(",").map((h) => h.trim().toLowerCase()));
}

/** The caller's headers that may go on to a provider that speaks the caller's dialect. */
export function forwardableHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const hopByHop = listedInConnection(headers.connection);
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || NOT_FORWARDED.has(name) || hopByHop?.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * The provider's answer headers that `wanted` names (request ids, rate limits), to pass back to the
 * agent, scrubbed of the profile's key like any text the provider sends.
 */
export function pickHeaders(headers: Record<string, string | string[] | undefined>, wanted: RegExp, apiKey: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && wanted.test(name)) out[name] = scrubSecret(Array.isArray(value) ? value.join(", ") : value, apiKey);
  }
  return out;
}
