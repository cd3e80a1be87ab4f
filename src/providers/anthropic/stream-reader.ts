import type { FinishReason, Request, StreamEvent, Usage } from "../../proxy/neutral.ts";
import { providerJson, readSseStream } from "../read-sse-stream.ts";
import { ProviderStreamError, UpstreamProtocolError, type StreamReader } from "../types.ts";
import { JSON_TOOL } from "./request.ts";
import { anthropicEventSchema, type AnthropicEventWire, type AnthropicUsageWire } from "./schemas.ts";
import { fromAnthropicStopReason } from "./stop-reason.ts";
import { fromAnthropicUsage } from "./usage.ts";

const KNOWN_EVENTS = new Set<string>(anthropicEventSchema.options.map((option) => option.shape.type.value));

/** How the open content block is translated: shown, shown as text (the structured-output tool), or dropped. */
type Open = { index: number; as: "block" | "text" | "dropped" };

/**
 * Reads an Anthropic Messages stream into neutral events, checking each event and its order: events
 * before message_start, a block that starts while another is open, deltas for a block that is not
 * open, or an end without message_stop are a broken stream.
 */
export function createAnthropicStreamReader(asked: Request, model: string): StreamReader {
  const structured = asked.responseFormat !== undefined;
  let started = false;
  let open: Open | undefined;
  let usage: AnthropicUsageWire = {};
  let stopReason: string | null | undefined;
  let stopSequence: string | null | undefined;
  let answeredThroughTool = false;

  const read = (event: AnthropicEventWire, out: StreamEvent[]) => {
    if (event.type === "error") throw new ProviderStreamError(event.error.type, event.error.message);
    if (event.type === "ping") return;
    if (!started && event.type !== "message_start") throw new UpstreamProtocolError(`sent ${event.type} before message_start`);
    switch (event.type) {
      case "message_start":
        if (started) throw new UpstreamProtocolError("sent message_start twice");
        started = true;
        usage = { ...event.message.usage };
        out.push({ type: "start", id: event.message.id, model: event.message.model ?? model, usage: fromAnthropicUsage(usage) });
        return;
      case "content_block_start": {
        if (open) throw new UpstreamProtocolError(`started block ${event.index} while block ${open.index} was open`);
        const block = event.content_block;
        if (block.type === "text") {
          open = { index: event.index, as: "block" };
          out.push({ type: "text_start" });
          if ((block as { text: string }).text) out.push({ type: "text_delta", text: (block as { text: string }).text });
        } else if (block.type === "thinking") {
          open = { index: event.index, as: "block" };
          out.push({ type: "reasoning_start" });
        } else if (block.type === "redacted_thinking") {
          open = { index: event.index, as: "block" };
          out.push({ type: "reasoning_start" }, { type: "reasoning_opaque", token: { issuer: "anthropic", kind: "redacted", data: (block as { data: string }).data } });
        } else if (block.type === "tool_use") {
          const use = block as { id: string; name: string };
          if (structured && use.name === JSON_TOOL) {
            answeredThroughTool = true;
            open = { index: event.index, as: "text" };
            out.push({ type: "text_start" });
          } else {
            open = { index: event.index, as: "block" };
            out.push({ type: "tool_call_start", id: use.id, name: use.name });
          }
        } else open = { index: event.index, as: "dropped" };
        return;
      }
      case "content_block_delta": {
        if (open?.index !== event.index) throw new UpstreamProtocolError(`sent a delta for block ${event.index}, which is not open`);
        if (open.as === "dropped") return;
        const delta = event.delta as { type: string; text?: string; partial_json?: string; thinking?: string; signature?: string };
        if (delta.type === "text_delta") out.push({ type: "text_delta", text: delta.text! });
        else if (delta.type === "thinking_delta") out.push({ type: "reasoning_delta", text: delta.thinking! });
        else if (delta.type === "signature_delta") out.push({ type: "reasoning_opaque", token: { issuer: "anthropic", kind: "signature", data: delta.signature! } });
        else if (delta.type === "input_json_delta" && delta.partial_json) {
          out.push(open.as === "text" ? { type: "text_delta", text: delta.partial_json } : { type: "tool_call_delta", arguments: delta.partial_json });
        }
        return;
      }
      case "content_block_stop":
        if (open?.index !== event.index) throw new UpstreamProtocolError(`stopped block ${event.index}, which is not open`);
        if (open.as !== "dropped") out.push({ type: "block_end" });
        open = undefined;
        return;
      case "message_delta":
        usage = { ...usage, ...event.usage };
        stopReason = event.delta.stop_reason;
        stopSequence = event.delta.stop_sequence;
        return;
      case "message_stop": {
        if (open) throw new UpstreamProtocolError(`ended the message while block ${open.index} was open`);
        const reason: FinishReason = answeredThroughTool && stopReason === "tool_use" ? "stop" : fromAnthropicStopReason(stopReason);
        const final: Usage = fromAnthropicUsage(usage);
        out.push({ type: "finish", reason, ...(stopSequence ? { stopSequence } : {}), usage: final });
        return;
      }
    }
  };

  return readSseStream({
    step(message, out) {
      const json = providerJson(message.data, "a stream event");
      const type = (json as { type?: unknown } | null)?.type;
      // Anthropic may add event types; ones we do not know carry nothing we translate.
      if (typeof type === "string" && !KNOWN_EVENTS.has(type)) return false;
      const event = anthropicEventSchema.safeParse(json);
      if (!event.success) throw new UpstreamProtocolError(`sent a malformed ${typeof type === "string" ? type : "stream"} event`);
      read(event.data, out);
      return event.data.type === "message_stop";
    },
    ended() {
      throw new UpstreamProtocolError("ended its stream before message_stop");
    },
  });
}
