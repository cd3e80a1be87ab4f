import type { ServerResponse } from "node:http";

/** Sends a JSON body, unless the response already started or the client left. */
export function sendJson(res: ServerResponse, status: number, json: string, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json), ...extraHeaders });
  res.end(json);
}
