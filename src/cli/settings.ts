import { mkdir, readFile as readFileAsync } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dotenv from "dotenv";
import { renderEnv, writeEnvAtomically } from "./wizard/env-file.ts";

export interface CliSettings {
  url: string;
  adminKey: string | undefined;
  agentKey: string | undefined;
  /** Where each setting came from, for messages: "SWITCHER_URL", the config file's path, or "the default". */
  urlSource: string;
  configFile: string;
}

type Env = Record<string, string | undefined>;

export const DEFAULT_URL = "http://127.0.0.1:8080";

/** Reads a dotenv-format file; missing or unreadable is empty. */
function readEnvLike(file: string): Record<string, string> {
  try {
    return dotenv.parse(readFileSync(file, "utf8"));
  } catch {
    return {};
  }
}

/** Reads `.env` in `dir` (if any). */
export function readEnvFile(dir: string): Record<string, string> {
  return readEnvLike(path.join(dir, ".env"));
}

/** The CLI's own settings file: SWITCHER_CONFIG, else $XDG_CONFIG_HOME/model-switcher/config.env, else ~/.config/… */
export function configFilePath(env: Env = process.env): string {
  if (env.SWITCHER_CONFIG) return path.resolve(env.SWITCHER_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "model-switcher", "config.env");
}

/**
 * The CLI's settings, from one place: the environment (SWITCHER_URL, ROUTER_ADMIN_KEY, ROUTER_AGENT_KEY),
 * then the user config file (written by the wizard), then the default URL. The working folder does not
 * matter, so the CLI works the same from anywhere.
 */
export function cliSettings(env: Env = process.env): CliSettings {
  const configFile = configFilePath(env);
  const file = readEnvLike(configFile);
  const pick = (name: string) => env[name] || file[name] || undefined;
  const urlSource = env.SWITCHER_URL ? "SWITCHER_URL" : file.SWITCHER_URL ? configFile : "the default";
  return {
    url: (pick("SWITCHER_URL") ?? DEFAULT_URL).replace(/\/+$/, ""),
    adminKey: pick("ROUTER_ADMIN_KEY"),
    agentKey: pick("ROUTER_AGENT_KEY"),
    urlSource,
    configFile,
  };
}

/** The URL a service configured by `env` (its .env) listens on, as seen from this machine. */
export function serviceUrl(env: Env): string {
  const host = !env.HOST || env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  return `http://${host.includes(":") ? `[${host}]` : host}:${env.PORT || "8080"}`;
}

/** Writes the CLI's config file (owner-only, whole or not at all); returns whether it changed. */
export async function writeCliConfig(file: string, values: Record<string, string>): Promise<boolean> {
  const text = renderEnv(values, "# Written by `npm run wizard`: where the switcher CLI finds the service and its keys. Keep it secret.");
  const current = await readFileAsync(file, "utf8").catch(() => undefined);
  if (current === text) return false;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeEnvAtomically(path.dirname(file), text, path.basename(file));
  return true;
}
