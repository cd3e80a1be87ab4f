import type { AppError } from "../errors.ts";
import type { BodyScan } from "../proxy/body-scan.ts";
import type { Request, Response, StreamEvent, Usage } from "../proxy/neutral.ts";

/** The APIs agents speak to the switcher. */
export type DialectId = "chat" | "messages" | "responses";

/** What renderers put in answers: the model the agent's call was routed to, and when it was answered. */
export interface AnswerContext {
  model: string;
  created: number;
}

/** Writes a translated stream in the agent's dialect, one neutral event at a time. */
export interface StreamRenderer {
  event(event: StreamEvent): string;
  /** The final frame of a stream that failed after it started. */
  fail(error: AppError): string;
}

/** One inbound dialect. Pure: reads and writes data, performs no I/O. */
export type StreamEnding = "complete" | "failed" | "cut";

export interface InboundDialect {
  id: DialectId;
  /**
   * Checks the body's top-level values enough to route it (throws a 400 AppError) and tells whether it
   * streams. It sees their kinds, not the parsed body: a pass-through never parses the body.
   */
  check(body: BodyScan): { stream: boolean };
  /**
   * The top-level keys the prompt hash covers: with one key, SHA-256 of JSON.stringify(its value);
   * with several, of JSON.stringify([value or null, ...]).
   */
  promptKeys: readonly string[];
  /** Top-level values a body passed through always goes out with, besides the active model. */
  passThroughValues: Readonly<Record<string, unknown>>;
  /** The request in neutral form, for a target of another dialect; throws a 400 AppError naming what to change. */
  toNeutral(body: Record<string, unknown>, targetName: string): Request;
  renderAnswer(answer: Response, context: AnswerContext, body: Record<string, unknown>): string;
  streamRenderer(context: AnswerContext, body: Record<string, unknown>): StreamRenderer;
  errorBody(error: AppError): string;
  /** The final frame of a relayed (pass-through) stream that failed midway. */
  streamErrorFrame(error: AppError): string;
  /** What its answers are called, in messages: "a chat completion". */
  answerName: string;
  /** Whether a relayed 2xx non-stream body is an answer of this dialect (else the provider broke its promise). */
  isAnswer(body: unknown): boolean;
  /** Usage in a body or stream passed through unchanged; undefined when absent or not valid. */
  usageOfAnswer(body: unknown): Usage | undefined;
  usageOfStream(head: string, tail: string): Usage | undefined;
  /**
   * How a relayed stream ended, read from its last bytes: with the event that completes an answer, with
   * the provider's own error event (already relayed to the agent), or cut short with neither.
   */
  streamEnding(tail: string): StreamEnding;
  /** An error a relayed stream opened with, as the provider worded it (so a real status can be sent). */
  openingError(firstEvent: string): { type: string; message: string } | undefined;
}
