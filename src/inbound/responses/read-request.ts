import { badRequest } from "../../errors.ts";
import type { ReasoningEffort, Request, ResponseFormat, Tool, ToolChoice } from "../../proxy/neutral.ts";
import { isObject, optionalNumber, optionalPositiveInteger, schemaOf } from "../read-values.ts";
import { customToolAsFunction } from "./custom-tools.ts";
import { readInput } from "./read-input.ts";

/**
 * Function and custom tools are translated. Built-in tools (web_search, file_search, code_interpreter,
 * computer_use, image_generation, mcp, namespace, local_shell, tool_search) run at OpenAI: dropped.
 */
function tools(value: unknown): Tool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("tools must be an array.", "tools");
  return value.flatMap((tool: Record<string, unknown>, i): Tool[] => {
    if (!isObject(tool)) throw badRequest(`tools[${i}] must be an object.`, "tools");
    if (tool.type === "custom" && typeof tool.name === "string") return [customToolAsFunction(tool as { name: string })];
    if (tool.type !== "function") return [];
    if (typeof tool.name !== "string") throw badRequest(`tools[${i}].name must be a string.`, "tools");
    return [
      {
        name: tool.name,
        ...(typeof tool.description === "string" && tool.description ? { description: tool.description } : {}),
        parameters: schemaOf(tool.parameters, `tools[${i}].parameters`, "tools"),
        ...(typeof tool.strict === "boolean" ? { strict: tool.strict } : {}),
      },
    ];
  });
}

function toolChoice(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "auto" || value === "none" || value === "required") return { type: value };
  const choice = value as { type?: unknown; name?: unknown };
  if ((choice.type === "function" || choice.type === "custom") && typeof choice.name === "string") return { type: "tool", name: choice.name };
  // allowed_tools and built-in tool choices: their tools are not translated, so the model chooses.
  if (isObject(value)) return { type: "auto" };
  throw badRequest("tool_choice must be auto, none, required or {type: \"function\", name}.", "tool_choice");
}

const EFFORTS = new Map<string, ReasoningEffort | undefined>([
  ["minimal", "minimal"], ["low", "low"], ["medium", "medium"], ["high", "high"], ["xhigh", "high"], ["none", undefined],
]);

function reasoning(value: unknown): Request["reasoning"] {
  const effort = (value as { effort?: unknown } | null | undefined)?.effort;
  if (effort === undefined || effort === null) return undefined;
  if (typeof effort !== "string" || !EFFORTS.has(effort)) throw badRequest("reasoning.effort must be none, minimal, low, medium, high or xhigh.", "reasoning");
  const mapped = EFFORTS.get(effort);
  return mapped ? { effort: mapped } : undefined;
}

function responseFormat(text: unknown): ResponseFormat | undefined {
  const format = (text as { format?: Record<string, unknown> } | null | undefined)?.format;
  if (format === undefined || format === null || format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "json_object" };
  if (format.type === "json_schema" && isObject(format.schema)) {
    return {
      type: "json_schema",
      name: typeof format.name === "string" ? format.name : "answer",
      schema: format.schema,
      ...(typeof format.description === "string" ? { description: format.description } : {}),
      ...(typeof format.strict === "boolean" ? { strict: format.strict } : {}),
    };
  }
  throw badRequest('text.format must be {type: "text"}, {type: "json_object"} or {type: "json_schema", name, schema}.', "text");
}

/**
 * A Responses request in neutral form, for a `target` profile that does not speak Responses. Bookkeeping
 * (include, prompt_cache_key, client_metadata, metadata, store, service_tier, truncation, text.verbosity)
 * has no meaning there and is dropped; a stored prompt template cannot be run anywhere else.
 */
export function readResponsesRequest(body: Record<string, unknown>, target: string): Request {
  if (body.prompt !== undefined && body.prompt !== null) {
    throw badRequest(`prompt (a stored prompt template) cannot be used with ${target} profiles; send instructions and input instead.`, "prompt");
  }
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== "string") {
    throw badRequest("instructions must be a string.", "instructions");
  }
  const maxOutputTokens = optionalPositiveInteger(body, "max_output_tokens");
  const temperature = optionalNumber(body, "temperature");
  const topP = optionalNumber(body, "top_p");
  const choice = toolChoice(body.tool_choice);
  const effort = reasoning(body.reasoning);
  const format = responseFormat(body.text);
  const user = typeof body.safety_identifier === "string" ? body.safety_identifier : body.user;
  return {
    messages: [
      ...(typeof body.instructions === "string" && body.instructions !== "" ? [{ role: "system" as const, content: [{ type: "text" as const, text: body.instructions }] }] : []),
      ...readInput(body.input, target),
    ],
    tools: tools(body.tools),
    ...(choice ? { toolChoice: choice } : {}),
    ...(body.parallel_tool_calls === false ? { parallelToolCalls: false } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(effort ? { reasoning: effort } : {}),
    ...(format ? { responseFormat: format } : {}),
    stream: body.stream === true,
    ...(typeof user === "string" && user !== "" ? { user } : {}),
  };
}
