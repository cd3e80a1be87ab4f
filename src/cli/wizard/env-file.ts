import { createHash, randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";

export const generateKey = (prefix: string) => `${prefix}-${randomBytes(24).toString("base64url")}`;

/** The sealing key the service derives when ROUTER_KMS_KEY is unset, written out so it survives key rotation. */
export const derivedKmsKey = (adminKey: string) => createHash("sha256").update(adminKey, "utf8").digest().toString("base64");

export interface EnvChoices {
  rotateKeys: boolean;
  port: string;
  databaseUrl: string | undefined;
}

/**
 * The new .env values: existing keys are kept unless rotation is asked for; a missing ROUTER_KMS_KEY
 * is set to the key the service was already deriving, so stored credentials stay readable.
 */
export function nextEnv(existing: Record<string, string>, choices: EnvChoices): Record<string, string> {
  const env = { ...existing };
  if (!env.ROUTER_KMS_KEY) {
    env.ROUTER_KMS_KEY = env.ROUTER_ADMIN_KEY ? derivedKmsKey(env.ROUTER_ADMIN_KEY) : randomBytes(32).toString("base64");
  }
  if (choices.rotateKeys || !env.ROUTER_ADMIN_KEY) env.ROUTER_ADMIN_KEY = generateKey("admin");
  if (choices.rotateKeys || !env.ROUTER_AGENT_KEY) env.ROUTER_AGENT_KEY = generateKey("agent");
  env.PORT = choices.port;
  env.HOST ??= "127.0.0.1";
  env.DATA_DIR ??= "./data";
  if (choices.databaseUrl) env.DATABASE_URL = choices.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

const quote = (value: string) => (/^[\w@%+=:,./-]*$/.test(value) ? value : JSON.stringify(value));

export function renderEnv(env: Record<string, string>, header = "# Written by `npm run wizard`. Keep this file secret: it holds the switcher's keys."): string {
  const lines = [header, ""];
  for (const [name, value] of Object.entries(env)) lines.push(`${name}=${quote(value)}`);
  return `${lines.join("\n")}\n`;
}

/** Writes .env (or `name`) whole or not at all (temporary file, then rename), readable by its owner only. */
export async function writeEnvAtomically(dir: string, text: string, name = ".env"): Promise<void> {
  const target = path.join(dir, name);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, target);
}
