import { describe, expect, it } from "vitest";
import { usageFromStreamTail } from "../../../src/providers/openai/stream-usage.ts";

describe("usageFromStreamTail", () => {
  it("reads the usage chunk before [DONE]", () => {
    const tail = 'ial"}}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\ndata: [DONE]\n\n';
    expect(usageFromStreamTail(tail)).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
  });

  it("takes the last usage, not the null usage of earlier chunks", () => {
    const tail =
      'data: {"choices":[{"delta":{"content":"a"}}],"usage":null}\r\n\r\n' +
      'data:{"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":5,"total_tokens":9}}\r\n\r\n' +
      'data: {"choices":[],"usage":null}\r\n\r\ndata: [DONE]\r\n\r\n';
    expect(usageFromStreamTail(tail)).toEqual({ prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 });
  });

  it("is not fooled by the word usage or 'data:' inside the text", () => {
    const tail =
      'data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}\n\n' +
      'data: {"choices":[{"delta":{"content":"data: {\\"usage\\":{\\"total_tokens\\":99}}"}}]}\n\ndata: [DONE]\n\n';
    expect(usageFromStreamTail(tail)).toEqual({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });
  });

  it.each([
    ["no usage", 'data: {"choices":[{"delta":{}}]}\n\ndata: [DONE]\n\n'],
    ["a null usage", 'data: {"choices":[],"usage":null}\n\ndata: [DONE]\n\n'],
    ["a cut event", 'data: {"usage":{"prompt_tok'],
  ])("is undefined for %s", (_name, tail) => {
    expect(usageFromStreamTail(tail)).toBeUndefined();
  });
});
