import { describe, expect, it } from "vitest";
import { usageFromStreamTail } from "../../../src/providers/openai/stream-usage.ts";

describe("usageFromStreamTail", () => {
  it("reads the usage chunk before [DONE]", () => {
    const tail = 'ial"}}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\ndata: [DONE]\n\n';
    expect(usageFromStreamTail(tail)).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
  });

  it.each([
    ["no usage", 'data: {"choices":[{"delta":{}}]}\n\ndata: [DONE]\n\n'],
    ["a null usage", 'data: {"choices":[],"usage":null}\n\ndata: [DONE]\n\n'],
    ["a cut event", 'data: {"usage":{"prompt_tok'],
  ])("is undefined for %s", (_name, tail) => {
    expect(usageFromStreamTail(tail)).toBeUndefined();
  });
});
