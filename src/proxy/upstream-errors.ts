import { errors } from "undici";

export interface UpstreamFailure {
  status: 502 | 504;
  type: string;
  reason: string;
}

/** What a failed upstream call means for the agent: 504 when the provider was too slow, else 502. */
export function classifyUpstreamError(err: unknown, timeoutMs: number): UpstreamFailure {
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError) {
    return { status: 504, type: "timeout", reason: `did not answer within ${timeoutMs} ms (UPSTREAM_TIMEOUT_MS)` };
  }
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  switch (code) {
    case "ECONNREFUSED":
      return { status: 502, type: "upstream_error", reason: "refused the connection" };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { status: 502, type: "upstream_error", reason: "host name could not be resolved" };
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
      return { status: 502, type: "upstream_error", reason: "closed or reset the connection" };
    default:
      return { status: 502, type: "upstream_error", reason: `could not be reached (${code ?? (err as Error).message})` };
  }
}
