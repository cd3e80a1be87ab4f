import type { ProviderType } from "../api-types.ts";
import * as anthropicApi from "./anthropic/api.ts";
import { anthropicChat } from "./anthropic/chat.ts";
import * as openaiApi from "./openai/api.ts";
import { openaiChat } from "./openai/chat.ts";
import type { ChatAdapter, UpstreamRequest } from "./types.ts";

export interface ProviderAdapter {
  modelListRequest(baseUrl: string, apiKey: string): UpstreamRequest;
  chat: ChatAdapter;
}

/** Each provider type and the adapter that speaks its API. */
export const providers: Record<ProviderType, ProviderAdapter> = {
  openai: { ...openaiApi, chat: openaiChat },
  openai_compatible: { ...openaiApi, chat: openaiChat },
  anthropic: { ...anthropicApi, chat: anthropicChat },
};
