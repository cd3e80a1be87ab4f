import { badRequest } from "../../errors.ts";
import type { ReasoningEffort, Request, ResponseFormat, Tool, ToolChoice } from "../../proxy/neutral.ts";
import { isObject, optionalNumber, optionalPositiveInteger, schemaOf, stringList } from "../read-values.ts";
import { readMessages, readSystem } from "./read-messages.ts";

/**
 * Custom tools are translated. Anthropic-defined and server tools (web_search_…, bash_…, text_editor_…,
 * code_execution_…, computer_…) run at Anthropic or need its own tool definitions: they are dropped.
 */
function tools(value: unknown): Tool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("tools must be an array.", "tools");
  return value.flatMap((tool: Record<string, unknown>, i): Tool[] => {
    if (!isObject(tool)) throw badRequest(`tools[${i}] must be an object.`, "tools");
    if (tool.type !== undefined && tool.type !== "custom") return [];
    if (typeof tool.name !== "string") throw badRequest(`tools[${i}].name must be a string.`, "tools");
    return [
      {
        name: tool.name,
        ...(typeof tool.description === "string" && tool.description ? { description: tool.description } : {}),
        parameters: schemaOf(tool.input_schema, `tools[${i}].input_schema`, "tools"),
        ...(typeof tool.strict === "boolean" ? { strict: tool.strict } : {}),
      },
    ];
  });
}

function toolChoice(value: unknown): { choice?: ToolChoice; parallel?: false } {
  if (value === undefined || value === null) return {};
  const choice = value as { type?: unknown; name?: unknown; disable_parallel_tool_use?: unknown };
  const parallel = choice.disable_parallel_tool_use === true ? { parallel: false as const } : {};
  switch (choice.type) {
    case "auto":
    case "none":
      return { choice: { type: choice.type }, ...parallel };
    case "any":
      return { choice: { type: "required" }, ...parallel };
    case "tool":
      if (typeof choice.name === "string") return { choice: { type: "tool", name: choice.name }, ...parallel };
  }
  throw badRequest('tool_choice must be {type: "auto"}, {type: "any"}, {type: "none"} or {type: "tool", name}.', "tool_choice");
}

const EFFORTS = new Map<string, ReasoningEffort>([["low", "low"], ["medium", "medium"], ["high", "high"], ["max", "high"]]);

/** thinking and output_config.effort as a reasoning request; adaptive thinking without an effort leaves the target's default. */
function reasoning(body: Record<string, unknown>): Request["reasoning"] {
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined | null;
  const effortName = (body.output_config as { effort?: unknown } | undefined)?.effort;
  const effort = typeof effortName === "string" ? EFFORTS.get(effortName) : undefined;
  if (effortName !== undefined && effort === undefined) throw badRequest("output_config.effort must be low, medium, high or max.", "output_config");
  if (thinking === undefined || thinking === null || thinking.type === "disabled") return effort ? { effort } : undefined;
  if (thinking.type === "enabled") {
    if (!Number.isInteger(thinking.budget_tokens)) throw badRequest("thinking.budget_tokens must be an integer.", "thinking");
    return { budgetTokens: thinking.budget_tokens as number, ...(effort ? { effort } : {}) };
  }
  if (thinking.type === "adaptive") return effort ? { effort } : {};
  throw badRequest("thinking.type must be enabled, adaptive or disabled.", "thinking");
}

/** Structured output, as output_config.format or the older output_format. */
function responseFormat(body: Record<string, unknown>): ResponseFormat | undefined {
  const format = (body.output_config as { format?: unknown } | undefined)?.format ?? body.output_format;
  if (format === undefined || format === null) return undefined;
  const { type, schema } = format as { type?: unknown; schema?: unknown };
  if (type === "json_schema" && isObject(schema)) return { type: "json_schema", name: "answer", schema };
  throw badRequest('The output format must be {type: "json_schema", schema}.', "output_config");
}

/**
 * A Messages request in neutral form, for a `target` profile of another dialect. Anthropic's own
 * bookkeeping (cache_control, context_management, metadata other than user_id, container, mcp_servers,
 * service_tier) has no meaning there and is dropped, as the README's table lists.
 */
export function readMessagesRequest(body: Record<string, unknown>, target: string): Request {
  const maxOutputTokens = optionalPositiveInteger(body, "max_tokens");
  const temperature = optionalNumber(body, "temperature");
  const topP = optionalNumber(body, "top_p");
  const topK = optionalNumber(body, "top_k");
  const stop = stringList(body.stop_sequences, "stop_sequences");
  const { choice, parallel } = toolChoice(body.tool_choice);
  const thinking = reasoning(body);
  const format = responseFormat(body);
  const user = (body.metadata as { user_id?: unknown } | undefined)?.user_id;
  return {
    messages: [...readSystem(body.system, target), ...readMessages(body.messages as unknown[], target)],
    tools: tools(body.tools),
    ...(choice ? { toolChoice: choice } : {}),
    ...(parallel === false ? { parallelToolCalls: false } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(topK !== undefined ? { topK } : {}),
    ...(stop ? { stop } : {}),
    ...(thinking ? { reasoning: thinking } : {}),
    ...(format ? { responseFormat: format } : {}),
    stream: body.stream === true,
    ...(typeof user === "string" && user !== "" ? { user } : {}),
  };
}
