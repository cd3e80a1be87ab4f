import { defineConfig } from "vitest/config";

// The whole suite runs twice: on the embedded PGlite and on the machine's Postgres.
export default defineConfig({
  test: {
    // Many tests wait on child processes, sockets and timers: two files at a time keep a 2-core machine
    // busy (vitest's default there is one).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    projects: [
      { extends: true, test: { name: "pglite", env: { TEST_DB: "pglite" } } },
      { extends: true, test: { name: "postgres", env: { TEST_DB: "postgres" } } },
    ],
  },
});
