import pino, { type Logger } from "pino";

/** A pino logger whose lines the test can read. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>>; text(): string } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines, text: () => lines.map((l) => JSON.stringify(l)).join("\n") };
}
