import { AppError } from "../errors.ts";
import { ProviderStreamError, UpstreamProtocolError, type Target } from "../providers/types.ts";
import { scrubSecret } from "./scrub-secret.ts";
import { classifyUpstreamError } from "./upstream-errors.ts";

/** The status an error a provider reported in its stream deserves (Anthropic's types name it). */
// A Map: the type is the provider's text, and a type such as `constructor` must find nothing.
const STREAM_ERROR_STATUS = new Map<string, number>([
  ["invalid_request_error", 400],
  ["authentication_error", 401],
  ["permission_error", 403],
  ["not_found_error", 404],
  ["request_too_large", 413],
  ["rate_limit_error", 429],
  ["overloaded_error", 529],
  ["timeout_error", 504],
]);

/** How messages name the profile: with its provider type when the call was translated, which tells the agent where its call went. */
export function profileLabel(target: Target, passThrough: boolean): string {
  return passThrough ? `Profile '${target.profileName}'` : `Profile '${target.profileName}' (${target.providerType})`;
}

/** Why a provider call failed, as the error the agent is told; any text from the provider is scrubbed of the profile's key. */
export function explainFailure(failure: unknown, profile: string, apiKey: string, timeoutMs: number): AppError {
  if (failure instanceof AppError) return failure; // the switcher's own refusal (its body budget spent)
  if (failure instanceof ProviderStreamError) {
    const message = scrubSecret(failure.message, apiKey).replace(/\.+$/, "");
    return new AppError(STREAM_ERROR_STATUS.get(failure.type) ?? 502, failure.type, `${profile} stream failed: ${failure.type}: ${message}.`);
  }
  if (failure instanceof UpstreamProtocolError) return new AppError(502, "upstream_error", `${profile} ${failure.message}.`);
  const { status, type, reason } = classifyUpstreamError(failure, timeoutMs);
  return new AppError(status, type, `${profile} ${reason}.`);
}
