import type { ServerResponse } from "node:http";

/** Sends a JSON body, unless the response already started or the client left. */
export function sendJson(res: ServerResponse, status: number, json: string, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json), ...extraHeaders });
  res.end(json);
}

/** An error in OpenAI's shape, so SDKs surface `message` to the agent. */
export function sendOpenAIError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  details: { param?: string | null; code?: string | null } = {},
): void {
  const body = { error: { message, type, param: details.param ?? null, code: details.code ?? null } };
  sendJson(res, status, JSON.stringify(body));
}
