import type { Tool } from "../../proxy/neutral.ts";

/**
 * Custom tools (free-form text input, such as Codex's apply_patch) become function tools that take one
 * string, `input`; a call's `{"input": …}` arguments become the custom call's input again.
 */
export function customToolAsFunction(tool: { name: string; description?: unknown; format?: { type?: unknown; definition?: unknown } }): Tool {
  const grammar = tool.format?.type === "grammar" && typeof tool.format.definition === "string" ? `\n\nThe input follows this grammar:\n${tool.format.definition}` : "";
  return {
    name: tool.name,
    ...(typeof tool.description === "string" || grammar ? { description: `${typeof tool.description === "string" ? tool.description : ""}${grammar}` } : {}),
    parameters: { type: "object", properties: { input: { type: "string", description: "The tool's raw input text." } }, required: ["input"] },
  };
}

export const customCallArguments = (input: string) => JSON.stringify({ input });

/** The raw input of a custom tool call from its function-call arguments (the arguments themselves if they are not `{"input": …}`). */
export function customCallInput(args: string): string {
  try {
    const parsed = JSON.parse(args) as { input?: unknown } | null;
    if (typeof parsed?.input === "string") return parsed.input;
  } catch {
    // not JSON: the model wrote the input directly
  }
  return args;
}

/** The names of the custom tools a Responses request declares. */
export function customToolNames(body: Record<string, unknown>): Set<string> {
  const tools = Array.isArray(body.tools) ? (body.tools as Array<{ type?: unknown; name?: unknown }>) : [];
  return new Set(tools.filter((t) => t?.type === "custom" && typeof t.name === "string").map((t) => t.name as string));
}
