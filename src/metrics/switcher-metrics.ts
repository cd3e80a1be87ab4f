import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RequestAudit } from "../audit/audit-queue.ts";

// OpenTelemetry's recommended buckets for these two GenAI client histograms.
const DURATION_BUCKETS_S = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

const CALL_LABELS = ["agent", "profile", "model", "provider_type", "dialect", "status"] as const;

/**
 * The service's Prometheus metrics, in a registry of its own (several services in one process, as in
 * tests, never share counters). A proxied call costs one duration observation, up to two token
 * observations and, when the provider failed it, one counter increment.
 */
export class SwitcherMetrics {
  readonly registry = new Registry();
  private readonly duration = new Histogram({
    name: "gen_ai_client_operation_duration_seconds",
    help: "Duration of proxied model calls, from the agent's request to the end of the answer.",
    labelNames: CALL_LABELS,
    buckets: DURATION_BUCKETS_S,
    registers: [this.registry],
  });
  private readonly tokens = new Histogram({
    name: "gen_ai_client_token_usage",
    help: "Tokens per proxied call, as the provider reported them (gen_ai_token_type: input or output).",
    labelNames: [...CALL_LABELS, "gen_ai_token_type"],
    buckets: TOKEN_BUCKETS,
    registers: [this.registry],
  });
  private readonly switches = new Counter({
    name: "switcher_switches_total",
    help: "Agent switches committed by this replica (api, mcp or schedule; rollbacks included).",
    labelNames: ["via"],
    registers: [this.registry],
  });
  private readonly upstreamErrors = new Counter({
    name: "switcher_upstream_errors_total",
    help: "Proxied calls the provider failed or refused, by error kind (e.g. timeout, rate_limit_error, upstream_error).",
    labelNames: ["kind"],
    registers: [this.registry],
  });

  constructor(auditQueueDepth: () => number) {
    new Gauge({
      name: "switcher_audit_queue_depth",
      help: "Audit rows waiting to be written.",
      registers: [this.registry],
      collect() {
        this.set(auditQueueDepth());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records one finished proxied call (called where its audit row is queued). */
  recordCall(call: RequestAudit): void {
    const labels = {
      agent: call.agentId,
      profile: call.profileName,
      model: call.modelName,
      provider_type: call.providerType,
      dialect: call.dialect,
      status: call.status,
    };
    this.duration.observe(labels, call.latencyMs / 1000);
    if (call.promptTokens !== null) this.tokens.observe({ ...labels, gen_ai_token_type: "input" }, call.promptTokens);
    if (call.completionTokens !== null) this.tokens.observe({ ...labels, gen_ai_token_type: "output" }, call.completionTokens);
    if (call.errorType !== null) this.upstreamErrors.inc({ kind: call.errorType });
  }

  recordSwitch(via: string): void {
    this.switches.inc({ via });
  }
}
