// Where and how Anthropic's Messages API is called. Pure: builds requests, does no I/O.
import type { UpstreamRequest } from "../types.ts";

export const ANTHROPIC_VERSION = "2023-06-01";

export function anthropicHeaders(apiKey: string): Record<string, string> {
  return { "x-api-key": apiKey, "anthropic-version": ANTHROPIC_VERSION };
}

export function modelListRequest(baseUrl: string, apiKey: string): UpstreamRequest {
  return { url: `${baseUrl}/v1/models?limit=1000`, headers: { ...anthropicHeaders(apiKey), accept: "application/json" } };
}
