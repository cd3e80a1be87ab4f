import { randomBytes } from "node:crypto";
import type { FinishReason, ReasoningToken, Usage } from "../../proxy/neutral.ts";
import { toEncryptedContent } from "./reasoning-token.ts";

const ID_BYTES = 24;
// Random bytes are drawn a few kilobytes at a time: one draw per id cost more than the rest of a small
// translated answer's rendering.
let pool = Buffer.alloc(0);
let used = 0;

/** An id of the kind OpenAI gives Responses objects and items: a prefix and 24 random bytes in hex. */
export function newId(prefix: string): string {
  if (used + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 256);
    used = 0;
  }
  used += ID_BYTES;
  return `${prefix}_${pool.toString("hex", used - ID_BYTES, used)}`;
}

export type OutputItem = Record<string, unknown> & { type: string; id: string };

export function messageItem(id: string, text: string, status: "in_progress" | "completed"): OutputItem {
  return { type: "message", id, status, role: "assistant", content: status === "completed" ? [outputText(text)] : [] };
}

export const outputText = (text: string) => ({ type: "output_text", text, annotations: [], logprobs: [] });

export function reasoningItem(id: string, text: string, token: ReasoningToken | undefined, withEncrypted: boolean): OutputItem {
  return {
    type: "reasoning",
    id,
    summary: text ? [{ type: "summary_text", text }] : [],
    ...(withEncrypted && token ? { encrypted_content: toEncryptedContent(token) } : {}),
  };
}

export function callItem(id: string, callId: string, name: string, args: string, custom: boolean, status: "in_progress" | "completed"): OutputItem {
  return custom
    ? { type: "custom_tool_call", id, call_id: callId, name, input: args, status }
    : { type: "function_call", id, call_id: callId, name, arguments: args, status };
}

export function responsesUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** completed, or incomplete with the reason, as Responses reports how an answer ended. */
export function ending(reason: FinishReason): { status: "completed" | "incomplete"; incomplete_details: { reason: string } | null } {
  if (reason === "length") return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  if (reason === "content_filter") return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
  return { status: "completed", incomplete_details: null };
}

/** The Response object around `output`, echoing the request's settings as OpenAI does; the switcher stores nothing. */
export function responseObject(
  fields: { id: string; model: string; createdAt: number; status: string; output: OutputItem[]; usage: Usage | null; incompleteDetails?: { reason: string } | null; error?: { code: string; message: string } | null },
  body: Record<string, unknown>,
) {
  return {
    id: fields.id,
    object: "response",
    created_at: fields.createdAt,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails ?? null,
    instructions: typeof body.instructions === "string" ? body.instructions : null,
    max_output_tokens: typeof body.max_output_tokens === "number" ? body.max_output_tokens : null,
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: body.parallel_tool_calls !== false,
    previous_response_id: null,
    reasoning: { effort: (body.reasoning as { effort?: unknown } | undefined)?.effort ?? null, summary: null },
    store: false,
    temperature: typeof body.temperature === "number" ? body.temperature : 1,
    text: { format: { type: "text" }, ...(body.text as object | undefined) },
    tool_choice: body.tool_choice ?? "auto",
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: typeof body.top_p === "number" ? body.top_p : 1,
    truncation: "disabled",
    usage: fields.usage ? responsesUsage(fields.usage) : null,
    metadata: (body.metadata as object | undefined) ?? {},
  };
}

/** Whether the agent asked for encrypted reasoning back (`include: ["reasoning.encrypted_content"]`). */
export const wantsEncryptedReasoning = (body: Record<string, unknown>) =>
  Array.isArray(body.include) && body.include.includes("reasoning.encrypted_content");
