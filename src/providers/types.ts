import type { ProviderType } from "../api-types.ts";
import type { DialectId } from "../inbound/types.ts";
import type { Request, Response, StreamEvent } from "../proxy/neutral.ts";
import type { AgentStrings } from "../proxy/agent-strings.ts";

/** A request to a provider, as pure data: the caller performs it. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Where an agent's calls go: resolved from its active profile and model. */
export interface Target {
  profileName: string;
  providerType: ProviderType;
  baseUrl: string;
  apiKey: string;
  modelName: string;
  maxTokens: number | null;
  /** Whether the profile serves OpenAI's Responses API at {baseUrl}/responses (else Responses agents are translated). */
  speaksResponses: boolean;
}

/** An agent's call that goes to the provider in the agent's own dialect. */
export interface PassThroughCall {
  dialect: DialectId;
  /** `count_tokens`: Anthropic's token count for a Messages body, not a generation. */
  operation: "generate" | "count_tokens";
  /** The agent's body as it goes out: its own bytes but for the values the switcher sets (proxy/with-values.ts). */
  body: Buffer | string;
  /** The agent's headers that may be passed on (see proxy/headers.ts). */
  forwardedHeaders: Record<string, string>;
}

/** The provider broke its own protocol (a body or event that is not what it promised). */
export class UpstreamProtocolError extends Error {}

/** The provider reported an error inside a stream (Anthropic's `event: error`, an OpenAI `{"error":…}` chunk). */
export class ProviderStreamError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a provider's stream, fed as text in pieces of any size, into neutral events; throws on a broken stream. */
export interface StreamReader {
  push(text: string): StreamEvent[];
  /** The provider's stream ended: what is left, or a throw when it ended before the answer was complete. */
  end(): StreamEvent[];
}

/** What a provider's error body said, in its own words. */
export interface ProviderError {
  type: string;
  message: string;
  param?: string;
  code?: string;
}

/** One provider type: its facts and its API. Pure: builds and reads data, performs no I/O. */
export interface ProviderAdapter {
  /** The provider's answer headers worth passing back to the agent (request ids, rate limits). */
  returnedHeaders: RegExp;
  modelListRequest(baseUrl: string, apiKey: string): UpstreamRequest;
  /** Whether an agent speaking `dialect` is sent to this profile as it is. */
  passesThrough(dialect: DialectId, target: Target): boolean;
  passThroughRequest(target: Target, call: PassThroughCall): UpstreamRequest;
  /** A translated call; throws a 400 AppError for what this provider cannot honour. `strings`: the
   *  agent's long strings, written back as the agent's own bytes. */
  request(target: Target, request: Request, strings: AgentStrings): UpstreamRequest;
  /** A 2xx non-stream body of a translated call; throws UpstreamProtocolError when it is not one. */
  readAnswer(text: string, asked: Request, target: Target): Response;
  streamReader(asked: Request, target: Target): StreamReader;
  readError(status: number, text: string): ProviderError;
}
