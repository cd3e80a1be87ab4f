import type { OpenAIErrorBody } from "./wire-types.ts";

/** An OpenAI-style provider's error as OpenAI's error shape, naming the profile (some compatible servers send other shapes). */
export function translateOpenAIError(status: number, bodyText: string, profileName: string): OpenAIErrorBody {
  let message = bodyText.slice(0, 500) || `HTTP ${status}`;
  let type = status >= 500 ? "api_error" : "invalid_request_error";
  let param: string | null = null;
  let code: string | null = null;
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
    // not JSON: keep the start of the text
  }
  return { error: { message: `Profile '${profileName}' answered ${status}: ${message}`, type, param, code } };
}
