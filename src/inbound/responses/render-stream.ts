import type { AppError } from "../../errors.ts";
import type { ReasoningToken, StreamEvent } from "../../proxy/neutral.ts";
import type { AnswerContext, StreamRenderer } from "../types.ts";
import { customCallInput, customToolNames } from "./custom-tools.ts";
import { responsesErrorCode } from "./errors.ts";
import { callItem, ending, messageItem, newId, outputText, reasoningItem, responseObject, wantsEncryptedReasoning, type OutputItem } from "./response-object.ts";

/** The item being streamed: its kind, id, position, and what it has accumulated. */
type Open =
  | { kind: "text"; id: string; index: number; text: string }
  | { kind: "reasoning"; id: string; index: number; text: string; token?: ReasoningToken }
  | { kind: "call"; id: string; index: number; callId: string; name: string; args: string; custom: boolean };

/**
 * Neutral stream events as Responses events, each with its sequence_number: response.created and
 * in_progress; per item output_item.added, its parts and deltas, their done events and output_item.done;
 * then response.completed (or response.incomplete), whose response holds every item and the usage.
 */
export function createResponsesStreamRenderer({ model, created }: AnswerContext, body: Record<string, unknown>): StreamRenderer {
  const custom = customToolNames(body);
  const withEncrypted = wantsEncryptedReasoning(body);
  const responseId = newId("resp");
  const output: OutputItem[] = [];
  let sequence = 0;
  let open: Open | undefined;
  const sse = (type: string, payload: object) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...payload })}\n\n`;
  const response = (status: string, extra: Partial<Parameters<typeof responseObject>[0]> = {}) =>
    responseObject({ id: responseId, model, createdAt: created, status, output, usage: null, ...extra }, body);
  const added = (item: OutputItem) => sse("response.output_item.added", { output_index: output.length, item });

  const close = (): string => {
    if (!open) return "";
    const at = { item_id: open.id, output_index: open.index };
    let out = "";
    let item: OutputItem;
    if (open.kind === "text") {
      out += sse("response.output_text.done", { ...at, content_index: 0, text: open.text, logprobs: [] });
      out += sse("response.content_part.done", { ...at, content_index: 0, part: outputText(open.text) });
      item = messageItem(open.id, open.text, "completed");
    } else if (open.kind === "reasoning") {
      if (open.text) {
        out += sse("response.reasoning_summary_text.done", { ...at, summary_index: 0, text: open.text });
        out += sse("response.reasoning_summary_part.done", { ...at, summary_index: 0, part: { type: "summary_text", text: open.text } });
      }
      item = reasoningItem(open.id, open.text, open.token, withEncrypted);
    } else if (open.custom) {
      const input = customCallInput(open.args);
      out += sse("response.custom_tool_call_input.done", { ...at, input });
      item = callItem(open.id, open.callId, open.name, input, true, "completed");
    } else {
      out += sse("response.function_call_arguments.done", { ...at, arguments: open.args });
      item = callItem(open.id, open.callId, open.name, open.args, false, "completed");
    }
    output.push(item);
    open = undefined;
    return out + sse("response.output_item.done", { output_index: output.length - 1, item });
  };

  return {
    event(event: StreamEvent): string {
      switch (event.type) {
        case "start": {
          const started = { response: response("in_progress") };
          return sse("response.created", started) + sse("response.in_progress", started);
        }
        case "text_start": {
          open = { kind: "text", id: newId("msg"), index: output.length, text: "" };
          const at = { item_id: open.id, output_index: open.index };
          return added(messageItem(open.id, "", "in_progress")) + sse("response.content_part.added", { ...at, content_index: 0, part: outputText("") });
        }
        case "text_delta":
          if (open?.kind !== "text") return "";
          open.text += event.text;
          return sse("response.output_text.delta", { item_id: open.id, output_index: open.index, content_index: 0, delta: event.text, logprobs: [] });
        case "reasoning_start":
          open = { kind: "reasoning", id: newId("rs"), index: output.length, text: "" };
          return added(reasoningItem(open.id, "", undefined, false));
        case "reasoning_delta": {
          if (open?.kind !== "reasoning") return "";
          const at = { item_id: open.id, output_index: open.index, summary_index: 0 };
          const first = open.text === "" ? sse("response.reasoning_summary_part.added", { ...at, part: { type: "summary_text", text: "" } }) : "";
          open.text += event.text;
          return first + sse("response.reasoning_summary_text.delta", { ...at, delta: event.text });
        }
        case "reasoning_opaque":
          if (open?.kind === "reasoning") open.token = event.token;
          return "";
        case "tool_call_start": {
          const isCustom = custom.has(event.name);
          open = { kind: "call", id: newId(isCustom ? "ctc" : "fc"), index: output.length, callId: event.id, name: event.name, args: "", custom: isCustom };
          return added(callItem(open.id, event.id, event.name, "", isCustom, "in_progress"));
        }
        case "tool_call_delta":
          if (open?.kind !== "call") return "";
          open.args += event.arguments;
          // A custom tool's input is inside its JSON arguments: it is sent whole when the call is done.
          return open.custom ? "" : sse("response.function_call_arguments.delta", { item_id: open.id, output_index: open.index, delta: event.arguments });
        case "block_end":
          return close();
        case "finish": {
          const { status, incomplete_details } = ending(event.reason);
          const final = close();
          const type = status === "completed" ? "response.completed" : "response.incomplete";
          return final + sse(type, { response: response(status, { usage: event.usage ?? null, incompleteDetails: incomplete_details }) });
        }
        default: {
          const exhaustive: never = event;
          return exhaustive;
        }
      }
    },
    fail(error: AppError): string {
      const failure = { code: responsesErrorCode(error), message: error.message };
      return (
        sse("response.failed", { response: response("failed", { error: failure }) }) +
        sse("error", { code: failure.code, message: error.message, param: null, error: { type: error.type, code: failure.code, message: error.message, param: null } })
      );
    },
  };
}
