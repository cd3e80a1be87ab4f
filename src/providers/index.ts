import type { ProviderType } from "../api-types.ts";
import * as anthropic from "./anthropic/api.ts";
import * as openai from "./openai/api.ts";
import type { UpstreamRequest } from "./types.ts";

export interface ProviderApi {
  modelListRequest(baseUrl: string, apiKey: string): UpstreamRequest;
}

/** Each provider type and the adapter that speaks its API. */
export const providers: Record<ProviderType, ProviderApi> = {
  openai,
  openai_compatible: openai,
  anthropic,
};
