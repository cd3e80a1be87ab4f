import { createHash, hash } from "node:crypto";
import type { BodyScan } from "./body-scan.ts";

/** One prompt value as JSON.stringify writes it: the agent's own bytes when they already are that text. */
function compactJson(raw: Buffer, scan: BodyScan, key: string): Buffer | string {
  const value = scan.values.get(key);
  if (!value) return "null";
  const bytes = raw.subarray(value.span[0], value.span[1]);
  if (value.compact) return bytes;
  try {
    return JSON.stringify(JSON.parse(bytes.toString("utf8")));
  } catch {
    return bytes; // not JSON after all (the provider refuses the body): its bytes as they are
  }
}

/**
 * SHA-256 (hex) of the prompt as compact JSON, as JSON.stringify writes it (keys in the order the agent
 * sent them): the same prompt hashes the same however the agent spaced its JSON, so an operator can
 * match prompts without storing them. With one prompt key, the hash is of JSON.stringify(its value);
 * with several, of JSON.stringify([value or null, ...]). Only values whose bytes are not already that
 * text (spaced, numbers, unusual escapes) are parsed and written again.
 */
export function promptSha256(raw: Buffer, scan: BodyScan, keys: readonly string[]): string {
  if (keys.length === 1) return hash("sha256", compactJson(raw, scan, keys[0]!), "hex");
  const sha = createHash("sha256").update("[");
  keys.forEach((key, i) => {
    if (i > 0) sha.update(",");
    sha.update(compactJson(raw, scan, key));
  });
  return sha.update("]").digest("hex");
}
