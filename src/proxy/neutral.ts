// The pivot between dialects: what an agent asked for and what a provider answered, in no wire format.
// Inbound dialects (src/inbound/) read requests into it and write answers from it; providers
// (src/providers/) write requests from it and read answers into it. Pass-through calls never touch it.

export interface TextPart {
  type: "text";
  text: string;
}

export interface ImagePart {
  type: "image";
  source: { type: "base64"; mediaType: string; data: string } | { type: "url"; url: string };
}

export interface ToolCallPart {
  type: "tool_call";
  id: string;
  name: string;
  /** The arguments as JSON text, as the model wrote them. */
  arguments: string;
}

export interface ToolResultPart {
  type: "tool_result";
  callId: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
}

/**
 * Reasoning the model showed. `opaque` is the provider's own token for it (Anthropic's signature or
 * redacted data, OpenAI's encrypted_content), tagged with who issued it: it goes back only there.
 */
export interface ReasoningPart {
  type: "reasoning";
  text: string;
  opaque?: ReasoningToken;
}

export interface ReasoningToken {
  issuer: "anthropic" | "openai";
  /** signature: Anthropic's thinking signature; redacted: Anthropic's redacted_thinking data; encrypted: OpenAI's. */
  kind: "signature" | "redacted" | "encrypted";
  data: string;
}

export type Part = TextPart | ImagePart | ToolCallPart | ToolResultPart | ReasoningPart;

/** `tool` messages hold only tool results; system messages only text. */
export interface Message {
  role: "system" | "user" | "assistant" | "tool";
  content: Part[];
}

export interface Tool {
  name: string;
  description?: string;
  /** JSON schema of the arguments. */
  parameters: Record<string, unknown>;
  strict?: boolean;
}

export type ToolChoice = { type: "auto" | "none" | "required" } | { type: "tool"; name: string };

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

export type ResponseFormat =
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: Record<string, unknown>; description?: string; strict?: boolean };

export interface Request {
  messages: Message[];
  tools: Tool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  /** Reasoning asked for: an effort, a token budget, or both (each provider takes what it has). */
  reasoning?: { effort?: ReasoningEffort; budgetTokens?: number };
  responseFormat?: ResponseFormat;
  stream: boolean;
  /** An end-user id for the provider's abuse monitoring. */
  user?: string;
}

export type FinishReason = "stop" | "stop_sequence" | "length" | "tool_calls" | "content_filter" | "pause";

/** Token counts. `inputTokens` includes cached and cache-written input. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

export interface Response {
  id: string;
  /** The model the provider says answered. */
  model: string;
  content: Array<TextPart | ToolCallPart | ReasoningPart>;
  finishReason: FinishReason;
  stopSequence?: string;
  usage: Usage;
}

/**
 * A streamed answer as a sequence of blocks: each block starts, gets deltas, and ends before the next
 * starts, then one `finish`. Providers' stream readers guarantee that order; renderers rely on it.
 */
export type StreamEvent =
  | { type: "start"; id: string; model: string; usage?: Partial<Usage> }
  | { type: "text_start" }
  | { type: "text_delta"; text: string }
  | { type: "reasoning_start" }
  | { type: "reasoning_delta"; text: string }
  | { type: "reasoning_opaque"; token: ReasoningToken }
  | { type: "tool_call_start"; id: string; name: string }
  | { type: "tool_call_delta"; arguments: string }
  | { type: "block_end" }
  /** `usage` is absent when the provider reported none (some compatible servers send no usage chunk). */
  | { type: "finish"; reason: FinishReason; stopSequence?: string; usage?: Usage };

export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0 };
