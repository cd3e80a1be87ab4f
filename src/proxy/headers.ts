import type { IncomingHttpHeaders } from "node:http";

// Never forwarded to a provider: hop-by-hop headers, the caller's credentials and agent id, and
// accept-encoding (we read answers to audit their usage, so they must arrive uncompressed).
const NOT_FORWARDED = new Set([
  "authorization", "x-agent-id", "x-api-key", "api-key", "cookie", "host", "content-length", "accept-encoding",
  "connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection", "te", "trailer",
  "transfer-encoding", "upgrade", "expect",
]);

/** The caller's headers that may go on to a provider that speaks the caller's dialect. */
export function forwardableHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const listedInConnection = new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase()),
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name) || listedInConnection.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** The provider's answer headers that `wanted` names (request ids, rate limits), to pass back to the agent. */
export function pickHeaders(headers: Record<string, string | string[] | undefined>, wanted: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && wanted.test(name)) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
