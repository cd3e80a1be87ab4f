import { describe, expect, it } from "vitest";
import { chatDialect } from "../../src/inbound/chat/index.ts";
import { messagesDialect } from "../../src/inbound/messages/index.ts";
import { responsesDialect } from "../../src/inbound/responses/index.ts";

const DIALECTS = { chat: chatDialect, messages: messagesDialect, responses: responsesDialect };

// How each dialect tells, from a relayed stream's last bytes, whether the answer was complete.
describe("streamEnding", () => {
  it.each([
    ["chat", 'data: {"choices":[{"delta":{"content":"hi"},"finish_reason":null}]}\n\ndata: [DONE]\n\n', "complete"],
    ["chat", 'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n', "complete"],
    ["chat", 'data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: {"error":{"message":"overloaded"}}\n\n', "failed"],
    ["chat", 'data: {"choices":[{"delta":{"content":"hi"},"finish_reason":null}]}\n\n', "cut"],
    ["chat", "", "cut"],
    ["messages", 'event: message_delta\ndata: {"type":"message_delta"}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n', "complete"],
    ["messages", 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"x"}}\n\n', "failed"],
    ["messages", 'event: content_block_delta\ndata: {"type":"content_block_delta"}\n\n', "cut"],
    ["responses", 'event: response.completed\ndata: {"type":"response.completed","response":{}}\n\n', "complete"],
    ["responses", 'event: response.incomplete\ndata: {"type":"response.incomplete","response":{}}\n\n', "complete"],
    ["responses", 'event: response.failed\ndata: {"type":"response.failed","response":{}}\n\n', "failed"],
    ["responses", 'event: error\ndata: {"type":"error","message":"x"}\n\n', "failed"],
    ["responses", 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"h"}\n\n', "cut"],
    // The last bytes of a response.completed event too long for its start to be among them.
    ["responses", `${"x".repeat(200)}"}]}],"usage":{"input_tokens":5,"output_tokens":9000,"total_tokens":9005}}}\n\n`, "complete"],
    ["chat", 'data: {"choices":[{"delta":{"content":"say [DONE] now"},"finish_reason":null}]}\n\n', "cut"],
  ] as const)("%s stream #%#: %j ended %s", (id, tail, ending) => {
    expect(DIALECTS[id].streamEnding(tail)).toBe(ending);
  });
});
