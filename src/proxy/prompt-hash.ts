import { hash } from "node:crypto";

/**
 * SHA-256 (hex) of the messages as compact JSON, as JSON.stringify writes them (keys in the order the
 * agent sent them): the same prompt hashes the same however the agent spaced its JSON, so an operator
 * can match prompts without storing them. `compactBytes`: the agent's own bytes for the messages when
 * they already are exactly that text (see body-layout.ts), which spares serialising them again.
 */
export function promptSha256(messages: unknown, compactBytes?: Buffer): string {
  return hash("sha256", compactBytes ?? JSON.stringify(messages), "hex");
}
