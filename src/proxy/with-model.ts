import type { Span } from "./body-layout.ts";

/**
 * The agent's request body with `model` set, every other byte as the agent sent it. Splicing the raw
 * text costs a copy; re-serialising a large body (a 50 KB system prompt) costs far more. `modelValues`
 * are the spans of the body's top-level `model` values (undefined: unknown). A body without `model`
 * gets one in front; a body that names `model` twice, or one the scan could not follow, is
 * re-serialised, so no provider can read the agent's own choice from a duplicate key.
 */
export function withModel(raw: Buffer, modelValues: Span[] | undefined, body: object, model: string): Buffer | string {
  const modelJson = Buffer.from(JSON.stringify(model));
  if (modelValues?.length === 1) {
    const [start, end] = modelValues[0]!;
    return Buffer.concat([raw.subarray(0, start), modelJson, raw.subarray(end)]);
  }
  if (modelValues?.length === 0) {
    const open = raw.indexOf("{");
    const hasKeys = Object.keys(body).length > 0;
    return Buffer.concat([Buffer.from('{"model":'), modelJson, Buffer.from(hasKeys ? "," : ""), raw.subarray(open + 1)]);
  }
  return JSON.stringify({ ...body, model });
}
