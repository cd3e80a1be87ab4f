import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth, so equal prompts hash equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(",")}}`;
}

/** SHA-256 (hex) of the canonical messages: lets an operator match identical prompts without storing them. */
export function promptSha256(messages: unknown): string {
  return createHash("sha256").update(canonicalJson(messages)).digest("hex");
}
