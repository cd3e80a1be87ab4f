import type { components } from "../../client/index.ts";
import { call, CliError, EXIT } from "../call.ts";
import { formatTable } from "../table.ts";
import type { Command } from "./context.ts";

type UsageFigures = components["schemas"]["UsageFigures"];

/** Dollars to a tenth of a cent (more for tiny sums), or "unknown": an unknown cost is never shown as 0. */
export function formatCost(usd: number | null): string {
  if (usd === null) return "unknown";
  return usd !== 0 && usd < 0.01 ? `$${usd.toPrecision(2)}` : `$${usd.toFixed(3)}`;
}

const ms = (value: number | null) => (value === null ? "-" : `${value} ms`);

function figureCells(f: UsageFigures): string[] {
  return [String(f.requests), String(f.errors), String(f.input_tokens), String(f.output_tokens), String(f.cached_tokens), ms(f.latency_p50_ms), ms(f.latency_p95_ms), formatCost(f.cost_usd)];
}

const FIGURE_HEADER = ["CALLS", "ERRORS", "INPUT", "OUTPUT", "CACHED", "P50", "P95", "COST"];

export const agentsCommand: Command = async (ctx, args) => {
  if (args.length > 0) throw new CliError("Usage: switcher agents [--since 24h]", EXIT.usage);
  const window = ctx.flags.since ?? "24h";
  const data = await call(ctx.target, "ROUTER_ADMIN_KEY", () => ctx.admin().GET("/admin/agents", { params: { query: { window } } }));
  return {
    data,
    text:
      data.data.length === 0
        ? "No agent has an active model yet (switch one with `switcher switch`)."
        : formatTable(
            ["AGENT", "PROFILE / MODEL", "SINCE", "BY", "LAST CALL", ...FIGURE_HEADER.map((h) => `${h} ${window}`)],
            data.data.map((a) => [
              a.agent_id,
              `${a.profile_name} / ${a.model_name}`,
              a.switched_at,
              a.switched_by ?? "-",
              a.last_call_at ?? "-",
              ...figureCells(a.usage),
            ]),
          ),
  };
};

const GROUPS = ["agent", "model", "profile"] as const;

export const usageCommand: Command = async (ctx, args) => {
  const by = ctx.flags.by ?? "agent";
  if (args.length > 0 || !(GROUPS as readonly string[]).includes(by)) {
    throw new CliError("Usage: switcher usage [--by agent|model|profile] [--since 24h]", EXIT.usage);
  }
  const since = ctx.flags.since ?? "24h";
  const data = await call(ctx.target, "ROUTER_ADMIN_KEY", () =>
    ctx.admin().GET("/admin/usage", { params: { query: { group_by: by as (typeof GROUPS)[number], bucket: "day", since } } }),
  );
  const rows = data.groups.map((g) => [g.group, ...figureCells(g)]);
  return {
    data,
    text: [
      `Usage from ${data.since} to ${data.until}, by ${by} (cost at current prices):`,
      formatTable([by.toUpperCase(), ...FIGURE_HEADER], [...rows, ["TOTAL", ...figureCells(data.total)]]),
    ].join("\n"),
  };
};
