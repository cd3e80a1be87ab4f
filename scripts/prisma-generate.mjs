// Generates the Prisma client into src/db/prisma-client (runs after `npm install`).
// `prisma generate` never runs the schema engine, but the CLI insists on finding one and
// downloads it when absent; pointing it at an existing file keeps generate offline.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const cli = require.resolve("prisma/build/index.js");
execFileSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
