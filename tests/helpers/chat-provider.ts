import type { ServerResponse } from "node:http";

/** A chat completion as an OpenAI-style provider answers one. */
export function chatCompletion(message: Record<string, unknown>, finish = "stop", usage: Record<string, unknown> = { prompt_tokens: 30, completion_tokens: 7, total_tokens: 37 }) {
  return { id: "chatcmpl-1", object: "chat.completion", created: 1, model: "served-model", choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finish }], usage };
}

/** Writes chat.completion.chunk events (then [DONE]) as a provider streams them. */
export function streamChunks(res: ServerResponse, chunks: Array<Record<string, unknown>>, done = true): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const chunk of chunks) res.write(`data: ${JSON.stringify({ id: "chatcmpl-s", object: "chat.completion.chunk", created: 1, model: "served-model", ...chunk })}\n\n`);
  res.end(done ? "data: [DONE]\n\n" : "");
}

export const delta = (d: Record<string, unknown>, finish: string | null = null) => ({ choices: [{ index: 0, delta: d, finish_reason: finish }] });
