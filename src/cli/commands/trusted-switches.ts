// Verified switches, rollback, the test request and schedules (see README, "Switches you can trust").
import type { ScheduledSwitchView, SwitchResult } from "../../api-types.ts";
import { call, CliError, EXIT } from "../call.ts";
import { formatTable } from "../table.ts";
import { withSubcommands, type Command, type CommandContext } from "./context.ts";
import { expectArgs, profileNamed } from "./lookup.ts";

/** The CLI tests a target before switching to it unless told --no-verify. */
const verifying = (ctx: CommandContext) => ctx.flags["no-verify"] !== true;

/** An ISO 8601 time, or +N followed by m, h or d from now. */
export function parseTime(text: string, option: string): string {
  const relative = /^\+(\d+)([mhd])$/.exec(text);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as "m" | "h" | "d"];
    return new Date(Date.now() + Number(relative[1]) * unit).toISOString();
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new CliError(`${option} takes an ISO 8601 time (2026-12-01T22:00:00Z) or +30m, +2h, +1d; got '${text}'.`, EXIT.usage);
  return new Date(time).toISOString();
}

export function describeSwitch(agentId: string, data: SwitchResult): string {
  const was = data.previous ? ` (was ${data.previous.profile_name} / ${data.previous.model_name})` : "";
  const tested = data.verification ? ` It answered the test request in ${data.verification.latency_ms} ms.` : "";
  const back = data.revert ? ` It switches back at ${data.revert.run_at}.` : "";
  return `Agent '${agentId}' now uses ${data.active.profile_name} / ${data.active.model_name}${was}.${tested}${back}`;
}

export const switchCommand: Command = async (ctx, args) => {
  expectArgs(args, 3, "switch <agent> <profile> <model> [--until TIME] [--no-verify]");
  const [agent_id, profile_name, model_name] = args as [string, string, string];
  const until = ctx.flags.until === undefined ? {} : { until: parseTime(ctx.flags.until, "--until") };
  const body = { agent_id, profile_name, model_name, verify: verifying(ctx), ...until };
  const { client, keyName } = ctx.switcher();
  const data = await call(ctx.target, keyName, () => client.POST("/api/switch", { body }));
  return { data, text: describeSwitch(agent_id, data) };
};

export const rollbackCommand: Command = async (ctx, args) => {
  expectArgs(args, 1, "rollback <agent> [--to ID] [--no-verify]");
  const to = ctx.flags.to === undefined ? {} : { to: Number(ctx.flags.to) };
  if (to.to !== undefined && !(Number.isInteger(to.to) && to.to > 0)) throw new CliError("--to takes a history entry id (see `switcher history <agent>`).", EXIT.usage);
  const params = { path: { agent_id: args[0]! } };
  const { client, keyName } = ctx.switcher();
  const data = await call(ctx.target, keyName, () => client.POST("/api/agents/{agent_id}/rollback", { params, body: { verify: verifying(ctx), ...to } }));
  return { data, text: describeSwitch(args[0]!, data) };
};

export const testCommand: Command = async (ctx, args) => {
  expectArgs(args, 2, "test <profile> <model>");
  const profile = await profileNamed(ctx, args[0]!);
  const probe = await call(ctx.target, "ROUTER_ADMIN_KEY", () =>
    ctx.admin().POST("/admin/profiles/{id}/test", { params: { path: { id: profile.id } }, body: { model_name: args[1]! } }),
  );
  if (!probe.ok && !ctx.flags.json) {
    throw new CliError(`${probe.profile_name} / ${probe.model_name} failed the test (${probe.status === null ? probe.reason : `HTTP ${probe.status}, ${probe.reason}`}): ${probe.message}`);
  }
  return { data: probe, text: `${probe.profile_name} / ${probe.model_name} answered the test request in ${probe.latency_ms} ms.` };
};

function scheduleTable(rows: ScheduledSwitchView[]): string {
  if (rows.length === 0) return "No scheduled switches.";
  return formatTable(
    ["ID", "AGENT", "KIND", "TARGET", "RUN AT", "UNTIL", "STATUS", "OUTCOME"],
    rows.map((s) => [s.id, s.agent_id, s.kind, `${s.profile_name} / ${s.model_name}`, s.run_at, s.until ?? "-", s.status, s.outcome ?? "-"]),
  );
}

const scheduleAdd: Command = async (ctx, args) => {
  if (args.length !== 3 || !ctx.flags.at) throw new CliError("Usage: switcher schedule add <agent> <profile> <model> --at TIME [--until TIME] [--no-verify]", EXIT.usage);
  const [agent_id, profile_name, model_name] = args as [string, string, string];
  const verify = verifying(ctx);
  const body = {
    agent_id,
    profile_name,
    model_name,
    verify,
    at: parseTime(ctx.flags.at, "--at"),
    ...(ctx.flags.until ? { until: parseTime(ctx.flags.until, "--until") } : {}),
  };
  const { client, keyName } = ctx.switcher();
  const data = await call(ctx.target, keyName, () => client.POST("/api/schedules", { body }));
  const back = data.until ? `, and back at ${data.until}` : "";
  return { data, text: `Agent '${agent_id}' switches to ${profile_name} / ${model_name} at ${data.run_at}${back}${verify ? " (tested first)" : ""}. Schedule id: ${data.id}` };
};

const scheduleList: Command = async (ctx) => {
  const agent = ctx.flags.agent?.[0];
  const query = { ...(agent ? { agent_id: agent } : {}), status: ctx.flags.all ? ("all" as const) : ("pending" as const) };
  const { data } = await call(ctx.target, "ROUTER_AGENT_KEY", () => ctx.agent().GET("/api/schedules", { params: { query } }));
  return { data, text: scheduleTable(data) };
};

const scheduleCancel: Command = async (ctx, args) => {
  expectArgs(args, 1, "schedule cancel <id>");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(args[0]!)) {
    throw new CliError(`'${args[0]}' is not a schedule id: cancel takes the id \`schedule add\` printed (see \`switcher schedule list\`).`, EXIT.usage);
  }
  const data = await call(ctx.target, "ROUTER_AGENT_KEY", () => ctx.agent().DELETE("/api/schedules/{schedule_id}", { params: { path: { schedule_id: args[0]! } } }));
  return { data, text: `Cancelled the switch of '${data.agent_id}' to ${data.profile_name} / ${data.model_name} at ${data.run_at}.` };
};

export const scheduleCommand = withSubcommands("schedule", { list: scheduleList, add: scheduleAdd, cancel: scheduleCancel });
