// Request bodies for the benchmark: a system prompt of the given size and, for agent-sized bodies, tools.

const SENTENCE = "You are a careful assistant. ";

function tools(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `tool_${i}`,
    description: "Runs one step of the agent's work and reports what happened. ".repeat(8),
    schema: { type: "object", properties: { path: { type: "string", description: "A file path." }, count: { type: "integer" } }, required: ["path"] },
  }));
}

/** A system prompt that brings a body with these tools to about `kb` KB. */
function systemPrompt(kb: number, list: unknown[]): string {
  return SENTENCE.repeat(Math.max(1, Math.round((kb * 1024 - JSON.stringify(list).length) / SENTENCE.length)));
}

/** A chat-completions body of about `kb` KB; `toolCount` tools (OpenClaw sends 12). */
export function chatBody(kb: number, toolCount: number, stream: boolean): string {
  const list = tools(toolCount);
  const system = systemPrompt(kb, list);
  return JSON.stringify({
    model: "anything",
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    max_completion_tokens: 256,
    messages: [
      { role: "system", content: system },
      { role: "user", content: "Say something for the benchmark." },
    ],
    ...(toolCount > 0 ? { tools: list.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.schema } })) } : {}),
  });
}

/** A Messages body of about `kb` KB, shaped as Claude Code sends them (system blocks with cache_control, tools). */
export function messagesBody(kb: number, toolCount: number, stream: boolean): string {
  const list = tools(toolCount);
  const system = systemPrompt(kb, list);
  return JSON.stringify({
    model: "anything",
    max_tokens: 256,
    stream,
    system: [{ type: "text", text: system, cache_control: { type: "ephemeral" } }],
    messages: [{ role: "user", content: [{ type: "text", text: "Say something for the benchmark." }] }],
    ...(toolCount > 0 ? { tools: list.map((t) => ({ name: t.name, description: t.description, input_schema: t.schema })) } : {}),
  });
}

/** A Responses body of about `kb` KB, shaped as Codex sends them (developer messages, function tools). */
export function responsesBody(kb: number, toolCount: number, stream: boolean): string {
  const list = tools(toolCount);
  const system = systemPrompt(kb, list);
  return JSON.stringify({
    model: "anything",
    stream,
    store: false,
    max_output_tokens: 256,
    input: [
      { type: "message", role: "developer", content: [{ type: "input_text", text: system }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "Say something for the benchmark." }] },
    ],
    ...(toolCount > 0 ? { tools: list.map((t) => ({ type: "function", name: t.name, description: t.description, parameters: t.schema })) } : {}),
  });
}
