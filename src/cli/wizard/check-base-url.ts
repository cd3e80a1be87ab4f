import type { ProviderType } from "../../api-types.ts";
import { AppError } from "../../errors.ts";
import { resolveBaseUrl } from "../../services/base-url.ts";
import { upstreamFailureKind } from "../../upstream-failure.ts";

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Whether a provider URL can be used: the form the service accepts, and a server that answers at it
 * (any HTTP status will do; the key is not known yet). True, or what is wrong in plain words.
 */
export async function checkBaseUrl(raw: string, providerType: ProviderType): Promise<true | string> {
  let url: string;
  try {
    url = resolveBaseUrl({ base_url: raw, provider_type: providerType });
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
  try {
    const res = await fetch(url, { method: "GET", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: "manual" });
    await res.body?.cancel();
    return true;
  } catch (err) {
    if ((err as Error).name === "TimeoutError") return `nothing answers at ${url} within ${PROBE_TIMEOUT_MS / 1000} s. Check the URL (and that the server is running).`;
    const { kind, code } = upstreamFailureKind((err as { cause?: unknown }).cause ?? err);
    const why = kind === "refused" ? "connection refused" : kind === "unresolved" ? "host not found" : code;
    return `nothing answers at ${url} (${why}). Check the URL (and that the server is running).`;
  }
}
