import { readFileSync } from "node:fs";
import path from "node:path";
import dotenv from "dotenv";

export interface CliSettings {
  url: string;
  adminKey: string | undefined;
  agentKey: string | undefined;
}

/** Reads `.env` in `dir` (if any) under the real environment, as the service does. */
export function readEnvFile(dir: string): Record<string, string> {
  try {
    return dotenv.parse(readFileSync(path.join(dir, ".env"), "utf8"));
  } catch {
    return {};
  }
}

/** Where the service listens and which keys to use: SWITCHER_URL, else HOST:PORT from the environment or .env. */
export function cliSettings(dir = process.cwd(), env: Record<string, string | undefined> = process.env): CliSettings {
  const merged = { ...readEnvFile(dir), ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")) };
  const host = !merged.HOST || merged.HOST === "0.0.0.0" || merged.HOST === "::" ? "127.0.0.1" : merged.HOST;
  const url = merged.SWITCHER_URL ?? `http://${host.includes(":") ? `[${host}]` : host}:${merged.PORT || "8080"}`;
  return { url: url.replace(/\/+$/, ""), adminKey: merged.ROUTER_ADMIN_KEY, agentKey: merged.ROUTER_AGENT_KEY };
}
