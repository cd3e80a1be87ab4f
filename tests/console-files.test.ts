import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { consoleFiles } from "../src/console-files.ts";
import { errorHandler } from "../src/errors.ts";
import { silentLogger } from "./helpers/service.ts";

const built = mkdtempSync(path.join(tmpdir(), "console-build-"));
mkdirSync(path.join(built, "assets"));
writeFileSync(path.join(built, "index.html"), "<!doctype html><title>console</title>");
writeFileSync(path.join(built, "assets", "index-abc123.js"), "console.log(1)");
afterAll(() => rmSync(built, { recursive: true, force: true }));

function appServing(dir: string) {
  const app = express();
  app.use("/console", consoleFiles(dir));
  app.use(errorHandler(silentLogger));
  return app;
}

describe("the console's static files at /console", () => {
  it("serves index.html, revalidated so a new build shows at once", async () => {
    const answer = await request(appServing(built)).get("/console/").expect(200);
    expect(answer.text).toContain("<title>console</title>");
    expect(answer.headers["cache-control"]).toBe("no-cache");
  });

  it("lets the page run only its own scripts and talk only to this service (it holds a key)", async () => {
    const answer = await request(appServing(built)).get("/console/").expect(200);
    expect(answer.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(answer.headers["content-security-policy"]).toContain("connect-src 'self'");
    expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(answer.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("serves hashed assets cached for good", async () => {
    const answer = await request(appServing(built)).get("/console/assets/index-abc123.js").expect(200);
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("sends /console to /console/ so relative asset paths resolve", async () => {
    const answer = await request(appServing(built)).get("/console").expect(301);
    expect(answer.headers.location).toBe("/console/");
  });

  it("says how to build the console when there is no build, as a 503 in the API's error shape", async () => {
    const answer = await request(appServing(path.join(built, "missing"))).get("/console/").expect(503);
    expect(answer.body.error.message).toContain("npm run build");
  });
});
