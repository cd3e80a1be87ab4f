import pino, { type Logger } from "pino";

/** Structured JSON logs. Redaction is a second line of defence: no code path logs a key on purpose. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    redact: {
      paths: ["*.authorization", "*.headers.authorization", "*.api_key", "*.apiKey", "*.credentials", "*['x-api-key']"],
      censor: "[redacted]",
    },
  }, destination);
}
