import { hash } from "node:crypto";

/**
 * SHA-256 (hex) of the messages as compact JSON (keys in the order the agent sent them): the same
 * prompt from the same agent hashes the same, so an operator can match prompts without storing them.
 */
export function promptSha256(messagesJson: string): string {
  return hash("sha256", messagesJson, "hex");
}
