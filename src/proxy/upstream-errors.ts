import { upstreamFailureKind } from "../upstream-failure.ts";

export interface UpstreamFailure {
  status: 502 | 504;
  type: string;
  reason: string;
}

/** What a failed provider call means for the agent: 504 when the provider was too slow, else 502. */
export function classifyUpstreamError(err: unknown, timeoutMs: number): UpstreamFailure {
  const { kind, code } = upstreamFailureKind(err);
  switch (kind) {
    case "timeout":
      return { status: 504, type: "timeout", reason: `did not answer within ${timeoutMs} ms (UPSTREAM_TIMEOUT_MS)` };
    case "refused":
      return { status: 502, type: "upstream_error", reason: "refused the connection" };
    case "unresolved":
      return { status: 502, type: "upstream_error", reason: "host name could not be resolved" };
    case "reset":
      return { status: 502, type: "upstream_error", reason: "closed or reset the connection" };
    default:
      return { status: 502, type: "upstream_error", reason: `could not be reached (${code})` };
  }
}
