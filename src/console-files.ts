import { existsSync } from "node:fs";
import path from "node:path";
import express, { type RequestHandler } from "express";
import { AppError } from "./errors.ts";
import { PACKAGE_ROOT } from "./package-root.ts";

/** Where `npm run build` (vite, console/vite.config.ts) writes the operator's console. */
export const CONSOLE_DIR = path.join(PACKAGE_ROOT, "dist", "console");

/**
 * The page holds a key in sessionStorage, so it may run only its own scripts and talk only to this
 * service: no inline script, nothing from another origin, not framed by another site.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

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
      res.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
      res.setHeader("referrer-policy", "no-referrer");
      res.setHeader("x-content-type-options", "nosniff");
      res.setHeader("cache-control", file.endsWith(".html") ? "no-cache" : "public, max-age=31536000, immutable");
    },
  });
}
