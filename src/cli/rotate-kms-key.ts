// `npm run rotate-kms-key`: re-seal every stored provider key under a new ROUTER_KMS_KEY, all or nothing.
import { ConfigError, loadConfig } from "../config.ts";
import { deriveSealingKey } from "../crypto/credentials.ts";
import { rotateSealingKey } from "../crypto/rotate-sealing-key.ts";
import { openDatabase } from "../db/database.ts";
import { createLogger } from "../logger.ts";
import { EXIT } from "./call.ts";

const HELP = `Usage: npm run rotate-kms-key

Re-seals every profile's provider key under ROUTER_KMS_KEY (the new key), opening them with
ROUTER_KMS_KEY_OLD (the key the service used until now; when unset, the key derived from
ROUTER_ADMIN_KEY, which the service uses without ROUTER_KMS_KEY). Both come from the environment or
.env. It is all or nothing: on any failure nothing changes and every key stays readable with the old one.

1. stop the service (the embedded database allows one process at a time)
2. in .env: ROUTER_KMS_KEY_OLD=<the current ROUTER_KMS_KEY>, ROUTER_KMS_KEY=$(openssl rand -base64 32)
3. npm run rotate-kms-key
4. remove ROUTER_KMS_KEY_OLD from .env and start the service`;

async function run(): Promise<string> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) return HELP;
  const config = loadConfig();
  if (!config.kmsKey) throw new ConfigError("ROUTER_KMS_KEY (the new key) is not set. Generate one with `openssl rand -base64 32`.");
  const oldKey = deriveSealingKey(config.kmsKeyOld, config.adminKey);
  if (oldKey.equals(config.kmsKey)) throw new ConfigError("ROUTER_KMS_KEY_OLD and ROUTER_KMS_KEY are the same key: set ROUTER_KMS_KEY to a new one.");
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: createLogger("warn") });
  try {
    const { resealed, alreadyNew } = await rotateSealingKey(database.prisma, oldKey, config.kmsKey);
    const already = alreadyNew > 0 ? ` (${alreadyNew} already were)` : "";
    return `Re-sealed ${resealed} profile key(s) under the new ROUTER_KMS_KEY${already}. Remove ROUTER_KMS_KEY_OLD from .env and start the service.`;
  } finally {
    await database.close();
  }
}

run().then(
  (text) => process.stdout.write(`${text}\n`),
  (err: unknown) => {
    const usage = err instanceof ConfigError;
    process.stderr.write(`rotate-kms-key: ${(err as Error).message}${usage ? "" : "\nNothing was changed."}\n`);
    process.exitCode = usage ? EXIT.usage : EXIT.failed;
  },
);
