import { existsSync } from "node:fs";
import path from "node:path";
import express, { type RequestHandler } from "express";
import { AppError } from "./errors.ts";
import { PACKAGE_ROOT } from "./package-root.ts";

/** Where `npm run build` (vite, console/vite.config.ts) writes the operator's console. */
export const CONSOLE_DIR = path.join(PACKAGE_ROOT, "dist", "console");

/**
 * The console's static files for `/console`. Asset names carry a content hash, so they are cached for
 * good; index.html is revalidated so a new build shows at once. Without a build, a 503 says how to make one.
 */
export function consoleFiles(dir = CONSOLE_DIR): RequestHandler {
  if (!existsSync(path.join(dir, "index.html"))) {
    return (_req, _res, next) =>
      next(new AppError(503, "service_unavailable", "The console is not built. Run `npm run build` (or `npm start`, which builds it) and reload."));
  }
  return express.static(dir, {
    index: "index.html",
    setHeaders: (res, file) => {
      res.setHeader("cache-control", file.endsWith(".html") ? "no-cache" : "public, max-age=31536000, immutable");
    },
  });
}
