// Where and how an OpenAI-compatible API is called. Pure: builds requests, does no I/O.
import type { UpstreamRequest } from "../types.ts";

export function modelListRequest(baseUrl: string, apiKey: string): UpstreamRequest {
  return { url: `${baseUrl}/models`, headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" } };
}
