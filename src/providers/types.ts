import type { BodyLayout } from "../proxy/body-layout.ts";
import type { ChatCompletionRequest, ChatUsage, OpenAIErrorBody } from "./openai/wire-types.ts";

/** A request to a provider, as pure data: the caller performs it. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Where an agent's calls go: resolved from its active profile and model. */
export interface ChatTarget {
  profileName: string;
  baseUrl: string;
  apiKey: string;
  modelName: string;
  maxTokens: number | null;
}

/** A provider's 2xx non-stream answer, ready to send to the agent. */
export interface TranslatedCompletion {
  json: string;
  usage: ChatUsage | undefined;
}

/** Turns a provider's stream into OpenAI SSE text, one piece of input at a time. */
export interface StreamTranslator {
  /** Feeds raw bytes of the provider's stream; returns SSE text to send (may be empty). */
  push(text: string): string;
  /** Called when the provider's stream ended; returns what is left to send, or an error if it ended early. */
  end(): { text: string; error?: string };
  usage(): ChatUsage | undefined;
}

/** An agent's chat call as the proxy read it. */
export interface ChatCall {
  body: ChatCompletionRequest;
  /** The body's bytes as the agent sent them (pass-through adapters splice rather than re-serialise). */
  raw: Buffer;
  /** Where things are in `raw`; undefined when it could not be scanned. */
  layout: BodyLayout | undefined;
  /** The agent's headers that may be passed on (see proxy/headers.ts). */
  forwardedHeaders: Record<string, string>;
}

/** One provider's chat translation. Pure: builds and reads data, performs no I/O. */
export interface ChatAdapter {
  chatRequest(target: ChatTarget, call: ChatCall): UpstreamRequest;
  /** The agent's completion from a 2xx body, or undefined when the body is not what the provider promised. */
  completion(bodyText: string, target: ChatTarget, created: number): TranslatedCompletion | undefined;
  /** A translator for streamed answers, or undefined when the provider already speaks OpenAI SSE. */
  streamTranslator(target: ChatTarget, created: number, includeUsage: boolean): StreamTranslator | undefined;
  error(status: number, bodyText: string, profileName: string): OpenAIErrorBody;
}
