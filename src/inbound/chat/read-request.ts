import { badRequest } from "../../errors.ts";
import type { ReasoningEffort, Request, ResponseFormat, Tool, ToolChoice } from "../../proxy/neutral.ts";
import type { ChatMessage, ChatTool, ChatToolChoice } from "../../providers/openai/wire-types.ts";
import { isObject, optionalNumber, optionalPositiveInteger, schemaOf, stringList } from "../read-values.ts";
import { readChatMessages } from "./read-messages.ts";

/**
 * Parameters that would change the shape of the answer and that a translated call cannot honour are
 * refused (400), so nothing is silently mistranslated. Parameters read below are translated; every
 * other parameter only tunes sampling or bookkeeping (frequency_penalty, seed, store, service_tier, ...)
 * and is dropped. The README lists both.
 */
// A Map, not an object: the agent's own keys are looked up in it, and `__proto__` or `constructor`
// must find nothing.
const REFUSED = new Map<string, (value: unknown) => string | undefined>([
  ["n", (v) => (v === 1 || v === null ? undefined : "n > 1 is not supported")],
  ["logprobs", (v) => (v ? "logprobs are not available" : undefined)],
  ["top_logprobs", (v) => (v ? "top_logprobs are not available" : undefined)],
  ["modalities", (v) => (Array.isArray(v) && v.some((m) => m !== "text") ? "only text output is available" : undefined)],
  ["audio", (v) => (v ? "audio output is not available" : undefined)],
  ["prediction", (v) => (v ? "predicted outputs are not available" : undefined)],
  ["functions", (v) => (v ? "legacy functions are not supported; send them as tools" : undefined)],
  ["function_call", (v) => (v ? "legacy function_call is not supported; use tool_choice" : undefined)],
]);

const EFFORTS = new Set<string>(["minimal", "low", "medium", "high"]);

function tools(value: unknown): Tool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("tools must be an array.", "tools");
  return value.map((tool: ChatTool, i) => {
    if (tool?.type !== "function" || typeof tool.function?.name !== "string") {
      throw badRequest(`tools[${i}] must be {type: "function", function: {name, description?, parameters?}}.`, "tools");
    }
    return {
      name: tool.function.name,
      ...(typeof tool.function.description === "string" && tool.function.description ? { description: tool.function.description } : {}),
      parameters: schemaOf(tool.function.parameters, `tools[${i}].function.parameters`, "tools"),
      ...(typeof tool.function.strict === "boolean" ? { strict: tool.function.strict } : {}),
    };
  });
}

function toolChoice(value: unknown): ToolChoice | undefined {
  const choice = value as ChatToolChoice | undefined | null;
  if (choice === undefined || choice === null) return undefined;
  if (choice === "auto" || choice === "none" || choice === "required") return { type: choice };
  if (typeof choice === "object" && choice.type === "function" && typeof choice.function?.name === "string") {
    return { type: "tool", name: choice.function.name };
  }
  throw badRequest('tool_choice must be auto, none, required or {type: "function", function: {name}}.', "tool_choice");
}

function responseFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const format = value as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown; description?: unknown; strict?: unknown } };
  if (format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "json_object" };
  if (format.type === "json_schema" && isObject(format.json_schema) && isObject(format.json_schema.schema)) {
    const { name, schema, description, strict } = format.json_schema;
    return {
      type: "json_schema",
      name: typeof name === "string" ? name : "answer",
      schema: schema as Record<string, unknown>,
      ...(typeof description === "string" ? { description } : {}),
      ...(typeof strict === "boolean" ? { strict } : {}),
    };
  }
  throw badRequest("response_format must be {type: \"text\"}, {type: \"json_object\"} or {type: \"json_schema\", json_schema: {name, schema}}.", "response_format");
}

/** A chat completion request in neutral form, for a `target` profile of another dialect. */
export function readChatRequest(body: Record<string, unknown>, target: string): Request {
  for (const [name, value] of Object.entries(body)) {
    const reason = REFUSED.get(name)?.(value);
    if (reason) throw badRequest(`${reason} for ${target} profiles.`, name);
  }
  const effort = body.reasoning_effort;
  if (effort !== undefined && effort !== null && (typeof effort !== "string" || !EFFORTS.has(effort))) {
    throw badRequest("reasoning_effort must be minimal, low, medium or high.", "reasoning_effort");
  }
  const maxOutputTokens = optionalPositiveInteger(body, "max_completion_tokens") ?? optionalPositiveInteger(body, "max_tokens");
  const temperature = optionalNumber(body, "temperature");
  const topP = optionalNumber(body, "top_p");
  const topK = optionalNumber(body, "top_k");
  const stop = stringList(body.stop, "stop");
  const choice = toolChoice(body.tool_choice);
  const format = responseFormat(body.response_format);
  return {
    messages: readChatMessages(body.messages as ChatMessage[], target),
    tools: tools(body.tools),
    ...(choice ? { toolChoice: choice } : {}),
    ...(body.parallel_tool_calls === false ? { parallelToolCalls: false } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(topK !== undefined ? { topK } : {}),
    ...(stop ? { stop } : {}),
    ...(typeof effort === "string" ? { reasoning: { effort: effort as ReasoningEffort } } : {}),
    ...(format ? { responseFormat: format } : {}),
    stream: body.stream === true,
    ...(typeof body.user === "string" && body.user !== "" ? { user: body.user } : {}),
  };
}
