import type { FinishReason, StreamEvent, Usage } from "../../proxy/neutral.ts";
import { providerJson, readSseStream } from "../read-sse-stream.ts";
import { ProviderStreamError, UpstreamProtocolError, type StreamReader } from "../types.ts";
import { fromChatFinishReason } from "./finish-reason.ts";
import { chatChunkSchema, type ChatChunkWire } from "./schemas.ts";
import { fromChatUsage } from "./usage.ts";

type Block = { kind: "none" } | { kind: "text" } | { kind: "reasoning" } | { kind: "tool"; index: number };

/**
 * Reads a chat-completions stream into neutral events. Chat chunks have no block boundaries, so
 * a block ends when a delta of another kind arrives; the finish waits for the usage chunk that
 * follows finish_reason, and is sent at `[DONE]` (or at the end, if the server sends no `[DONE]`).
 */
export function createChatStreamReader(model: string): StreamReader {
  let started = false;
  let block: Block = { kind: "none" };
  const toolsSeen = new Set<number>();
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;

  const switchTo = (next: Block, out: StreamEvent[], start: StreamEvent) => {
    if (block.kind === next.kind && (block.kind !== "tool" || block.index === (next as { index: number }).index)) return;
    if (block.kind !== "none") out.push({ type: "block_end" });
    block = next;
    out.push(start);
  };

  const finish = (out: StreamEvent[]) => {
    if (block.kind !== "none") out.push({ type: "block_end" });
    block = { kind: "none" };
    out.push({ type: "finish", reason: finishReason!, ...(usage ? { usage } : {}) });
    return out;
  };

  const read = (chunk: ChatChunkWire, out: StreamEvent[]) => {
    if (chunk.error !== undefined) {
      const error = chunk.error as { message?: unknown; type?: unknown } | null;
      throw new ProviderStreamError(typeof error?.type === "string" ? error.type : "api_error", typeof error?.message === "string" ? error.message : "the provider reported an error");
    }
    if (!started) {
      started = true;
      out.push({ type: "start", id: chunk.id ?? `chatcmpl-${Date.now()}`, model: chunk.model ?? model });
    }
    if (chunk.usage) usage = fromChatUsage(chunk.usage);
    const choice = chunk.choices?.[0];
    if (!choice) return;
    const delta = choice.delta;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (reasoning) {
      switchTo({ kind: "reasoning" }, out, { type: "reasoning_start" });
      out.push({ type: "reasoning_delta", text: reasoning });
    }
    const text = delta?.content ?? delta?.refusal;
    if (text) {
      switchTo({ kind: "text" }, out, { type: "text_start" });
      out.push({ type: "text_delta", text });
    }
    for (const call of delta?.tool_calls ?? []) {
      if (!toolsSeen.has(call.index)) {
        if (!call.function?.name) throw new UpstreamProtocolError(`streamed tool call ${call.index} without a function name`);
        toolsSeen.add(call.index);
        switchTo({ kind: "tool", index: call.index }, out, { type: "tool_call_start", id: call.id ?? `call_${call.index}`, name: call.function.name });
      } else if (block.kind !== "tool" || block.index !== call.index) {
        throw new UpstreamProtocolError(`streamed arguments for tool call ${call.index} after another block began`);
      }
      if (call.function?.arguments) out.push({ type: "tool_call_delta", arguments: call.function.arguments });
    }
    if (choice.finish_reason) finishReason = fromChatFinishReason(choice.finish_reason);
  };

  return readSseStream({
    step(message, out) {
      if (message.data === "[DONE]") {
        if (finishReason === undefined) throw new UpstreamProtocolError("ended its stream without a finish_reason");
        finish(out);
        return true;
      }
      const chunk = chatChunkSchema.safeParse(providerJson(message.data, "a stream event"));
      if (!chunk.success) throw new UpstreamProtocolError(`sent a malformed chat.completion.chunk (${chunk.error.issues[0]?.path.join(".") || "shape"})`);
      read(chunk.data, out);
      return false;
    },
    ended() {
      // Some compatible servers end without [DONE]: a stream that said why it finished is complete.
      if (finishReason === undefined) throw new UpstreamProtocolError("ended its stream before the answer was complete");
      return finish([]);
    },
  });
}
