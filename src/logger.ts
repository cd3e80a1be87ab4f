import pino, { type Logger } from "pino";

/**
 * Structured JSON logs. Redaction is a second line of defence: no code path logs a key on purpose.
 * Without a destination, lines go to stdout asynchronously: a line written while the previous write is
 * still in flight joins the next write instead of costing a system call of its own (one line per
 * proxied call adds up), and what is pending is flushed when the process exits.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ["*.authorization", "*.headers.authorization", "*.api_key", "*.apiKey", "*.credentials", "*['x-api-key']"],
        censor: "[redacted]",
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
