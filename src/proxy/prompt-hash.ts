import { hash } from "node:crypto";

/**
 * SHA-256 (hex) of the messages as compact JSON (keys in the order the agent sent them): the same
 * prompt hashes the same however the agent spaced its JSON, so an operator can match prompts without
 * storing them.
 */
export function promptSha256(messages: unknown): string {
  return hash("sha256", JSON.stringify(messages), "hex");
}
