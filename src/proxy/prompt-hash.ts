import { createHash, hash } from "node:crypto";
import type { Span } from "./body-layout.ts";

/**
 * SHA-256 (hex) of the prompt as compact JSON, as JSON.stringify writes it (keys in the order the agent
 * sent them): the same prompt hashes the same however the agent spaced its JSON, so an operator can
 * match prompts without storing them. With one prompt key, the hash is of JSON.stringify(its value);
 * with several, of JSON.stringify([value or null, ...]). `compact`: the agent's own bytes for each value
 * when they already are exactly that text (see body-layout.ts), which spares serialising them again.
 */
export function promptSha256(body: Record<string, unknown>, keys: readonly string[], raw: Buffer, compact?: Array<Span | null>): string {
  if (keys.length === 1) {
    const span = compact?.[0];
    return hash("sha256", span ? raw.subarray(span[0], span[1]) : JSON.stringify(body[keys[0]!] ?? null), "hex");
  }
  if (!compact) return hash("sha256", JSON.stringify(keys.map((key) => body[key] ?? null)), "hex");
  const sha = createHash("sha256").update("[");
  compact.forEach((span, i) => {
    if (i > 0) sha.update(",");
    sha.update(span ? raw.subarray(span[0], span[1]) : "null");
  });
  return sha.update("]").digest("hex");
}
