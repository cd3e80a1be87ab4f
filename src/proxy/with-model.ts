import type { AgentCall } from "./read-call.ts";

const SPACE = 0x20;

/**
 * The agent's request body with `model` set, every other byte as the agent sent it. A model name that
 * fits in the bytes of the agent's own value is written over it, padded with spaces (JSON ignores
 * them), so a large body is not copied; a longer one costs a copy. A body without `model` gets one in
 * front. A body that names `model` twice is re-serialised, so no provider can read the agent's own
 * choice from a duplicate key.
 */
export function withModel(call: Pick<AgentCall, "raw" | "scan" | "body">, model: string): Buffer | string {
  const { raw, scan } = call;
  const modelJson = JSON.stringify(model);
  if (scan.models.length === 1) {
    const [start, end] = scan.models[0]!;
    const length = Buffer.byteLength(modelJson);
    if (length <= end - start) {
      raw.write(modelJson, start);
      raw.fill(SPACE, start + length, end);
      return raw;
    }
    return Buffer.concat([raw.subarray(0, start), Buffer.from(modelJson), raw.subarray(end)]);
  }
  if (scan.models.length === 0) {
    const open = raw.indexOf("{");
    return Buffer.concat([Buffer.from(`{"model":${modelJson}${scan.values.size > 0 ? "," : ""}`), raw.subarray(open + 1)]);
  }
  return JSON.stringify({ ...call.body, model });
}
