import type { AppError } from "../../errors.ts";
import { ANTHROPIC_ERROR_STATUS } from "../../providers/anthropic/errors.ts";
import { errorTypeForStatus } from "../../providers/error-type.ts";

/** Anthropic's name for an error: its own type when that type goes with the status, else the one the status goes with. */
function anthropicType(error: AppError): string {
  if (ANTHROPIC_ERROR_STATUS.get(error.type) === error.status) return error.type;
  return errorTypeForStatus(error.status);
}

function body(error: AppError) {
  return { type: "error", error: { type: anthropicType(error), message: error.message } };
}

/** An error in Anthropic's shape, so Anthropic's SDKs raise the matching error class. */
export function messagesErrorBody(error: AppError): string {
  return JSON.stringify(body(error));
}

/** The final event of a stream that failed after it started, as Anthropic sends one. */
export function messagesStreamError(error: AppError): string {
  return `event: error\ndata: ${JSON.stringify(body(error))}\n\n`;
}

/** The error event an Anthropic stream opened with, if it did. */
export function messagesOpeningError(firstEvent: string): { type: string; message: string } | undefined {
  if (!/^event:\s?error\s*$/m.test(firstEvent) && !firstEvent.includes('"type":"error"')) return undefined;
  const data = /^data:\s?(.*)$/m.exec(firstEvent)?.[1];
  try {
    const error = (JSON.parse(data ?? "") as { type?: unknown; error?: { type?: unknown; message?: unknown } });
    if (error.type !== "error" || !error.error) return undefined;
    return {
      type: typeof error.error.type === "string" ? error.error.type : "api_error",
      message: typeof error.error.message === "string" ? error.error.message : "stream error",
    };
  } catch {
    return undefined;
  }
}
