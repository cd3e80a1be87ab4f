import path from "node:path";
import { defineConfig } from "vite";

// The operator's console: built into dist/console and served by the service at /console (src/console-files.ts).
export default defineConfig({
  root: import.meta.dirname,
  base: "/console/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: path.join(import.meta.dirname, "..", "dist", "console"),
    emptyOutDir: true,
    // An operator's page on a LAN: one small bundle, no external requests (works offline).
    chunkSizeWarningLimit: 400,
  },
  logLevel: "warn",
});
