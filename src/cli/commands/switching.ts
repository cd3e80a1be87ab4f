import type { AllowedModel } from "../../api-types.ts";
import { call, CliError, EXIT } from "../call.ts";
import { formatTable } from "../table.ts";
import type { Command } from "./context.ts";
import { expectArgs } from "./lookup.ts";

export const activeCommand: Command = async (ctx, args) => {
  expectArgs(args, 1, "active <agent>");
  const data = await call(ctx.target, "ROUTER_AGENT_KEY", () => ctx.agent().GET("/api/active", { params: { query: { agent_id: args[0]! } } }));
  return { data, text: `Agent '${data.agent_id}' uses ${data.profile_name} / ${data.model_name} (${data.provider_type}) since ${data.since}.` };
};

export const historyCommand: Command = async (ctx, args) => {
  expectArgs(args, 1, "history <agent> [--limit N]");
  const limit = Number(ctx.flags.limit ?? 20);
  const { data } = await call(ctx.target, "ROUTER_AGENT_KEY", () =>
    ctx.agent().GET("/api/agents/{agent_id}/history", { params: { path: { agent_id: args[0]! }, query: { limit } } }),
  );
  return {
    data,
    text:
      data.length === 0
        ? `Agent '${args[0]}' was never switched.`
        : formatTable(
            ["ID", "WHEN", "FROM", "TO", "VIA", "ROLLBACK OF", "BY"],
            data.map((s) => [
              String(s.id),
              s.switched_at,
              s.from_profile ? `${s.from_profile} / ${s.from_model}` : "-",
              `${s.to_profile} / ${s.to_model}`,
              s.via,
              s.rollback_of?.toString() ?? "-",
              s.actor ?? "-",
            ]),
          ),
  };
};

/** `profile::model`, or `profile` for any of its models (a profile name never contains '::'). */
function parseEntry(text: string): AllowedModel {
  const at = text.indexOf("::");
  return at < 0 ? { profile_name: text } : { profile_name: text.slice(0, at), model_name: text.slice(at + 2) };
}

const describeList = (agent: string, allowed: AllowedModel[]) =>
  allowed.length === 0
    ? `Agent '${agent}' may be switched to any enabled model.`
    : `Agent '${agent}' may be switched only to: ${allowed.map((e) => (e.model_name === undefined ? `${e.profile_name} (any model)` : `${e.profile_name} / ${e.model_name}`)).join(", ")}.`;

export const allowCommand: Command = async (ctx, args) => {
  const [agent_id, ...entries] = args;
  if (!agent_id || (ctx.flags.clear && entries.length > 0)) {
    throw new CliError("Usage: switcher allow <agent> [profile | profile::model]… | switcher allow <agent> --clear", EXIT.usage);
  }
  if (entries.length === 0 && !ctx.flags.clear) {
    const data = await call(ctx.target, "ROUTER_AGENT_KEY", () => ctx.agent().GET("/api/agents/{agent_id}/allowed-models", { params: { path: { agent_id } } }));
    return { data, text: describeList(agent_id, data.allowed) };
  }
  const data = await call(ctx.target, "ROUTER_ADMIN_KEY", () =>
    ctx.admin().PUT("/admin/agents/{agent_id}/allowed-models", { params: { path: { agent_id } }, body: { allowed: entries.map(parseEntry) } }),
  );
  return { data, text: describeList(agent_id, data.allowed) };
};
