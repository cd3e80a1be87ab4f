import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { errorHandler } from "../../src/errors.ts";
import { metricsHandler } from "../../src/metrics/metrics-handler.ts";
import { SwitcherMetrics } from "../../src/metrics/switcher-metrics.ts";
import { silentLogger } from "../helpers/service.ts";

const ADMIN = "metrics-admin-key-0123456789";

function appWith(isPublic: boolean) {
  const app = express();
  app.get("/metrics", metricsHandler(new SwitcherMetrics(() => 3), { adminKey: ADMIN, public: isPublic }));
  app.use(errorHandler(silentLogger));
  return app;
}

describe("GET /metrics access", () => {
  it("needs the admin key by default", async () => {
    const res = await request(appWith(false)).get("/metrics");
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain("METRICS_PUBLIC=true");
    expect((await request(appWith(false)).get("/metrics").set("authorization", `Bearer ${ADMIN}`)).status).toBe(200);
  });

  it("is open to any scraper with METRICS_PUBLIC=true", async () => {
    const res = await request(appWith(true)).get("/metrics");
    expect(res.status).toBe(200);
    expect(res.text).toContain("switcher_audit_queue_depth 3");
  });
});
