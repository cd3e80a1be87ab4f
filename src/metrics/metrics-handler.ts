import type { Request, Response } from "express";
import { bearerToken, keyMatcher } from "../auth/keys.ts";
import { unauthorized } from "../errors.ts";
import type { SwitcherMetrics } from "./switcher-metrics.ts";

/** GET /metrics: Prometheus text; the admin key is required unless METRICS_PUBLIC=true. */
export function metricsHandler(metrics: SwitcherMetrics, options: { adminKey: string; public: boolean }) {
  const isAdmin = keyMatcher(options.adminKey);
  return async (req: Request, res: Response) => {
    if (!options.public && !isAdmin(bearerToken(req.headers.authorization))) {
      throw unauthorized("Send the admin key (ROUTER_ADMIN_KEY) as 'Authorization: Bearer <key>' to read /metrics, or run the service with METRICS_PUBLIC=true.");
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
