import type { AgentCall } from "./read-call.ts";

const SPACE = 0x20;

/**
 * The agent's request body with the switcher's top-level `values` set (the active `model`, and what
 * the dialect insists on), every other byte as the agent sent it. A value that fits in the bytes of
 * the agent's own is written over it, padded with spaces (JSON ignores them), so a large body is not
 * copied; a longer one is spliced in, and a key the agent did not send is added in front, each
 * costing one copy. A body that names `model` twice is re-serialised, so no provider can read the
 * agent's own choice from a duplicate key (other keys are found where they count: their last
 * occurrence, the one JSON.parse keeps).
 */
export function withValues(call: Pick<AgentCall, "raw" | "scan" | "body">, values: Readonly<Record<string, unknown>>): Buffer | string {
  const { raw, scan } = call;
  if (scan.models.length > 1) return JSON.stringify({ ...call.body, ...values });
  let front = "";
  const splices: Array<{ start: number; end: number; json: string }> = [];
  for (const [key, value] of Object.entries(values)) {
    const json = JSON.stringify(value);
    const span = key === "model" ? scan.models[0] : scan.values.get(key)?.span;
    if (!span) {
      front += `${JSON.stringify(key)}:${json},`;
      continue;
    }
    const [start, end] = span;
    const length = Buffer.byteLength(json);
    if (length > end - start) {
      splices.push({ start, end, json });
    } else {
      raw.write(json, start);
      raw.fill(SPACE, start + length, end);
    }
  }
  if (front === "" && splices.length === 0) return raw;
  const parts: Buffer[] = [];
  let at = 0;
  if (front !== "") {
    at = raw.indexOf("{") + 1;
    parts.push(Buffer.from(scan.values.size > 0 ? `{${front}` : `{${front.slice(0, -1)}`));
  }
  for (const { start, end, json } of splices.sort((a, b) => a.start - b.start)) {
    parts.push(raw.subarray(at, start), Buffer.from(json));
    at = end;
  }
  parts.push(raw.subarray(at));
  return Buffer.concat(parts);
}
