import type { AppError } from "../../errors.ts";
import { chatErrorBody, chatOpeningError } from "../chat/errors.ts";

/** A short code for a failed response, as Responses names them (`server_error`, `rate_limit_exceeded`, …). */
export function responsesErrorCode(error: AppError): string {
  if (error.code) return error.code;
  if (error.status === 429) return "rate_limit_exceeded";
  if (error.status === 504) return "timeout";
  return error.status >= 500 ? "server_error" : "invalid_request";
}

/** Responses answers errors in OpenAI's shape, like chat completions. */
export const responsesErrorBody = chatErrorBody;

/** The final frame of a relayed Responses stream that failed midway: an `error` event the SDKs raise. */
export function responsesStreamError(error: AppError): string {
  const code = responsesErrorCode(error);
  return `event: error\ndata: ${JSON.stringify({ type: "error", code, message: error.message, param: null, error: { type: error.type, code, message: error.message, param: null } })}\n\n`;
}

/** The `error` or `response.failed` event a Responses stream opened with, if it did. */
export function responsesOpeningError(firstEvent: string): { type: string; message: string } | undefined {
  if (!/"type":\s*"(error|response\.failed)"/.test(firstEvent)) return chatOpeningError(firstEvent);
  const data = /^data:\s?(.*)$/m.exec(firstEvent)?.[1];
  try {
    const event = JSON.parse(data ?? "") as { type?: string; code?: unknown; message?: unknown; response?: { error?: { code?: unknown; message?: unknown } } };
    const error = event.type === "response.failed" ? event.response?.error : event;
    return {
      type: typeof error?.code === "string" ? error.code : "api_error",
      message: typeof error?.message === "string" ? error.message : "the response failed",
    };
  } catch {
    return undefined;
  }
}
