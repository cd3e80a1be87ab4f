import { errorTypeForStatus } from "../error-type.ts";
import type { ProviderError } from "../types.ts";

/** An OpenAI-style error body in its own words (some compatible servers send other shapes, or text). */
export function readOpenAIError(status: number, bodyText: string): ProviderError {
  let message = bodyText || `HTTP ${status}`;
  let type = errorTypeForStatus(status);
  let param: string | undefined;
  let code: string | undefined;
  try {
    const parsed = JSON.parse(bodyText) as { error?: unknown; message?: unknown };
    const error = parsed.error as { message?: unknown; type?: unknown; param?: unknown; code?: unknown } | string | undefined;
    if (typeof error === "string") message = error;
    else if (error && typeof error.message === "string") {
      message = error.message;
      if (typeof error.type === "string") type = error.type;
      if (typeof error.param === "string") param = error.param;
      if (typeof error.code === "string") code = error.code;
    } else if (typeof parsed.message === "string") message = parsed.message;
  } catch {
    // not JSON: the text itself (cut short, once scrubbed of the key, where it reaches an agent)
  }
  return { type, message, ...(param ? { param } : {}), ...(code ? { code } : {}) };
}
