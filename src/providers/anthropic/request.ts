import { badRequest } from "../../errors.ts";
import type { ReasoningEffort, Request, ToolChoice } from "../../proxy/neutral.ts";
import type { Target } from "../types.ts";
import { convertMessages } from "./convert-messages.ts";
import type { AnthropicRequest, AnthropicTool, AnthropicToolChoice } from "./wire-types.ts";

/** Output limit when neither the request nor the model's settings name one (Anthropic requires it). */
export const DEFAULT_MAX_TOKENS = 4096;

/** The tool a structured-output request is answered through (Anthropic's way to force a JSON shape). */
export const JSON_TOOL = "json_answer";

/** Anthropic's smallest thinking budget. */
const MIN_THINKING_BUDGET = 1024;
const BUDGET_FOR_EFFORT: Record<ReasoningEffort, number> = { minimal: 1024, low: 2048, medium: 8192, high: 24_576 };

function inRange(name: string, value: number | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (value < 0 || value > max) throw badRequest(`${name} must be a number from 0 to ${max} for Anthropic profiles.`, name);
  return value;
}

function toolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): AnthropicToolChoice | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (!choice) return parallel === false ? { type: "auto", ...disable } : undefined;
  switch (choice.type) {
    case "none":
      return { type: "none" };
    case "auto":
      return { type: "auto", ...disable };
    case "required":
      return { type: "any", ...disable };
    case "tool":
      return { type: "tool", name: choice.name, ...disable };
  }
}

/**
 * The tools and tool choice. A response format becomes one more tool whose input is the answer: forced
 * when it is the only tool the model may use, or one of the required choices when the agent sent tools.
 */
function toolsAndChoice(request: Request): Pick<AnthropicRequest, "tools" | "tool_choice"> {
  const tools: AnthropicTool[] = request.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: t.parameters }));
  let choice = toolChoice(request.toolChoice, request.parallelToolCalls);
  const format = request.responseFormat;
  if (format) {
    const schema = format.type === "json_schema" ? format.schema : { type: "object" };
    const description = format.type === "json_schema" && format.description ? format.description : "Give the answer as this tool's input.";
    const usable = request.toolChoice?.type === "none" ? [] : tools;
    usable.push({ name: JSON_TOOL, description, input_schema: schema });
    const disable = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
    return { tools: usable, tool_choice: usable.length === 1 ? { type: "tool", name: JSON_TOOL } : { type: "any", ...disable } };
  }
  if (tools.length === 0) return {};
  return { tools, ...(choice ? { tool_choice: choice } : {}) };
}

/** The thinking budget asked for, fitted under max_tokens; none when it cannot reach Anthropic's minimum. */
function thinkingBudget(request: Request, maxTokens: number): number | undefined {
  if (!request.reasoning || request.responseFormat) return undefined; // forcing a tool and thinking exclude each other
  const asked = request.reasoning.budgetTokens ?? (request.reasoning.effort ? BUDGET_FOR_EFFORT[request.reasoning.effort] : undefined);
  if (asked === undefined) return undefined;
  const budget = Math.min(asked, maxTokens - 1);
  return budget >= MIN_THINKING_BUDGET ? budget : undefined;
}

/** A neutral request as an Anthropic Messages request for the target's model. */
export function toAnthropicRequest(request: Request, target: Pick<Target, "modelName" | "maxTokens">): AnthropicRequest {
  const { system, messages } = convertMessages(request.messages);
  const maxTokens = request.maxOutputTokens ?? target.maxTokens ?? DEFAULT_MAX_TOKENS;
  const budget = thinkingBudget(request, maxTokens);
  // Anthropic refuses temperature and top_k changes while thinking.
  const temperature = budget === undefined ? inRange("temperature", request.temperature, 1) : undefined;
  const topP = inRange("top_p", request.topP, 1);
  const topK = budget === undefined ? request.topK : undefined;
  return {
    model: target.modelName,
    messages,
    max_tokens: maxTokens,
    ...(system !== undefined ? { system } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { top_p: topP } : {}),
    ...(topK !== undefined ? { top_k: topK } : {}),
    ...(request.stop && request.stop.length > 0 ? { stop_sequences: request.stop } : {}),
    ...(request.stream ? { stream: true } : {}),
    ...toolsAndChoice(request),
    ...(budget !== undefined ? { thinking: { type: "enabled" as const, budget_tokens: budget } } : {}),
    ...(request.user ? { metadata: { user_id: request.user } } : {}),
  };
}
