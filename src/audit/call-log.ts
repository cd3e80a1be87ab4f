import type { Logger } from "pino";
import type { RequestAudit } from "./audit-queue.ts";

/** The one info line per proxied call: who, where, how it went and what it used. Never a prompt or a key. */
export function logCall(logger: Logger, call: RequestAudit): void {
  logger.info(
    {
      agent: call.agentId,
      profile: call.profileName,
      model: call.modelName,
      provider_type: call.providerType,
      dialect: call.dialect,
      stream: call.stream,
      status: call.status,
      latency_ms: call.latencyMs,
      input_tokens: call.promptTokens,
      output_tokens: call.completionTokens,
      cached_tokens: call.cachedTokens,
      ...(call.errorType ? { error_type: call.errorType } : {}),
    },
    "proxied call",
  );
}
