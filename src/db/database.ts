import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import type { Logger } from "pino";
import { checkDataDir } from "./data-dir-check.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { applyMigrations, type SqlSession } from "./migrate.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { PrismaClient } from "./prisma-client/client.ts";

export type DatabaseKind = "pglite" | "postgres";
export type Scalar = string | number | boolean | null;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A CSV field as COPY reads it: unquoted empty is NULL, quoted text is taken literally. */
function csvField(value: Scalar): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /**
   * Appends rows to a table in one statement on the driver directly, bypassing Prisma: for bulk writes
   * fed by the hot path, where Prisma's per-parameter work costs more than the insert itself.
   */
  bulkInsert(table: string, columns: string[], rows: ReadonlyArray<ReadonlyArray<Scalar>>): Promise<void>;
  /** Runs one statement outside Prisma (version checks, retention, readiness). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `select 1`; throws when the database does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A Postgres URL, or undefined for the embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  logger: Logger;
  /** How long start-up waits for Postgres to answer (default 30 s). */
  connectTimeoutMs?: number;
}

const PING_TIMEOUT_MS = 2_000;
// Each pool connection attempt gives up after this; a query then fails fast instead of hanging.
const POOL_CONNECT_TIMEOUT_MS = 5_000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: the database does not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** host:port/database of a Postgres URL, for logs: never its user or password. */
function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Connects, retrying until `timeoutMs`: Postgres often starts after us (Compose, Kubernetes). */
async function connectWithin(pool: pg.Pool, url: string, timeoutMs: number, logger: Logger): Promise<pg.PoolClient> {
  const where = describeUrl(url);
  const deadline = Date.now() + timeoutMs;
  logger.info({ database: where, timeoutMs }, "waiting for Postgres");
  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.connect();
    } catch (err) {
      const reason = (err as Error).message;
      if (Date.now() + 1_000 >= deadline) {
        throw new Error(`Cannot connect to DATABASE_URL (${where}) within ${timeoutMs} ms (DATABASE_CONNECT_TIMEOUT_MS): ${reason}`);
      }
      logger.warn({ database: where, attempt, err: reason }, "Postgres is not answering yet; retrying");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

async function openPostgres(url: string, logger: Logger, connectTimeoutMs: number): Promise<Database> {
  const [{ default: postgres }, { PrismaPg }] = await Promise.all([import("pg"), import("@prisma/adapter-pg")]);
  const pool = new postgres.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: Math.min(connectTimeoutMs, POOL_CONNECT_TIMEOUT_MS),
    keepAlive: true,
  });
  pool.on("error", (err) => logger.warn({ err: err.message }, "idle Postgres connection failed"));
  const client = await connectWithin(pool, url, connectTimeoutMs, logger).catch(async (err: Error) => {
    await pool.end().catch(() => undefined);
    throw err;
  });
  const session: SqlSession = {
    exec: async (sql) => void (await client.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
  };
  try {
    await applyMigrations(session, logger);
  } finally {
    client.release();
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    // The table's own row type types the JSON; the server does the conversion natively.
    bulkInsert: async (table, columns, rows) => {
      const list = columns.map(quoteIdent).join(", ");
      const json = JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))));
      await pool.query(`INSERT INTO ${quoteIdent(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quoteIdent(table)}, $1::json)`, [json]);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    ping: async (timeoutMs = PING_TIMEOUT_MS) => void (await withTimeout(pool.query("select 1"), timeoutMs, "ping")),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

// PGlite's own start parameters plus smaller buffers: its 128 MB shared_buffers default is most of
// its resident memory, and a switcher's working set (profiles, models, agents, recent audit) is tiny.
// `-F` (fsync off) is PGlite's default and is kept: its file system never calls fsync either way
// (measured with strace), so each commit reaches the OS with write(2) but not the disk (README, Data).
const PGLITE_START_PARAMS = [
  "--single", "-F", "-O", "-j",
  "-c", "search_path=public", "-c", "exit_on_error=false", "-c", "log_checkpoints=false",
  "-c", "max_worker_processes=0", "-c", "max_parallel_workers=0", "-c", "max_parallel_workers_per_gather=0",
  "-c", "max_parallel_maintenance_workers=0", "-c", "io_method=sync",
  "-c", "shared_buffers=16MB", "-c", "work_mem=2MB", "-c", "wal_buffers=1MB", "-c", "temp_buffers=2MB",
];

/**
 * Creates a new database in `dataDir` in a child process: initdb's memory is never returned to the OS,
 * and in our own process it would stay part of the service's resident memory for good.
 */
async function initialisePglite(dataDir: string): Promise<void> {
  // The package is resolved from PACKAGE_ROOT (the child's working folder), not with import.meta.resolve,
  // which vitest's module runner (tests' global setup makes the template database here) does not support.
  const script = `const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create(process.argv[1]); await db.close();`;
  // --liftoff-only: initdb runs once; compiling it without optimisation makes the whole run faster.
  await promisify(execFile)(process.execPath, ["--liftoff-only", "--input-type=module", "-e", script, path.resolve(dataDir)], {
    timeout: 120_000,
    cwd: PACKAGE_ROOT,
  });
}

async function openPglite(dataDir: string, logger: Logger): Promise<Database> {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import("@electric-sql/pglite"), import("pglite-prisma-adapter")]);
  await mkdir(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    if (checkDataDir(dataDir) === "empty") {
      logger.info({ dataDir }, "creating the embedded database");
      await initialisePglite(dataDir);
    }
    pglite = await PGlite.create(dataDir, { startParams: PGLITE_START_PARAMS });
  } catch (err) {
    unlock();
    throw err;
  }
  const session: SqlSession = {
    exec: async (sql) => void (await pglite.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
  };
  try {
    await applyMigrations(session, logger);
  } catch (err) {
    await pglite.close();
    unlock();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: "pglite",
    prisma,
    // COPY costs PGlite, which runs on our event loop, half of what an INSERT of the same rows does.
    bulkInsert: async (table, columns, rows) => {
      const csv = rows.map((row) => row.map(csvField).join(",")).join("\n");
      await pglite.query(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    },
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    ping: async (timeoutMs = PING_TIMEOUT_MS) => void (await withTimeout(pglite.query("select 1"), timeoutMs, "ping")),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      unlock();
    },
  };
}

/**
 * Opens the configured database and brings its schema up to date. Only the chosen database's driver
 * is loaded: the other one would stay in memory unused.
 */
export function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.logger, options.connectTimeoutMs ?? 30_000)
    : openPglite(options.dataDir, options.logger);
}
