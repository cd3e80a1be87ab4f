import { errors } from "undici";

/** How a call to a provider failed, as far as the network tells. */
export type UpstreamFailureKind = "timeout" | "refused" | "unresolved" | "reset" | "other";

/** The kind of a failed undici call, and the error code behind "other". */
export function upstreamFailureKind(err: unknown): { kind: UpstreamFailureKind; code: string } {
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError) {
    return { kind: "timeout", code: "timeout" };
  }
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
  switch (code) {
    case "ECONNREFUSED":
      return { kind: "refused", code };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { kind: "unresolved", code };
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
      return { kind: "reset", code };
    default:
      return { kind: "other", code: String(code) };
  }
}
