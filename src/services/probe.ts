import { request } from "undici";
import type { ProbeResult, ProviderType } from "../api-types.ts";
import { maskApiKey } from "../crypto/credentials.ts";
import type { Profile } from "../db/prisma-client/client.ts";
import { AppError } from "../errors.ts";
import { anthropicProbeRequest, readAnthropicProbeAnswer } from "../providers/anthropic/probe.ts";
import { openaiProbeRequest, readOpenAIProbeAnswer, type ProbeTarget, type ProbeVerdict } from "../providers/openai/probe.ts";
import type { UpstreamRequest } from "../providers/types.ts";
import { scrubSecret } from "../proxy/scrub-secret.ts";
import { upstreamFailureKind } from "../upstream-failure.ts";
import type { ServiceContext } from "./context.ts";
import { getProfileById, profileCredentials } from "./profiles.ts";

/** A verified switch waits for the probe at most this long (less when UPSTREAM_TIMEOUT_MS is lower). */
export const PROBE_TIMEOUT_CAP_MS = 10_000;
/** A one-token answer is small; anything past this is not read. */
const MAX_PROBE_ANSWER_BYTES = 64 * 1024;

interface ProbeDialect {
  request(target: ProbeTarget): UpstreamRequest;
  read(status: number, bodyText: string): ProbeVerdict;
}

const dialects: Record<ProviderType, ProbeDialect> = {
  openai: { request: (t) => openaiProbeRequest(t, "max_completion_tokens"), read: readOpenAIProbeAnswer },
  openai_compatible: { request: (t) => openaiProbeRequest(t, "max_tokens"), read: readOpenAIProbeAnswer },
  anthropic: { request: anthropicProbeRequest, read: readAnthropicProbeAnswer },
};

async function readCapped(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_PROBE_ANSWER_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_PROBE_ANSWER_BYTES).toString("utf8");
}

function networkFailure(err: unknown, timeoutMs: number): Pick<ProbeResult, "reason" | "message"> {
  const name = (err as Error | undefined)?.name;
  if (name === "TimeoutError" || name === "AbortError") return { reason: "timeout", message: `no answer within ${timeoutMs} ms` };
  const { kind, code } = upstreamFailureKind(err);
  switch (kind) {
    case "timeout":
      return { reason: "timeout", message: `no answer within ${timeoutMs} ms` };
    case "refused":
      return { reason: "unreachable", message: "connection refused" };
    case "unresolved":
      return { reason: "unreachable", message: "provider host not found" };
    case "reset":
      return { reason: "unreachable", message: "connection reset by the provider" };
    default:
      return { reason: "unreachable", message: `request failed (${code})` };
  }
}

/**
 * Sends the profile's provider a one-token request for the model, in its own dialect, and reports what
 * happened. Never throws for provider failures; the profile's key never appears in the result.
 */
export async function probeModel(ctx: ServiceContext, profile: Profile, modelName: string): Promise<ProbeResult> {
  const { api_key: apiKey } = profileCredentials(ctx, profile);
  const dialect = dialects[profile.providerType];
  const upstream = dialect.request({ baseUrl: profile.baseUrl, apiKey, modelName });
  const timeoutMs = Math.min(ctx.upstreamTimeoutMs, PROBE_TIMEOUT_CAP_MS);
  const started = performance.now();
  let outcome: Pick<ProbeResult, "ok" | "status" | "reason" | "message">;
  try {
    const res = await request(upstream.url, {
      method: "POST",
      headers: upstream.headers,
      body: upstream.body,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const verdict = dialect.read(res.statusCode, await readCapped(res.body));
    outcome = verdict.ok
      ? { ok: true, status: res.statusCode, reason: null, message: null }
      : { ok: false, status: res.statusCode, reason: verdict.reason, message: verdict.message };
  } catch (err) {
    outcome = { ok: false, status: null, ...networkFailure(err, timeoutMs) };
  }
  const scrubbed = outcome.message === null ? null : scrubSecret(outcome.message, apiKey, { mask: maskApiKey(apiKey), max: 300 });
  return {
    ...outcome,
    message: scrubbed,
    profile_name: profile.profileName,
    model_name: modelName,
    latency_ms: Math.round(performance.now() - started),
  };
}

/** POST /admin/profiles/{id}/test: the probe on demand. */
export async function testProfile(ctx: ServiceContext, profileId: string, modelName: string): Promise<ProbeResult> {
  return probeModel(ctx, await getProfileById(ctx, profileId), modelName);
}

/** A verified switch whose probe failed: 424 with the probe, so the caller sees the provider's status and reason. */
export class VerificationFailed extends AppError {
  constructor(readonly probe: ProbeResult) {
    const how = probe.status === null ? probe.reason : `HTTP ${probe.status}, ${probe.reason}`;
    super(
      424,
      "verification_failed",
      `Profile '${probe.profile_name}' did not accept model '${probe.model_name}' (${how}): ${probe.message}. Nothing was changed.`,
    );
  }

  override toBody() {
    return { error: { type: this.type, message: this.message, code: this.probe.reason ?? "unknown" }, probe: this.probe };
  }
}

/** Probes the target and throws VerificationFailed unless it answered. */
export async function verifyTarget(ctx: ServiceContext, profile: Profile, modelName: string): Promise<ProbeResult> {
  const probe = await probeModel(ctx, profile, modelName);
  if (!probe.ok) throw new VerificationFailed(probe);
  return probe;
}
