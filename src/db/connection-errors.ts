// Driver and Prisma codes meaning "the database did not answer", as opposed to "it refused this query".
const NETWORK_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE",
  "57P01", "57P02", "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
  "08000", "08001", "08003", "08004", "08006", // connection_exception class
  "P1001", "P1002", "P1017", "P2024", // Prisma: cannot reach, timed out, server closed, pool timeout
]);
const NETWORK_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|server closed the connection|database does not answer|ECONNREFUSED|ECONNRESET/i;

/** Whether an error (or anything in its cause chain) says the database could not be reached. */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 8; depth++) {
    const { code, message, cause, originalCode, kind, meta } = e as Record<string, unknown>;
    if ((typeof code === "string" && NETWORK_CODES.has(code)) || (typeof originalCode === "string" && NETWORK_CODES.has(originalCode))) return true;
    if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed" || kind === "SocketTimeout") return true;
    if (typeof message === "string" && NETWORK_MESSAGES.test(message)) return true;
    // Prisma reports a driver's error inside a known request error's meta (P2039, e.g. 57P01 when
    // Postgres ends the connection), not as its cause.
    e = cause ?? (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
  }
  return false;
}
